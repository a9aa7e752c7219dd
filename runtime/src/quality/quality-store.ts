/**
 * The data-quality measures in SQL, over what is stored (records, their history, users and the
 * audit log's sign-ins): one statement for records and reports, one for users, each grouped by
 * the child subtree below a unit (ltree `subpath`, as report roll-ups do) with the whole as a
 * GROUPING SET of its own. What each record counts for is said once ({@link recordFacts}): the
 * drill-down lists (quality-records-store.ts) read the same facts.
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
  openWarnings: number;
}

/** The measured modules as rows (`$1`: their specs as JSON). */
export const MODULES = `m AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS m(key text, path text[], lim int, stale int, drafts text[], approved text[])
  )`;

/** A record `r`'s entry lag (module `m`): China days from the matter's date to the record's creation. */
export const ENTRY_LAG = `CASE WHEN m.path IS NOT NULL
    THEN (r.created_at AT TIME ZONE 'UTC' + interval '8 hours')::date - fw_try_date(r.data #>> m.path) END`;

/** When a report record `r` was last handed in (left a draft state); null for other records. */
export const SUBMITTED_AT = `CASE WHEN r.period IS NOT NULL THEN
    (SELECT max(h.at) FROM record_history h
      WHERE h.record_id = r.id AND h.kind = 'transition' AND h.from_state = ANY (m.drafts) AND NOT (h.to_state = ANY (m.drafts))) END`;

/** History entry `h` returned its record for correction: back to a draft state from one that is not. */
export const RETURNED = `h.kind = 'transition' AND h.to_state = ANY (m.drafts) AND NOT (h.from_state = ANY (m.drafts))`;
/** History entry `h` handed its record in: left a draft state, or created it past one. */
export const HANDED_IN = `((h.kind = 'transition' AND h.from_state = ANY (m.drafts)) OR h.kind = 'create') AND NOT (h.to_state = ANY (m.drafts))`;

/** A report row (columns due_at, submitted_at, handed_in) handed in by its due time. */
export const ON_TIME = `handed_in AND (submitted_at IS NULL OR submitted_at <= due_at)`;
/** A report row handed in after its due time, or still out after it (`now`: the parameter of the current time). */
export const reportLate = (now: string) => `(handed_in AND submitted_at > due_at) OR (NOT handed_in AND due_at < ${now})`;
/** Warnings left on a record (columns handed, is_draft, warning_count) handed in during the window and not back in a draft now. */
export const OPEN_WARNINGS = `CASE WHEN handed > 0 AND NOT is_draft THEN warning_count ELSE 0 END`;

/**
 * Each record some measure can count in the window, with what it counts for (columns of `f`):
 * entered, lag, late, overdue_now, missed (and last_missed), stale_draft, due, handed_in,
 * on_time, report_late, is_approved, returned (and last_returned), open_warnings; `bucket` is the
 * child subtree of the unit it falls in. `scope` picks the records: the unit's whole subtree, or
 * the unit's own. Binds $1 modules, $2 unit path, $3 its depth, $4 from, $5 to (exclusive), $6 now.
 */
