/** Records, their history, idempotency keys and notifications: the SQL, in one place. */
import type { Sequelize } from 'sequelize';
import { execute, prepared, selectOne, selectRows, type Tx } from '../platform/db/sql.js';
import type { HistoryView } from '../api/records.js';
import type { NotificationView } from '../api/inbox.js';

export interface StoredRecord {
  id: string;
  moduleKey: string;
  moduleVersion: number;
  unitCode: string;
  unitPath: string;
  unitLevel: number;
  assignedUnit: string;
  assignedPath: string;
  assignedRole: string | null;
  state: string;
  final: boolean;
  stateSeq: number;
  stateEnteredAt: Date;
  awaitingRoles: string[];
  deadlineAt: Date | null;
  overdueAt: Date | null;
  version: number;
  data: Record<string, unknown>;
  derived: Record<string, unknown>;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
  /** Report records: the period (e.g. 2026Q3) and when the report is due. */
  period: string | null;
  dueAt: Date | null;
}

interface Row {
  id: string;
  module_key: string;
  module_version: number;
  unit_code: string;
  unit_path: string;
  unit_level: number;
  assigned_unit: string;
  assigned_path: string;
  assigned_role: string | null;
  state: string;
  final: boolean;
  state_seq: number;
  state_entered_at: Date;
  awaiting_roles: string[];
  deadline_at: Date | null;
  overdue_at: Date | null;
  version: number;
  data: Record<string, unknown>;
  derived: Record<string, unknown>;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
  period: string | null;
  due_at: Date | null;
}

const toRecord = (r: Row): StoredRecord => ({
  id: r.id,
  moduleKey: r.module_key,
  moduleVersion: r.module_version,
  unitCode: r.unit_code,
  unitPath: r.unit_path,
  unitLevel: r.unit_level,
  assignedUnit: r.assigned_unit,
  assignedPath: r.assigned_path,
  assignedRole: r.assigned_role,
  state: r.state,
  final: r.final,
  stateSeq: r.state_seq,
  stateEnteredAt: new Date(r.state_entered_at),
  awaitingRoles: r.awaiting_roles,
  deadlineAt: r.deadline_at ? new Date(r.deadline_at) : null,
  overdueAt: r.overdue_at ? new Date(r.overdue_at) : null,
  version: r.version,
  data: r.data,
  derived: r.derived,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  updatedBy: r.updated_by,
  updatedAt: new Date(r.updated_at),
  period: r.period,
  dueAt: r.due_at ? new Date(r.due_at) : null,
});

const SELECT = `
  SELECT r.*, u.path::text AS unit_path, u.level AS unit_level, a.path::text AS assigned_path
    FROM records r
    JOIN units u ON u.code = r.unit_code
    JOIN units a ON a.code = r.assigned_unit`;

/** The columns a write sets. */
export interface RecordState {
  moduleVersion: number;
  assignedUnit: string;
  assignedRole: string | null;
  state: string;
  final: boolean;
  stateSeq: number;
  stateEnteredAt: Date;
  awaitingRoles: string[];
  deadlineAt: Date | null;
  overdueAt: Date | null;
  data: Record<string, unknown>;
  derived: Record<string, unknown>;
}

export interface HistoryEntry {
  at: Date;
  actor: string | null;
  unitCode: string | null;
  kind: 'create' | 'update' | 'transition' | 'route' | 'overdue' | 'remind' | 'escalate' | 'migrate' | 'attach' | 'detach';
  action?: string | null;
  fromState?: string | null;
  toState?: string | null;
  comment?: string | null;
  changes?: unknown[];
  details?: Record<string, unknown>;
  jobKey?: string | null;
}

/** What an audit entry written with the record holds (see audit-store.ts). */
export interface RecordAudit {
  actor: string;
  unitCode: string;
  action: string;
  requestId: string;
  details: Record<string, unknown>;
}

/**
 * Inserts a record and its creation history in one statement; returns the stored record.
 * With `audit` (and no transaction) the same statement appends the audit entry too, so the
 * whole create is one round trip and one implicit transaction.
 */
