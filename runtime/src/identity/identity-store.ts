/** Users, units and sessions: the SQL of identity, in one place. */
import type { Sequelize } from 'sequelize';
import { execute, prepared, selectOne, selectRows, type Tx } from '../platform/db/sql.js';
import type { Preferences } from '../api/auth.js';
import type { UserStatus, UserView } from '../api/users.js';

// The API's shapes of a user, declared with the contract.
export type { Preferences } from '../api/auth.js';
export type { UserStatus, UserView } from '../api/users.js';

export interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  unit_code: string;
  roles: string[];
  status: UserStatus;
  failed_logins: number;
  locked_until: Date | null;
}

interface UserViewRow {
  username: string;
  display_name: string | null;
  unit_code: string;
  unit_name: string;
  unit_level: number;
  unit_path: string;
  roles: string[];
  status: UserStatus;
  created_by: string | null;
  created_at: Date;
  status_changed_by: string | null;
  status_changed_at: Date | null;
  status_reason: string | null;
}

const VIEW_SQL = `
  SELECT u.username, u.display_name, u.unit_code, un.name AS unit_name, un.level AS unit_level, un.path::text AS unit_path,
         u.roles, u.status, u.created_by, u.created_at, u.status_changed_by, u.status_changed_at, u.status_reason
    FROM users u JOIN units un ON un.code = u.unit_code`;

const toView = (r: UserViewRow): UserView & { unitPath: string } => ({
  username: r.username,
  displayName: r.display_name,
  unitCode: r.unit_code,
  unitName: r.unit_name,
  unitLevel: r.unit_level,
  unitPath: r.unit_path,
  roles: r.roles,
  status: r.status,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
  statusChangedBy: r.status_changed_by,
  statusChangedAt: r.status_changed_at ? new Date(r.status_changed_at).toISOString() : null,
  statusReason: r.status_reason,
});

export async function findUserView(sequelize: Sequelize, username: string, tx?: Tx): Promise<(UserView & { unitPath: string }) | undefined> {
  const row = await selectOne<UserViewRow>(sequelize, `${VIEW_SQL} WHERE u.username = $1`, [username], tx);
  return row && toView(row);
}

/** Users at or below a unit path, optionally filtered, in username order after a cursor. */
export async function listUsers(
  sequelize: Sequelize,
  filter: { path: string; status?: UserStatus; role?: string; unitCode?: string; after?: string; limit: number },
): Promise<(UserView & { unitPath: string })[]> {
  const rows = await selectRows<UserViewRow>(
    sequelize,
    `${VIEW_SQL}
      WHERE un.path <@ $1::ltree
        AND ($2::text IS NULL OR u.status = $2)
        AND ($3::text IS NULL OR $3 = ANY (u.roles))
        AND ($4::text IS NULL OR u.unit_code = $4)
        AND ($5::text IS NULL OR u.username > $5)
      ORDER BY u.username
      LIMIT $6`,
    [filter.path, filter.status ?? null, filter.role ?? null, filter.unitCode ?? null, filter.after ?? null, filter.limit],
  );
  return rows.map(toView);
}

export async function setUserStatus(
  sequelize: Sequelize,
  username: string,
  change: { status: UserStatus; by: string; reason: string | null; now: Date },
  tx: Tx,
): Promise<void> {
  await execute(
    sequelize,
    `UPDATE users SET status = $2, status_changed_by = $3, status_reason = $4, status_changed_at = $5, updated_at = $5,
                      failed_logins = 0, locked_until = NULL
      WHERE username = $1`,
    [username, change.status, change.by, change.reason, change.now],
    tx,
  );
}

export async function setUserRoles(sequelize: Sequelize, username: string, roles: string[], now: Date, tx: Tx): Promise<void> {
  await execute(sequelize, 'UPDATE users SET roles = $2, updated_at = $3 WHERE username = $1', [username, roles, now], tx);
}

export async function setUserPassword(sequelize: Sequelize, username: string, passwordHash: string, now: Date, tx: Tx): Promise<void> {
  await execute(
    sequelize,
    'UPDATE users SET password_hash = $2, updated_at = $3, failed_logins = 0, locked_until = NULL WHERE username = $1',
    [username, passwordHash, now],
    tx,
  );
}

/** Counts a failed sign-in; locks the account once `threshold` failures follow each other. */
export async function recordFailedLogin(sequelize: Sequelize, userId: number, threshold: number, lockUntil: Date): Promise<boolean> {
  const row = await selectOne<{ locked: boolean }>(
    sequelize,
    `UPDATE users
        SET failed_logins = failed_logins + 1,
            locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3::timestamptz ELSE locked_until END
      WHERE id = $1
      RETURNING failed_logins >= $2 AS locked`,
    [userId, threshold, lockUntil],
  );
  return row?.locked ?? false;
}