export function recordFacts(scope: 'subtree' | 'own'): string {
  return `WITH ${MODULES}, s AS (
    SELECT CASE WHEN nlevel(u.path) > $3 THEN subpath(u.path, 0, $3 + 1) ELSE u.path END AS bucket,
           r.id, r.unit_code, r.module_key, r.created_at, r.final, r.overdue_at, r.updated_at, r.period, r.due_at,
           r.state = ANY (m.drafts) AS is_draft, r.state = ANY (m.approved) AS is_approved, m.lim, m.stale AS stale_days,
           jsonb_array_length(r.warnings) AS warning_count, ${ENTRY_LAG} AS lag, ${SUBMITTED_AT} AS submitted_at,
           hist.returned, hist.last_returned, hist.missed, hist.last_missed, hist.handed
      FROM records r
      JOIN units u ON u.code = r.unit_code
      JOIN m ON m.key = r.module_key
      CROSS JOIN LATERAL (
        SELECT count(*) FILTER (WHERE ${RETURNED})::int AS returned, max(h.at) FILTER (WHERE ${RETURNED}) AS last_returned,
               count(*) FILTER (WHERE h.kind = 'overdue')::int AS missed, max(h.at) FILTER (WHERE h.kind = 'overdue') AS last_missed,
               count(*) FILTER (WHERE ${HANDED_IN})::int AS handed
          FROM record_history h
         WHERE h.record_id = r.id AND h.at >= $4 AND h.at < $5 AND h.kind IN ('create', 'transition', 'overdue')
      ) hist
     WHERE ${scope === 'own' ? 'u.path = $2::ltree' : 'u.path <@ $2::ltree'} AND r.withdrawn_at IS NULL
       -- Only records some measure can count: open ones, those touched since the period began
       -- (created, moved or marked overdue in it: every history entry updates updated_at), reports due in it.
       AND (NOT r.final OR r.updated_at >= $4 OR (r.period IS NOT NULL AND r.due_at >= $4 AND r.due_at < $5))
  ), e AS (
    SELECT s.*, s.period IS NULL AND s.created_at >= $4 AND s.created_at < $5 AS entered,
           s.period IS NOT NULL AND s.due_at >= $4 AND s.due_at < $5 AS due,
           s.period IS NOT NULL AND NOT s.is_draft AS handed_in
      FROM s
  ), f AS (
    SELECT e.*,
           entered AND lag > lim AS late,
           NOT final AND overdue_at IS NOT NULL AS overdue_now,
           period IS NULL AND NOT final AND is_draft AND updated_at < $6::timestamptz - stale_days * interval '1 day' AS stale_draft,
           due AND (${ON_TIME}) AS on_time,
           due AND (${reportLate('$6')}) AS report_late,
           ${OPEN_WARNINGS} AS open_warnings
      FROM e
  )`;
}

const RECORD_MEASURES = `${recordFacts('subtree')}
  SELECT f.bucket::text AS bucket, f.module_key, GROUPING(f.bucket) AS grand, GROUPING(f.module_key) AS all_modules,
         count(*) FILTER (WHERE entered)::int AS records,
         count(*) FILTER (WHERE entered AND lag IS NOT NULL)::int AS lag_counted,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) FILTER (WHERE entered AND lag IS NOT NULL) AS lag_median,
         count(*) FILTER (WHERE late)::int AS late_entries,
         count(*) FILTER (WHERE overdue_now)::int AS overdue_now,
         coalesce(sum(missed), 0)::int AS missed_deadlines,
         count(*) FILTER (WHERE stale_draft)::int AS stale_drafts,
         count(*) FILTER (WHERE due)::int AS reports_due,
         count(*) FILTER (WHERE on_time)::int AS reports_on_time,
         count(*) FILTER (WHERE report_late)::int AS reports_late,
         count(*) FILTER (WHERE due AND handed_in)::int AS reports_submitted,
         count(*) FILTER (WHERE due AND is_approved)::int AS reports_approved,
         coalesce(sum(returned), 0)::int AS returned,
         coalesce(sum(open_warnings), 0)::int AS open_warnings
    FROM f
   GROUP BY GROUPING SETS ((f.bucket, f.module_key), (f.bucket), (f.module_key), ())`;

/** The modules' specs as the statements bind them ($1). */
export const modulesParam = (modules: readonly QualityModuleSpec[]) =>
  JSON.stringify(modules.map((m) => ({ key: m.key, path: m.path, lim: m.entryLimitDays, stale: m.staleDraftDays, drafts: m.draftStates, approved: m.approvedStates })));

/** The depth of a unit's ltree path. */
export const depthOf = (unitPath: string) => unitPath.split('.').length;

/** The record and report measures of every bucket below a unit, per module and over all modules. */
export async function recordMeasures(sequelize: Sequelize, modules: readonly QualityModuleSpec[], w: QualityWindow): Promise<RecordMeasureRow[]> {
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
    open_warnings: number;
  }>(sequelize, RECORD_MEASURES, [modulesParam(modules), w.unitPath, depthOf(w.unitPath), w.from, w.to, w.now]);
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
    openWarnings: r.open_warnings,
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
