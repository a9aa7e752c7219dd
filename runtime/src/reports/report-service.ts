/**
 * Statistical reports: a report module's records by period. HQ (or any unit, for its subtree)
 * assigns a period to a level of units; each unit fills its report (pre-filled from records
 * already in the system), submits it up, and the unit above approves or returns it. Every
 * level sees completeness and timeliness and the roll-up of its subtree.
 */
import { FormworkError, previousPeriod, problem, type CompiledModule, type CompiledReport, type LayoutEntry } from '../../../engine/src/index.js';
import type { Database } from '../platform/db/database.js';
import type { SessionUser } from '../identity/identity-store.js';
import { assignedCounts, listReportPeriods, reportStatusRows, reportVersions, rollupRows, type RollupField } from './report-store.js';
import { listChildren, type Unit } from '../units/unit-store.js';
import type { Access } from '../identity/access.js';
import type { ModuleRegistry } from '../modules/module-registry.js';
import type { JobQueue } from '../platform/jobs/job-queue.js';
import type { RecordService } from '../records/record-service.js';
import { ReportAssignments } from './report-assignment.js';
import { ReportFigures } from './report-figures.js';
import { auditReport, ReportTemplates } from './report-templates.js';
import type {
  AssignBody,
  AssignResult,
  Completeness,
  FieldView,
  Figures,
  PeriodSummary,
  PrefillFigure,
  ReportStatus,
  RollupResult,
  StatusResult,
  Timeliness,
  UnitStatus,
} from '../api/reports.js';

/** The body of an assignment: a level or named units, and when it is due. */
export type AssignInput = AssignBody;

const rate = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 10_000) / 10_000);

export class ReportService {
  private readonly templates: ReportTemplates;
  private readonly assignments: ReportAssignments;
  private readonly figures: ReportFigures;

  constructor(
    private readonly db: Database,
    private readonly registry: ModuleRegistry,
    private readonly access: Access,
    records: RecordService,
    jobs: JobQueue | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.templates = new ReportTemplates(registry);
    this.assignments = new ReportAssignments(db, this.templates, access, jobs, now);
    this.figures = new ReportFigures(db, records);
  }

  // --- Templates, assignment, pre-fill (report-templates.ts, report-assignment.ts, report-figures.ts)

  /** The latest version of a report module. */
  template(key: string) {
    return this.templates.template(key);
  }

  /** Creates one report record per target unit for a period; assigning again creates nothing new. */
  assign(caller: SessionUser, key: string, periodText: string, input: AssignInput, requestId: string): Promise<{ status: 200 | 201; body: AssignResult }> {
    return this.assignments.assign(caller, key, periodText, input, requestId);
  }

  /** A report record's pre-filled figures computed now, each with the query behind it. */
  prefill(caller: SessionUser, id: string, requestId: string): Promise<{ recordId: string; period: string; fields: PrefillFigure[] }> {
    return this.figures.prefill(caller, id, requestId);
  }

  /** The records a pre-filled figure counts (drill-down from the figure to the list). */
  prefillRecords(caller: SessionUser, id: string, path: string, limit: number, requestId: string) {
    return this.figures.prefillRecords(caller, id, path, limit, requestId);
  }

  // --- Completeness and timeliness ---------------------------------------------------------------

