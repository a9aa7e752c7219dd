/** The audit log of the caller's subtree, and the verification of its hash chain. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../context.js';
import { caller } from '../platform/http/auth-plugin.js';
import { listAudit, verifyAuditChain } from './audit-store.js';
import { errors, UnitCodeSchema } from '../api/common.js';

const Entry = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actor: Type.Union([Type.String(), Type.Null()]),
  unitCode: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  target: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  requestId: Type.Union([Type.String(), Type.Null()]),
  details: Type.Object({}, { additionalProperties: true }),
  hash: Type.String(),
});

export default async function auditRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get(
    '/api/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: "Audit entries of the caller's subtree, newest first (filter by actor, unit, action or action prefix*, time)",
        security: [{ bearer: [] }],
        querystring: Type.Object(
          {
            actor: Type.Optional(Type.String({ maxLength: 64 })),
            unit: Type.Optional(UnitCodeSchema),
            action: Type.Optional(Type.String({ maxLength: 64, pattern: '^[a-z.]+\\*?$' })),
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
            cursor: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Entry), nextCursor: Type.Union([Type.Integer(), Type.Null()]) }), ...errors(404, 422) },
      },
    },
    async (request) => {
      const user = caller(request);
      const q = request.query as { actor?: string; unit?: string; action?: string; from?: string; to?: string; limit: number; cursor?: number };
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

  app.get(
    '/api/audit/verify',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Walks the whole hash chain: ok, the number of entries, and the first broken entry if any',
        security: [{ bearer: [] }],
        response: { 200: Type.Object({ ok: Type.Boolean(), entries: Type.Integer(), brokenAt: Type.Optional(Type.Integer()) }) },
      },
    },
    async () => verifyAuditChain(ctx.db.sequelize),
  );
}