export async function insertRecord(
  sequelize: Sequelize,
  record: RecordState & { moduleKey: string; unitCode: string; unitPath: string; unitLevel: number; assignedPath: string; actor: string; at: Date },
  history: HistoryEntry,
  tx: Tx,
  audit?: RecordAudit,
): Promise<StoredRecord> {
  const auditPart = audit
    ? `, a AS (SELECT audit_append($20, $21, $22, 'record:' || (SELECT id FROM r), 'ok', $23, $24) AS seq)
     SELECT id, (SELECT seq FROM a) FROM r`
    : `
     SELECT id FROM r`;
  const row = await selectOne<{ id: string }>(
    sequelize,
    prepared(audit ? 'fw_insert_record_audited' : 'fw_insert_record', `WITH r AS (
       INSERT INTO records (module_key, module_version, unit_code, assigned_unit, assigned_role, state, final, state_seq,
                            state_entered_at, awaiting_roles, deadline_at, overdue_at, data, derived,
                            created_by, created_at, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $15, $16)
       RETURNING id
     ), h AS (
       INSERT INTO record_history (record_id, at, actor, unit_code, kind, to_state, changes, details)
       SELECT id, $16, $15, $17, 'create', $6, $18, $19 FROM r
     )${auditPart}`),
    [
      record.moduleKey,
      record.moduleVersion,
      record.unitCode,
      record.assignedUnit,
      record.assignedRole,
      record.state,
      record.final,
      record.stateSeq,
      record.stateEnteredAt,
      record.awaitingRoles,
      record.deadlineAt,
      record.overdueAt,
      JSON.stringify(record.data),
      JSON.stringify(record.derived),
      record.actor,
      record.at,
      history.unitCode,
      JSON.stringify(history.changes ?? []),
      JSON.stringify(history.details ?? {}),
      ...(audit ? [audit.actor, audit.unitCode, audit.action, audit.requestId, JSON.stringify(audit.details)] : []),
    ],
    tx,
  );
  // Everything else is what was just written: no second query.
  const { actor, at, ...state } = record;
  return { ...state, id: row!.id, version: 1, createdBy: actor, createdAt: at, updatedBy: actor, updatedAt: at, period: null, dueAt: null };
}

export async function findRecord(sequelize: Sequelize, id: string, tx?: Tx, forUpdate = false): Promise<StoredRecord | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const row = await selectOne<Row>(sequelize, `${SELECT} WHERE r.id = $1${forUpdate ? ' FOR UPDATE OF r' : ''}`, [id], tx);
  return row && toRecord(row);
}

/**
 * Writes a record's new state if it still has `expectedVersion`; returns false when another
 * write got there first (nothing is written then).
 */
export async function updateRecord(
  sequelize: Sequelize,
  id: string,
  expectedVersion: number,
  next: RecordState & { actor: string; at: Date },
  tx: Tx,
): Promise<boolean> {
  const changed = await execute(
    sequelize,
    `UPDATE records SET module_version = $3, assigned_unit = $4, assigned_role = $5, state = $6, final = $7, state_seq = $8,
            state_entered_at = $9, awaiting_roles = $10, deadline_at = $11, overdue_at = $12, data = $13, derived = $14,
            version = version + 1, updated_by = $15, updated_at = $16
      WHERE id = $1 AND version = $2`,
    [
      id,
      expectedVersion,
      next.moduleVersion,
      next.assignedUnit,
      next.assignedRole,
      next.state,
      next.final,
      next.stateSeq,
      next.stateEnteredAt,
      next.awaitingRoles,
      next.deadlineAt,
      next.overdueAt,
      JSON.stringify(next.data),
      JSON.stringify(next.derived),
      next.actor,
      next.at,
    ],
    tx,
  );
  return changed === 1;
}

/** Appends history; with a job key, returns false when that job's entry already exists. */
export async function insertHistory(sequelize: Sequelize, recordId: string, entry: HistoryEntry, tx: Tx): Promise<boolean> {
  const row = await selectOne<{ id: number }>(
    sequelize,
    `INSERT INTO record_history (record_id, at, actor, unit_code, kind, action, from_state, to_state, comment, changes, details, job_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (record_id, job_key) WHERE job_key IS NOT NULL DO NOTHING
     RETURNING id`,
    [
      recordId,
      entry.at,
      entry.actor,
      entry.unitCode,
      entry.kind,
      entry.action ?? null,
      entry.fromState ?? null,
      entry.toState ?? null,
      entry.comment ?? null,
      JSON.stringify(entry.changes ?? []),
      JSON.stringify(entry.details ?? {}),
      entry.jobKey ?? null,
    ],
    tx,
  );
  return row !== undefined;
}

