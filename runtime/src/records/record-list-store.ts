/**
 * Record lists: filters, text search over the title fields, ordering by a column, keyset pages
 * and totals. SQL text comes from fixed fragments only; every value (JSON Pointer paths
 * included) is a bind parameter.
 */
import type { Sequelize } from 'sequelize';
import { execute, selectOne, selectRows } from '../platform/db/sql.js';
import { SELECT, toRecord, type Row, type StoredRecord } from './record-store.js';

/** A built-in order of lists, or a data field's (its path as JSON Pointer segments). */
export type OrderKey = 'createdAt' | 'updatedAt' | 'deadlineAt' | 'period' | { path: string[] };

export interface ListOrder {
  by: OrderKey;
  order: 'asc' | 'desc';
}

/** The default order: newest first. */
export const NEWEST_FIRST: ListOrder = { by: 'createdAt', order: 'desc' };

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
  /** Text search: a substring of the title fields (and of the unit name and period, when the title holds them). */
  search?: { text: string; unitName: boolean; period: boolean };
}

/** A page of a list: after the previous page's last (sort value, id). */
export interface PageRequest {
  order: ListOrder;
  after?: { value: string; id: string };
  limit: number;
}

/** A listed record and the text of its sort value (for the next page's cursor). */
export type ListedRecord = StoredRecord & { sortValue: string };

/** The SQL of an order key, and the type its cursor value is read back as. */
function orderExpression(by: OrderKey, param: string): { sql: string; type: string } {
  if (by === 'createdAt') return { sql: 'r.created_at', type: 'timestamptz' };
  if (by === 'updatedAt') return { sql: 'r.updated_at', type: 'timestamptz' };
  if (by === 'deadlineAt') return { sql: "COALESCE(r.deadline_at, 'infinity'::timestamptz)", type: 'timestamptz' };
  if (by === 'period') return { sql: "COALESCE(r.period, '')", type: 'text' };
  // A missing value is JSON null, which orders before every other value.
  return { sql: `COALESCE(r.data #> ${param}::text[], 'null'::jsonb)`, type: 'jsonb' };
}

/** `%text%` for ILIKE, its wildcards taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The WHERE clause of a filter (no page), with its parameters from `$1`. */
function whereOf(f: RecordFilter): { where: string; bind: unknown[] } {
  const bind: unknown[] = [];
  const p = (value: unknown) => {
    bind.push(value);
    return `$${bind.length}`;
  };
  const parts = [`r.module_key = ${p(f.moduleKey)}`, 'r.withdrawn_at IS NULL'];
  const scope = p(f.scopePath);
  parts.push(`(u.path <@ ${scope}::ltree OR a.path <@ ${scope}::ltree)`);
  if (f.unitPath !== undefined) parts.push(`u.path <@ ${p(f.unitPath)}::ltree`);
  if (f.state !== undefined) parts.push(`r.state = ${p(f.state)}`);
  if (f.dataFilter !== undefined) parts.push(`r.data @> ${p(JSON.stringify(f.dataFilter))}::jsonb`);
  if (f.from !== undefined) parts.push(`r.created_at >= ${p(f.from)}::timestamptz`);
  if (f.to !== undefined) parts.push(`r.created_at < ${p(f.to)}::timestamptz`);
  if (f.overdue !== undefined) parts.push(`(r.overdue_at IS NOT NULL) = ${p(f.overdue)}::boolean`);
  if (f.period !== undefined) parts.push(`r.period = ${p(f.period)}`);
  if (f.search) {
    const pattern = p(containsPattern(f.search.text));
    if (f.search.unitName || f.search.period) {
      // Unit names and periods are not in search_text: matched beside it (a report module's records are few).
      parts.push(`(r.search_text ILIKE ${pattern}${f.search.unitName ? ` OR u.name ILIKE ${pattern}` : ''}${f.search.period ? ` OR r.period ILIKE ${pattern}` : ''})`);
    } else if ([...f.search.text].length >= 3) {
      // The trigram index finds the candidates; ILIKE keeps those that hold the whole text.
      parts.push(`fw_grams(r.search_text) @> fw_grams(${p(f.search.text)})`, `r.search_text ILIKE ${pattern}`);
    } else {
      parts.push(`r.search_text ILIKE ${pattern}`);
    }
  }
  return { where: parts.join('\n        AND '), bind };
}

