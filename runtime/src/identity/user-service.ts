/**
 * Users and their roles, with filed onboarding (报备): a user created by an administrator of
 * the same unit is pending until an administrator of a unit above approves it; one created
 * from above is active at once. Approvals, rejections, disabling, enabling, role changes and
 * password resets are audited; disabling and resets end the user's sessions at once.
 */
import { FormworkError, problem } from '../../../engine/src/index.js';
import { passwordWeakness, weaknessText } from '../config.js';
import type { Database } from '../platform/db/database.js';
import { appendAudit } from '../audit/audit-store.js';
import {
  deleteSessionsOf,
  findPreferences,
  findUserByUsername,
  findUserView,
  mergePreferences,
  insertUser,
  listUsers,
  setUserPassword,
  setUserRoles,
  setUserStatus,
  type Preferences,
  type SessionUser,
  type UserStatus,
  type UserView,
} from './identity-store.js';
import type { Tx } from '../platform/db/sql.js';
import type { UserChangeView } from '../api/users.js';
import { pathBelow, type Access } from './access.js';
import { hashPassword } from './password.js';
import type { PasswordAttempts } from './password-attempts.js';
import { decidesFromAbove, notifyAbove, type UserChanges } from './user-changes.js';
import { ROLE_LEVELS, ROLES, permissionsOf, type Permission } from './permissions.js';

export interface NewUser {
  username: string;
  password: string;
  unitCode: string;
  roles: string[];
  displayName?: string;
}

type StoredView = UserView & { unitPath: string };
const publicView = ({ unitPath: _path, ...user }: StoredView): UserView => user;

export class UserService {
  constructor(
    private readonly db: Database,
    private readonly access: Access,
    private readonly attempts: PasswordAttempts,
    private readonly changes: UserChanges,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(caller: SessionUser, input: NewUser, requestId: string): Promise<{ username: string; status: UserStatus }> {
    const { sequelize } = this.db;
    const unit = await this.access.unit(caller, input.unitCode, requestId);
    this.checkRoles(input.roles, unit.level);
    const weakness = passwordWeakness(input.password, input.username);
    if (weakness) throw new FormworkError('FW_USER_WEAK_PASSWORD', { reason: weaknessText(weakness) }, [problem('/password', 'FW_USER_WEAK_PASSWORD', { reason: weaknessText(weakness) })]);
    // Filed onboarding: from a unit above, the user is active at once; from the same unit, it
    // waits for the unit above (the root, having none above, needs no filing).
    const status: UserStatus = pathBelow(unit.path, caller.unitPath) || unit.parentCode === null ? 'active' : 'pending';
    const passwordHash = await hashPassword(input.password);
    await sequelize.transaction(async (tx) => {
      if (await findUserByUsername(sequelize, input.username, tx)) throw new FormworkError('FW_USER_EXISTS', { username: input.username });
      await insertUser(
        sequelize,
        { username: input.username, displayName: input.displayName ?? null, passwordHash, unitCode: unit.code, roles: dedupe(input.roles), status, createdBy: caller.username },
        tx,
      );
      await this.audit(caller, 'user.create', input.username, requestId, { unitCode: unit.code, roles: dedupe(input.roles), status }, tx);
      if (status === 'pending') {
        const message = { 'zh-CN': `新用户「${input.username}」已报备，待上级审批`, en: `New user "${input.username}" was filed and waits for approval` };
        await notifyAbove(sequelize, unit.code, message, this.now(), tx);
      }
    });
    return { username: input.username, status };
  }

  async list(caller: SessionUser, filter: { unit?: string; status?: UserStatus; role?: string; after?: string; limit: number }, requestId?: string) {
    const root = filter.unit ? await this.access.unit(caller, filter.unit, requestId) : undefined;
    const rows = await listUsers(this.db.sequelize, {
      path: root?.path ?? caller.unitPath,
      limit: filter.limit + 1,
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.role ? { role: filter.role } : {}),
      ...(filter.after ? { after: filter.after } : {}),
    });
    const items = rows.slice(0, filter.limit).map(publicView);
    return { items, nextCursor: rows.length > filter.limit ? items[items.length - 1]!.username : null };
  }

