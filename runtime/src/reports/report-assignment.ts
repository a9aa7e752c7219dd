/**
 * Assigning a report period: one report record per target unit (a level of the caller's
 * subtree, or named units), with its deadline job and a notice, in one transaction;
 * assigning again creates nothing new.
 */
import { deadlineText, FormworkError, periodDue, periodTitle, problem, type CompiledReport, type Period, type Problem } from '../../../engine/src/index.js';
import { appendAudit } from '../audit/audit-store.js';
import type { Access } from '../identity/access.js';
import type { SessionUser } from '../identity/identity-store.js';
import { insertNotifications } from '../inbox/inbox-store.js';
import type { Database } from '../platform/db/database.js';
import type { JobQueue } from '../platform/jobs/job-queue.js';
import { deadlineOf, scheduleDeadlines } from '../records/record-effects.js';
import type { AssignBody as AssignInput, AssignResult } from '../api/reports.js';
import { assignReports, countUnitsAtLevel } from './report-store.js';
import type { ReportTemplates } from './report-templates.js';

export class ReportAssignments {
  constructor(
    private readonly db: Database,
    private readonly templates: ReportTemplates,
    private readonly access: Access,
    private readonly jobs: JobQueue | undefined,
    private readonly now: () => Date,
  ) {}

  /** Creates one report record per target unit for a period; assigning again creates nothing new. */
  async assign(caller: SessionUser, key: string, periodText: string, input: AssignInput, requestId: string): Promise<{ status: 200 | 201; body: AssignResult }> {
    const { published, compiled, report } = await this.templates.template(key);
    const period = this.templates.period(report, periodText);
    const codes = await this.targets(caller, report, input, requestId);
    const { sequelize } = this.db;
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
      const due = deadlineText(dueAt);
      await insertNotifications(
        sequelize,
        created.map((r) => ({
          unitCode: r.unitCode,
          roles: compiled.workflow.awaitingRoles(initial),
          recordId: r.id,
          kind: 'assigned',
          message: {
            'zh-CN': `请填报「${title['zh-CN']}」（${periodTitle(period)['zh-CN']}），截止时间 ${due}`,
            en: `Please fill in "${title.en ?? title['zh-CN']}" for ${periodTitle(period).en}, due ${due} (China time)`,
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

  /**
   * Checks the targets: a level the template is filled at, with units in the caller's subtree,
   * or named units (each in scope, at such a level). Returns the named codes, if any.
   */
  private async targets(caller: SessionUser, report: CompiledReport, input: AssignInput, requestId: string): Promise<string[] | undefined> {
    const levels = report.spec.levels;
    const levelList = levels.join('、');
    if ((input.level === undefined) === (input.unitCodes === undefined)) {
      throw new FormworkError('FW_REPORT_TARGET', {}, [problem(input.level === undefined ? '' : '/unitCodes', 'FW_REPORT_TARGET')]);
    }
    if (input.level !== undefined) {
      if (!levels.includes(input.level)) {
        throw new FormworkError('FW_REPORT_LEVEL', { levels: levelList }, [problem('/level', 'FW_REPORT_LEVEL', { levels: levelList })]);
      }
      if ((await countUnitsAtLevel(this.db.sequelize, caller.unitPath, input.level)) === 0) {
        throw new FormworkError('FW_REPORT_NO_UNITS', { level: input.level }, [problem('/level', 'FW_REPORT_NO_UNITS', { level: input.level })]);
      }
      return undefined;
    }
    const problems: Problem[] = [];
    const codes = [...new Set(input.unitCodes)];
    // Out of scope answers 404, as anywhere.
    const units = await this.access.units(caller, codes, requestId);
    for (const [i, code] of input.unitCodes!.entries()) {
      const unit = units.get(code)!;
      if (!levels.includes(unit.level)) problems.push(problem(`/unitCodes/${i}`, 'FW_REPORT_UNIT_LEVEL', { code, level: unit.level, levels: levelList }));
    }
    if (problems.length > 0) throw new FormworkError('FW_REPORT_LEVEL', { levels: levelList }, problems);
    return codes;
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
}