export type { HistoryView } from '../api/records.js';

export async function listHistory(sequelize: Sequelize, recordId: string): Promise<HistoryView[]> {
  const rows = await selectRows<{
    id: number;
    at: Date;
    actor: string | null;
    actor_name: string | null;
    unit_code: string | null;
    unit_name: string | null;
    kind: string;
    action: string | null;
    from_state: string | null;
    to_state: string | null;
    comment: string | null;
    changes: HistoryView['changes'];
    details: Record<string, unknown>;
  }>(
    sequelize,
    `SELECT h.*, us.display_name AS actor_name, un.name AS unit_name
       FROM record_history h
       LEFT JOIN users us ON us.username = h.actor
       LEFT JOIN units un ON un.code = h.unit_code
      WHERE h.record_id = $1
      ORDER BY h.id`,
    [recordId],
  );
  return rows.map((r, i) => ({
    seq: i + 1,
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    actorName: r.actor_name,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    kind: r.kind,
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    comment: r.comment,
    changes: r.changes,
    details: r.details,
  }));
}

export interface RecordFilter {
  moduleKey: string;
  /** The caller's unit path: records of units, or held by units, at or below it. */
  scopePath: string;
  /** Narrow to records of this subtree. */
  unitPath?: string;
  state?: string;
  /** JSON containment on data (`data @> filter`). */
  dataFilter?: Record<string, unknown>;
  from?: string;
  to?: string;
  overdue?: boolean;
  /** Report records of this period. */
  period?: string;
  /** Keyset: after (createdAt, id) of the previous page's last record. */
  after?: { createdAt: string; id: string };
  limit: number;
}

export async function listRecords(sequelize: Sequelize, f: RecordFilter): Promise<StoredRecord[]> {
  const rows = await selectRows<Row>(
    sequelize,
    `${SELECT}
      WHERE r.module_key = $1
        AND (u.path <@ $2::ltree OR a.path <@ $2::ltree)
        AND ($3::ltree IS NULL OR u.path <@ $3::ltree)
        AND ($4::text IS NULL OR r.state = $4)
        AND ($5::jsonb IS NULL OR r.data @> $5::jsonb)
        AND ($6::timestamptz IS NULL OR r.created_at >= $6)
        AND ($7::timestamptz IS NULL OR r.created_at < $7)
        AND ($8::boolean IS NULL OR (r.overdue_at IS NOT NULL) = $8)
        AND ($9::timestamptz IS NULL OR (r.created_at, r.id) < ($9::timestamptz, $10::uuid))
        AND ($12::text IS NULL OR r.period = $12)
      ORDER BY r.created_at DESC, r.id DESC
      LIMIT $11`,
    [
      f.moduleKey,
      f.scopePath,
      f.unitPath ?? null,
      f.state ?? null,
      f.dataFilter ? JSON.stringify(f.dataFilter) : null,
      f.from ?? null,
      f.to ?? null,
      f.overdue ?? null,
      f.after?.createdAt ?? null,
      f.after?.id ?? null,
      f.limit,
      f.period ?? null,
    ],
  );
  return rows.map(toRecord);
}

/** How records are counted: by state, by a field's value, by a date field's month, or by the child unit below a unit. */
export type StatsGrouping = { kind: 'state' } | { kind: 'field'; path: string[] } | { kind: 'month'; path: string[] } | { kind: 'unit'; depth: number };

