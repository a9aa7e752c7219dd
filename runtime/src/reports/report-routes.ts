/** Statistical reports: assignment by period, completeness and timeliness, roll-up, pre-fill. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { negotiateLocale } from '../../../engine/src/index.js';
import type { AppContext } from '../context.js';
import { caller } from '../platform/http/auth-plugin.js';
import { MAX_DRILL } from './report-service.js';
import { rollupWorkbook, XLSX_TYPE } from './report-xlsx.js';
import { ModuleKeySchema, UnitCodeSchema, UuidSchema, errors } from '../api/common.js';

const PeriodParams = Type.Object({
  key: ModuleKeySchema,
  period: Type.String({ minLength: 1, maxLength: 16, description: 'A period of the template’s type: 2026-09 (month), 2026Q3 (quarter), 2026H2 (half), 2026 (year)' }),
});
const Uuid = UuidSchema;
const Localized = Type.Object({ 'zh-CN': Type.String(), en: Type.String() });
const Values = Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()]), { description: 'Figures by JSON Pointer of the field' });
const Figures = { reports: Type.Integer(), assigned: Type.Integer(), values: Values };
const Completeness = {
  assigned: Type.Integer(),
  notStarted: Type.Integer(),
  draft: Type.Integer(),
  submitted: Type.Integer(),
  approved: Type.Integer(),
  onTime: Type.Integer(),
  late: Type.Integer(),
  reportingRate: Type.Number(),
  onTimeRate: Type.Number(),
  approvalRate: Type.Number(),
};
const UnitRef = Type.Object({ code: Type.String(), name: Type.String(), level: Type.Integer() });

export default async function reportRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post(
    '/api/reports/:key/periods/:period/assign',
    {
      config: { permission: 'reports.assign' },
      schema: {
        tags: ['reports'],
        summary: 'Assign a report period to the units of a level (or to named units) in the caller’s subtree: one report record per unit; assigning again creates nothing new',
        security: [{ bearer: [] }],
        params: PeriodParams,
        body: Type.Object(
          {
            level: Type.Optional(Type.Integer({ minimum: 1, maximum: 16, description: 'Every unit of this level in the caller’s subtree' })),
            unitCodes: Type.Optional(Type.Array(UnitCodeSchema, { minItems: 1, maxItems: 10_000 })),
            dueAt: Type.Optional(Type.String({ minLength: 10, maxLength: 40, description: 'ISO date-time, or a date (due at the end of that day, China time); default: the template’s deadline after the period ends' })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Ref('ReportAssignment'),
          200: Type.Ref('ReportAssignment'),
          ...errors(404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const { key, period } = request.params as { key: string; period: string };
      const result = await ctx.reports.assign(caller(request), key, period, request.body as Parameters<typeof ctx.reports.assign>[3], request.id);
      return reply.status(result.status).send(result.body);
    },
  );

  app.get(
    '/api/reports/:key/periods',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['reports'],
        summary: 'The periods a report was assigned for in the caller’s subtree, newest first, with counts',
        security: [{ bearer: [] }],
        params: Type.Object({ key: ModuleKeySchema }),
        response: {
          200: Type.Array(
            Type.Object({
              period: Type.String(),
              assigned: Type.Integer(),
              submitted: Type.Integer(),
              approved: Type.Integer(),
              firstDue: Type.Union([Type.String(), Type.Null()]),
              lastDue: Type.Union([Type.String(), Type.Null()]),
            }),
          ),
          ...errors(404, 409),
        },
      },
    },
    async (request) => ctx.reports.periods(caller(request), (request.params as { key: string }).key, request.id),
  );

  app.get(
    '/api/reports/:key/periods/:period/status',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['reports'],
        summary: 'Completeness and timeliness per unit of the caller’s subtree (or of `unit`): not started / draft / submitted / approved, on time or late, with rates per level',
        security: [{ bearer: [] }],
        params: PeriodParams,
        querystring: Type.Object(
          { unit: Type.Optional(UnitCodeSchema), level: Type.Optional(Type.Integer({ minimum: 1, maximum: 16 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            key: Type.String(),
            period: Type.String(),
            unit: UnitRef,
            asOf: Type.String(),
            total: Type.Object(Completeness),
            levels: Type.Array(Type.Object({ level: Type.Integer(), ...Completeness })),
            units: Type.Array(
              Type.Object({
                unitCode: Type.String(),
                unitName: Type.String(),
                level: Type.Integer(),
                recordId: Type.String(),
                state: Type.String(),
                status: Type.Union([Type.Literal('notStarted'), Type.Literal('draft'), Type.Literal('submitted'), Type.Literal('approved')]),
                timeliness: Type.Union([Type.Literal('onTime'), Type.Literal('late'), Type.Literal('pending')]),
                dueAt: Type.Union([Type.String(), Type.Null()]),
                submittedAt: Type.Union([Type.String(), Type.Null()]),
                approvedAt: Type.Union([Type.String(), Type.Null()]),
                heldBy: Type.String(),
              }),
            ),
          }),
          ...errors(404, 409, 422),
        },
      },
    },
    async (request) => {
      const { key, period } = request.params as { key: string; period: string };
      return ctx.reports.status(caller(request), key, period, request.query as { unit?: string; level?: number }, request.id);
    },
  );

  app.get(
    '/api/reports/:key/periods/:period/rollup',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['reports'],
        summary: 'The roll-up of a unit’s subtree (approved reports, or with include=submitted also those awaiting approval): totals, the unit’s own report, each child’s totals for drill-down, and the previous period; format=xlsx gives the sheet in the template’s layout',
        security: [{ bearer: [] }],
        params: PeriodParams,
        querystring: Type.Object(
          {
            unit: Type.Optional(UnitCodeSchema),
            include: Type.Optional(Type.Union([Type.Literal('approved'), Type.Literal('submitted')])),
            format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('xlsx')])),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            key: Type.String(),
            period: Type.String(),
            previousPeriod: Type.String(),
            include: Type.String(),
            states: Type.Array(Type.String()),
            unit: UnitRef,
            fields: Type.Array(Type.Object({ path: Type.String(), label: Localized, aggregate: Type.String(), section: Type.Array(Type.String()) })),
            total: Type.Object(Figures),
            own: Type.Union([Type.Object(Figures), Type.Null()]),
            children: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: Type.Integer(), ...Figures, previous: Values })),
            previous: Type.Object({ reports: Type.Integer(), values: Values }),
            change: Type.Record(Type.String(), Type.Object({ absolute: Type.Union([Type.Number(), Type.Null()]), relative: Type.Union([Type.Number(), Type.Null()]) })),
          }),
          ...errors(404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const { key, period } = request.params as { key: string; period: string };
      const query = request.query as { unit?: string; include?: 'approved' | 'submitted'; format?: 'json' | 'xlsx' };
      const result = await ctx.reports.rollup(caller(request), key, period, query, request.id);
      if (query.format !== 'xlsx') return result;
      const { compiled, report } = await ctx.reports.template(key);
      const locale = negotiateLocale(request.headers['accept-language']);
      const content = await rollupWorkbook(result, report.layout, compiled.definition.title, { locale, generatedAt: ctx.now().toISOString() });
      const filename = `${key}-${result.period}-${result.unit.code}.xlsx`;
      return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="${filename}"`).send(content);
    },
  );

  app.get(
    '/api/records/:id/prefill',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['reports'],
        summary: 'A report record’s pre-filled figures computed now, each with the query behind it and the figure stored in the report',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Uuid }),
        response: {
          200: Type.Object({
            recordId: Type.String(),
            period: Type.String(),
            fields: Type.Array(
              Type.Object({
                path: Type.String(),
                label: Localized,
                value: Type.Number(),
                stored: Type.Unknown(),
                source: Type.Object({}, { additionalProperties: true }),
              }),
            ),
          }),
          ...errors(404, 409),
        },
      },
    },
    async (request) => ctx.reports.prefill(caller(request), (request.params as { id: string }).id, request.id),
  );

  app.get(
    '/api/records/:id/prefill/records',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['reports'],
        summary: 'The records a pre-filled figure counts: drill down from the figure to the list',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Uuid }),
        querystring: Type.Object(
          {
            field: Type.String({ minLength: 1, maxLength: 500, description: 'JSON Pointer of the pre-filled field' }),
            limit: Type.Integer({ minimum: 1, maximum: MAX_DRILL, default: 100 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            field: Type.String(),
            module: Type.String(),
            truncated: Type.Boolean(),
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                state: Type.String(),
                moduleVersion: Type.Integer(),
                unitCode: Type.String(),
                updatedAt: Type.String(),
                data: Type.Object({}, { additionalProperties: true }),
              }),
            ),
          }),
          ...errors(404, 409, 422),
        },
      },
    },
    async (request) => {
      const { field, limit } = request.query as { field: string; limit: number };
      return ctx.reports.prefillRecords(caller(request), (request.params as { id: string }).id, field, limit, request.id);
    },
  );
}