export async function clearFailedLogins(sequelize: Sequelize, userId: number, tx: Tx): Promise<void> {
  await execute(sequelize, 'UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1 AND (failed_logins > 0 OR locked_until IS NOT NULL)', [userId], tx);
}

export async function deleteSessionsOf(sequelize: Sequelize, username: string, tx: Tx): Promise<number> {
  return execute(sequelize, 'DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = $1)', [username], tx);
}

/** The caller of a request, as the session resolves it. */
export interface SessionUser {
  id: number;
  username: string;
  unitCode: string;
  unitPath: string;
  unitLevel: number;
  roles: string[];
}

export async function findUserByUsername(sequelize: Sequelize, username: string, tx?: Tx): Promise<UserRow | undefined> {
  return selectOne<UserRow>(
    sequelize,
    'SELECT id, username, password_hash, unit_code, roles, status, failed_logins, locked_until FROM users WHERE username = $1',
    [username],
    tx,
  );
}

export async function countUsers(sequelize: Sequelize): Promise<number> {
  const row = await selectOne<{ n: number }>(sequelize, 'SELECT count(*)::int AS n FROM users');
  return row?.n ?? 0;
}

export async function insertRootUnit(sequelize: Sequelize, code: string, name: string, tx?: Tx): Promise<void> {
  await execute(
    sequelize,
    `WITH next AS (SELECT nextval('units_id_seq') AS id)
     INSERT INTO units (id, code, name, parent_code, level, kind, path)
     SELECT id, $1, $2, NULL, 1, 'company', text2ltree(id::text) FROM next
     ON CONFLICT (code) DO NOTHING`,
    [code, name],
    tx,
  );
}

export async function insertUser(
  sequelize: Sequelize,
  user: {
    username: string;
    displayName?: string | null;
    passwordHash: string;
    unitCode: string;
    roles: string[];
    status: UserStatus;
    createdBy: string | null;
  },
  tx?: Tx,
): Promise<number> {
  const row = await selectOne<{ id: number }>(
    sequelize,
    `INSERT INTO users (username, display_name, password_hash, unit_code, roles, status, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [user.username, user.displayName ?? null, user.passwordHash, user.unitCode, user.roles, user.status, user.createdBy],
    tx,
  );
  return row!.id;
}

export async function insertSession(sequelize: Sequelize, tokenHash: Buffer, userId: number, now: Date, expiresAt: Date, tx?: Tx): Promise<void> {
  await execute(
    sequelize,
    'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)',
    [tokenHash, userId, now, expiresAt],
    tx,
  );
}

export async function deleteSession(sequelize: Sequelize, tokenHash: Buffer, tx?: Tx): Promise<number> {
  return execute(sequelize, 'DELETE FROM sessions WHERE token_hash = $1', [tokenHash], tx);
}

interface SessionRow {
  user_id: number;
  last_seen_at: Date;
  expires_at: Date;
  username: string;
  unit_code: string;
  roles: string[];
  status: string;
  unit_path: string;
  unit_level: number;
}

const FIND_SESSION = prepared(
  'fw_find_session',
  `SELECT s.user_id, s.last_seen_at, s.expires_at, u.username, u.unit_code, u.roles, u.status,
            un.path::text AS unit_path, un.level AS unit_level
       FROM sessions s
       JOIN users u ON u.id = s.user_id
       JOIN units un ON un.code = u.unit_code
      WHERE s.token_hash = $1`,
);

/** The session of a token hash with its user, or undefined. (Runs on every request: prepared.) */
export async function findSession(sequelize: Sequelize, tokenHash: Buffer): Promise<SessionRow | undefined> {
  return selectOne<SessionRow>(sequelize, FIND_SESSION, [tokenHash]);
}

export async function touchSession(sequelize: Sequelize, tokenHash: Buffer, now: Date): Promise<void> {
  await execute(sequelize, 'UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1', [tokenHash, now]);
}

export async function findPreferences(sequelize: Sequelize, username: string): Promise<Preferences> {
  const row = await selectOne<{ preferences: Preferences }>(sequelize, 'SELECT preferences FROM users WHERE username = $1', [username]);
  return row?.preferences ?? {};
}

/** Merges preferences into the stored ones; returns them all. */
export async function mergePreferences(sequelize: Sequelize, username: string, changes: Preferences, tx?: Tx): Promise<Preferences> {
  const row = await selectOne<{ preferences: Preferences }>(
    sequelize,
    'UPDATE users SET preferences = preferences || $2::jsonb WHERE username = $1 RETURNING preferences',
    [username, JSON.stringify(changes)],
    tx,
  );
  return row?.preferences ?? {};
}
