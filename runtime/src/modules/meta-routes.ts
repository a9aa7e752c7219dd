/** The meta-model served to integrators and designers: what a module definition is. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { META_SCHEMAS } from '../../../engine/src/index.js';
import type { AppContext } from '../context.js';
import { errors } from '../api/common.js';

const BY_NAME = new Map(META_SCHEMAS.map((s) => [s.$id.split('/').pop()!, s]));

export default async function metaRoutes(app: FastifyInstance, _ctx: AppContext): Promise<void> {
  app.get(
    '/api/meta/:name',
    {
      config: { public: true },
      schema: {
        tags: ['modules'],
        summary: 'A meta-model schema (module.schema.json, rules.schema.json …)',
        params: Type.Object({ name: Type.String({ pattern: '^[a-z]+\\.schema\\.json$' }) }),
        response: { 200: Type.Object({}, { additionalProperties: true }), ...errors(404) },
      },
    },
    async (request, reply) => {
      const schema = BY_NAME.get((request.params as { name: string }).name);
      if (!schema) return reply.callNotFound();
      return schema;
    },
  );
}