/** Counts of a module's records in a scope, grouped one way. */
export async function countRecordsBy(
  sequelize: Sequelize,
  q: { moduleKey: string; scopePath: string; unitPath?: string; state?: string; dataFilter?: Record<string, unknown>; by: StatsGrouping },
): Promise<{ key: string | null; count: number }[]> {
  const key =
    q.by.kind === 'state'
      ? 'r.state'
      : q.by.kind === 'field'
        ? 'r.data #>> $6::text[]'
        : q.by.kind === 'month'
          ? 'substr(r.data #>> $6::text[], 1, 7)'
          : '(CASE WHEN nlevel(u.path) > $6::int THEN subpath(u.path, 0, $6::int + 1) ELSE u.path END)::text';
  const extra = q.by.kind === 'field' || q.by.kind === 'month' ? [q.by.path] : q.by.kind === 'unit' ? [q.by.depth] : [];
  const rows = await selectRows<{ key: string | null; n: number }>(
    sequelize,
    `SELECT ${key} AS key, count(*)::int AS n
       FROM records r JOIN units u ON u.code = r.unit_code JOIN units a ON a.code = r.assigned_unit
      WHERE r.module_key = $1
        AND (u.path <@ $2::ltree OR a.path <@ $2::ltree)
        AND ($3::ltree IS NULL OR u.path <@ $3::ltree)
        AND ($4::text IS NULL OR r.state = $4)
        AND ($5::jsonb IS NULL OR r.data @> $5::jsonb)
      GROUP BY 1
      ORDER BY 2 DESC, 1`,
    [q.moduleKey, q.scopePath, q.unitPath ?? null, q.state ?? null, q.dataFilter ? JSON.stringify(q.dataFilter) : null, ...extra],
  );
  return rows.map((r) => ({ key: r.key, count: r.n }));
}

/** Records held by a unit and waiting for one of the roles: overdue first, then by deadline. */
export async function inboxRecords(sequelize: Sequelize, unitCode: string, roles: string[], limit: number): Promise<StoredRecord[]> {
  const rows = await selectRows<Row>(
    sequelize,
    `${SELECT}
      WHERE r.assigned_unit = $1 AND NOT r.final AND r.awaiting_roles && $2::text[]
      ORDER BY r.overdue_at IS NULL, r.deadline_at NULLS LAST, r.updated_at
      LIMIT $3`,
    [unitCode, roles, limit],
  );
  return rows.map(toRecord);
}

// --- Facts and links over other records ------------------------------------------------------

/** A comparison of a field of other records with a value. */
export interface Comparison {
  path: string[];
  op: 'gt' | 'gte' | 'lt' | 'lte' | 'ne' | 'in' | 'nin';
  value: unknown;
}

export interface FactQuery {
  moduleKey: string;
  /** Records of units at or below this path (null: everywhere). */
  scopePath: string | null;
  /** Equalities, as a JSON containment document. */
  containment: Record<string, unknown>;
  comparisons?: Comparison[];
  states?: string[];
  notStates?: string[];
  excludeId?: string;
  /** Only records of the unit at scopePath itself, not of those below. */
  unitOnly?: boolean;
  /** Also limited to what this caller may see (records of, or held by, units at or below it). */
  callerPath?: string;
}

const SQL_OPS = { gt: '>', gte: '>=', lt: '<', lte: '<=', ne: '<>' } as const;

/** WHERE clause and parameters of a fact query; SQL text comes from fixed fragments only. */
function factFilter(q: FactQuery, first = 1): { where: string; bind: unknown[] } {
  const bind: unknown[] = [q.moduleKey, q.scopePath, JSON.stringify(q.containment), q.states ?? null, q.notStates ?? null, q.excludeId ?? null, q.unitOnly ?? false, q.callerPath ?? null];
  const n = (i: number) => `$${first + i}`;
  const parts = [
    `r.module_key = ${n(0)}`,
    `(${n(1)}::ltree IS NULL OR u.path <@ ${n(1)}::ltree)`,
    `r.data @> ${n(2)}::jsonb`,
    `(${n(3)}::text[] IS NULL OR r.state = ANY (${n(3)}))`,
    `(${n(4)}::text[] IS NULL OR NOT (r.state = ANY (${n(4)})))`,
    `(${n(5)}::uuid IS NULL OR r.id <> ${n(5)})`,
    `(NOT ${n(6)}::boolean OR u.path = ${n(1)}::ltree)`,
    `(${n(7)}::ltree IS NULL OR u.path <@ ${n(7)}::ltree OR a.path <@ ${n(7)}::ltree)`,
  ];
  for (const c of q.comparisons ?? []) {
    const path = n(bind.length);
    bind.push(c.path);
    const value = n(bind.length);
    if (c.op === 'in' || c.op === 'nin') {
      bind.push((Array.isArray(c.value) ? c.value : [c.value]).map(String));
      parts.push(
        c.op === 'in'
          ? `(r.data #>> ${path}::text[]) = ANY (${value}::text[])`
          : `(r.data #>> ${path}::text[] IS NULL OR NOT ((r.data #>> ${path}::text[]) = ANY (${value}::text[])))`,
      );
    } else if (typeof c.value === 'number') {
      bind.push(c.value);
      parts.push(`(CASE WHEN jsonb_typeof(r.data #> ${path}::text[]) = 'number' THEN (r.data #>> ${path}::text[])::numeric END) ${SQL_OPS[c.op]} ${value}::numeric`);
    } else {
      bind.push(String(c.value));
      parts.push(`(r.data #>> ${path}::text[]) ${SQL_OPS[c.op]} ${value}::text`);
    }
  }
  return { where: parts.join('\n AND '), bind };
}

