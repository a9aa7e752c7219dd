/** The records of a dataset, read in keyset-ordered batches: an export never holds them all. */
import type { Sequelize } from 'sequelize';
import { parsePointer } from '../../../engine/src/index.js';
import { selectRows } from '../platform/db/sql.js';
import type { RowSource } from './dataset-rows.js';
import { sqlValue } from './dataset-copy.js';

export interface DatasetFilter {
  moduleKey: string;
  /** ltree path: records of units at or below it (or held by one). */
  scopePath: string;
  states: readonly string[] | null;
  /** The dataset's date: a data pointer, or the record's creation or update time. */
  dateField: string;
  /** Inclusive lower and exclusive upper bounds: days (YYYY-MM-DD) for a data field, moments for @createdAt/@updatedAt. */
  from: string | Date | null;
  to: string | Date | null;
}

interface Row {
  id: string;
  unit_code: string;
  state: string;
  created_at: Date;
  /** created_at as PostgreSQL prints it: to the microsecond, where a Date keeps milliseconds. */
  created_key: string;
  updated_at: Date;
  module_version: number;
  unit_path: string;
  data: unknown;
}

/**
 * The records a filter selects: $1–$8 (see predicateParams), with the record's own unit as `u`
 * unless `withUnit` is false.
 * The subtree is two semi-joins rather than joins on both units, so PostgreSQL can read the
 * records in the order of their (module, creation) index instead of sorting them all.
 */
function predicate(dateColumn: string | null, withUnit = true): string {
  const at = dateColumn ?? "'-infinity'::timestamptz";
  return `FROM records r
       ${withUnit ? 'JOIN units u ON u.code = r.unit_code' : ''}
      WHERE r.module_key = $1 AND r.withdrawn_at IS NULL
        AND (r.unit_code IN (SELECT code FROM units WHERE path <@ $2::ltree) OR r.assigned_unit IN (SELECT code FROM units WHERE path <@ $2::ltree))
        AND ($3::text[] IS NULL OR r.state = ANY ($3))
        AND ($4::timestamptz IS NULL OR ${at} >= $4)
        AND ($5::timestamptz IS NULL OR ${at} < $5)
        AND ($6::text IS NULL OR (r.data #>> $8::text[]) >= $6)
        AND ($7::text IS NULL OR (r.data #>> $8::text[]) < $7)`;
}

const dateColumnOf = (f: DatasetFilter) => (f.dateField === '@updatedAt' ? 'r.updated_at' : f.dateField === '@createdAt' ? 'r.created_at' : null);

/** How many records a filter selects (for a progress bar). */
export async function countDatasetRows(sequelize: Sequelize, f: DatasetFilter): Promise<number> {
  const dateColumn = dateColumnOf(f);
  const rows = await selectRows<{ n: string }>(sequelize, `SELECT count(*) AS n ${predicate(dateColumn, false)}`, predicateParams(f, dateColumn));
  return Number(rows[0]?.n ?? 0);
}

function predicateParams(f: DatasetFilter, dateColumn: string | null): unknown[] {
  return [
    f.moduleKey,
    f.scopePath,
    f.states,
    dateColumn && f.from ? f.from : null,
    dateColumn && f.to ? f.to : null,
    !dateColumn && f.from ? String(f.from) : null,
    !dateColumn && f.to ? String(f.to) : null,
    dateColumn ? [] : parsePointer(f.dateField),
  ];
}

/**
 * The COPY statement writing a filter's records as CSV in creation order: `values` are the
 * inner query's data values (`… AS c0`), `cells` the expressions of the row's cells over them
 * (see dataset-copy.ts). COPY takes no bind parameters, so the filter's values are written into
 * it as literals (pg's escaping).
 */
