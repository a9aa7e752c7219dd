/**
 * Statistical reports: a report module's records by period. HQ (or any unit, for its subtree)
 * assigns a period to a level of units; each unit fills its report (pre-filled from records
 * already in the system), submits it up, and the unit above approves or returns it. Every
 * level sees completeness and timeliness and the roll-up of its subtree.
 */
import {
  FormworkError,
  PERIOD_EXAMPLES,
  getAt,
  parsePeriod,
  periodDue,
  previousPeriod,
  problem,
  type CompiledModule,
  type CompiledReport,
  type LayoutEntry,
  type Period,
  type Problem,
} from '../../../engine/src/index.js';
import type { JobQueue } from '../platform/jobs/job-queue.js';
import { appendAudit } from '../audit/audit-store.js';
import type { Database } from '../platform/db/database.js';
import type { SessionUser } from '../identity/identity-store.js';
import type { PublishedVersion } from '../modules/module-store.js';
import { insertNotifications, listMatching } from '../records/record-store.js';
import {
  assignReports,
  assignedCounts,
  countUnitsAtLevel,
  listReportPeriods,
  reportStatusRows,
  reportVersions,
  rollupRows,
  type RollupField,
} from './report-store.js';
import { listChildren, type Unit } from '../units/unit-store.js';
import type { Access } from '../identity/access.js';
import type { ModuleRegistry } from '../modules/module-registry.js';
import { deadlineOf, formatChinaTime, scheduleDeadlines } from '../records/record-effects.js';
import type { RecordService } from '../records/record-service.js';
import { computePrefill, periodOfRecord, prefillQuery } from './report-prefill.js';
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

// Declared with the contract; re-exported for the readers that still import them from here.
export type {
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

/** Most records one drill-down answers. */
export const MAX_DRILL = 500;

const rate = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 10_000) / 10_000);

