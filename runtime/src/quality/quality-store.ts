/**
 * The data-quality measures in SQL, over what is stored (records, their history, users and the
 * audit log's sign-ins): one statement for records and reports, one for users, each grouped by
 * the child subtree below a unit (ltree `subpath`, as report roll-ups do) with the whole as a
 * GROUPING SET of its own.
 */
import type { Sequelize } from 'sequelize';
import { selectRows } from '../platform/db/sql.js';

/** What the measures read of one module (its quality block, defaults applied, and its states). */
export interface QualityModuleSpec {
  key: string;
  /** The matter's date as a path of keys, or null: no entry lag. */
  path: string[] | null;
  entryLimitDays: number;
  staleDraftDays: number;
  draftStates: string[];
  /** Report modules: the states whose reports count as approved. */
  approvedStates: string[];
}

export interface QualityWindow {
  /** The unit whose children are the buckets. */
  unitPath: string;
  from: Date;
  /** Exclusive. */
  to: Date;
  now: Date;
}

/** Measures of records and reports for one bucket (a child's path, the unit's own path) or the whole (null). */
export interface RecordMeasureRow {
  bucket: string | null;
  /** Set on the per-module rows (records entered by module); null on the aggregate rows. */
  moduleKey: string | null;
  records: number;
  lagCounted: number;
  lagMedian: number | null;
  lateEntries: number;
  overdueNow: number;
  missedDeadlines: number;
  staleDrafts: number;
  reportsDue: number;
  reportsOnTime: number;
  reportsLate: number;
  reportsSubmitted: number;
  reportsApproved: number;
  returned: number;
}

// $1 modules, $2 unit path, $3 its depth, $4 from, $5 to, $6 now.
const RECORD_MEASURES = `
  WITH m AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS m(key text, path text[], lim int, stale int, drafts text[], approved text[])
  ), s AS (
    SELECT CASE WHEN nlevel(u.path) > $3 THEN subpath(u.path, 0, $3 + 1) ELSE u.path END AS bucket,
           r.module_key, r.created_at, r.final, r.overdue_at, r.updated_at, r.period, r.due_at,
           r.state = ANY (m.drafts) AS is_draft, r.state = ANY (m.approved) AS is_approved, m.lim, m.stale,
           CASE WHEN m.path IS NOT NULL
                THEN (r.created_at AT TIME ZONE 'UTC' + interval '8 hours')::date - fw_try_date(r.data #>> m.path) END AS lag,
           CASE WHEN r.period IS NOT NULL THEN
             (SELECT max(h.at) FROM record_history h
               WHERE h.record_id = r.id AND h.kind = 'transition' AND h.from_state = ANY (m.drafts) AND NOT (h.to_state = ANY (m.drafts))) END AS submitted_at,
           hist.returned, hist.missed
      FROM records r
      JOIN units u ON u.code = r.unit_code
      JOIN m ON m.key = r.module_key
      CROSS JOIN LATERAL (
        SELECT count(*) FILTER (WHERE h.kind = 'transition' AND h.to_state = ANY (m.drafts) AND NOT (h.from_state = ANY (m.drafts)))::int AS returned,
               count(*) FILTER (WHERE h.kind = 'overdue')::int AS missed
          FROM record_history h
         WHERE h.record_id = r.id AND h.at >= $4 AND h.at < $5 AND h.kind IN ('transition', 'overdue')
      ) hist
     WHERE u.path <@ $2::ltree AND r.withdrawn_at IS NULL
       -- Only records some measure can count: open ones, those touched since the period began
       -- (created, moved or marked overdue in it: every history entry updates updated_at), reports due in it.
       AND (NOT r.final OR r.updated_at >= $4 OR (r.period IS NOT NULL AND r.due_at >= $4 AND r.due_at < $5))
  ), e AS (
    SELECT s.*, s.period IS NULL AND s.created_at >= $4 AND s.created_at < $5 AS entered,
           s.period IS NOT NULL AND s.due_at >= $4 AND s.due_at < $5 AS due,
           s.period IS NOT NULL AND NOT s.is_draft AS handed_in
      FROM s
  )
  SELECT e.bucket::text AS bucket, e.module_key, GROUPING(e.bucket) AS grand, GROUPING(e.module_key) AS all_modules,
         count(*) FILTER (WHERE entered)::int AS records,
         count(*) FILTER (WHERE entered AND lag IS NOT NULL)::int AS lag_counted,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) FILTER (WHERE entered AND lag IS NOT NULL) AS lag_median,
         count(*) FILTER (WHERE entered AND lag > lim)::int AS late_entries,
         count(*) FILTER (WHERE NOT final AND overdue_at IS NOT NULL)::int AS overdue_now,
         coalesce(sum(missed), 0)::int AS missed_deadlines,
         count(*) FILTER (WHERE period IS NULL AND NOT final AND is_draft AND updated_at < $6::timestamptz - stale * interval '1 day')::int AS stale_drafts,
         count(*) FILTER (WHERE due)::int AS reports_due,
         count(*) FILTER (WHERE due AND handed_in AND (submitted_at IS NULL OR submitted_at <= due_at))::int AS reports_on_time,
         count(*) FILTER (WHERE due AND ((handed_in AND submitted_at > due_at) OR (NOT handed_in AND due_at < $6)))::int AS reports_late,
         count(*) FILTER (WHERE due AND handed_in)::int AS reports_submitted,
         count(*) FILTER (WHERE due AND is_approved)::int AS reports_approved,
         coalesce(sum(returned), 0)::int AS returned
    FROM e
   GROUP BY GROUPING SETS ((e.bucket, e.module_key), (e.bucket), (e.module_key), ())`;