  async get(caller: SessionUser, username: string, requestId?: string): Promise<UserView> {
    return publicView(await this.access.user(caller, username, requestId));
  }

  /** The signed-in user, with the permissions their roles give. */
  async me(caller: SessionUser): Promise<UserView & { permissions: Permission[]; preferences: Preferences }> {
    const user = await findUserView(this.db.sequelize, caller.username);
    return { ...publicView(user!), permissions: permissionsOf(caller.roles), preferences: await findPreferences(this.db.sequelize, caller.username) };
  }

  /** Remembers the caller's own preferences (the workspace language). */
  async setPreferences(caller: SessionUser, changes: Preferences, requestId: string): Promise<Preferences> {
    const { sequelize } = this.db;
    return sequelize.transaction(async (tx) => {
      const preferences = await mergePreferences(sequelize, caller.username, changes, tx);
      await appendAudit(
        sequelize,
        { actor: caller.username, unitCode: caller.unitCode, action: 'user.preferences', target: `user:${caller.username}`, outcome: 'ok', requestId, details: { ...changes } },
        tx,
      );
      return preferences;
    });
  }

  approve(caller: SessionUser, username: string, requestId: string) {
    return this.decide(caller, username, { from: ['pending'], to: 'active', action: 'user.approve', requestId });
  }

  reject(caller: SessionUser, username: string, reason: string | undefined, requestId: string) {
    return this.decide(caller, username, { from: ['pending'], to: 'rejected', action: 'user.reject', requestId, reason });
  }

  /** Disabling is for any administrator of the user's unit or above; sessions end at once. */
  disable(caller: SessionUser, username: string, reason: string | undefined, requestId: string) {
    return this.decide(caller, username, { from: ['active', 'pending'], to: 'disabled', action: 'user.disable', requestId, reason, sameUnitMay: true });
  }

  /** Re-activation is filed like onboarding: decided from above. */
  enable(caller: SessionUser, username: string, requestId: string) {
    return this.decide(caller, username, { from: ['disabled', 'rejected'], to: 'active', action: 'user.enable', requestId });
  }

  /**
   * Replaces a user's roles: at once when asked from a unit above (or at the root); filed for
   * approval from above when asked in the user's own unit (`filed`: the change waiting).
   */
  async setRoles(caller: SessionUser, username: string, roles: string[], requestId: string): Promise<{ user: UserView } | { filed: UserChangeView }> {
    const { sequelize } = this.db;
    const user = await this.access.user(caller, username, requestId);
    if (user.username === caller.username) throw new FormworkError('FW_USER_SELF');
    this.checkRoles(roles, user.unitLevel);
    if (!decidesFromAbove(caller, user)) {
      const id = await sequelize.transaction((tx) => this.changes.file(caller, user, { kind: 'roles', roles: dedupe(roles) }, requestId, tx));
      return { filed: await this.changes.get(caller, id, requestId) };
    }
    await sequelize.transaction(async (tx) => {
      await setUserRoles(sequelize, username, dedupe(roles), this.now(), tx);
      await this.audit(caller, 'user.roles', username, requestId, { before: user.roles, after: dedupe(roles) }, tx);
    });
    return { user: publicView((await findUserView(sequelize, username))!) };
  }

  /**
   * An administrator sets a new password: from a unit above at once (the user's sessions end);
   * in the user's own unit it is filed, and applies only once approved from above.
   */
  async resetPassword(caller: SessionUser, username: string, password: string, requestId: string): Promise<UserChangeView | undefined> {
    const { sequelize } = this.db;
    const user = await this.access.user(caller, username, requestId);
    if (user.username === caller.username) throw new FormworkError('FW_USER_SELF');
    const weakness = passwordWeakness(password, username);
    if (weakness) throw new FormworkError('FW_USER_WEAK_PASSWORD', { reason: weaknessText(weakness) }, [problem('/password', 'FW_USER_WEAK_PASSWORD', { reason: weaknessText(weakness) })]);
    const hash = await hashPassword(password);
    if (!decidesFromAbove(caller, user)) {
      const id = await sequelize.transaction((tx) => this.changes.file(caller, user, { kind: 'password', passwordHash: hash }, requestId, tx));
      return this.changes.get(caller, id, requestId);
    }
    await sequelize.transaction(async (tx) => {
      await setUserPassword(sequelize, user.username, hash, this.now(), tx);
      await deleteSessionsOf(sequelize, user.username, tx);
      await this.audit(caller, 'user.password.reset', username, requestId, {}, tx);
    });
    return undefined;
  }