export function datasetCopySql(f: DatasetFilter, values: readonly string[], cells: readonly string[]): string {
  const dateColumn = dateColumnOf(f);
  const params = predicateParams(f, dateColumn);
  const where = predicate(dateColumn, false).replace(/\$(\d+)/g, (_, n: string) => sqlValue(params[Number(n) - 1]));
  // OFFSET 0 keeps the inner query whole: each data value is read once, in the index's order.
  return `COPY (SELECT ${cells.join(', ')}
                  FROM (SELECT r.id, r.unit_code, r.state, r.created_at, r.updated_at, r.module_version${values.map((v) => `, ${v}`).join('')}
                          ${where}
                         ORDER BY r.created_at, r.id OFFSET 0) AS x) TO STDOUT WITH (FORMAT csv)`;
}

/** Batches of records in creation order; each batch starts after the last of the one before. */
export async function* datasetBatches(sequelize: Sequelize, f: DatasetFilter, batchSize = 5_000): AsyncGenerator<RowSource[]> {
  const dateColumn = dateColumnOf(f);
  let after: { at: string; id: string } | null = null;
  for (;;) {
    // The keyset bound is written only once there is one: an `IS NULL OR` around it would keep
    // the index from starting at it, and every batch would scan from the beginning.
    const rows: Row[] = await selectRows<Row>(
      sequelize,
      `SELECT r.id, r.unit_code, u.path::text AS unit_path, r.state, r.created_at, r.created_at::text AS created_key, r.updated_at, r.module_version, r.data
         ${predicate(dateColumn)}
          ${after ? 'AND (r.created_at, r.id) > ($10::timestamptz, $11::uuid)' : ''}
        ORDER BY r.created_at, r.id
        LIMIT $9`,
      [...predicateParams(f, dateColumn), batchSize, ...(after ? [after.at, after.id] : [])],
    );
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      id: r.id,
      unitCode: r.unit_code,
      state: r.state,
      createdAt: new Date(r.created_at),
      updatedAt: new Date(r.updated_at),
      moduleVersion: r.module_version,
      unitPath: r.unit_path,
      data: r.data,
    }));
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    after = { at: last.created_key, id: last.id };
  }
}

/**
 * The records of a module, in a subtree, that import keys name: by record id (`@id`) or by a
 * data field's text. Keys that are no record id are left out of an id lookup; ids answer in lower case.
 */
export async function recordsByKey(sequelize: Sequelize, moduleKey: string, scopePath: string, source: string, keys: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  const byId = source === '@id';
  const wanted = byId ? keys.filter((k) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(k)) : [...keys];
  for (let i = 0; i < wanted.length; i += 5_000) {
    const part = wanted.slice(i, i + 5_000);
    const rows = await selectRows<{ id: string; key: string }>(
      sequelize,
      `SELECT r.id, ${byId ? 'r.id::text' : 'r.data #>> $4::text[]'} AS key
         FROM records r
         JOIN units u ON u.code = r.unit_code
         JOIN units a ON a.code = r.assigned_unit
        WHERE r.module_key = $1
          AND (u.path <@ $2::ltree OR a.path <@ $2::ltree)
          AND ${byId ? 'r.id = ANY ($3::uuid[])' : '(r.data #>> $4::text[]) = ANY ($3::text[])'}`,
      byId ? [moduleKey, scopePath, part] : [moduleKey, scopePath, part, parsePointer(source)],
    );
    for (const row of rows) found.set(row.key, [...(found.get(row.key) ?? []), row.id]);
  }
  return found;
}

/**
 * The key (a data field's text) of each of these records of a module, by id (in lower case):
 * what an export writes for a column that names records of another module.
 */
export async function keysOfRecords(sequelize: Sequelize, moduleKey: string, keyField: string, ids: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const wanted = ids.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
  for (let i = 0; i < wanted.length; i += 5_000) {
    const rows = await selectRows<{ id: string; key: string | null }>(
      sequelize,
      'SELECT r.id::text AS id, r.data #>> $3::text[] AS key FROM records r WHERE r.module_key = $1 AND r.id = ANY ($2::uuid[])',
      [moduleKey, wanted.slice(i, i + 5_000), parsePointer(keyField)],
    );
    for (const row of rows) if (row.key !== null) found.set(row.id.toLowerCase(), row.key);
  }
  return found;
}