/** A page of the records matching a filter, in the page's order (then by id, the same way). */
export async function listRecords(sequelize: Sequelize, f: RecordFilter, page: PageRequest): Promise<ListedRecord[]> {
  const { where, bind } = whereOf(f);
  const path = typeof page.order.by === 'object' ? `$${bind.push(page.order.by.path)}` : '';
  const key = orderExpression(page.order.by, path);
  const direction = page.order.order === 'asc' ? 'ASC' : 'DESC';
  let after = '';
  if (page.after) {
    const value = `$${bind.push(page.after.value)}`;
    const id = `$${bind.push(page.after.id)}`;
    after = `\n        AND (${key.sql}, r.id) ${page.order.order === 'asc' ? '>' : '<'} (${value}::${key.type}, ${id}::uuid)`;
  }
  const limit = `$${bind.push(page.limit)}`;
  const rows = await selectRows<Row & { sort_value: string }>(
    sequelize,
    `${SELECT.replace('SELECT r.*,', `SELECT r.*, (${key.sql})::text AS sort_value,`)}
      WHERE ${where}${after}
      ORDER BY ${key.sql} ${direction}, r.id ${direction}
      LIMIT ${limit}`,
    bind,
  );
  return rows.map((r) => ({ ...toRecord(r), sortValue: r.sort_value }));
}

/** The totals of a filter: how many records match, and the sum of each numeric field asked for (by JSON Pointer segments). */
export async function totalRecords(sequelize: Sequelize, f: RecordFilter, sums: readonly string[][]): Promise<{ count: number; sums: (number | null)[] }> {
  const { where, bind } = whereOf(f);
  const columns = sums.map((path, i) => {
    const param = `$${bind.push(path)}::text[]`;
    return `, sum(CASE WHEN jsonb_typeof(r.data #> ${param}) = 'number' THEN (r.data #>> ${param})::numeric END)::float8 AS s${i}`;
  });
  const row = await selectOne<Record<string, number | null>>(
    sequelize,
    `SELECT count(*)::int AS n${columns.join('')}
       FROM records r
       JOIN units u ON u.code = r.unit_code
       JOIN units a ON a.code = r.assigned_unit
      WHERE ${where}`,
    bind,
  );
  return { count: Number(row?.n ?? 0), sums: sums.map((_, i) => (row?.[`s${i}`] ?? null) as number | null) };
}

/** Records whose search text was never written (stored before titles were indexed), a batch at a time. */
export async function unindexedRecords(sequelize: Sequelize, limit: number): Promise<{ id: string; moduleKey: string; moduleVersion: number; data: Record<string, unknown> }[]> {
  const rows = await selectRows<{ id: string; module_key: string; module_version: number; data: Record<string, unknown> }>(
    sequelize,
    'SELECT id, module_key, module_version, data FROM records WHERE search_text IS NULL LIMIT $1',
    [limit],
  );
  return rows.map((r) => ({ id: r.id, moduleKey: r.module_key, moduleVersion: r.module_version, data: r.data }));
}

/** Stores search texts by record id (only where none is stored yet: a write meanwhile wrote its own). */
export async function storeSearchTexts(sequelize: Sequelize, texts: readonly { id: string; text: string }[]): Promise<void> {
  if (texts.length === 0) return;
  await execute(
    sequelize,
    `UPDATE records r SET search_text = x.text
       FROM jsonb_to_recordset($1::jsonb) AS x (id uuid, text text)
      WHERE r.id = x.id AND r.search_text IS NULL`,
    [JSON.stringify(texts)],
  );
}
