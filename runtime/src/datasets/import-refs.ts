/**
 * Dataset columns that name records of another module (`ref`: a module and its key field, e.g.
 * an inspection team's finding number). On import, a cell holds the key: the file's keys are
 * looked up at once among the importer's records (those of the caller's subtree) and each cell
 * is stored as the id of the record it names; a key naming none, or several, is a problem of its
 * cell. Once a batch's records are written, each record named gets the new record's id at the
 * ref's `link` field (when that is still empty), as a workflow step's `create` event links its
 * new record back — a finding's clue. On export the stored id is written back as the key.
 */
import type { Transaction } from 'sequelize';
import { getAt, parsePointer, setAt } from '../../../engine/src/index.js';
import type { SessionUser } from '../identity/identity-store.js';
import type { Database } from '../platform/db/database.js';
import { deadlineOf } from '../records/record-effects.js';
import type { RecordService } from '../records/record-service.js';
import { findRecord, type StoredRecord } from '../records/record-store.js';
import type { PlannedColumn, RowSource } from './dataset-rows.js';
import { keysOfRecords } from './dataset-store.js';
import type { CellProblem, rowData } from './import-map.js';

type Mapped = ReturnType<typeof rowData>;
type RefColumn = PlannedColumn & { ref: NonNullable<PlannedColumn['ref']> };

/** The columns of a dataset that name other modules' records. */
export function refColumns(columns: readonly PlannedColumn[]): RefColumn[] {
  return columns.filter((c): c is RefColumn => c.ref !== undefined && c.source.startsWith('/'));
}

/**
 * Each row's `ref` cells made into the ids of the records they name, in place: one lookup per
 * column for the whole file (`lookup`: the records of the caller's subtree whose key field holds
 * one of the keys); a key naming no record or several leaves its cell out, with its problem.
 */
export async function resolveRefs(
  columns: readonly PlannedColumn[],
  rows: readonly Mapped[],
  lookup: (module: string, field: string, keys: string[]) => Promise<Map<string, string[]>>,
  moduleTitle: (module: string) => Promise<string>,
): Promise<void> {
  for (const column of refColumns(columns)) {
    const keyOf = (mapped: Mapped) => {
      const value = getAt(mapped.data, column.source);
      return value === undefined || value === null || value === '' ? undefined : String(value).trim();
    };
    const keys = [...new Set(rows.map(keyOf).filter((k): k is string => k !== undefined))];
    if (keys.length === 0) continue;
    const found = await lookup(column.ref.module, column.ref.key, keys);
    const module = await moduleTitle(column.ref.module);
    for (const mapped of rows) {
      const key = keyOf(mapped);
      if (key === undefined) continue;
      const ids = found.get(key) ?? [];
      if (ids.length === 1) {
        setAt(mapped.data, column.source, ids[0]);
        continue;
      }
      removeAt(mapped.data, column.source);
      const params = { column: column.title, value: key, module, count: ids.length };
      const problem: CellProblem = { column: column.code, code: ids.length === 0 ? 'FW_DATASET_IMPORT_REF_UNKNOWN' : 'FW_DATASET_IMPORT_REF_AMBIGUOUS', params };
      mapped.problems.push(problem);
    }
  }
}

/**
 * The links back of a batch's new records, in its transaction: each record a `ref` column with a
 * `link` names gets the new record's id there, unless it holds one already (a clue handed over
 * before, or by an earlier row). The write is an update of that record, checked by no workflow
 * (as a `create` event's link is not): with its history and a `record.update` audit entry naming
 * the dataset, the row and the record linked.
 */
export async function linkBack(
  db: Database,
  records: RecordService,
  caller: SessionUser,
  columns: readonly PlannedColumn[],
  created: readonly { record: StoredRecord; row: number }[],
  details: { import: string; requestId: string },
  tx: Transaction,
): Promise<void> {
  const links = refColumns(columns).filter((c) => c.ref.link !== undefined);
  if (links.length === 0) return;
  for (const { record, row } of created) {
    for (const column of links) {
      const id = getAt(record.data, column.source);
      if (typeof id !== 'string') continue;
      const target = await findRecord(db.sequelize, id, tx, true);
      const link = column.ref.link!;
      if (!target || !isEmpty(getAt(target.data, link))) continue;
      const data = structuredClone(target.data ?? {});
      setAt(data, link, record.id);
      const compiled = await records.compiledOf(target);
      const { result } = await records.blockingProblems(compiled, target, data, target.state, tx);
      const deadline = deadlineOf(compiled, target.state, target.stateEnteredAt, result.data, target.dueAt);
      const prepared = { record: target, compiled, result, derived: { ...target.derived, ...result.derived }, deadline, now: record.createdAt };
      await records.updatePrepared(caller, prepared, details.requestId, { import: details.import, row, linked: record.id }, tx);
    }
  }
}

/**
 * Batches of records with each `ref` column's id replaced by the key of the record it names (one
 * query per batch and column), so that an exported file can be imported again as it is. An id
 * whose record is gone stays as it is.
 */
export async function* withRefKeys(db: Database, columns: readonly PlannedColumn[], batches: AsyncIterable<RowSource[]>): AsyncGenerator<RowSource[]> {
  const refs = refColumns(columns);
  for await (const batch of batches) {
    if (refs.length === 0) {
      yield batch;
      continue;
    }
    const out = batch.map((record) => ({ ...record, data: structuredClone(record.data) }));
    for (const column of refs) {
      const ids = [...new Set(out.map((r) => getAt(r.data, column.source)).filter((v): v is string => typeof v === 'string'))];
      if (ids.length === 0) continue;
      const keys = await keysOfRecords(db.reader, column.ref.module, column.ref.key, ids);
      for (const record of out) {
        const id = getAt(record.data, column.source);
        const key = typeof id === 'string' ? keys.get(id.toLowerCase()) : undefined;
        if (key !== undefined && record.data && typeof record.data === 'object') setAt(record.data as Record<string, unknown>, column.source, key);
      }
    }
    yield out;
  }
}

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

function removeAt(data: Record<string, unknown>, pointer: string): void {
  const segments = parsePointer(pointer);
  let node: unknown = data;
  for (const segment of segments.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Record<string, unknown>)[segment];
  }
  if (node !== null && typeof node === 'object') delete (node as Record<string, unknown>)[segments[segments.length - 1]!];
}
