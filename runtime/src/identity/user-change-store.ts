/** Filed changes of users' access (migration 0009): insert, list by subtree, decide. */
import type { Sequelize } from 'sequelize';
import { execute, selectOne, selectRows, type Tx } from '../platform/db/sql.js';
import type { UserChangeStatus, UserChangeView } from '../api/users.js';

interface ChangeRow {
  id: string;
  username: string;
  unit_code: string;
  unit_name: string;
  unit_path: string;
  kind: 'password' | 'roles';
  password_hash: string | null;
  roles: string[] | null;
  current_roles: string[];
  status: UserChangeStatus;
  requested_by: string;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  reason: string | null;
}

/** A stored change with what deciding it needs (the user's unit path, the new password's hash). */
export interface StoredChange extends UserChangeView {
  unitPath: string;
  passwordHash: string | null;
}

const SELECT = `
  SELECT c.*, u.unit_code, un.name AS unit_name, un.path::text AS unit_path, u.roles AS current_roles
    FROM user_changes c
    JOIN users u ON u.username = c.username
    JOIN units un ON un.code = u.unit_code`;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const toChange = (r: ChangeRow): StoredChange => ({
  id: Number(r.id),
  username: r.username,
  unitCode: r.unit_code,
  unitName: r.unit_name,
  unitPath: r.unit_path,
  kind: r.kind,
  roles: r.roles,
  currentRoles: r.current_roles,
  status: r.status,
  requestedBy: r.requested_by,
  requestedAt: iso(r.requested_at)!,
  decidedBy: r.decided_by,
  decidedAt: iso(r.decided_at),
  reason: r.reason,
  passwordHash: r.password_hash,
});

/** Files a change; an earlier pending change of the same kind for the user is withdrawn. */
export async function insertChange(
  sequelize: Sequelize,
  change: { username: string; kind: 'password' | 'roles'; passwordHash?: string; roles?: string[]; requestedBy: string; at: Date },
  tx: Tx,
): Promise<number> {
  await execute(
    sequelize,
    `UPDATE user_changes SET status = 'withdrawn', decided_by = $3, decided_at = $4, reason = 'superseded'
      WHERE username = $1 AND kind = $2 AND status = 'pending'`,
    [change.username, change.kind, change.requestedBy, change.at],
    tx,
  );
  const row = await selectOne<{ id: string }>(
    sequelize,
    `INSERT INTO user_changes (username, kind, password_hash, roles, requested_by, requested_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [change.username, change.kind, change.passwordHash ?? null, change.roles ?? null, change.requestedBy, change.at],
    tx,
  );
  return Number(row!.id);
}

export async function findChange(sequelize: Sequelize, id: number, tx?: Tx, forUpdate = false): Promise<StoredChange | undefined> {
  const row = await selectOne<ChangeRow>(sequelize, `${SELECT} WHERE c.id = $1${forUpdate ? ' FOR UPDATE OF c' : ''}`, [id], tx);
  return row && toChange(row);
}

/** Changes of users at or below `path`, newest first. */
export async function listChanges(sequelize: Sequelize, path: string, status: UserChangeStatus | undefined, limit: number): Promise<StoredChange[]> {
  const rows = await selectRows<ChangeRow>(
    sequelize,
    `${SELECT} WHERE un.path <@ $1::ltree AND ($2::text IS NULL OR c.status = $2) ORDER BY c.id DESC LIMIT $3`,
    [path, status ?? null, limit],
  );
  return rows.map(toChange);
}

export async function decideChange(sequelize: Sequelize, id: number, decision: { status: 'approved' | 'rejected'; by: string; at: Date; reason: string | null }, tx: Tx): Promise<void> {
  await execute(
    sequelize,
    'UPDATE user_changes SET status = $2, decided_by = $3, decided_at = $4, reason = $5 WHERE id = $1',
    [id, decision.status, decision.by, decision.at, decision.reason],
    tx,
  );
}
