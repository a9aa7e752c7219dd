/** The meta-model served to integrators and designers: what a module definition is. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { META_SCHEMAS } from '../../../engine/src/index.js';
import type { AppContext } from '../context.js';
import { errors } from '../api/common.js';
import { MetaParamsSchema, MetaSchemaSchema } from '../api/modules.js';

const BY_NAME = new Map(META_SCHEMAS.map((s) => [s.$id.split('/').pop()!, s]));

export default async function metaRoutes(app: FastifyInstance, _ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/meta/:name',
    {
      config: { public: true },
      schema: {
        tags: ['modules'],
        summary: 'A meta-model schema (module.schema.json, rules.schema.json …)',
        params: MetaParamsSchema,
        response: { 200: MetaSchemaSchema, ...errors(404) },
      },
    },
    async (request, reply) => {
      const schema = BY_NAME.get(request.params.name);
      if (!schema) return reply.callNotFound();
      return schema;
    },
  );
}