/** The record and report measures of every bucket below a unit, per module and over all modules. */
export async function recordMeasures(sequelize: Sequelize, modules: readonly QualityModuleSpec[], w: QualityWindow): Promise<RecordMeasureRow[]> {
  const spec = modules.map((m) => ({ key: m.key, path: m.path, lim: m.entryLimitDays, stale: m.staleDraftDays, drafts: m.draftStates, approved: m.approvedStates }));
  const rows = await selectRows<{
    bucket: string | null;
    module_key: string | null;
    grand: number;
    all_modules: number;
    records: number;
    lag_counted: number;
    lag_median: number | string | null;
    late_entries: number;
    overdue_now: number;
    missed_deadlines: number;
    stale_drafts: number;
    reports_due: number;
    reports_on_time: number;
    reports_late: number;
    reports_submitted: number;
    reports_approved: number;
    returned: number;
  }>(sequelize, RECORD_MEASURES, [JSON.stringify(spec), w.unitPath, w.unitPath.split('.').length, w.from, w.to, w.now]);
  return rows.map((r) => ({
    bucket: r.grand === 1 ? null : r.bucket,
    moduleKey: r.all_modules === 1 ? null : r.module_key,
    records: r.records,
    lagCounted: r.lag_counted,
    lagMedian: r.lag_median === null ? null : Number(r.lag_median),
    lateEntries: r.late_entries,
    overdueNow: r.overdue_now,
    missedDeadlines: r.missed_deadlines,
    staleDrafts: r.stale_drafts,
    reportsDue: r.reports_due,
    reportsOnTime: r.reports_on_time,
    reportsLate: r.reports_late,
    reportsSubmitted: r.reports_submitted,
    reportsApproved: r.reports_approved,
    returned: r.returned,
  }));
}

export interface UserMeasureRow {
  bucket: string | null;
  users: number;
  activeUsers: number;
  lastSignInAt: Date | null;
}

// Sign-ins are read from the audit log (sessions end at sign-out; the log keeps them).
const USER_MEASURES = `
  SELECT s.bucket::text AS bucket, GROUPING(s.bucket) AS grand,
         count(*) FILTER (WHERE s.status = 'active')::int AS users,
         count(*) FILTER (WHERE s.signed_in)::int AS active_users,
         max(s.last_sign_in) AS last_sign_in
    FROM (
      SELECT CASE WHEN nlevel(u.path) > $2 THEN subpath(u.path, 0, $2 + 1) ELSE u.path END AS bucket, usr.status,
             EXISTS (SELECT 1 FROM audit_log a WHERE a.actor = usr.username AND a.action = 'auth.login' AND a.outcome = 'ok' AND a.at >= $3 AND a.at < $4) AS signed_in,
             (SELECT max(a.at) FROM audit_log a WHERE a.actor = usr.username AND a.action = 'auth.login' AND a.outcome = 'ok') AS last_sign_in
        FROM users usr JOIN units u ON u.code = usr.unit_code
       WHERE u.path <@ $1::ltree
    ) s
   GROUP BY GROUPING SETS ((s.bucket), ())`;

/** Users, those who signed in during the window, and the last sign-in, per bucket below a unit. */
export async function userMeasures(sequelize: Sequelize, w: QualityWindow): Promise<UserMeasureRow[]> {
  const rows = await selectRows<{ bucket: string | null; grand: number; users: number; active_users: number; last_sign_in: Date | null }>(sequelize, USER_MEASURES, [
    w.unitPath,
    w.unitPath.split('.').length,
    w.from,
    w.to,
  ]);
  return rows.map((r) => ({ bucket: r.grand === 1 ? null : r.bucket, users: r.users, activeUsers: r.active_users, lastSignInAt: r.last_sign_in && new Date(r.last_sign_in) }));
}
