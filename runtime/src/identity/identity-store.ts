/**
 * Users and sessions, in one place: plain lookups and writes through the User and Session
 * models; SQL where it is the clearer tool (subtree listings, the atomic lock-out counter, the
 * jsonb merge) or runs on every request (the session lookup, a prepared statement).
 */
import { Op, type Transaction } from 'sequelize';
import { execute, prepared, runSql, selectOne, selectRows, type SqlTarget, type Tx } from '../platform/db/sql.js';
import { unitModel } from '../units/unit-model.js';
import { identityModels } from './identity-models.js';
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

export async function findUserView(sequelize: SqlTarget, username: string, tx?: Transaction): Promise<(UserView & { unitPath: string }) | undefined> {
  const user = await identityModels(sequelize).User.findOne({
    attributes: ['username', 'displayName', 'unitCode', 'roles', 'status', 'createdBy', 'createdAt', 'statusChangedBy', 'statusChangedAt', 'statusReason'],
    where: { username },
    include: [{ model: unitModel(sequelize), as: 'unit', attributes: ['name', 'level', 'path'], required: true }],
    transaction: tx ?? null,
  });
  if (!user?.unit) return undefined;
  return {
    username: user.username,
    displayName: user.displayName,
    unitCode: user.unitCode,
    unitName: user.unit.name,
    unitLevel: user.unit.level,
    unitPath: user.unit.path,
    roles: user.roles,
    status: user.status,
    createdBy: user.createdBy,
    createdAt: user.createdAt.toISOString(),
    statusChangedBy: user.statusChangedBy,
    statusChangedAt: user.statusChangedAt?.toISOString() ?? null,
    statusReason: user.statusReason,
  };
}

/** Users at or below a unit path, optionally filtered, in username order after a cursor. */
export async function listUsers(
  sequelize: SqlTarget,
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
  sequelize: SqlTarget,
  username: string,
  change: { status: UserStatus; by: string; reason: string | null; now: Date },
  tx: Transaction,
): Promise<void> {
  await identityModels(sequelize).User.update(
    {
      status: change.status,
      statusChangedBy: change.by,
      statusReason: change.reason,
      statusChangedAt: change.now,
      updatedAt: change.now,
      failedLogins: 0,
      lockedUntil: null,
    },
    { where: { username }, transaction: tx },
  );
}

export async function setUserRoles(sequelize: SqlTarget, username: string, roles: string[], now: Date, tx: Transaction): Promise<void> {
  await identityModels(sequelize).User.update({ roles, updatedAt: now }, { where: { username }, transaction: tx });
}

export async function setUserPassword(sequelize: SqlTarget, username: string, passwordHash: string, now: Date, tx: Transaction): Promise<void> {
  await identityModels(sequelize).User.update({ passwordHash, updatedAt: now, failedLogins: 0, lockedUntil: null }, { where: { username }, transaction: tx });
}

/** Counts a failed sign-in; locks the account once `threshold` failures follow each other. */
/**
 * Reserves one password attempt of an account, atomically, before the password is checked: an
 * account locked now is not tried at all (`locked`), so concurrent guesses beyond the limit are
 * refused unchecked. The attempt that reaches the limit locks the account until `lockUntil`
 * (a right password then clears it). An expired lock starts the count afresh.
 */
export async function reserveLoginAttempt(sequelize: SqlTarget, userId: number, now: Date, threshold: number, lockUntil: Date): Promise<'locked' | 'reserved'> {
  const row = await selectOne<{ was_locked: boolean }>(
    sequelize,
    `WITH before AS (
       SELECT id, failed_logins, locked_until, (locked_until IS NOT NULL AND locked_until > $2) AS was_locked,
              CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN 1 ELSE failed_logins + 1 END AS attempts
         FROM users WHERE id = $1 FOR UPDATE
     )
     UPDATE users u
        SET failed_logins = CASE WHEN b.was_locked THEN b.failed_logins ELSE b.attempts END,
            locked_until = CASE WHEN b.was_locked THEN b.locked_until WHEN b.attempts >= $3 THEN $4::timestamptz ELSE NULL END
       FROM before b
      WHERE u.id = b.id
      RETURNING b.was_locked`,
    [userId, now, threshold, lockUntil],
  );
  return row?.was_locked ? 'locked' : 'reserved';
}