  /** A user changes their own password, proving the current one; their other sessions end. */
  async changeOwnPassword(caller: SessionUser, current: string, next: string, requestId: string): Promise<void> {
    const { sequelize } = this.db;
    const user = await findUserByUsername(sequelize, caller.username);
    // Wrong current passwords count towards the account's lock, like wrong sign-ins.
    const outcome = await this.attempts.attempt(user, current);
    if (!outcome.ok && outcome.reason === 'locked') {
      throw new FormworkError('FW_USER_PASSWORD_LOCKED', { minutes: this.attempts.lockMinutes }, [problem('/currentPassword', 'FW_USER_PASSWORD_LOCKED', { minutes: this.attempts.lockMinutes })]);
    }
    if (!outcome.ok) throw new FormworkError('FW_USER_WRONG_PASSWORD', {}, [problem('/currentPassword', 'FW_USER_WRONG_PASSWORD')]);
    const weakness = passwordWeakness(next, caller.username);
    if (weakness) throw new FormworkError('FW_USER_WEAK_PASSWORD', { reason: weaknessText(weakness) }, [problem('/newPassword', 'FW_USER_WEAK_PASSWORD', { reason: weaknessText(weakness) })]);
    const hash = await hashPassword(next);
    await sequelize.transaction(async (tx) => {
      await this.attempts.succeeded(user!.id, tx);
      await setUserPassword(sequelize, caller.username, hash, this.now(), tx);
      await deleteSessionsOf(sequelize, caller.username, tx);
      await this.audit(caller, 'user.password.change', caller.username, requestId, {}, tx);
    });
  }

  private async decide(
    caller: SessionUser,
    username: string,
    step: { from: UserStatus[]; to: UserStatus; action: string; requestId: string; reason?: string | undefined; sameUnitMay?: boolean },
  ): Promise<UserView> {
    const { sequelize } = this.db;
    const user = await this.access.user(caller, username, step.requestId);
    if (user.username === caller.username) throw new FormworkError('FW_USER_SELF');
    // Decisions of filing come from a unit above; the root's own users are decided at the root.
    if (!step.sameUnitMay && !decidesFromAbove(caller, user)) throw new FormworkError('FW_USER_APPROVAL_FROM_ABOVE');
    if (!step.from.includes(user.status)) throw new FormworkError('FW_USER_STATE', { username, status: user.status });
    await sequelize.transaction(async (tx) => {
      await setUserStatus(sequelize, username, { status: step.to, by: caller.username, reason: step.reason ?? null, now: this.now() }, tx);
      if (step.to !== 'active') await deleteSessionsOf(sequelize, username, tx);
      await this.audit(caller, step.action, username, step.requestId, { from: user.status, to: step.to, ...(step.reason ? { reason: step.reason } : {}) }, tx);
    });
    return publicView((await findUserView(sequelize, username))!);
  }

  private checkRoles(roles: string[], unitLevel: number): void {
    roles.forEach((role, i) => {
      if (!(ROLES as readonly string[]).includes(role)) return; // the route schema refuses unknown roles
      const levels = ROLE_LEVELS[role as keyof typeof ROLE_LEVELS];
      if (levels && !levels.includes(unitLevel)) {
        throw new FormworkError('FW_USER_ROLE_NOT_ALLOWED', { role, levels: levels.join(', ') }, [
          problem(`/roles/${i}`, 'FW_USER_ROLE_NOT_ALLOWED', { role, levels: levels.join(', ') }),
        ]);
      }
    });
  }

  private audit(caller: SessionUser, action: string, username: string, requestId: string, details: Record<string, unknown>, tx: Tx) {
    return appendAudit(this.db.sequelize, { actor: caller.username, unitCode: caller.unitCode, action, target: `user:${username}`, outcome: 'ok', requestId, details }, tx);
  }
}

function dedupe(roles: string[]): string[] {
  return [...new Set(roles)];
}
