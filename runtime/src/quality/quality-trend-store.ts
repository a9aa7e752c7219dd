/**
 * The quality measures of one unit's subtree month by month (the trend): each measure counted in
 * the month of its own moment — an entry in the month it was made, a return or a missed deadline
 * in the month it happened, a report in the month it was due, warnings in the month the record
 * was handed in — with the same definitions as the measures of a period (quality-store.ts), so a
 * month here equals the measures asked for that month. Measures of "now" (overdue, stale drafts)
 * have no history and no trend.
 */
import type { Sequelize } from 'sequelize';
import { selectRows } from '../platform/db/sql.js';
import { ENTRY_LAG, HANDED_IN, MODULES, ON_TIME, OPEN_WARNINGS, RETURNED, SUBMITTED_AT, modulesParam, reportLate, type QualityModuleSpec } from './quality-store.js';

/** The China-time month (2026-06) of a moment. */
const chinaMonth = (moment: string) => `to_char(${moment} AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM')`;

// $1 modules, $2 unit path, $3 from, $4 to (exclusive), $5 now.
const TREND = `WITH ${MODULES}, r AS (
    SELECT r.id, r.module_key, r.created_at, r.period, r.due_at, m.lim,
           r.state = ANY (m.drafts) AS is_draft, r.state = ANY (m.approved) AS is_approved,
           r.period IS NOT NULL AND NOT (r.state = ANY (m.drafts)) AS handed_in,
           jsonb_array_length(r.warnings) AS warning_count, ${ENTRY_LAG} AS lag, ${SUBMITTED_AT} AS submitted_at
      FROM records r
      JOIN units u ON u.code = r.unit_code
      JOIN m ON m.key = r.module_key
     WHERE u.path <@ $2::ltree
       -- Touched in the window (every history entry updates updated_at), or a report due in it.
       AND (r.updated_at >= $3 OR (r.period IS NOT NULL AND r.due_at >= $3 AND r.due_at < $4))
  ), entries AS (
    SELECT ${chinaMonth('created_at')} AS month, count(*)::int AS records,
           count(*) FILTER (WHERE lag IS NOT NULL)::int AS lag_counted,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) FILTER (WHERE lag IS NOT NULL) AS lag_median,
           count(*) FILTER (WHERE lag > lim)::int AS late_entries
      FROM r WHERE period IS NULL AND created_at >= $3 AND created_at < $4
     GROUP BY 1
  ), events AS (
    -- Each record's history in the window, month by month (a join, not a lookup per record).
    SELECT e.month, sum(e.returned)::int AS returned, sum(e.missed)::int AS missed_deadlines, sum(${OPEN_WARNINGS})::int AS open_warnings
      FROM (
        SELECT ${chinaMonth('h.at')} AS month, r.is_draft, r.warning_count,
               count(*) FILTER (WHERE ${RETURNED}) AS returned, count(*) FILTER (WHERE h.kind = 'overdue') AS missed,
               count(*) FILTER (WHERE ${HANDED_IN}) AS handed
          FROM r
          JOIN m ON m.key = r.module_key
          JOIN record_history h ON h.record_id = r.id
         WHERE h.at >= $3 AND h.at < $4 AND h.kind IN ('create', 'transition', 'overdue')
         GROUP BY r.id, 1, r.is_draft, r.warning_count
      ) e
     GROUP BY 1
  ), reports AS (
    SELECT ${chinaMonth('due_at')} AS month, count(*)::int AS reports_due,
           count(*) FILTER (WHERE ${ON_TIME})::int AS reports_on_time,
           count(*) FILTER (WHERE ${reportLate('$5')})::int AS reports_late,
           count(*) FILTER (WHERE handed_in)::int AS reports_submitted,
           count(*) FILTER (WHERE is_approved)::int AS reports_approved
      FROM r WHERE period IS NOT NULL AND due_at >= $3 AND due_at < $4
     GROUP BY 1
  )
  SELECT coalesce(e.month, v.month, p.month) AS month, e.records, e.lag_counted, e.lag_median, e.late_entries,
         v.returned, v.missed_deadlines, v.open_warnings,
         p.reports_due, p.reports_on_time, p.reports_late, p.reports_submitted, p.reports_approved
    FROM entries e
    FULL JOIN events v ON v.month = e.month
    FULL JOIN reports p ON p.month = coalesce(e.month, v.month)`;

// $1 unit path, $2 from, $3 to (exclusive).
const ACTIVE_USERS = `
  SELECT s.month, count(*)::int AS active_users
    FROM users usr
    JOIN units u ON u.code = usr.unit_code
    CROSS JOIN LATERAL (
      SELECT DISTINCT ${chinaMonth('a.at')} AS month FROM audit_log a
       WHERE a.actor = usr.username AND a.action = 'auth.login' AND a.outcome = 'ok' AND a.at >= $2 AND a.at < $3
    ) s
   WHERE u.path <@ $1::ltree
   GROUP BY 1`;

/** A month's counts; months without any are absent. */
export interface TrendRow {
  month: string;
  records: number;
  lagCounted: number;
  lagMedian: number | null;
  lateEntries: number;
  returned: number;
  missedDeadlines: number;
  openWarnings: number;
  reportsDue: number;
  reportsOnTime: number;
  reportsLate: number;
  reportsSubmitted: number;
  reportsApproved: number;
  activeUsers: number;
}

/** A month without any counts. */
export const EMPTY_MONTH: Omit<TrendRow, 'month'> = {
  records: 0,
  lagCounted: 0,
  lagMedian: null,
  lateEntries: 0,
  returned: 0,
  missedDeadlines: 0,
  openWarnings: 0,
  reportsDue: 0,
  reportsOnTime: 0,
  reportsLate: 0,
  reportsSubmitted: 0,
  reportsApproved: 0,
  activeUsers: 0,
};

/** The measures of a unit's subtree for each China-time month in [from, to), by month key. */
export async function trendMeasures(
  sequelize: Sequelize,
  modules: readonly QualityModuleSpec[],
  w: { unitPath: string; from: Date; to: Date; now: Date },
): Promise<Map<string, TrendRow>> {
  const [records, users] = await Promise.all([
    selectRows<{ month: string } & Record<string, number | string | null>>(sequelize, TREND, [modulesParam(modules), w.unitPath, w.from, w.to, w.now]),
    selectRows<{ month: string; active_users: number }>(sequelize, ACTIVE_USERS, [w.unitPath, w.from, w.to]),
  ]);
  const out = new Map<string, TrendRow>();
  const row = (month: string): TrendRow => {
    let found = out.get(month);
    if (!found) {
      found = { month, ...EMPTY_MONTH };
      out.set(month, found);
    }
    return found;
  };
  const n = (v: number | string | null | undefined) => (v === null || v === undefined ? 0 : Number(v));
  for (const r of records) {
    Object.assign(row(r.month), {
      records: n(r.records),
      lagCounted: n(r.lag_counted),
      lagMedian: r.lag_median === null || r.lag_median === undefined ? null : Number(r.lag_median),
      lateEntries: n(r.late_entries),
      returned: n(r.returned),
      missedDeadlines: n(r.missed_deadlines),
      openWarnings: n(r.open_warnings),
      reportsDue: n(r.reports_due),
      reportsOnTime: n(r.reports_on_time),
      reportsLate: n(r.reports_late),
      reportsSubmitted: n(r.reports_submitted),
      reportsApproved: n(r.reports_approved),
    });
  }
  for (const u of users) row(u.month).activeUsers = u.active_users;
  return out;
}