/** True when an account is locked now (its attempts reached the limit). */
export async function isLocked(sequelize: SqlTarget, userId: number, now: Date): Promise<boolean> {
  const row = await selectOne<{ locked: boolean }>(sequelize, 'SELECT (locked_until IS NOT NULL AND locked_until > $2) AS locked FROM users WHERE id = $1', [userId, now]);
  return row?.locked ?? false;
}

/** Failed sign-ins from an address in the current window (a window older than `windowMs` counts as none). */
export async function addressFailures(sequelize: SqlTarget, address: string, now: Date, windowMs: number): Promise<number> {
  const row = await selectOne<{ failures: number }>(
    sequelize,
    `SELECT failures FROM login_failures WHERE address = $1 AND window_start > $2::timestamptz - ($3 * interval '1 millisecond')`,
    [address, now, windowMs],
  );
  return row?.failures ?? 0;
}

/** Counts one failed sign-in from an address (a new window when the last one is over). */
export async function recordAddressFailure(sequelize: SqlTarget, address: string, now: Date, windowMs: number): Promise<void> {
  await runSql(
    sequelize,
    `INSERT INTO login_failures (address, window_start, failures) VALUES ($1, $2, 1)
     ON CONFLICT (address) DO UPDATE SET
       failures = CASE WHEN login_failures.window_start > $2::timestamptz - ($3 * interval '1 millisecond') THEN login_failures.failures + 1 ELSE 1 END,
       window_start = CASE WHEN login_failures.window_start > $2::timestamptz - ($3 * interval '1 millisecond') THEN login_failures.window_start ELSE $2 END`,
    [address, now, windowMs],
  );
}

export async function clearFailedLogins(sequelize: SqlTarget, userId: number, tx: Transaction): Promise<void> {
  // Only a user with something to clear is written (a sign-in must not rewrite the row each time).
  await identityModels(sequelize).User.update(
    { failedLogins: 0, lockedUntil: null },
    { where: { id: userId, [Op.or]: [{ failedLogins: { [Op.gt]: 0 } }, { lockedUntil: { [Op.not]: null } }] }, transaction: tx },
  );
}

