/** Counts of a module's records for overviews ("from the forest to the trees"). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { negotiateLocale } from '../../../engine/src/index.js';
import type { AppContext } from '../context.js';
import { caller } from '../platform/http/auth-plugin.js';
import { ModuleKeyParamsSchema, errors } from '../api/common.js';
import { StatsQuerySchema, StatsResultSchema } from '../api/stats.js';

/** Registers `GET /api/modules/:key/stats`. */
export default async function statsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/modules/:key/stats',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['records'],
        summary: 'Counts of a module’s records in the caller’s subtree (or a unit’s), by state, a field (code titles), month of a date field, or child unit',
        security: [{ bearer: [] }],
        params: ModuleKeyParamsSchema,
        querystring: StatsQuerySchema,
        response: { 200: StatsResultSchema, ...errors(404, 422) },
      },
    },
    async (request) => ctx.stats.stats(caller(request), request.params.key, request.query, negotiateLocale(request.headers['accept-language']), request.id),
  );
}
