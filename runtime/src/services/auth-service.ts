/**
 * Sign-in and sessions: opaque random tokens, stored only as SHA-256 hashes in PostgreSQL, so
 * logout or disabling a user takes effect at once on every instance. Sessions end after an
 * idle period and after an absolute lifetime.
 */
import { createHash, randomBytes } from 'node:crypto';
import { FormworkError } from '../../../engine/src/index.js';
import type { Database } from '../persistence/database.js';
import { appendAudit } from '../persistence/audit-store.js';
import {
  deleteSession,
  findSession,
  findUserByUsername,
  insertSession,
  touchSession,
  type SessionUser,
} from '../persistence/identity-store.js';
import { verifyPassword } from './password.js';

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

/** last_seen_at is written at most this often, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export interface LoginResult {
  token: string;
  user: { username: string; unitCode: string; roles: string[] };
}

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
    const user = await findUserByUsername(sequelize, username);
    const passwordOk = await verifyPassword(user?.password_hash, password);
    if (!user || !passwordOk || user.status !== 'active') {
      await appendAudit(sequelize, {
        actor: username.slice(0, 64),
        unitCode: user?.unit_code ?? null,
        action: 'auth.login',
        outcome: 'refused',
        requestId,
        details: { reason: !user ? 'unknown user' : !passwordOk ? 'wrong password' : `user ${user.status}` },
      });
      throw new FormworkError('FW_AUTH_INVALID_CREDENTIALS');
    }
    const token = 'fw_' + randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.now().getTime() + this.policy.absoluteMs);
    await sequelize.transaction(async (tx) => {
      await insertSession(sequelize, hashToken(token), user.id, expiresAt, tx);
      await appendAudit(sequelize, { actor: user.username, unitCode: user.unit_code, action: 'auth.login', outcome: 'ok', requestId }, tx);
    });
    return { token, user: { username: user.username, unitCode: user.unit_code, roles: user.roles } };
  }

  async logout(token: string, user: SessionUser, requestId: string): Promise<void> {
    const { sequelize } = this.db;
    await sequelize.transaction(async (tx) => {
      await deleteSession(sequelize, hashToken(token), tx);
      await appendAudit(sequelize, { actor: user.username, unitCode: user.unitCode, action: 'auth.logout', outcome: 'ok', requestId }, tx);
    });
  }

  /** The user behind a bearer token, or FW_AUTH_INVALID_TOKEN. */
  async authenticate(token: string): Promise<SessionUser> {
    const { sequelize } = this.db;
    const tokenHash = hashToken(token);
    const session = await findSession(sequelize, tokenHash);
    const now = this.now().getTime();
    if (
      !session ||
      session.status !== 'active' ||
      new Date(session.expires_at).getTime() <= now ||
      new Date(session.last_seen_at).getTime() + this.policy.idleMs <= now
    ) {
      if (session) await deleteSession(sequelize, tokenHash);
      throw new FormworkError('FW_AUTH_INVALID_TOKEN');
    }
    if (now - new Date(session.last_seen_at).getTime() > TOUCH_INTERVAL_MS) await touchSession(sequelize, tokenHash);
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
