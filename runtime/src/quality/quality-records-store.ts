/**
 * The records behind one figure of the quality measures (a drill-down): the same per-record facts
 * the measures count ({@link recordFacts}), filtered to those that count for the figure, a page
 * at a time, with what each adds to the figure.
 */
import type { Sequelize } from 'sequelize';
import type { Problem } from '../../../engine/src/index.js';
import { selectRows } from '../platform/db/sql.js';
import type { QualityDrillMeasure } from '../api/quality.js';
import { depthOf, modulesParam, recordFacts, type QualityModuleSpec, type QualityWindow } from './quality-store.js';

/**
 * Per figure: which records count for it, what each adds to it, and the order they are listed
 * in (the worst first). Fixed SQL over the columns of `f`, chosen by the measure's name.
 */
const FIGURES: Record<QualityDrillMeasure, { where: string; count: string; order: string }> = {
  records: { where: 'f.entered', count: '1', order: 'f.created_at DESC' },
  lateEntries: { where: 'f.late', count: '1', order: 'f.lag DESC' },
  overdueNow: { where: 'f.overdue_now', count: '1', order: 'f.overdue_at ASC' },
  missedDeadlines: { where: 'f.missed > 0', count: 'f.missed', order: 'f.missed DESC, f.last_missed DESC' },
  staleDrafts: { where: 'f.stale_draft', count: '1', order: 'f.updated_at ASC' },
  reportsLate: { where: 'f.report_late', count: '1', order: 'coalesce(f.submitted_at, $6::timestamptz) - f.due_at DESC' },
  returned: { where: 'f.returned > 0', count: 'f.returned', order: 'f.returned DESC, f.last_returned DESC' },
  openWarnings: { where: 'f.open_warnings > 0', count: 'f.open_warnings', order: 'f.open_warnings DESC, f.updated_at DESC' },
};

/** One record behind a figure, as stored, with what it counts for. */
export interface FigureRecordRow {
  id: string;
  moduleKey: string;
  moduleVersion: number;
  unitCode: string;
  unitName: string;
  state: string;
  data: Record<string, unknown>;
  warnings: Problem[];
  createdAt: Date;
  updatedAt: Date;
  deadlineAt: Date | null;
  overdueAt: Date | null;
  period: string | null;
  dueAt: Date | null;
  submittedAt: Date | null;
  lag: number | null;
  entryLimitDays: number;
  staleDraftDays: number;
  lastReturned: Date | null;
  lastMissed: Date | null;
  /** What the record adds to the figure (a record returned twice adds 2 to `returned`). */
  count: number;
}

/** A page of the records behind a figure, how many there are and the figure they add up to. */
export interface FigureRecordPage {
  rows: FigureRecordRow[];
  total: number;
  sum: number;
}

/**
 * The records behind `measure` for the unit's subtree (or, `own`, the unit's own records) in the
 * window: `limit` of them after `offset`, the worst first.
 */
export async function figureRecords(
  sequelize: Sequelize,
  modules: readonly QualityModuleSpec[],
  w: QualityWindow & { own: boolean; measure: QualityDrillMeasure; limit: number; offset: number },
): Promise<FigureRecordPage> {
  const figure = FIGURES[w.measure];
  const statement = `${recordFacts(w.own ? 'own' : 'subtree')}, picked AS (
      SELECT f.*, ${figure.count} AS figure_count FROM f WHERE ${figure.where}
    ), totals AS (
      SELECT count(*)::int AS total, coalesce(sum(figure_count), 0)::int AS sum FROM picked
    ), page AS (
      SELECT f.* FROM picked f ORDER BY ${figure.order}, f.id LIMIT $7 OFFSET $8
    )
    SELECT t.total, t.sum, p.id, p.module_key, r.module_version, p.unit_code, un.name AS unit_name, r.state, r.data, r.warnings,
           p.created_at, p.updated_at, r.deadline_at, p.overdue_at, p.period, p.due_at, p.submitted_at, p.lag, p.lim,
           p.stale_days, p.last_returned, p.last_missed, p.figure_count
      FROM totals t
      LEFT JOIN page p ON true
      LEFT JOIN records r ON r.id = p.id
      LEFT JOIN units un ON un.code = p.unit_code
     ORDER BY ${figure.order.replaceAll('f.', 'p.')}, p.id`;
  const rows = await selectRows<{
    total: number;
    sum: number;
    id: string | null;
    module_key: string;
    module_version: number;
    unit_code: string;
    unit_name: string;
    state: string;
    data: Record<string, unknown>;
    warnings: Problem[];
    created_at: Date;
    updated_at: Date;
    deadline_at: Date | null;
    overdue_at: Date | null;
    period: string | null;
    due_at: Date | null;
    submitted_at: Date | null;
    lag: number | null;
    lim: number;
    stale_days: number;
    last_returned: Date | null;
    last_missed: Date | null;
    figure_count: number;
  }>(sequelize, statement, [modulesParam(modules), w.unitPath, depthOf(w.unitPath), w.from, w.to, w.now, w.limit, w.offset]);
  const date = (d: Date | null) => (d === null ? null : new Date(d));
  return {
    total: rows[0]?.total ?? 0,
    sum: rows[0]?.sum ?? 0,
    rows: rows
      .filter((r) => r.id !== null)
      .map((r) => ({
        id: r.id!,
        moduleKey: r.module_key,
        moduleVersion: r.module_version,
        unitCode: r.unit_code,
        unitName: r.unit_name,
        state: r.state,
        data: r.data,
        warnings: r.warnings,
        createdAt: new Date(r.created_at),
        updatedAt: new Date(r.updated_at),
        deadlineAt: date(r.deadline_at),
        overdueAt: date(r.overdue_at),
        period: r.period,
        dueAt: date(r.due_at),
        submittedAt: date(r.submitted_at),
        lag: r.lag,
        entryLimitDays: r.lim,
        staleDraftDays: r.stale_days,
        lastReturned: date(r.last_returned),
        lastMissed: date(r.last_missed),
        count: r.figure_count,
      })),
  };
}
