/** Users, units and sessions: the SQL of identity, in one place. */
import type { Sequelize } from 'sequelize';
import { execute, selectOne, type Tx } from './sql.js';

export interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  unit_code: string;
  roles: string[];
  status: 'active' | 'pending' | 'disabled' | 'rejected';
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
  return selectOne<UserRow>(sequelize, 'SELECT id, username, password_hash, unit_code, roles, status FROM users WHERE username = $1', [username], tx);
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
  user: { username: string; passwordHash: string; unitCode: string; roles: string[]; status: UserRow['status']; createdBy: string | null },
  tx?: Tx,
): Promise<number> {
  const row = await selectOne<{ id: number }>(
    sequelize,
    `INSERT INTO users (username, password_hash, unit_code, roles, status, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [user.username, user.passwordHash, user.unitCode, user.roles, user.status, user.createdBy],
    tx,
  );
  return row!.id;
}

export async function insertSession(sequelize: Sequelize, tokenHash: Buffer, userId: number, expiresAt: Date, tx?: Tx): Promise<void> {
  await execute(sequelize, 'INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [tokenHash, userId, expiresAt], tx);
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

/** The session of a token hash with its user, or undefined. */
export async function findSession(sequelize: Sequelize, tokenHash: Buffer): Promise<SessionRow | undefined> {
  return selectOne<SessionRow>(
    sequelize,
    `SELECT s.user_id, s.last_seen_at, s.expires_at, u.username, u.unit_code, u.roles, u.status,
            un.path::text AS unit_path, un.level AS unit_level
       FROM sessions s
       JOIN users u ON u.id = s.user_id
       JOIN units un ON un.code = u.unit_code
      WHERE s.token_hash = $1`,
    [tokenHash],
  );
}

export async function touchSession(sequelize: Sequelize, tokenHash: Buffer): Promise<void> {
  await execute(sequelize, 'UPDATE sessions SET last_seen_at = now() WHERE token_hash = $1', [tokenHash]);
}