  async status(caller: SessionUser, key: string, periodText: string, query: { unit?: string; level?: number }, requestId: string): Promise<StatusResult> {
    const { compiled, report } = await this.templates.template(key);
    const period = this.templates.period(report, periodText);
    if (query.level !== undefined && !report.spec.levels.includes(query.level)) {
      const levelList = report.spec.levels.join('、');
      throw new FormworkError('FW_REPORT_LEVEL', { levels: levelList }, [problem('/level', 'FW_REPORT_LEVEL', { levels: levelList })]);
    }
    const unit = await this.scopeUnit(caller, query.unit, requestId);
    const states = this.templates.states(compiled, report);
    const rows = await reportStatusRows(this.db.reader, {
      moduleKey: key,
      period: period.key,
      scopePath: unit.path,
      ...(query.level !== undefined ? { level: query.level } : {}),
      draftStates: states.draft,
      approvedStates: states.approved,
    });
    const now = this.now();
    const units: UnitStatus[] = rows.map((r) => {
      const status: ReportStatus = states.approved.includes(r.state)
        ? 'approved'
        : !states.draft.includes(r.state)
          ? 'submitted'
          : r.touched
            ? 'draft'
            : 'notStarted';
      const handedIn = status === 'submitted' || status === 'approved';
      const timeliness: Timeliness = !r.dueAt
        ? handedIn
          ? 'onTime'
          : 'pending'
        : handedIn
          ? r.submittedAt && r.submittedAt.getTime() > r.dueAt.getTime()
            ? 'late'
            : 'onTime'
          : now.getTime() > r.dueAt.getTime()
            ? 'late'
            : 'pending';
      return {
        unitCode: r.unitCode,
        unitName: r.unitName,
        level: r.level,
        recordId: r.id,
        state: r.state,
        status,
        timeliness,
        dueAt: r.dueAt?.toISOString() ?? null,
        submittedAt: handedIn ? (r.submittedAt?.toISOString() ?? null) : null,
        approvedAt: status === 'approved' ? (r.approvedAt?.toISOString() ?? null) : null,
        heldBy: r.assignedUnit,
      };
    });
    const levels = [...new Set(units.map((u) => u.level))].sort((a, b) => a - b).map((level) => ({ level, ...completeness(units.filter((u) => u.level === level)) }));
    await this.audit(caller, 'report.status', key, requestId, { period: period.key, unit: unit.code });
    return { key, period: period.key, unit: { code: unit.code, name: unit.name, level: unit.level }, asOf: now.toISOString(), total: completeness(units), levels, units };
  }

  async periods(caller: SessionUser, key: string, requestId: string): Promise<PeriodSummary[]> {
    const { compiled, report } = await this.templates.template(key);
    const states = this.templates.states(compiled, report);
    const rows = await listReportPeriods(this.db.sequelize, { moduleKey: key, scopePath: caller.unitPath, draftStates: states.draft, approvedStates: states.approved });
    await this.audit(caller, 'report.periods', key, requestId, {});
    return rows.map((r) => ({ ...r, firstDue: r.firstDue?.toISOString() ?? null, lastDue: r.lastDue?.toISOString() ?? null }));
  }

  // --- Roll-up -----------------------------------------------------------------------------------

  async rollup(caller: SessionUser, key: string, periodText: string, query: { unit?: string; include?: 'approved' | 'submitted' }, requestId: string): Promise<RollupResult> {
    return (await this.rollupWithTemplate(caller, key, periodText, query, requestId)).result;
  }

  /**
   * A roll-up with the template version it was computed under: the spreadsheet lays the figures
   * out in that version's layout (loaded once, so a version published meanwhile cannot mix in).
   */
  async rollupWithTemplate(caller: SessionUser, key: string, periodText: string, query: { unit?: string; include?: 'approved' | 'submitted' }, requestId: string): Promise<{ result: RollupResult; compiled: CompiledModule; report: CompiledReport }> {
    const { compiled, report } = await this.templates.template(key);
    const period = this.templates.period(report, periodText);
    const previous = previousPeriod(period);
    const unit = await this.scopeUnit(caller, query.unit, requestId);
    const include = query.include ?? 'approved';
    const states = this.templates.states(compiled, report);
    const counted = include === 'submitted' ? states.submitted : states.approved;
    const trusted = await this.numbersOnly(key, [period.key, previous.key]);
    const fields: RollupField[] = report.rollup.map((e) => ({ pointer: e.pointer, aggregate: e.aggregate as RollupField['aggregate'], trusted: trusted.has(e.pointer) }));
    const [rows, assigned, children] = await Promise.all([
      // Roll-ups read from the replica when there is one (DATABASE_READ_URL).
      rollupRows(this.db.reader, { moduleKey: key, periods: [period.key, previous.key], unitPath: unit.path, states: counted, fields }),
      assignedCounts(this.db.reader, { moduleKey: key, period: period.key, unitPath: unit.path }),
      listChildren(this.db.reader, unit.path),
    ]);
    const valuesOf = (values: (number | null)[] | undefined) => Object.fromEntries(fields.map((f, i) => [f.pointer, values?.[i] ?? null]));
    const find = (p: string, bucket: string | null) => rows.find((r) => r.period === p && r.bucket === bucket);
    const figures = (bucket: string | null): Figures => {
      const row = find(period.key, bucket);
      const assignedHere = bucket === null ? [...assigned.values()].reduce((a, b) => a + b, 0) : (assigned.get(bucket) ?? 0);
      return { reports: row?.reports ?? 0, assigned: assignedHere, values: valuesOf(row?.values) };
    };
    const total = figures(null);
    const before = find(previous.key, null);
    const previousValues = valuesOf(before?.values);
    const change: RollupResult['change'] = {};
    for (const f of fields) {
      const now = total.values[f.pointer] ?? null;
      const then = previousValues[f.pointer] ?? null;
      change[f.pointer] = {
        absolute: now !== null && then !== null ? round(now - then) : null,
        relative: now !== null && then !== null && then !== 0 ? round((now - then) / then) : null,
      };
    }
    const own = assigned.has(unit.path) || find(period.key, unit.path) ? figures(unit.path) : null;
    await this.audit(caller, 'report.rollup', key, requestId, { period: period.key, unit: unit.code, include });
    const result: RollupResult = {
      key,
      period: period.key,
      previousPeriod: previous.key,
      include,
      states: counted,
      unit: { code: unit.code, name: unit.name, level: unit.level },
      fields: report.rollup.map((e) => fieldView(e, report.layout)),
      total,
      own,
      children: children.map((c) => ({ code: c.code, name: c.name, level: c.level, ...figures(c.path), previous: valuesOf(find(previous.key, c.path)?.values) })),
      previous: { reports: before?.reports ?? 0, values: previousValues },
      change,
    };
    return { result, compiled, report };
  }

