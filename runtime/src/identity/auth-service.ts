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
import { deleteSession, findUserByUsername, insertSession, liveSession, readLiveSession, touchSession, type SessionUser } from './identity-store.js';
import type { LoginResult } from '../api/auth.js';
import type { PasswordAttempts } from './password-attempts.js';

export interface SessionPolicy {
  /** A session unused this long ends (exactly: every request marks it as seen). */
  idleMs: number;
  absoluteMs: number;
}

import type { PendingTouch } from './identity-store.js';
export type { PendingTouch };

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 3_600_000,
};


export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly attempts: PasswordAttempts,
    private readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async login(username: string, password: string, requestId: string, address: string): Promise<LoginResult> {
    const { sequelize } = this.db;
    const now = this.now();
    const refuse = async (reason: string, unitCode: string | null, code: 'FW_AUTH_INVALID_CREDENTIALS' | 'FW_REQ_RATE_LIMITED' = 'FW_AUTH_INVALID_CREDENTIALS') => {
      if (code === 'FW_AUTH_INVALID_CREDENTIALS') await this.attempts.recordAddressFailure(address);
      await appendAudit(sequelize, { actor: username.slice(0, 64), unitCode, action: 'auth.login', outcome: 'refused', requestId, details: { reason } });
      return new FormworkError(code);
    };
    // One address guessing over many usernames is stopped as a whole, before any password is checked.
    if (await this.attempts.addressThrottled(address)) throw await refuse('too many failed sign-ins from this address', null, 'FW_REQ_RATE_LIMITED');
    const user = await findUserByUsername(sequelize, username);
    const outcome = await this.attempts.attempt(user, password);
    if (!outcome.ok) {
      const reason =
        outcome.reason === 'unknown' ? 'unknown user'
        : outcome.reason === 'locked' ? 'account locked'
        : outcome.lockedNow ? `wrong password; locked for ${this.attempts.lockMinutes} minutes`
        : 'wrong password';
      throw await refuse(reason, user?.unit_code ?? null);
    }
    if (user!.status !== 'active') throw await refuse(`user ${user!.status}`, user!.unit_code);
    const found = user!;

    const token = 'fw_' + randomBytes(32).toString('base64url');
    await sequelize.transaction(async (tx) => {
      await this.attempts.succeeded(found.id, tx);
      await insertSession(sequelize, hashToken(token), found.id, now, new Date(now.getTime() + this.policy.absoluteMs), tx);
      await appendAudit(sequelize, { actor: found.username, unitCode: found.unit_code, action: 'auth.login', outcome: 'ok', requestId }, tx);
    });
    return { token, user: { username: found.username, unitCode: found.unit_code, roles: found.roles } };
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
    return this.check(token, undefined);
  }

  /**
   * authenticate, leaving the "seen now" mark to the request's own write (one commit instead of
   * two): the caller makes it with sessionTouchSql (identity-store.ts) in that write's transaction, or, when the request
   * writes nothing after all, with `finishTouch` before it answers. Exactly as checked as authenticate.
   */
  async authenticateForWrite(token: string): Promise<{ user: SessionUser; touch: PendingTouch }> {
    const touch: PendingTouch = { tokenHash: hashToken(token), at: this.now(), done: false };
    return { user: await this.check(token, touch), touch };
  }

  /** Marks the session as seen if the request's write did not. */
  async finishTouch(touch: PendingTouch): Promise<void> {
    if (touch.done) return;
    touch.done = true;
    await touchSession(this.db.sequelize, touch.tokenHash, touch.at);
  }

  private async check(token: string, deferred: PendingTouch | undefined): Promise<SessionUser> {
    const { sequelize } = this.db;
    const tokenHash = deferred?.tokenHash ?? hashToken(token);
    const now = deferred?.at ?? this.now();
    const session = deferred ? await readLiveSession(sequelize, tokenHash, now, this.policy.idleMs) : await liveSession(sequelize, tokenHash, now, this.policy.idleMs);
    if (!session || session.status !== 'active') {
      if (deferred) deferred.done = true;
      // Expired, idle or of a user no longer active: the row goes (a forged token deletes nothing).
      await deleteSession(sequelize, tokenHash);
      throw new FormworkError('FW_AUTH_INVALID_TOKEN');
    }
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
