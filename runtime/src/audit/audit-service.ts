/**
 * The audit log as auditors and administrators read it: the entries of the caller's subtree
 * (or of a unit in it), and the verification of the hash chains.
 */
import { FormworkError } from '../../../engine/src/index.js';
import type { AuditList, AuditQuery, ChainVerdict } from '../api/audit.js';
import type { Access } from '../identity/access.js';
import type { SessionUser } from '../identity/identity-store.js';
import type { Database } from '../platform/db/database.js';
import { listAudit, verifyAuditChain } from './audit-store.js';

export class AuditService {
  constructor(
    private readonly db: Database,
    private readonly access: Access,
  ) {}

  /** Entries of the caller's subtree (or `unit`'s, inside it), newest first; HQ also sees the system's own. */
  async list(caller: SessionUser, q: AuditQuery, requestId: string): Promise<AuditList> {
    const unit = q.unit ? await this.access.unit(caller, q.unit, requestId) : undefined;
    const rows = await listAudit(this.db.sequelize, {
      path: unit?.path ?? caller.unitPath,
      includeSystem: !unit && caller.unitLevel === 1,
      limit: q.limit + 1,
      ...(q.actor ? { actor: q.actor } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.from ? { from: q.from } : {}),
      ...(q.to ? { to: q.to } : {}),
      ...(q.cursor ? { before: q.cursor } : {}),
    });
    const items = rows.slice(0, q.limit);
    return { items, nextCursor: rows.length > q.limit ? items[items.length - 1]!.seq : null };
  }

  /**
   * Walks every hash chain, seal and checkpoint: ok, the number of entries, and the first broken
   * entry if any. The whole organisation's log: only for the root unit's administrators and auditors.
   */
  async verify(caller: SessionUser): Promise<ChainVerdict> {
    if (caller.unitLevel !== 1) throw new FormworkError('FW_AUTH_FORBIDDEN');
    return verifyAuditChain(this.db.sequelize);
  }
}