  /** The fields that hold nothing but numbers under every version the periods' reports were stored with. */
  private async numbersOnly(key: string, periods: string[]): Promise<Set<string>> {
    let trusted: Set<string> | undefined;
    for (const version of await reportVersions(this.db.sequelize, key, periods)) {
      const published = await this.registry.getVersion(key, version);
      const here = published ? numbersOnlyOf(await this.registry.compiled(published)) : new Set<string>();
      trusted = trusted ? new Set([...trusted].filter((p) => here.has(p))) : here;
    }
    return trusted ?? new Set();
  }

  // --- Shared ------------------------------------------------------------------------------------

  private async scopeUnit(caller: SessionUser, code: string | undefined, requestId: string): Promise<Unit> {
    return code ? this.access.unit(caller, code, requestId) : this.access.unit(caller, caller.unitCode, requestId);
  }

  private audit(caller: SessionUser, action: string, target: string, requestId: string, details: Record<string, unknown>): Promise<void> {
    return auditReport(this.db, caller, action, target, requestId, details);
  }
}

/** A module version's numbers-only fields, worked out once per compiled version. */
const NUMBERS_ONLY = new WeakMap<CompiledModule, Set<string>>();
function numbersOnlyOf(compiled: CompiledModule): Set<string> {
  let found = NUMBERS_ONLY.get(compiled);
  if (!found) {
    found = new Set((compiled.report?.layout ?? []).filter((e) => e.numbersOnly).map((e) => e.pointer));
    NUMBERS_ONLY.set(compiled, found);
  }
  return found;
}

function completeness(units: readonly UnitStatus[]): Completeness {
  const count = (test: (u: UnitStatus) => boolean) => units.filter(test).length;
  const assigned = units.length;
  const submitted = count((u) => u.status === 'submitted');
  const approved = count((u) => u.status === 'approved');
  const onTime = count((u) => (u.status === 'submitted' || u.status === 'approved') && u.timeliness === 'onTime');
  return {
    assigned,
    notStarted: count((u) => u.status === 'notStarted'),
    draft: count((u) => u.status === 'draft'),
    submitted,
    approved,
    onTime,
    late: count((u) => u.timeliness === 'late'),
    reportingRate: rate(submitted + approved, assigned),
    onTimeRate: rate(onTime, assigned),
    approvalRate: rate(approved, assigned),
  };
}

/** A field of the roll-up with the titles of the sections it sits in. */
function fieldView(entry: LayoutEntry, layout: readonly LayoutEntry[]): FieldView {
  const section = layout.filter((e) => e.kind === 'section' && entry.pointer.startsWith(`${e.pointer}/`)).map((e) => e.label['zh-CN']);
  return { path: entry.pointer, label: entry.label, aggregate: entry.aggregate!, section };
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;
