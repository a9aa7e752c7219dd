/** `GET /api/quality`: adoption and data quality per child unit, as JSON or the assessment workbook. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { caller } from '../platform/http/auth-plugin.js';
import { errors } from '../api/common.js';
import { NudgeBodySchema, NudgeParamsSchema, NudgeResultSchema, QualityAnswerSchema, QualityQuerySchema } from '../api/quality.js';
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
