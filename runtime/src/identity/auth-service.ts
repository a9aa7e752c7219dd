/**
 * Sign-in and sessions: opaque random tokens, stored only as SHA-256 hashes in PostgreSQL, so
 * logout, disabling a user or changing their roles takes effect at once on every instance.
 * Sessions end after an idle period and after an absolute lifetime; repeated wrong passwords
 * lock the account for a while. Every answer to a failed sign-in is the same.
 */
import { createHash, randomBytes } from 'node:crypto';
import { FormworkError } from '../../../engine/src/index.js';
import type { Database } from '../platform/db/database.js';
import { appendAudit } from '../audit/audit-store.js';
import {
  clearFailedLogins,
  deleteSession,
  findSession,
  findUserByUsername,
  insertSession,
  recordFailedLogin,
  touchSession,
  type SessionUser,
} from './identity-store.js';
import { verifyPassword } from './password.js';
import type { LoginResult } from '../api/auth.js';

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
  /** Consecutive wrong passwords that lock an account. */
  lockAfter: number;
  lockMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 3_600_000,
  lockAfter: 5,
  lockMs: 15 * 60_000,
};

/** last_seen_at is written at most this often, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async login(username: string, password: string, requestId: string): Promise<LoginResult> {
    const { sequelize } = this.db;
    const now = this.now();
    const user = await findUserByUsername(sequelize, username);
    // The password is always checked, so the time taken tells nothing about the account.
    const passwordOk = await verifyPassword(user?.password_hash, password);
    const refuse = async (reason: string, action = 'auth.login') => {
      await appendAudit(sequelize, {
        actor: username.slice(0, 64),
        unitCode: user?.unit_code ?? null,
        action,
        outcome: 'refused',
        requestId,
        details: { reason },
      });
      return new FormworkError('FW_AUTH_INVALID_CREDENTIALS');
    };
    if (!user) throw await refuse('unknown user');
    if (user.locked_until && new Date(user.locked_until).getTime() > now.getTime()) throw await refuse('account locked');
    if (!passwordOk) {
      const locked = await recordFailedLogin(sequelize, user.id, this.policy.lockAfter, new Date(now.getTime() + this.policy.lockMs));
      throw await refuse(locked ? `wrong password; locked for ${this.policy.lockMs / 60_000} minutes` : 'wrong password');
    }
    if (user.status !== 'active') throw await refuse(`user ${user.status}`);

    const token = 'fw_' + randomBytes(32).toString('base64url');
    await sequelize.transaction(async (tx) => {
      await clearFailedLogins(sequelize, user.id, tx);
      await insertSession(sequelize, hashToken(token), user.id, now, new Date(now.getTime() + this.policy.absoluteMs), tx);
      await appendAudit(sequelize, { actor: user.username, unitCode: user.unit_code, action: 'auth.login', outcome: 'ok', requestId }, tx);
    });
    return { token, user: { username: user.username, unitCode: user.unit_code, roles: user.roles } };
  }

  /** A sign-in refused before its name and password could be read (malformed body, bad text). */
  async auditUnreadableLogin(reason: string, requestId: string): Promise<void> {
    await appendAudit(this.db.sequelize, { actor: '(unreadable)', unitCode: null, action: 'auth.login', outcome: 'refused', requestId, details: { reason } });
  }

  async logout(token: string, user: SessionUser, requestId: string): Promise<void> {
    const { sequelize } = this.db;
    await sequelize.transaction(async (tx) => {
      await deleteSession(sequelize, hashToken(token), tx);
      await appendAudit(sequelize, { actor: user.username, unitCode: user.unitCode, action: 'auth.logout', outcome: 'ok', requestId }, tx);
    });
  }

  /** The user behind a bearer token, or FW_AUTH_INVALID_TOKEN. Roles are read afresh every time. */
  async authenticate(token: string): Promise<SessionUser> {
    const { sequelize } = this.db;
    const tokenHash = hashToken(token);
    const session = await findSession(sequelize, tokenHash);
    const now = this.now();
    const lastSeen = session ? new Date(session.last_seen_at).getTime() : 0;
    if (
      !session ||
      session.status !== 'active' ||
      new Date(session.expires_at).getTime() <= now.getTime() ||
      lastSeen + this.policy.idleMs <= now.getTime()
    ) {
      if (session) await deleteSession(sequelize, tokenHash);
      throw new FormworkError('FW_AUTH_INVALID_TOKEN');
    }
    if (now.getTime() - lastSeen > TOUCH_INTERVAL_MS) await touchSession(sequelize, tokenHash, now);
    return {
      id: session.user_id,
      username: session.username,
      unitCode: session.unit_code,
      unitPath: session.unit_path,
      unitLevel: session.unit_level,
      roles: session.roles,
    };
  }
}
