/** The audit log of the caller's subtree, and the verification of its hash chain. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { caller } from '../platform/http/auth-plugin.js';
import { errors } from '../api/common.js';
import { AuditListSchema, AuditQuerySchema, ChainVerdictSchema } from '../api/audit.js';

export default async function auditRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: "Audit entries of the caller's subtree, newest first (filter by actor, unit, action or action prefix*, time)",
        security: [{ bearer: [] }],
        querystring: AuditQuerySchema,
        response: { 200: AuditListSchema, ...errors(404, 422) },
      },
    },
    async (request) => ctx.audit.list(caller(request), request.query, request.id),
  );

  api.get(
    '/api/audit/verify',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Walks every hash chain, entry seal and signed checkpoint: ok, the number of entries, and the first broken entry if any (HQ only)',
        security: [{ bearer: [] }],
        response: { 200: ChainVerdictSchema, ...errors(403) },
      },
    },
    async (request) => ctx.audit.verify(caller(request)),
  );
}