const FACT_FROM = 'FROM records r JOIN units u ON u.code = r.unit_code JOIN units a ON a.code = r.assigned_unit';

export async function countRecords(sequelize: Sequelize, q: FactQuery): Promise<number> {
  const { where, bind } = factFilter(q);
  const row = await selectOne<{ n: number }>(sequelize, `SELECT count(*)::int AS n ${FACT_FROM} WHERE ${where}`, bind);
  return row?.n ?? 0;
}

export async function sumRecords(sequelize: Sequelize, q: FactQuery, path: string[]): Promise<number> {
  const { where, bind } = factFilter(q, 2);
  const row = await selectOne<{ total: number | null }>(
    sequelize,
    `SELECT sum(CASE WHEN jsonb_typeof(r.data #> $1::text[]) = 'number' THEN (r.data #>> $1::text[])::numeric END)::float8 AS total
       ${FACT_FROM} WHERE ${where}`,
    [path, ...bind],
  );
  return row?.total ?? 0;
}

export async function lookupRecord(sequelize: Sequelize, q: FactQuery): Promise<Record<string, unknown> | undefined> {
  const [first] = await listMatching(sequelize, q, 1);
  return first && { id: first.id, state: first.state, data: first.data };
}

export interface LinkedRecord {
  id: string;
  state: string;
  moduleVersion: number;
  unitCode: string;
  data: Record<string, unknown>;
  updatedAt: string;
}

/** Records matching a query, most recently changed first. */
export async function listMatching(sequelize: Sequelize, q: FactQuery, limit: number): Promise<LinkedRecord[]> {
  const { where, bind } = factFilter(q, 2);
  const rows = await selectRows<{ id: string; state: string; module_version: number; unit_code: string; data: Record<string, unknown>; updated_at: Date }>(
    sequelize,
    `SELECT r.id, r.state, r.module_version, r.unit_code, r.data, r.updated_at ${FACT_FROM} WHERE ${where} ORDER BY r.updated_at DESC LIMIT $1`,
    [limit, ...bind],
  );
  return rows.map((r) => ({ id: r.id, state: r.state, moduleVersion: r.module_version, unitCode: r.unit_code, data: r.data, updatedAt: new Date(r.updated_at).toISOString() }));
}

// --- Idempotency ---------------------------------------------------------------------------

/**
 * Claims an idempotency key inside the caller's transaction. A concurrent request with the
 * same key waits here until the first commits, then sees its answer.
 */
export async function claimIdempotencyKey(
  sequelize: Sequelize,
  username: string,
  key: string,
  requestHash: string,
  tx: Tx,
): Promise<{ claimed: true } | { claimed: false; requestHash: string; status: number | null; response: unknown }> {
  const inserted = await selectOne<{ key: string }>(
    sequelize,
    'INSERT INTO idempotency_keys (username, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key',
    [username, key, requestHash],
    tx,
  );
  if (inserted) return { claimed: true };
  const existing = await selectOne<{ request_hash: string; status: number | null; response: unknown }>(
    sequelize,
    'SELECT request_hash, status, response FROM idempotency_keys WHERE username = $1 AND key = $2',
    [username, key],
    tx,
  );
  return { claimed: false, requestHash: existing!.request_hash, status: existing!.status, response: existing!.response };
}

