/** Statistical reports: assignment by period, completeness and timeliness, roll-up, pre-fill. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { negotiateLocale } from '../../../engine/src/index.js';
import type { AppContext } from '../context.js';
import { formatChinaTime } from '../records/record-effects.js';
import type { TypedApp } from '../platform/http/typed-app.js';
import { caller } from '../platform/http/auth-plugin.js';
import { rollupWorkbook, XLSX_TYPE } from './report-xlsx.js';
import { ModuleKeyParamsSchema, RecordIdParamsSchema, errors, ref } from '../api/common.js';
import {
  AssignBodySchema,
  PeriodParamsSchema,
  PeriodListSchema,
  PrefillRecordsQuerySchema,
  PrefillRecordsSchema,
  PrefillSchema,
  ReportAssignmentSchema,
  RollupAnswerSchema,
  RollupQuerySchema,
  StatusQuerySchema,
  StatusResultSchema,
} from '../api/reports.js';

export default async function reportRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  periodRoutes(api, ctx);
  figureRoutes(api, ctx);
}

function periodRoutes(api: TypedApp, ctx: AppContext): void {
  api.post(
    '/api/reports/:key/periods/:period/assign',
    {
      config: { permission: 'reports.assign' },
      schema: {
        tags: ['reports'],
        summary: 'Assign a report period to the units of a level (or to named units) in the caller’s subtree: one report record per unit; assigning again creates nothing new',
        security: [{ bearer: [] }],
        params: PeriodParamsSchema,
        body: AssignBodySchema,
        response: {
          201: ref(ReportAssignmentSchema),
          200: ref(ReportAssignmentSchema),
          ...errors(404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const { key, period } = request.params;
      const result = await ctx.reports.assign(caller(request), key, period, request.body, request.id);
      return reply.status(result.status).send(result.body);
    },
  );

  api.get(
    '/api/reports/:key/periods',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['reports'],
        summary: 'The periods a report was assigned for in the caller’s subtree, newest first, with counts',
        security: [{ bearer: [] }],
        params: ModuleKeyParamsSchema,
        response: { 200: PeriodListSchema, ...errors(404, 409) },
      },
    },
    async (request) => ctx.reports.periods(caller(request), request.params.key, request.id),
  );

  api.get(
    '/api/reports/:key/periods/:period/status',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['reports'],
        summary: 'Completeness and timeliness per unit of the caller’s subtree (or of `unit`): not started / draft / submitted / approved, on time or late, with rates per level',
        security: [{ bearer: [] }],
        params: PeriodParamsSchema,
        querystring: StatusQuerySchema,
        response: { 200: StatusResultSchema, ...errors(404, 409, 422) },
      },
    },
    async (request) => {
      const { key, period } = request.params;
      return ctx.reports.status(caller(request), key, period, request.query, request.id);
    },
  );

  api.get(
    '/api/reports/:key/periods/:period/rollup',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['reports'],
        summary: 'The roll-up of a unit’s subtree (approved reports, or with include=submitted also those awaiting approval): totals, the unit’s own report, each child’s totals for drill-down, and the previous period; format=xlsx gives the sheet in the template’s layout',
        security: [{ bearer: [] }],
        params: PeriodParamsSchema,
        querystring: RollupQuerySchema,
        response: { 200: RollupAnswerSchema, ...errors(404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { key, period } = request.params;
      const query = request.query;
      const { result, compiled, report } = await ctx.reports.rollupWithTemplate(caller(request), key, period, query, request.id);
      if (query.format !== 'xlsx') return result;
      const locale = negotiateLocale(request.headers['accept-language']);
      const content = await rollupWorkbook(result, report.layout, compiled.definition.title, { locale, generatedAt: `${formatChinaTime(ctx.now())}${locale === 'en' ? ' (China time)' : '（北京时间）'}` });
      const filename = `${key}-${result.period}-${result.unit.code}.xlsx`;
      return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="${filename}"`).send(content);
    },
  );
}

function figureRoutes(api: TypedApp, ctx: AppContext): void {
  api.get(
    '/api/records/:id/prefill',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['reports'],
        summary: 'A report record’s pre-filled figures computed now, each with the query behind it and the figure stored in the report',
        security: [{ bearer: [] }],
        params: RecordIdParamsSchema,
        response: { 200: PrefillSchema, ...errors(404, 409) },
      },
    },
    async (request) => ctx.reports.prefill(caller(request), request.params.id, request.id),
  );

  api.get(
    '/api/records/:id/prefill/records',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['reports'],
        summary: 'The records a pre-filled figure counts: drill down from the figure to the list',
        security: [{ bearer: [] }],
        params: RecordIdParamsSchema,
        querystring: PrefillRecordsQuerySchema,
        response: { 200: PrefillRecordsSchema, ...errors(404, 409, 422) },
      },
    },
    async (request) => {
      const { field, limit } = request.query;
      return ctx.reports.prefillRecords(caller(request), request.params.id, field, limit, request.id);
    },
  );
}
