/** Counts of records grouped for overviews and dashboards: one SQL statement per grouping. */
import type { Sequelize } from 'sequelize';
import { selectRows } from '../platform/db/sql.js';

/** How records are counted: by state, by a field's value, by a date field's month, or by the child unit below a unit. */
export type StatsGrouping = { kind: 'state' } | { kind: 'field'; path: string[] } | { kind: 'month'; path: string[] } | { kind: 'unit'; depth: number };

/** The day a record counts on for a period: its matter's date (at the path in parameter `n`), else the China-time day it was entered. */
const dayOf = (n: number) => `COALESCE(fw_try_date(r.data #>> $${n}::text[]), (r.created_at AT TIME ZONE 'UTC' + interval '8 hours')::date)`;

/** Counts of a module's records in a scope, grouped one way. */
export async function countRecordsBy(
  sequelize: Sequelize,
  q: {
    moduleKey: string;
    scopePath: string;
    unitPath?: string;
    state?: string;
    dataFilter?: Record<string, unknown>;
    /** A period (days, inclusive) of the matter's date at `datePath`, else of the China-time day of entry. */
    period?: { from?: string; to?: string; datePath?: string[] };
    by: StatsGrouping;
  },
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
  // The period's parameters follow the grouping's: the date path, then the first and last day.
  const p = 6 + extra.length;
  const rows = await selectRows<{ key: string | null; n: number }>(
    sequelize,
    `SELECT ${key} AS key, count(*)::int AS n
       FROM records r JOIN units u ON u.code = r.unit_code JOIN units a ON a.code = r.assigned_unit
      WHERE r.module_key = $1 AND r.withdrawn_at IS NULL
        AND (u.path <@ $2::ltree OR a.path <@ $2::ltree)
        AND ($3::ltree IS NULL OR u.path <@ $3::ltree)
        AND ($4::text IS NULL OR r.state = $4)
        AND ($5::jsonb IS NULL OR r.data @> $5::jsonb)
        AND ($${p + 1}::date IS NULL OR ${dayOf(p)} >= $${p + 1}::date)
        AND ($${p + 2}::date IS NULL OR ${dayOf(p)} <= $${p + 2}::date)
      GROUP BY 1
      ORDER BY 2 DESC, 1`,
    [
      q.moduleKey,
      q.scopePath,
      q.unitPath ?? null,
      q.state ?? null,
      q.dataFilter ? JSON.stringify(q.dataFilter) : null,
      ...extra,
      q.period?.datePath ?? null,
      q.period?.from ?? null,
      q.period?.to ?? null,
    ],
  );
  return rows.map((r) => ({ key: r.key, count: r.n }));
}
