/**
 * Report records by period: assignment (one record per unit and period, in one statement),
 * completeness, and the roll-up of a subtree in SQL (GROUPING SETS: each child's subtree and
 * the whole, for this period and the one before).
 */
import type { Sequelize } from 'sequelize';
import type { Aggregate } from '../../../engine/src/index.js';
import { parsePointer } from '../../../engine/src/index.js';
import { selectOne, selectRows, type Tx } from '../platform/db/sql.js';

export interface AssignInput {
  moduleKey: string;
  moduleVersion: number;
  period: string;
  dueAt: Date;
  state: string;
  final: boolean;
  awaitingRoles: string[];
  deadlineAt: Date | null;
  /** Units at this level within scopePath, or exactly these codes (already checked). */
  scopePath: string;
  level?: number;
  codes?: string[];
  actor: string;
  actorUnit: string;
  at: Date;
}

export interface AssignedRow {
  id: string;
  unitCode: string;
  created: boolean;
}

/**
 * Creates the report records of an assignment that do not exist yet; answers every target's
 * record, saying which were created now. Records and their history are one statement.
 */
export async function assignReports(sequelize: Sequelize, a: AssignInput, tx: Tx): Promise<AssignedRow[]> {
  const rows = await selectRows<{ id: string; unit_code: string; created: boolean }>(
    sequelize,
    `WITH targets AS (
       SELECT code FROM units
        WHERE path <@ $1::ltree AND (($2::int IS NOT NULL AND level = $2) OR code = ANY ($3::text[]))
     ), ins AS (
       INSERT INTO records (module_key, module_version, unit_code, assigned_unit, assigned_role, state, final, state_seq,
                            state_entered_at, awaiting_roles, deadline_at, overdue_at, data, derived,
                            created_by, created_at, updated_by, updated_at, period, due_at, search_text)
       SELECT $4, $5, t.code, t.code, NULL, $6, $7, 1, $8, $9, $10, NULL, '{}', '{}', $11, $8, $11, $8, $12, $13, ''
         FROM targets t
       ON CONFLICT (module_key, period, unit_code) WHERE period IS NOT NULL DO NOTHING
       RETURNING id, unit_code
     ), h AS (
       INSERT INTO record_history (record_id, at, actor, unit_code, kind, to_state, changes, details)
       SELECT id, $8, $11, $14, 'create', $6, '[]', jsonb_build_object('assignment', $12::text, 'dueAt', $13::timestamptz) FROM ins
     )
     SELECT r.id, r.unit_code, false AS created
       FROM records r JOIN targets t ON t.code = r.unit_code
      WHERE r.module_key = $4 AND r.period = $12
     UNION ALL
     SELECT id, unit_code, true FROM ins
     ORDER BY unit_code`,
    [a.scopePath, a.level ?? null, a.codes ?? [], a.moduleKey, a.moduleVersion, a.state, a.final, a.at, a.awaitingRoles, a.deadlineAt, a.actor, a.period, a.dueAt, a.actorUnit],
    tx,
  );
  return rows.map((r) => ({ id: r.id, unitCode: r.unit_code, created: r.created }));
}

/** The units of a level within a subtree (to tell an empty assignment from a full one). */
export async function countUnitsAtLevel(sequelize: Sequelize, scopePath: string, level: number): Promise<number> {
  const row = await selectOne<{ n: number }>(sequelize, 'SELECT count(*)::int AS n FROM units WHERE path <@ $1::ltree AND level = $2', [scopePath, level]);
  return row?.n ?? 0;
}

export interface StatusRow {
  id: string;
  unitCode: string;
  unitName: string;
  level: number;
  unitPath: string;
  state: string;
  /** Someone saved or moved it since it was assigned. */
  touched: boolean;
  assignedUnit: string;
  dueAt: Date | null;
  submittedAt: Date | null;
  approvedAt: Date | null;
}