export async function findIdempotencyKey(
  sequelize: Sequelize,
  username: string,
  key: string,
): Promise<{ requestHash: string; status: number | null; response: unknown } | undefined> {
  const row = await selectOne<{ request_hash: string; status: number | null; response: unknown }>(
    sequelize,
    'SELECT request_hash, status, response FROM idempotency_keys WHERE username = $1 AND key = $2',
    [username, key],
  );
  return row && { requestHash: row.request_hash, status: row.status, response: row.response };
}

export async function storeIdempotentResponse(sequelize: Sequelize, username: string, key: string, status: number, response: unknown, tx: Tx): Promise<void> {
  await execute(sequelize, 'UPDATE idempotency_keys SET status = $3, response = $4 WHERE username = $1 AND key = $2', [username, key, status, JSON.stringify(response)], tx);
}

// --- Notifications -------------------------------------------------------------------------

export async function insertNotification(
  sequelize: Sequelize,
  n: { unitCode: string; roles: string[] | null; recordId: string | null; kind: string; message: Record<string, string>; at: Date },
  tx: Tx,
): Promise<void> {
  await execute(
    sequelize,
    'INSERT INTO notifications (unit_code, roles, record_id, kind, message, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [n.unitCode, n.roles, n.recordId, n.kind, JSON.stringify(n.message), n.at],
    tx,
  );
}

/** Many notifications in one statement. */
export async function insertNotifications(
  sequelize: Sequelize,
  rows: readonly { unitCode: string; roles: string[] | null; recordId: string | null; kind: string; message: Record<string, string>; at: Date }[],
  tx: Tx,
): Promise<void> {
  if (rows.length === 0) return;
  await execute(
    sequelize,
    `INSERT INTO notifications (unit_code, roles, record_id, kind, message, created_at)
     SELECT n.unit_code, CASE WHEN n.roles = '' THEN NULL ELSE string_to_array(n.roles, ',') END, n.record_id, n.kind, n.message, n.created_at
       FROM jsonb_to_recordset($1::jsonb) AS n (unit_code text, roles text, record_id uuid, kind text, message jsonb, created_at timestamptz)`,
    [JSON.stringify(rows.map((n) => ({ unit_code: n.unitCode, roles: n.roles?.join(',') ?? '', record_id: n.recordId, kind: n.kind, message: n.message, created_at: n.at.toISOString() })))],
    tx,
  );
}

export type { NotificationView } from '../api/inbox.js';

export async function listNotifications(sequelize: Sequelize, user: { username: string; unitCode: string; roles: string[] }, limit: number): Promise<NotificationView[]> {
  const rows = await selectRows<{ id: number; kind: string; record_id: string | null; module_key: string | null; message: NotificationView['message']; created_at: Date; read: boolean }>(
    sequelize,
    `SELECT n.id, n.kind, n.record_id, r.module_key, n.message, n.created_at, (nr.username IS NOT NULL) AS read
       FROM notifications n
       LEFT JOIN records r ON r.id = n.record_id
       LEFT JOIN notification_reads nr ON nr.notification_id = n.id AND nr.username = $1
      WHERE n.unit_code = $2 AND (n.roles IS NULL OR n.roles && $3::text[])
      ORDER BY (nr.username IS NOT NULL), n.id DESC
      LIMIT $4`,
    [user.username, user.unitCode, user.roles, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    recordId: r.record_id,
    moduleKey: r.module_key,
    message: r.message,
    createdAt: new Date(r.created_at).toISOString(),
    read: r.read,
  }));
}

/** Marks a notification read for a user, if it is addressed to them; false otherwise. */
export async function markNotificationRead(sequelize: Sequelize, id: number, user: { username: string; unitCode: string; roles: string[] }, at: Date): Promise<boolean> {
  const row = await selectOne<{ id: number }>(
    sequelize,
    'SELECT id FROM notifications WHERE id = $1 AND unit_code = $2 AND (roles IS NULL OR roles && $3::text[])',
    [id, user.unitCode, user.roles],
  );
  if (!row) return false;
  await execute(sequelize, 'INSERT INTO notification_reads (notification_id, username, read_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [id, user.username, at]);
  return true;
}
