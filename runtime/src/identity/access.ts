/**
 * Scope: every object belongs to a unit, and a caller reaches only their own unit and the
 * units below it. Anything outside answers exactly like something that does not exist (404),
 * and the attempt is audited (a missing one too, so both cost the same). Services ask here; nothing else decides scope.
 */
import { FormworkError } from '../../../engine/src/index.js';
import type { Database } from '../platform/db/database.js';
import { appendAudit } from '../audit/audit-store.js';
import { findUserView, type SessionUser, type UserView } from './identity-store.js';
import { findUnit, findUnits, type Unit } from '../units/unit-store.js';

/** Whether `path` is `ancestor` or lies below it (ltree paths of unit ids). */
export function pathWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(ancestor + '.');
}

/** Whether `path` lies strictly below `ancestor`. */
export function pathBelow(path: string, ancestor: string): boolean {
  return path.startsWith(ancestor + '.');
}

export class Access {
  constructor(private readonly db: Database) {}

  /** A unit inside the caller's subtree, or FW_UNIT_NOT_FOUND. */
  async unit(caller: SessionUser, code: string, requestId?: string): Promise<Unit> {
    const unit = await findUnit(this.db.sequelize, code);
    if (!unit || !pathWithin(unit.path, caller.unitPath)) {
      await this.refused(caller, `unit:${code}`, requestId);
      throw new FormworkError('FW_UNIT_NOT_FOUND', { code });
    }
    return unit;
  }

  /** Units inside the caller's subtree, by code, found in one query; the first missing one is FW_UNIT_NOT_FOUND. */
  async units(caller: SessionUser, codes: readonly string[], requestId?: string): Promise<Map<string, Unit>> {
    const found = new Map((await findUnits(this.db.sequelize, [...new Set(codes)])).map((u) => [u.code, u]));
    for (const code of codes) {
      const unit = found.get(code);
      if (!unit || !pathWithin(unit.path, caller.unitPath)) {
        await this.refused(caller, `unit:${code}`, requestId);
        throw new FormworkError('FW_UNIT_NOT_FOUND', { code });
      }
    }
    return found;
  }

  /** A user of a unit inside the caller's subtree, or FW_USER_NOT_FOUND. */
  async user(caller: SessionUser, username: string, requestId?: string): Promise<UserView & { unitPath: string }> {
    const user = await findUserView(this.db.sequelize, username);
    if (!user || !pathWithin(user.unitPath, caller.unitPath)) {
      await this.refused(caller, `user:${username}`, requestId);
      throw new FormworkError('FW_USER_NOT_FOUND', { username });
    }
    return user;
  }

  /**
   * Records an attempt to reach something missing or outside the caller's subtree — the same
   * entry either way, so neither the answer, its timing nor the caller's own audit trail tells
   * the two apart.
   */
  async refused(caller: SessionUser, target: string, requestId?: string): Promise<void> {
    await appendAudit(this.db.sequelize, {
      actor: caller.username,
      unitCode: caller.unitCode,
      action: 'authz.refused',
      target,
      outcome: 'refused',
      requestId: requestId ?? null,
      details: { reason: 'not found in the caller’s subtree' },
    });
  }
}