/** Every report record of a period within a subtree, with when it was last submitted and approved. */
export async function reportStatusRows(
  sequelize: Sequelize,
  q: { moduleKey: string; period: string; scopePath: string; level?: number; draftStates: string[]; approvedStates: string[] },
): Promise<StatusRow[]> {
  const rows = await selectRows<{
    id: string;
    unit_code: string;
    unit_name: string;
    level: number;
    unit_path: string;
    state: string;
    touched: boolean;
    assigned_unit: string;
    due_at: Date | null;
    submitted_at: Date | null;
    approved_at: Date | null;
  }>(
    sequelize,
    `SELECT r.id, r.unit_code, u.name AS unit_name, u.level, u.path::text AS unit_path, r.state, r.assigned_unit, r.due_at,
            EXISTS (SELECT 1 FROM record_history h WHERE h.record_id = r.id AND h.kind IN ('update', 'transition')) AS touched,
            (SELECT max(h.at) FROM record_history h
              WHERE h.record_id = r.id AND h.kind = 'transition' AND h.from_state = ANY ($5::text[]) AND NOT (h.to_state = ANY ($5::text[]))) AS submitted_at,
            (SELECT max(h.at) FROM record_history h
              WHERE h.record_id = r.id AND h.kind = 'transition' AND h.to_state = ANY ($6::text[])) AS approved_at
       FROM records r JOIN units u ON u.code = r.unit_code
      WHERE r.module_key = $1 AND r.period = $2 AND u.path <@ $3::ltree AND ($4::int IS NULL OR u.level = $4)
      ORDER BY u.path`,
    [q.moduleKey, q.period, q.scopePath, q.level ?? null, q.draftStates, q.approvedStates],
  );
  return rows.map((r) => ({
    id: r.id,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    level: r.level,
    unitPath: r.unit_path,
    state: r.state,
    touched: r.touched,
    assignedUnit: r.assigned_unit,
    dueAt: r.due_at && new Date(r.due_at),
    submittedAt: r.submitted_at && new Date(r.submitted_at),
    approvedAt: r.approved_at && new Date(r.approved_at),
  }));
}

export interface PeriodSummaryRow {
  period: string;
  assigned: number;
  submitted: number;
  approved: number;
  firstDue: Date | null;
  lastDue: Date | null;
}

/** The periods a report was assigned for within a subtree, newest first, with counts. */
export async function listReportPeriods(
  sequelize: Sequelize,
  q: { moduleKey: string; scopePath: string; draftStates: string[]; approvedStates: string[] },
): Promise<PeriodSummaryRow[]> {
  const rows = await selectRows<{ period: string; assigned: number; submitted: number; approved: number; first_due: Date | null; last_due: Date | null }>(
    sequelize,
    `SELECT r.period, count(*)::int AS assigned,
            count(*) FILTER (WHERE NOT (r.state = ANY ($3::text[])))::int AS submitted,
            count(*) FILTER (WHERE r.state = ANY ($4::text[]))::int AS approved,
            min(r.due_at) AS first_due, max(r.due_at) AS last_due
       FROM records r JOIN units u ON u.code = r.unit_code
      WHERE r.module_key = $1 AND r.period IS NOT NULL AND u.path <@ $2::ltree
      GROUP BY r.period
      ORDER BY r.period DESC`,
    [q.moduleKey, q.scopePath, q.draftStates, q.approvedStates],
  );
  return rows.map((r) => ({
    period: r.period,
    assigned: r.assigned,
    submitted: r.submitted,
    approved: r.approved,
    firstDue: r.first_due && new Date(r.first_due),
    lastDue: r.last_due && new Date(r.last_due),
  }));
}

/** The report of a unit for a period (e.g. the previous one, for comparisons). */
export async function findPeriodReport(
  sequelize: Sequelize,
  q: { moduleKey: string; unitCode: string; period: string; states?: string[] },
  tx?: Tx,
): Promise<{ id: string; state: string; data: Record<string, unknown> } | undefined> {
  return selectOne(
    sequelize,
    'SELECT id, state, data FROM records WHERE module_key = $1 AND unit_code = $2 AND period = $3 AND ($4::text[] IS NULL OR state = ANY ($4::text[]))',
    [q.moduleKey, q.unitCode, q.period, q.states ?? null],
    tx,
  );
}

// --- Roll-up ---------------------------------------------------------------------------------

export interface RollupField {
  pointer: string;
  aggregate: Exclude<Aggregate, 'none'>;
  /** Every schema the rows were stored under admits only numbers (or null) there: cast without checking. */
  trusted?: boolean;
}

export interface RollupRow {
  period: string;
  /** The child unit's path whose subtree this row covers, the unit's own path for its own report, or null for the whole subtree. */
  bucket: string | null;
  reports: number;
  values: (number | null)[];
}

