/** Records and their history: the SQL, in one place (facts, stats, idempotency and the inbox have stores of their own). */
import { randomUUID } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { auditAppendParams } from '../audit/audit-store.js';
import { execute, prepared, selectOne, selectRows, type Tx } from '../platform/db/sql.js';
import type { HistoryView } from '../api/records.js';
import type { Problem } from '../../../engine/src/index.js';

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
  /** The rules' warnings at the last write (see {@link storedWarnings}). */
  warnings: Problem[];
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
  /** Report records: the period (e.g. 2026Q3) and when the report is due. */
  period: string | null;
  dueAt: Date | null;
}

export interface Row {
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
  warnings: Problem[];
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
  period: string | null;
  due_at: Date | null;
}

/** A row of `SELECT` as a stored record. */
export const toRecord = (r: Row): StoredRecord => ({
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
  warnings: r.warnings,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  updatedBy: r.updated_by,
  updatedAt: new Date(r.updated_at),
  period: r.period,
  dueAt: r.due_at ? new Date(r.due_at) : null,
});

/** Every column of a record, with its unit paths, ready for a WHERE clause. */
export const SELECT = `
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
  warnings: Problem[];
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
  // The id is chosen here, so the audit entry (sealed by the application) can name it.
  const id = randomUUID();
  const auditPart = audit
    ? `, a AS (SELECT audit_append($22, $23, $24, $25, $26, $27, $28, $29, $30) AS seq)
     SELECT id, (SELECT seq FROM a) FROM r`
    : `
     SELECT id FROM r`;
  const row = await selectOne<{ id: string }>(
    sequelize,
    prepared(audit ? 'fw_insert_record_sealed' : 'fw_insert_record_with_id', `WITH r AS (
       INSERT INTO records (id, module_key, module_version, unit_code, assigned_unit, assigned_role, state, final, state_seq,
                            state_entered_at, awaiting_roles, deadline_at, overdue_at, data, derived, warnings,
                            created_by, created_at, updated_by, updated_at)
       VALUES ($20, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $21, $15, $16, $15, $16)
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
      id,
      JSON.stringify(record.warnings),
      ...(audit
        ? auditAppendParams(sequelize, { actor: audit.actor, unitCode: audit.unitCode, action: audit.action, target: `record:${id}`, outcome: 'ok', requestId: audit.requestId, details: audit.details })
        : []),
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
            warnings = $17, version = version + 1, updated_by = $15, updated_at = $16
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
      JSON.stringify(next.warnings),
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
