/**
 * Import keys: a dataset's `importKey` column names the record a row updates. A row's key is
 * its cell in that column (a record id, or a data field's value as text); a key given twice in
 * one file is refused on its later rows; a key found among the importer's records makes the row
 * an update of that record; a record id found nowhere in scope is refused, a data field's value
 * found nowhere creates a new record.
 */
import { getAt, problem, type ErrorCode } from '../../../engine/src/index.js';
import type { RowProblem } from '../api/datasets.js';
import type { PlannedColumn } from './dataset-rows.js';
import type { rowData } from './import-map.js';

type Mapped = ReturnType<typeof rowData>;

/** What a row's key decides. */
export type KeyDecision = { create: true } | { update: string } | { problem: RowProblem };

export class ImportKeys {
  private readonly firstRow = new Map<string, number>();

  private constructor(
    readonly column: PlannedColumn,
    private readonly found: Map<string, string[]>,
  ) {}

  /**
   * The key column of a dataset (none: every row creates), with the records its keys name, looked
   * up in one pass by `lookup` (the records of the caller's subtree).
   */
  static async of(columns: readonly PlannedColumn[], importKey: string | null, rows: readonly Mapped[], lookup: (source: string, keys: string[]) => Promise<Map<string, string[]>>): Promise<ImportKeys | undefined> {
    const column = importKey ? columns.find((c) => c.code === importKey) : undefined;
    if (!column) return undefined;
    const keys = [...new Set(rows.map((m) => keyOf(column, m)).filter((k): k is string => k !== undefined))];
    return new ImportKeys(column, keys.length > 0 ? await lookup(column.source, keys) : new Map());
  }

  /** The row's key (undefined: the key cell is empty). */
  keyOf(mapped: Mapped): string | undefined {
    return keyOf(this.column, mapped);
  }

  /** Whether the row creates, updates a record (its id), or is refused; call once per row, in file order. */
  decide(row: number, mapped: Mapped): KeyDecision {
    const key = this.keyOf(mapped);
    if (key === undefined) return { create: true };
    const refuse = (code: ErrorCode, params: Record<string, unknown>): KeyDecision => ({ problem: { row, column: this.column.code, code, message: problem('', code, params).message['zh-CN'] ?? code } });
    const column = this.column.title;
    const first = this.firstRow.get(key);
    if (first !== undefined) return refuse('FW_DATASET_IMPORT_DUPLICATE_KEY', { column, value: key, first });
    this.firstRow.set(key, row);
    const ids = this.found.get(key) ?? [];
    if (ids.length > 1) return refuse('FW_DATASET_IMPORT_KEY_AMBIGUOUS', { column, value: key, count: ids.length });
    if (ids.length === 1) return { update: ids[0]! };
    if (this.column.source === '@id') return refuse('FW_DATASET_IMPORT_KEY_UNKNOWN', { column, value: key });
    return { create: true };
  }
}

function keyOf(column: PlannedColumn, mapped: Mapped): string | undefined {
  if (column.source === '@id') return mapped.recordId?.toLowerCase();
  const value = getAt(mapped.data, column.source);
  return value === undefined || value === null || value === '' ? undefined : String(value);
}
