/** Report templates: the latest version of a report module, its periods and its states. */
import { FormworkError, PERIOD_EXAMPLES, parsePeriod, problem, type CompiledModule, type CompiledReport, type Period } from '../../../engine/src/index.js';
import { appendAudit } from '../audit/audit-store.js';
import type { SessionUser } from '../identity/identity-store.js';
import type { ModuleRegistry } from '../modules/module-registry.js';
import type { PublishedVersion } from '../modules/module-store.js';
import type { Database } from '../platform/db/database.js';

export class ReportTemplates {
  constructor(private readonly registry: ModuleRegistry) {}

  /** The latest version of a report module. */
  async template(key: string): Promise<{ published: PublishedVersion; compiled: CompiledModule; report: CompiledReport }> {
    const published = await this.registry.getLatest(key);
    if (!published) throw new FormworkError('FW_MODULE_NOT_FOUND', { key });
    const compiled = await this.registry.compiled(published);
    if (!compiled.report) throw new FormworkError('FW_REPORT_NOT_REPORT', { key });
    return { published, compiled, report: compiled.report };
  }

  /** A period of the template's type (422 at /period, with an example, otherwise). */
  period(report: CompiledReport, text: string): Period {
    return reportPeriod(report, text);
  }

  /** The states of a template: drafts, approved, and what a roll-up includes. */
  states(compiled: CompiledModule, report: CompiledReport) {
    const all = Object.values(compiled.workflow.states);
    const draft = all.filter((s) => s.draft).map((s) => s.name);
    const submitted = all.filter((s) => !s.draft).map((s) => s.name);
    return { draft, approved: [...report.approvedStates], submitted };
  }
}

/** The audit entry of a report operation (a bare target names a module). */
export function auditReport(db: Database, caller: SessionUser, action: string, target: string, requestId: string, details: Record<string, unknown>): Promise<void> {
  return appendAudit(db.sequelize, {
    actor: caller.username,
    unitCode: caller.unitCode,
    action,
    target: target.includes(':') ? target : `module:${target}`,
    outcome: 'ok',
    requestId,
    details,
  });
}

/** A period of a report's type, e.g. 2026Q3 for a quarterly one (422 at /period, with an example, otherwise). */
export function reportPeriod(report: CompiledReport, text: string): Period {
  const period = parsePeriod(report.spec.period, text);
  if (period) return period;
  const type = report.spec.period;
  const params = { period: text, type, typeName: { month: '月度', quarter: '季度', half: '半年', year: '年度' }[type], example: PERIOD_EXAMPLES[type] };
  throw new FormworkError('FW_REPORT_PERIOD', params, [problem('/period', 'FW_REPORT_PERIOD', params)]);
}
