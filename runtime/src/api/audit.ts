/** The audit log of the caller's subtree and the verification of its hash chain. */
import { Type, type Static } from 'typebox';
import { DateTimeQuerySchema, OpenObject, SAFE_BIGINT_MAX, StringEnum, UnitCodeSchema } from './common.js';

/** `GET /api/audit` filters and page (newest first). */
export const AuditQuerySchema = Type.Object(
  {
    actor: Type.Optional(Type.String({ maxLength: 64 })),
    unit: Type.Optional(UnitCodeSchema),
    action: Type.Optional(Type.String({ maxLength: 64, pattern: '^[a-z.]+\\*?$' })),
    from: Type.Optional(DateTimeQuerySchema),
    to: Type.Optional(DateTimeQuerySchema),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    cursor: Type.Optional(Type.Integer({ minimum: 1, maximum: SAFE_BIGINT_MAX })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuerySchema>;

/** An audit entry as the API shows it. */
export const AuditEntrySchema = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actor: Type.Union([Type.String(), Type.Null()]),
  unitCode: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  target: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  requestId: Type.Union([Type.String(), Type.Null()]),
  details: OpenObject(),
  hash: Type.String(),
});
export type AuditView = Static<typeof AuditEntrySchema>;

/** A page of audit entries; `nextCursor` is the seq to continue below, null at the end. */
export const AuditListSchema = Type.Object({ items: Type.Array(AuditEntrySchema), nextCursor: Type.Union([Type.Integer(), Type.Null()]) });
export type AuditList = Static<typeof AuditListSchema>;

/** `GET /api/audit/verify`: ok, the entries walked, and the first broken entry if any. */
export const ChainVerdictSchema = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer({ description: 'Entries verified before the first broken one (all when ok)' }),
  brokenAt: Type.Optional(Type.Integer({ description: 'The first entry whose link, content, seal or checkpoint does not match' })),
  reason: Type.Optional(
    StringEnum(['link', 'content', 'seal', 'unsealed', 'checkpoint', 'truncated', 'replayed', 'checkpoint-signature', 'checkpoint-missing'], {
      description: 'What failed: a broken link, altered content, a forged or missing seal, a checkpoint not matched, entries removed, a sealed entry replayed, a checkpoint forged or removed',
    }),
  ),
  sealed: Type.Boolean({ description: 'Entries and checkpoints were checked against the audit key (FORMWORK_AUDIT_KEY)' }),
  checkpoints: Type.Integer({ description: 'Signed checkpoints of the chain heads, all verified' }),
});
export type ChainVerdict = Static<typeof ChainVerdictSchema>;