/**
 * A numeric field of a report. Validated data holds numbers where every schema version says so,
 * and then a plain cast is safe (and twice as fast); elsewhere what is not a number is NULL.
 */
const number = (p: string, trusted: boolean) =>
  trusted ? `(s.data #>> ${p}::text[])::numeric` : `CASE WHEN jsonb_typeof(s.data #> ${p}::text[]) = 'number' THEN (s.data #>> ${p}::text[])::numeric END`;

const AGGREGATES: Record<RollupField['aggregate'], (p: string, trusted: boolean) => string> = {
  sum: (p, t) => `sum(${number(p, t)})`,
  avg: (p, t) => `avg(${number(p, t)})`,
  min: (p, t) => `min(${number(p, t)})`,
  max: (p, t) => `max(${number(p, t)})`,
  // Reports that filled the field in (an empty string or null does not count).
  count: (p) => `count(*) FILTER (WHERE s.data #> ${p}::text[] IS NOT NULL AND s.data #> ${p}::text[] NOT IN ('null'::jsonb, '""'::jsonb))`,
};

/**
 * Aggregates the reports of a subtree in the given states, per period: one row per child
 * subtree (and one for the unit's own report), and one for the whole. Field paths are bound
 * parameters; the SQL text comes from the fixed fragments above.
 */
export async function rollupRows(
  sequelize: Sequelize,
  q: { moduleKey: string; periods: string[]; unitPath: string; states: string[]; fields: readonly RollupField[] },
): Promise<RollupRow[]> {
  const depth = q.unitPath.split('.').length;
  const bind: unknown[] = [q.moduleKey, q.periods, q.unitPath, depth, q.states];
  const columns = q.fields.map((field, i) => {
    bind.push(parsePointer(field.pointer));
    return `${AGGREGATES[field.aggregate](`$${bind.length}`, field.trusted === true)} AS f${i}`;
  });
  const rows = await selectRows<Record<string, unknown> & { period: string; bucket: string | null; grand: number; reports: number }>(
    sequelize,
    `SELECT s.period, s.bucket::text AS bucket, GROUPING(s.bucket) AS grand, count(*)::int AS reports${columns.map((c) => `,\n ${c}`).join('')}
       FROM (SELECT r.period, r.data,
                    CASE WHEN nlevel(u.path) > $4 THEN subpath(u.path, 0, $4 + 1) ELSE u.path END AS bucket
               FROM records r JOIN units u ON u.code = r.unit_code
              WHERE r.module_key = $1 AND r.period = ANY ($2::text[]) AND u.path <@ $3::ltree AND r.state = ANY ($5::text[])) s
      GROUP BY GROUPING SETS ((s.period, s.bucket), (s.period))`,
    bind,
  );
  return rows.map((r) => ({
    period: r.period,
    bucket: r.grand === 1 ? null : r.bucket,
    reports: r.reports,
    // numeric and bigint arrive as text; figures this size are exact as JS numbers.
    values: q.fields.map((_, i) => (r[`f${i}`] === null || r[`f${i}`] === undefined ? null : Number(r[`f${i}`]))),
  }));
}

/** The module versions the reports of some periods were stored under. */
export async function reportVersions(sequelize: Sequelize, moduleKey: string, periods: string[]): Promise<number[]> {
  const rows = await selectRows<{ v: number }>(sequelize, 'SELECT DISTINCT module_version AS v FROM records WHERE module_key = $1 AND period = ANY ($2::text[])', [moduleKey, periods]);
  return rows.map((r) => r.v);
}

/** How many reports each child subtree (and the unit itself) was assigned for a period. */
export async function assignedCounts(sequelize: Sequelize, q: { moduleKey: string; period: string; unitPath: string }): Promise<Map<string, number>> {
  const depth = q.unitPath.split('.').length;
  const rows = await selectRows<{ bucket: string; n: number }>(
    sequelize,
    `SELECT (CASE WHEN nlevel(u.path) > $4 THEN subpath(u.path, 0, $4 + 1) ELSE u.path END)::text AS bucket, count(*)::int AS n
       FROM records r JOIN units u ON u.code = r.unit_code
      WHERE r.module_key = $1 AND r.period = $2 AND u.path <@ $3::ltree
      GROUP BY 1`,
    [q.moduleKey, q.period, q.unitPath, depth],
  );
  return new Map(rows.map((r) => [r.bucket, r.n]));
}
