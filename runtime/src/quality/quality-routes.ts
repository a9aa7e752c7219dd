/**
 * `GET /api/quality`: adoption and data quality per child unit, as JSON or the assessment
 * workbook; the records behind a figure, the trend over twelve months, the weekly nudge switch.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { caller } from '../platform/http/auth-plugin.js';
import { localizeProblem, negotiateLocale } from '../../../engine/src/index.js';
import { errors } from '../api/common.js';
import {
  NudgeBodySchema,
  NudgeParamsSchema,
  NudgeResultSchema,
  QualityAnswerSchema,
  QualityQuerySchema,
  QualityRecordsQuerySchema,
  QualityRecordsResultSchema,
  QualityTrendQuerySchema,
  QualityTrendResultSchema,
} from '../api/quality.js';
import { qualityWorkbook, XLSX_TYPE } from './quality-xlsx.js';

export default async function qualityRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/quality',
    {
      config: { permission: 'quality.read' },
      schema: {
        tags: ['quality'],
        summary:
          'Adoption and data quality of a unit’s children (each for its subtree), its own records and the whole over a period: entries, entry lag, deadlines, stale drafts, report timeliness and approval, returns, sign-ins; format=xlsx gives the assessment file',
        security: [{ bearer: [] }],
        querystring: QualityQuerySchema,
        response: { 200: QualityAnswerSchema, ...errors(404, 422) },
      },
    },
    async (request, reply) => {
      const result = await ctx.quality.measures(caller(request), request.query, request.id);
      if (request.query.format !== 'xlsx') return result;
      const filename = `quality-${result.unit.code}-${result.period.key ?? `${result.period.from}_${result.period.to}`}.xlsx`;
      return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="${filename}"`).send(await qualityWorkbook(result));
    },
  );
  api.get(
    '/api/quality/records',
    {
      config: { permission: 'quality.read' },
      schema: {
        tags: ['quality'],
        summary:
          'The records behind one figure of the quality measures (entries, late entries, overdue now, deadlines missed, stale drafts, late reports, returns, open warnings) for a unit’s subtree or, with own=true, the unit alone; a page at a time, the worst first, each with why it counts',
        security: [{ bearer: [] }],
        querystring: QualityRecordsQuerySchema,
        response: { 200: QualityRecordsResultSchema, ...errors(403, 404, 422) },
      },
    },
    async (request) => {
      const result = await ctx.quality.records(caller(request), request.query, request.id);
      const locale = negotiateLocale(request.headers['accept-language']);
      return { ...result, items: result.items.map((item) => ({ ...item, warnings: item.warnings.map((w) => localizeProblem(w, locale)) })) };
    },
  );
  api.get(
    '/api/quality/trend',
    {
      config: { permission: 'quality.read' },
      schema: {
        tags: ['quality'],
        summary: 'The quality measures that have a history (entries, entry lag, deadlines missed, reports, returns, open warnings, active users) of a unit’s whole subtree, month by month over the twelve months up to `period`',
        security: [{ bearer: [] }],
        querystring: QualityTrendQuerySchema,
        response: { 200: QualityTrendResultSchema, ...errors(404, 422) },
      },
    },
    async (request) => ctx.quality.trend(caller(request), request.query, request.id),
  );
  api.get(
    '/api/quality/nudges/:code',
    {
      config: { permission: 'units.write' },
      schema: {
        tags: ['quality'],
        summary: 'Whether a unit’s weekly data-quality nudge is on',
        security: [{ bearer: [] }],
        params: NudgeParamsSchema,
        response: { 200: NudgeResultSchema, ...errors(404) },
      },
    },
    async (request) => ctx.quality.weeklyNudges(caller(request), request.params.code, request.id),
  );
  api.put(
    '/api/quality/nudges/:code',
    {
      config: { permission: 'units.write' },
      schema: {
        tags: ['quality'],
        summary: 'Turns a unit’s weekly data-quality nudge (its overdue records and stale drafts, to its leaders) on or off',
        security: [{ bearer: [] }],
        params: NudgeParamsSchema,
        body: NudgeBodySchema,
        response: { 200: NudgeResultSchema, ...errors(404, 422) },
      },
    },
    async (request) => ctx.quality.setWeeklyNudges(caller(request), request.params.code, request.body.enabled, request.id),
  );
}
