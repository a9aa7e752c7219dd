import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';

export default async function healthRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database reachability',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), db: Type.Literal('ok') }),
          503: Type.Object({ status: Type.Literal('degraded'), db: Type.Literal('error') }),
        },
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
