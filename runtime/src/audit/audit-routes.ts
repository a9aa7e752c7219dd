/** The audit log of the caller's subtree, and the verification of its hash chain. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { caller } from '../platform/http/auth-plugin.js';
import { listAudit, verifyAuditChain } from './audit-store.js';
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
    async (request) => {
      const user = caller(request);
      const q = request.query;
      const unit = q.unit ? await ctx.access.unit(user, q.unit, request.id) : undefined;
      const rows = await listAudit(ctx.db.sequelize, {
        path: unit?.path ?? user.unitPath,
        includeSystem: !unit && user.unitLevel === 1,
        limit: q.limit + 1,
        ...(q.actor ? { actor: q.actor } : {}),
        ...(q.action ? { action: q.action } : {}),
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
        ...(q.cursor ? { before: q.cursor } : {}),
      });
      const items = rows.slice(0, q.limit);
      return { items, nextCursor: rows.length > q.limit ? items[items.length - 1]!.seq : null };
    },
  );

  api.get(
    '/api/audit/verify',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Walks the whole hash chain: ok, the number of entries, and the first broken entry if any',
        security: [{ bearer: [] }],
        response: { 200: ChainVerdictSchema },
      },
    },
    async () => verifyAuditChain(ctx.db.sequelize),
  );
}