export async function deleteSessionsOf(sequelize: SqlTarget, username: string, tx: Transaction): Promise<number> {
  const { User, Session } = identityModels(sequelize);
  const user = await User.findOne({ attributes: ['id'], where: { username }, transaction: tx });
  return user ? Session.destroy({ where: { userId: user.id }, transaction: tx }) : 0;
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

export async function findUserByUsername(sequelize: SqlTarget, username: string, tx?: Transaction): Promise<UserRow | undefined> {
  const user = await identityModels(sequelize).User.findOne({
    attributes: ['id', 'username', 'passwordHash', 'unitCode', 'roles', 'status', 'failedLogins', 'lockedUntil'],
    where: { username },
    transaction: tx ?? null,
    raw: true,
  });
  return user
    ? {
        id: user.id,
        username: user.username,
        password_hash: user.passwordHash,
        unit_code: user.unitCode,
        roles: user.roles,
        status: user.status,
        failed_logins: user.failedLogins,
        locked_until: user.lockedUntil,
      }
    : undefined;
}

export async function countUsers(sequelize: SqlTarget, tx?: Transaction): Promise<number> {
  return identityModels(sequelize).User.count({ transaction: tx ?? null });
}

/** The root of the unit tree (its path is its own id), unless a unit with its code exists. */
export async function insertRootUnit(sequelize: SqlTarget, code: string, name: string, tx?: Transaction): Promise<void> {
  const [next] = await selectRows<{ id: number }>(sequelize, "SELECT nextval('units_id_seq') AS id", [], tx);
  await unitModel(sequelize).bulkCreate([{ id: next!.id, code, name, parentCode: null, level: 1, kind: 'company', path: String(next!.id) }], {
    ignoreDuplicates: true,
    transaction: tx ?? null,
  });
}

export async function insertUser(
  sequelize: SqlTarget,
  user: {
    username: string;
    displayName?: string | null;
    passwordHash: string;
    unitCode: string;
    roles: string[];
    status: UserStatus;
    createdBy: string | null;
  },
  tx?: Transaction,
): Promise<number> {
  const created = await identityModels(sequelize).User.create(
    {
      username: user.username,
      displayName: user.displayName ?? null,
      passwordHash: user.passwordHash,
      unitCode: user.unitCode,
      roles: user.roles,
      status: user.status,
      createdBy: user.createdBy,
    },
    { transaction: tx ?? null, returning: ['id'] },
  );
  return created.id;
}

export async function insertSession(sequelize: SqlTarget, tokenHash: Buffer, userId: number, now: Date, expiresAt: Date, tx?: Transaction): Promise<void> {
  await identityModels(sequelize).Session.create({ tokenHash, userId, createdAt: now, lastSeenAt: now, expiresAt }, { transaction: tx ?? null, returning: false });
}

export async function deleteSession(sequelize: SqlTarget, tokenHash: Buffer, tx?: Transaction): Promise<number> {
  return identityModels(sequelize).Session.destroy({ where: { tokenHash }, transaction: tx ?? null });
}

interface SessionRow {
  user_id: number;
  username: string;
  unit_code: string;
  roles: string[];
  status: string;
  unit_path: string;
  unit_level: number;
}

const LIVE_SESSION = prepared(
  'fw_live_session',
  `WITH live AS (
     UPDATE sessions SET last_seen_at = $2
      WHERE token_hash = $1 AND expires_at > $2 AND last_seen_at > $2::timestamptz - ($3 * interval '1 millisecond')
      RETURNING user_id
   )
   SELECT l.user_id, u.username, u.unit_code, u.roles, u.status, un.path::text AS unit_path, un.level AS unit_level
     FROM live l
     JOIN users u ON u.id = l.user_id
     JOIN units un ON un.code = u.unit_code`,
);

/**
 * The live session of a token hash with its user, or undefined when there is none, it has
 * expired, or it has been idle for `idleMs`; a live session is marked as seen now, in the same
 * statement, so the idle limit is exact. (Runs on every request: prepared.)
 */
export async function liveSession(sequelize: SqlTarget, tokenHash: Buffer, now: Date, idleMs: number): Promise<SessionRow | undefined> {
  return selectOne<SessionRow>(sequelize, LIVE_SESSION, [tokenHash, now, idleMs]);
}

const LIVE_SESSION_READ = prepared(
  'fw_live_session_read',
  `SELECT s.user_id, u.username, u.unit_code, u.roles, u.status, un.path::text AS unit_path, un.level AS unit_level
     FROM sessions s
     JOIN users u ON u.id = s.user_id
     JOIN units un ON un.code = u.unit_code
    WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $2::timestamptz - ($3 * interval '1 millisecond')`,
);

/**
 * liveSession without marking it as seen: for a request whose own write marks it, in the same
 * transaction (`sessionTouchSql`), so a create commits once, not twice.
 */
export async function readLiveSession(sequelize: SqlTarget, tokenHash: Buffer, now: Date, idleMs: number): Promise<SessionRow | undefined> {
  return selectOne<SessionRow>(sequelize, LIVE_SESSION_READ, [tokenHash, now, idleMs]);
}

/** The statement marking a session as seen (never back in time), with the placeholders of its token hash and instant. */
export const sessionTouchSql = (hash: string, at: string) => `UPDATE sessions SET last_seen_at = GREATEST(last_seen_at, ${at}) WHERE token_hash = ${hash}`;

/** Marks a session as seen (the request's write did not). */
export async function touchSession(sequelize: SqlTarget, tokenHash: Buffer, at: Date): Promise<void> {
  await execute(sequelize, prepared('fw_touch_session', sessionTouchSql('$1', '$2')), [tokenHash, at]);
}

/** A user's preferences (the workspace language …). */
export async function findPreferences(sequelize: SqlTarget, username: string): Promise<Preferences> {
  const user = await identityModels(sequelize).User.findOne({ attributes: ['preferences'], where: { username }, raw: true });
  return user?.preferences ?? {};
}

/** Merges preferences into the stored ones; returns them all. */
export async function mergePreferences(sequelize: SqlTarget, username: string, changes: Preferences, tx?: Tx): Promise<Preferences> {
  const row = await selectOne<{ preferences: Preferences }>(
    sequelize,
    'UPDATE users SET preferences = preferences || $2::jsonb WHERE username = $1 RETURNING preferences',
    [username, JSON.stringify(changes)],
    tx,
  );
  return row?.preferences ?? {};
}

/** A session's "seen now" mark, made by the request's own write (see AuthService.authenticateForWrite); written by the store of that write. */
export interface PendingTouch {
  tokenHash: Buffer;
  at: Date;
  /** Set once the mark is written (or there is no session to mark). */
  done: boolean;
}
