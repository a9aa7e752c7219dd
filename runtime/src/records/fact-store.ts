/** Facts and links over other records (counts, sums, lookups, linked lists): SQL text from fixed fragments only. */
import type { Sequelize } from 'sequelize';
import { selectOne, selectRows, type Tx } from '../platform/db/sql.js';

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
    'r.withdrawn_at IS NULL',
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

/** Facts read inside a write's transaction run on its connection (`tx`): never a second one. */
export async function countRecords(sequelize: Sequelize, q: FactQuery, tx?: Tx): Promise<number> {
  const { where, bind } = factFilter(q);
  const row = await selectOne<{ n: number }>(sequelize, `SELECT count(*)::int AS n ${FACT_FROM} WHERE ${where}`, bind, tx);
  return row?.n ?? 0;
}

export async function sumRecords(sequelize: Sequelize, q: FactQuery, path: string[], tx?: Tx): Promise<number> {
  const { where, bind } = factFilter(q, 2);
  const row = await selectOne<{ total: number | null }>(
    sequelize,
    `SELECT sum(CASE WHEN jsonb_typeof(r.data #> $1::text[]) = 'number' THEN (r.data #>> $1::text[])::numeric END)::float8 AS total
       ${FACT_FROM} WHERE ${where}`,
    [path, ...bind],
    tx,
  );
  return row?.total ?? 0;
}

/** A count (no `sumPath`) or a sum of a field over the records a query matches. */
export interface Figure {
  query: FactQuery;
  sumPath?: string[];
}

/** Many counts and sums in one statement (a report's pre-filled figures), in the order asked. */
export async function figures(sequelize: Sequelize, list: readonly Figure[], tx?: Tx): Promise<number[]> {
  if (list.length === 0) return [];
  const bind: unknown[] = [];
  const columns = list.map((figure, i) => {
    let value = 'count(*)::float8';
    if (figure.sumPath) {
      bind.push(figure.sumPath);
      const path = `$${bind.length}`;
      value = `sum(CASE WHEN jsonb_typeof(r.data #> ${path}::text[]) = 'number' THEN (r.data #>> ${path}::text[])::numeric END)::float8`;
    }
    const filter = factFilter(figure.query, bind.length + 1);
    bind.push(...filter.bind);
    return `(SELECT ${value} ${FACT_FROM} WHERE ${filter.where}) AS f${i}`;
  });
  const row = await selectOne<Record<string, number | null>>(sequelize, `SELECT ${columns.join(',\n ')}`, bind, tx);
  return list.map((_, i) => row?.[`f${i}`] ?? 0);
}

export async function lookupRecord(sequelize: Sequelize, q: FactQuery, tx?: Tx): Promise<Record<string, unknown> | undefined> {
  const [first] = await listMatching(sequelize, q, 1, tx);
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
export async function listMatching(sequelize: Sequelize, q: FactQuery, limit: number, tx?: Tx): Promise<LinkedRecord[]> {
  const { where, bind } = factFilter(q, 2);
  const rows = await selectRows<{ id: string; state: string; module_version: number; unit_code: string; data: Record<string, unknown>; updated_at: Date }>(
    sequelize,
    `SELECT r.id, r.state, r.module_version, r.unit_code, r.data, r.updated_at ${FACT_FROM} WHERE ${where} ORDER BY r.updated_at DESC LIMIT $1`,
    [limit, ...bind],
    tx,
  );
  return rows.map((r) => ({ id: r.id, state: r.state, moduleVersion: r.module_version, unitCode: r.unit_code, data: r.data, updatedAt: new Date(r.updated_at).toISOString() }));
}
