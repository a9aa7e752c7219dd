/** Liveness and database reachability, for load balancers and monitors. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { DegradedSchema, HealthSchema } from '../../api/system.js';
import type { AppContext } from '../../context.js';

export default async function healthRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database reachability',
        response: { 200: HealthSchema, 503: DegradedSchema },
      },
    },
    async (_request, reply) => {
      try {
        await ctx.db.sequelize.query('SELECT 1');
        return { status: 'ok', db: 'ok' } as const;
      } catch {
        return reply.status(503).send({ status: 'degraded', db: 'error' });
      }
    },
  );
}
