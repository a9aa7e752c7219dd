/** Records and their history: the SQL, in one place (lists, facts, stats, idempotency and the inbox have stores of their own). */
import { randomUUID } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { auditAppendParams } from '../audit/audit-store.js';
import type { PendingTouch } from '../identity/identity-store.js';
import { sessionTouchSql } from '../identity/identity-store.js';
import { execute, prepared, selectOne, type Tx } from '../platform/db/sql.js';
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
  /** When its unit withdrew it (a draft never submitted); null for a live record. */
  withdrawnAt: Date | null;
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
  withdrawn_at: Date | null;
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
  withdrawnAt: r.withdrawn_at ? new Date(r.withdrawn_at) : null,
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
  /** What text search matches (the title fields' text, see list-spec.ts); an update without it keeps the stored one. */
  searchText?: string;
}

export interface HistoryEntry {
  at: Date;
  actor: string | null;
  unitCode: string | null;
  kind: 'create' | 'update' | 'transition' | 'route' | 'overdue' | 'remind' | 'escalate' | 'migrate' | 'attach' | 'detach' | 'withdraw';
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
  record: RecordState & { moduleKey: string; unitCode: string; unitPath: string; unitLevel: number; assignedPath: string; actor: string; at: Date; searchText: string },
  history: HistoryEntry,
  tx: Tx,
  audit?: RecordAudit,
  touch?: PendingTouch,
): Promise<StoredRecord> {
  // The id is chosen here, so the audit entry (sealed by the application) can name it.
  const id = randomUUID();
  // The caller's session is marked as seen by this same statement (see AuthService.authenticateForWrite).
  const touched = audit !== undefined && tx === undefined && touch !== undefined && !touch.done;
  const auditPart = audit
    ? `, a AS (SELECT audit_append($23, $24, $25, $26, $27, $28, $29, $30, $31) AS seq)${touched ? `, t AS (${sessionTouchSql('$32', '$33')})` : ''}
     SELECT id, (SELECT seq FROM a) FROM r`
    : `
     SELECT id FROM r`;
  const row = await selectOne<{ id: string }>(
    sequelize,
    prepared(audit ? (touched ? 'fw_insert_record_sealed_touch' : 'fw_insert_record_sealed') : 'fw_insert_record_with_id', `WITH r AS (
       INSERT INTO records (id, module_key, module_version, unit_code, assigned_unit, assigned_role, state, final, state_seq,
                            state_entered_at, awaiting_roles, deadline_at, overdue_at, data, derived, warnings,
                            created_by, created_at, updated_by, updated_at, search_text)
       VALUES ($20, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $21, $15, $16, $15, $16, $22)
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
      record.searchText,
      ...(audit
        ? auditAppendParams(sequelize, { actor: audit.actor, unitCode: audit.unitCode, action: audit.action, target: `record:${id}`, outcome: 'ok', requestId: audit.requestId, details: audit.details })
        : []),
      ...(touched ? [touch.tokenHash, touch.at] : []),
    ],
    tx,
  );
  if (touched) touch.done = true;
  // Everything else is what was just written: no second query.
  const { actor, at, searchText: _searchText, ...state } = record;
  return { ...state, id: row!.id, version: 1, createdBy: actor, createdAt: at, updatedBy: actor, updatedAt: at, period: null, dueAt: null, withdrawnAt: null };
}

/** A record to insert with its creation history and audit entry (see {@link insertRecords}). */
export interface NewRecord {
  record: Parameters<typeof insertRecord>[1];
  history: HistoryEntry;
  audit: RecordAudit;
}

/**
 * Inserts many records, each with its creation history and its own sealed audit entry, in one
 * statement (unnest of one array per column) inside the caller's transaction — what
 * {@link insertRecord} does for one, for a dataset import's batch. The audit entries are
 * appended by audit_append_many in the records' order (all chain locks taken once, in chain
 * order; each chain's head read once), so every chain stays linked, hashed and sealed exactly
 * as with single creates.
 */
export async function insertRecords(sequelize: Sequelize, items: readonly NewRecord[], tx: Tx): Promise<StoredRecord[]> {
  if (items.length === 0) return [];
  const ids = items.map(() => randomUUID());
  const col = <T>(f: (item: NewRecord, i: number) => T): T[] => items.map(f);
  const audits = items.map((item, i) =>
    auditAppendParams(sequelize, { actor: item.audit.actor, unitCode: item.audit.unitCode, action: item.audit.action, target: `record:${ids[i]}`, outcome: 'ok', requestId: item.audit.requestId, details: item.audit.details }),
  );
  const row = await selectOne<{ records: string; audited: string }>(
    sequelize,
    prepared(
      'fw_insert_records_sealed_many',
      `WITH v AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::int[],
                              $10::timestamptz[], $11::jsonb[], $12::timestamptz[], $13::timestamptz[], $14::jsonb[], $15::jsonb[], $16::jsonb[],
                              $17::text[], $18::timestamptz[], $19::text[], $20::text[], $21::jsonb[], $22::jsonb[])
           WITH ORDINALITY AS v (id, module_key, module_version, unit_code, assigned_unit, assigned_role, state, final, state_seq,
                                 state_entered_at, awaiting_roles, deadline_at, overdue_at, data, derived, warnings,
                                 actor, at, search_text, h_unit, h_changes, h_details, ord)
       ), r AS (
         INSERT INTO records (id, module_key, module_version, unit_code, assigned_unit, assigned_role, state, final, state_seq,
                              state_entered_at, awaiting_roles, deadline_at, overdue_at, data, derived, warnings,
                              created_by, created_at, updated_by, updated_at, search_text)
         SELECT id, module_key, module_version, unit_code, assigned_unit, assigned_role, state, final, state_seq,
                state_entered_at, ARRAY(SELECT jsonb_array_elements_text(awaiting_roles)), deadline_at, overdue_at, data, derived, warnings,
                actor, at, actor, at, search_text
           FROM v ORDER BY ord
         RETURNING id
       ), h AS (
         INSERT INTO record_history (record_id, at, actor, unit_code, kind, to_state, changes, details)
         SELECT v.id, v.at, v.actor, v.h_unit, 'create', v.state, v.h_changes, v.h_details FROM v JOIN r ON r.id = v.id ORDER BY v.ord
         RETURNING 1
       ), a AS (
         SELECT audit_append_many($23::text[], $24::text[], $25::text[], $26::text[], $27::text[], $28::text[], $29::jsonb[], $30::timestamptz[], $31::text[]) AS seq
       )
       SELECT (SELECT count(*) FROM h) AS records, (SELECT count(*) FROM a) AS audited`,
    ),
    [
      ids,
      col((x) => x.record.moduleKey),
      col((x) => x.record.moduleVersion),
      col((x) => x.record.unitCode),
      col((x) => x.record.assignedUnit),
      col((x) => x.record.assignedRole),
      col((x) => x.record.state),
      col((x) => x.record.final),
      col((x) => x.record.stateSeq),
      col((x) => x.record.stateEnteredAt),
      col((x) => JSON.stringify(x.record.awaitingRoles)),
      col((x) => x.record.deadlineAt),
      col((x) => x.record.overdueAt),
      col((x) => JSON.stringify(x.record.data)),
      col((x) => JSON.stringify(x.record.derived)),
      col((x) => JSON.stringify(x.record.warnings)),
      col((x) => x.record.actor),
      col((x) => x.record.at),
      col((x) => x.record.searchText),
      col((x) => x.history.unitCode),
      col((x) => JSON.stringify(x.history.changes ?? [])),
      col((x) => JSON.stringify(x.history.details ?? {})),
      ...Array.from({ length: 9 }, (_, k) => audits.map((a) => a[k])),
    ],
    tx,
  );
  if (Number(row?.records) !== items.length || Number(row?.audited) !== items.length) throw new Error(`insertRecords wrote ${row?.records} records and ${row?.audited} audit entries of ${items.length}`);
  return items.map(({ record }, i) => {
    const { actor, at, searchText: _searchText, ...state } = record;
    return { ...state, id: ids[i]!, version: 1, createdBy: actor, createdAt: at, updatedBy: actor, updatedAt: at, period: null, dueAt: null, withdrawnAt: null };
  });
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
            warnings = $17, version = version + 1, updated_by = $15, updated_at = $16, search_text = COALESCE($18, search_text)
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
      next.searchText ?? null,
    ],
    tx,
  );
  return changed === 1;
}

// A record's history lives in its own store; its readers import it from here as before.
export { everMoved, insertHistory, listHistory } from './record-history-store.js';
export type { HistoryView } from '../api/records.js';

/** Marks a record withdrawn if it still has `expectedVersion` (false otherwise); it stays, with its history, out of every list. */
export async function markWithdrawn(sequelize: Sequelize, id: string, expectedVersion: number, actor: string, at: Date, tx: Tx): Promise<boolean> {
  const changed = await execute(
    sequelize,
    `UPDATE records SET withdrawn_at = $3, withdrawn_by = $4, version = version + 1, state_seq = state_seq + 1, updated_by = $4, updated_at = $3
      WHERE id = $1 AND version = $2 AND withdrawn_at IS NULL`,
    [id, expectedVersion, at, actor],
    tx,
  );
  return changed === 1;
}
