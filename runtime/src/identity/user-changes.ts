/**
 * Filing (报备) of access changes: a password reset or a role grant asked by an administrator
 * of the user's own unit is not applied; it is filed, the administrators of the unit above are
 * notified, and one of them (or anyone above) approves — the change is applied then — or
 * rejects it with a reason. Asked from above, the same changes apply at once (UserService).
 */
import { FormworkError } from '../../../engine/src/index.js';
import type { Database } from '../platform/db/database.js';
import type { Tx } from '../platform/db/sql.js';
import { appendAudit } from '../audit/audit-store.js';
import { insertNotification } from '../inbox/inbox-store.js';
import { findUnit } from '../units/unit-store.js';
import type { ListUserChangesQuery, UserChangeList, UserChangeView } from '../api/users.js';
import { pathBelow, pathWithin, type Access } from './access.js';
import { deleteSessionsOf, setUserPassword, setUserRoles, type SessionUser } from './identity-store.js';
import { decideChange, findChange, insertChange, listChanges, type StoredChange } from './user-change-store.js';

const KIND_WORDS = { password: { 'zh-CN': '密码重置', en: 'password reset' }, roles: { 'zh-CN': '角色变更', en: 'role change' } } as const;

/** True when `caller` decides for `user` from above (or at the root, which has none above). */
export function decidesFromAbove(caller: SessionUser, user: { unitPath: string; unitLevel: number }): boolean {
  return pathBelow(user.unitPath, caller.unitPath) || user.unitLevel === 1;
}

export class UserChanges {
  constructor(
    private readonly db: Database,
    private readonly access: Access,
    private readonly now: () => Date,
  ) {}

  /** Files a change inside the caller's transaction and tells the administrators above. */
  async file(
    caller: SessionUser,
    user: { username: string; unitCode: string },
    change: { kind: 'password'; passwordHash: string } | { kind: 'roles'; roles: string[] },
    requestId: string,
    tx: Tx,
  ): Promise<number> {
    const { sequelize } = this.db;
    const at = this.now();
    const id = await insertChange(sequelize, { username: user.username, requestedBy: caller.username, at, ...change }, tx);
    await notifyAbove(sequelize, user.unitCode, {
      'zh-CN': `用户「${user.username}」的${KIND_WORDS[change.kind]['zh-CN']}已报备，待上级审批`,
      en: `A ${KIND_WORDS[change.kind].en} of user "${user.username}" was filed and waits for approval`,
    }, at, tx);
    const details = change.kind === 'roles' ? { change: id, kind: change.kind, roles: change.roles } : { change: id, kind: change.kind };
    await appendAudit(sequelize, { actor: caller.username, unitCode: caller.unitCode, action: 'user.change.file', target: `user:${user.username}`, outcome: 'ok', requestId, details }, tx);
    return id;
  }

  async list(caller: SessionUser, query: ListUserChangesQuery): Promise<UserChangeList> {
    const items = await listChanges(this.db.sequelize, caller.unitPath, query.status ?? 'pending', query.limit);
    return { items: items.map(publicChange) };
  }

  async get(caller: SessionUser, id: number, requestId: string): Promise<UserChangeView> {
    return publicChange(await this.visible(caller, id, requestId));
  }

  /** Approves a pending change from above: applied now (a new password ends the user's sessions). */
  async approve(caller: SessionUser, id: number, requestId: string): Promise<UserChangeView> {
    return this.decide(caller, id, requestId, 'approved', null);
  }

  async reject(caller: SessionUser, id: number, reason: string | null, requestId: string): Promise<UserChangeView> {
    return this.decide(caller, id, requestId, 'rejected', reason);
  }

  private async decide(caller: SessionUser, id: number, requestId: string, status: 'approved' | 'rejected', reason: string | null): Promise<UserChangeView> {
    const { sequelize } = this.db;
    const seen = await this.visible(caller, id, requestId);
    if (!decidesFromAbove(caller, { unitPath: seen.unitPath, unitLevel: seen.unitPath.split('.').length })) throw new FormworkError('FW_USER_APPROVAL_FROM_ABOVE');
    await sequelize.transaction(async (tx) => {
      const change = (await findChange(sequelize, id, tx, true))!;
      if (change.status !== 'pending') throw new FormworkError('FW_USER_CHANGE_DECIDED', { status: change.status });
      const at = this.now();
      if (status === 'approved' && change.kind === 'password') {
        await setUserPassword(sequelize, change.username, change.passwordHash!, at, tx);
        await deleteSessionsOf(sequelize, change.username, tx);
      }
      if (status === 'approved' && change.kind === 'roles') await setUserRoles(sequelize, change.username, change.roles!, at, tx);
      await decideChange(sequelize, id, { status, by: caller.username, at, reason }, tx);
      await appendAudit(
        sequelize,
        {
          actor: caller.username,
          unitCode: caller.unitCode,
          action: status === 'approved' ? 'user.change.approve' : 'user.change.reject',
          target: `user:${change.username}`,
          outcome: 'ok',
          requestId,
          details: { change: id, kind: change.kind, requestedBy: change.requestedBy, ...(change.kind === 'roles' ? { before: change.currentRoles, after: change.roles } : {}), ...(reason ? { reason } : {}) },
        },
        tx,
      );
    });
    return publicChange((await findChange(sequelize, id))!);
  }

  /** A change of a user in the caller's subtree, else FW_USER_CHANGE_NOT_FOUND (audited like any miss). */
  private async visible(caller: SessionUser, id: number, requestId: string): Promise<StoredChange> {
    const change = await findChange(this.db.sequelize, id);
    if (!change || !pathWithin(change.unitPath, caller.unitPath)) {
      await this.access.refused(caller, `user-change:${id}`, requestId);
      throw new FormworkError('FW_USER_CHANGE_NOT_FOUND', { id });
    }
    return change;
  }
}

/** Notifies the administrators of the unit above `unitCode` (none above the root). */
export async function notifyAbove(sequelize: Database['sequelize'], unitCode: string, message: { 'zh-CN': string; en: string }, at: Date, tx: Tx): Promise<void> {
  const unit = await findUnit(sequelize, unitCode, tx ?? undefined);
  if (!unit?.parentCode) return;
  await insertNotification(sequelize, { unitCode: unit.parentCode, roles: ['admin'], recordId: null, kind: 'filing', message, at }, tx);
}

function publicChange(change: StoredChange): UserChangeView {
  const { unitPath: _path, passwordHash: _hash, ...view } = change;
  return view;
}