export class ReportService {
  constructor(
    private readonly db: Database,
    private readonly registry: ModuleRegistry,
    private readonly access: Access,
    private readonly records: RecordService,
    private readonly jobs: JobQueue | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  // --- Templates and periods ---------------------------------------------------------------

  /** The latest version of a report module. */
  async template(key: string): Promise<{ published: PublishedVersion; compiled: CompiledModule; report: CompiledReport }> {
    const published = await this.registry.getLatest(key);
    if (!published) throw new FormworkError('FW_MODULE_NOT_FOUND', { key });
    const compiled = await this.registry.compiled(published);
    if (!compiled.report) throw new FormworkError('FW_REPORT_NOT_REPORT', { key });
    return { published, compiled, report: compiled.report };
  }

  private period(report: CompiledReport, text: string): Period {
    const period = parsePeriod(report.spec.period, text);
    if (period) return period;
    const type = report.spec.period;
    const params = { period: text, type, typeName: { month: '月度', quarter: '季度', half: '半年', year: '年度' }[type], example: PERIOD_EXAMPLES[type] };
    throw new FormworkError('FW_REPORT_PERIOD', params, [problem('/period', 'FW_REPORT_PERIOD', params)]);
  }

  /** The states of a template: drafts, approved, and what a roll-up includes. */
  private states(compiled: CompiledModule, report: CompiledReport) {
    const all = Object.values(compiled.workflow.states);
    const draft = all.filter((s) => s.draft).map((s) => s.name);
    const submitted = all.filter((s) => !s.draft).map((s) => s.name);
    return { draft, approved: [...report.approvedStates], submitted };
  }

  // --- Assignment --------------------------------------------------------------------------------

  /** Creates one report record per target unit for a period; assigning again creates nothing new. */
  async assign(caller: SessionUser, key: string, periodText: string, input: AssignInput, requestId: string): Promise<{ status: 200 | 201; body: AssignResult }> {
    const { published, compiled, report } = await this.template(key);
    const period = this.period(report, periodText);
    const levels = report.spec.levels;
    const levelList = levels.join('、');
    if ((input.level === undefined) === (input.unitCodes === undefined)) {
      throw new FormworkError('FW_REPORT_TARGET', {}, [problem(input.level === undefined ? '' : '/unitCodes', 'FW_REPORT_TARGET')]);
    }
    const { sequelize } = this.db;
    let codes: string[] | undefined;
    if (input.level !== undefined) {
      if (!levels.includes(input.level)) {
        throw new FormworkError('FW_REPORT_LEVEL', { levels: levelList }, [problem('/level', 'FW_REPORT_LEVEL', { levels: levelList })]);
      }
      if ((await countUnitsAtLevel(sequelize, caller.unitPath, input.level)) === 0) {
        throw new FormworkError('FW_REPORT_NO_UNITS', { level: input.level }, [problem('/level', 'FW_REPORT_NO_UNITS', { level: input.level })]);
      }
    } else {
      const problems: Problem[] = [];
      codes = [...new Set(input.unitCodes)];
      // Out of scope answers 404, as anywhere.
      const units = await this.access.units(caller, codes, requestId);
      for (const [i, code] of input.unitCodes!.entries()) {
        const unit = units.get(code)!;
        if (!levels.includes(unit.level)) problems.push(problem(`/unitCodes/${i}`, 'FW_REPORT_UNIT_LEVEL', { code, level: unit.level, levels: levelList }));
      }
      if (problems.length > 0) throw new FormworkError('FW_REPORT_LEVEL', { levels: levelList }, problems);
    }
    const dueAt = this.dueAt(input.dueAt, period, report);
    const now = this.now();
    const initial = compiled.workflow.initial;
    const deadline = deadlineOf(compiled, initial, now, {}, dueAt);
    const title = compiled.definition.title;

    const rows = await sequelize.transaction(async (tx) => {
      const assigned = await assignReports(
        sequelize,
        {
          moduleKey: key,
          moduleVersion: published.version,
          period: period.key,
          dueAt,
          state: initial,
          final: compiled.workflow.states[initial]!.final,
          awaitingRoles: compiled.workflow.awaitingRoles(initial),
          deadlineAt: deadline?.at ?? null,
          scopePath: caller.unitPath,
          ...(input.level !== undefined ? { level: input.level } : { codes: codes! }),
          actor: caller.username,
          actorUnit: caller.unitCode,
          at: now,
        },
        tx,
      );
      const created = assigned.filter((r) => r.created);
      if (deadline) await scheduleDeadlines(this.jobs, tx, created.map((r) => ({ record: { id: r.id, stateSeq: 1 }, deadline })), now);
      const due = formatChinaTime(dueAt);
      await insertNotifications(
        sequelize,
        created.map((r) => ({
          unitCode: r.unitCode,
          roles: compiled.workflow.awaitingRoles(initial),
          recordId: r.id,
          kind: 'assigned',
          message: {
            'zh-CN': `请填报「${title['zh-CN']}」（${period.key}），截止时间 ${due}`,
            en: `Please fill in "${title.en ?? title['zh-CN']}" for ${period.key}, due ${due}`,
          },
          at: now,
        })),
        tx,
      );
      await appendAudit(
        sequelize,
        {
          actor: caller.username,
          unitCode: caller.unitCode,
          action: 'report.assign',
          target: `module:${key}`,
          outcome: 'ok',
          requestId,
          details: {
            period: period.key,
            dueAt: dueAt.toISOString(),
            ...(input.level !== undefined ? { level: input.level } : { unitCodes: codes }),
            created: created.length,
            existing: assigned.length - created.length,
            ids: created.map((r) => r.id),
          },
        },
        tx,
      );
      return assigned;
    });
    const created = rows.filter((r) => r.created).length;
    return {
      status: created > 0 ? 201 : 200,
      body: { key, period: period.key, dueAt: dueAt.toISOString(), created, existing: rows.length - created, records: rows },
    };
  }

  private dueAt(given: string | undefined, period: Period, report: CompiledReport): Date {
    if (given === undefined) return periodDue(period, report.spec.deadline ?? 'P15D')!;
    // A date alone: due at the end of that day in China. A date-time names its offset (no
    // server time zone guessed). Either way a day that does not exist (02-30) is refused, not moved.
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(given);
    const at = dateOnly ? new Date(`${given}T23:59:59.999+08:00`) : new Date(given);
    const day = new Date(`${given.slice(0, 10)}T00:00:00Z`);
    const realDay = !Number.isNaN(day.getTime()) && day.toISOString().startsWith(given.slice(0, 10));
    const shaped = dateOnly || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(given);
    if (Number.isNaN(at.getTime()) || !shaped || !realDay) {
      throw new FormworkError('FW_REPORT_DUE', { dueAt: given }, [problem('/dueAt', 'FW_REPORT_DUE', { dueAt: given })]);
    }
    return at;
  }

  // --- Completeness and timeliness ---------------------------------------------------------------

  async status(caller: SessionUser, key: string, periodText: string, query: { unit?: string; level?: number }, requestId: string): Promise<StatusResult> {
    const { compiled, report } = await this.template(key);
    const period = this.period(report, periodText);
    if (query.level !== undefined && !report.spec.levels.includes(query.level)) {
      const levelList = report.spec.levels.join('、');
      throw new FormworkError('FW_REPORT_LEVEL', { levels: levelList }, [problem('/level', 'FW_REPORT_LEVEL', { levels: levelList })]);
    }
    const unit = await this.scopeUnit(caller, query.unit, requestId);
    const states = this.states(compiled, report);
    const rows = await reportStatusRows(this.db.sequelize, {
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
    const { compiled, report } = await this.template(key);
    const states = this.states(compiled, report);
    const rows = await listReportPeriods(this.db.sequelize, { moduleKey: key, scopePath: caller.unitPath, draftStates: states.draft, approvedStates: states.approved });
    await this.audit(caller, 'report.periods', key, requestId, {});
    return rows.map((r) => ({ ...r, firstDue: r.firstDue?.toISOString() ?? null, lastDue: r.lastDue?.toISOString() ?? null }));
  }

  // --- Roll-up -----------------------------------------------------------------------------------

  async rollup(caller: SessionUser, key: string, periodText: string, query: { unit?: string; include?: 'approved' | 'submitted' }, requestId: string): Promise<RollupResult> {
    const { compiled, report } = await this.template(key);
    const period = this.period(report, periodText);
    const previous = previousPeriod(period);
    const unit = await this.scopeUnit(caller, query.unit, requestId);
    const include = query.include ?? 'approved';
    const states = this.states(compiled, report);
    const counted = include === 'submitted' ? states.submitted : states.approved;
    const { sequelize } = this.db;
    const trusted = await this.numbersOnly(key, [period.key, previous.key]);
    const fields: RollupField[] = report.rollup.map((e) => ({ pointer: e.pointer, aggregate: e.aggregate as RollupField['aggregate'], trusted: trusted.has(e.pointer) }));
    const [rows, assigned, children] = await Promise.all([
      rollupRows(sequelize, { moduleKey: key, periods: [period.key, previous.key], unitPath: unit.path, states: counted, fields }),
      assignedCounts(sequelize, { moduleKey: key, period: period.key, unitPath: unit.path }),
      listChildren(sequelize, unit.path),
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
    return {
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
  }

  /** The fields that hold nothing but numbers under every version the periods' reports were stored with. */
  private async numbersOnly(key: string, periods: string[]): Promise<Set<string>> {
    let trusted: Set<string> | undefined;
    for (const version of await reportVersions(this.db.sequelize, key, periods)) {
      const published = await this.registry.getVersion(key, version);
      const layout = published ? (await this.registry.compiled(published)).report?.layout : undefined;
      const here = new Set((layout ?? []).filter((e) => e.numbersOnly).map((e) => e.pointer));
      trusted = trusted ? new Set([...trusted].filter((p) => here.has(p))) : here;
    }
    return trusted ?? new Set();
  }

  // --- Pre-fill: the figures and the records behind them ----------------------------------------

  /** A report record's pre-filled figures computed now, each with the query behind it. */
  async prefill(caller: SessionUser, id: string, requestId: string): Promise<{ recordId: string; period: string; fields: PrefillFigure[] }> {
    const { record, compiled, period } = await this.reportRecord(caller, id, requestId);
    const values = await computePrefill(this.db.sequelize, compiled, record.unitPath, period);
    await this.audit(caller, 'report.prefill', `record:${record.id}`, requestId, {});
    return {
      recordId: record.id,
      period: period.key,
      fields: compiled.report!.prefilled.map((entry) => {
        const p = entry.prefill!;
        return {
          path: entry.pointer,
          label: entry.label,
          value: values[entry.pointer] ?? 0,
          stored: getAt(record.data, entry.pointer) ?? null,
          source: {
            module: p.module,
            op: p.op,
            ...(p.field !== undefined ? { field: p.field } : {}),
            dateField: p.dateField,
            scope: p.scope ?? 'subtree',
            from: period.start,
            to: period.last,
            where: p.where ?? [],
            ...(p.states ? { states: p.states } : {}),
          },
        };
      }),
    };
  }

  /** The records a pre-filled figure counts (drill-down from the figure to the list). */
  async prefillRecords(caller: SessionUser, id: string, path: string, limit: number, requestId: string) {
    const { record, compiled, period } = await this.reportRecord(caller, id, requestId);
    const entry = compiled.report!.prefilled.find((e) => e.pointer === path);
    if (!entry) throw new FormworkError('FW_REPORT_NOT_PREFILLED', { pointer: path }, [problem('/field', 'FW_REPORT_NOT_PREFILLED', { pointer: path })]);
    const query = { ...prefillQuery(entry.prefill!, record.unitPath, period), callerPath: caller.unitPath };
    const rows = await listMatching(this.db.sequelize, query, Math.min(limit, MAX_DRILL) + 1);
    const items = rows.slice(0, limit);
    await this.audit(caller, 'report.prefill.records', `record:${record.id}`, requestId, { field: path, count: items.length, ids: items.map((r) => r.id) });
    return { field: path, module: entry.prefill!.module, items, truncated: rows.length > limit };
  }

  private async reportRecord(caller: SessionUser, id: string, requestId: string) {
    const record = await this.records.visible(caller, id, requestId);
    const compiled = await this.records.compiledOf(record);
    const period = periodOfRecord(compiled, record.period);
    if (!compiled.report || !period) throw new FormworkError('FW_REPORT_NOT_REPORT', { key: record.moduleKey });
    return { record, compiled, period };
  }

  // --- Shared ------------------------------------------------------------------------------------

  private async scopeUnit(caller: SessionUser, code: string | undefined, requestId: string): Promise<Unit> {
    return code ? this.access.unit(caller, code, requestId) : this.access.unit(caller, caller.unitCode, requestId);
  }

  private audit(caller: SessionUser, action: string, target: string, requestId: string, details: Record<string, unknown>): Promise<void> {
    return appendAudit(this.db.sequelize, {
      actor: caller.username,
      unitCode: caller.unitCode,
      action,
      target: target.includes(':') ? target : `module:${target}`,
      outcome: 'ok',
      requestId,
      details,
    });
  }
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
