/** A report record's pre-filled figures, each with the query behind it, and the records behind a figure (drill-down). */
import { FormworkError, getAt, problem } from '../../../engine/src/index.js';
import type { SessionUser } from '../identity/identity-store.js';
import type { Database } from '../platform/db/database.js';
import { listMatching } from '../records/fact-store.js';
import type { RecordService } from '../records/record-service.js';
import { computePrefill, periodOfRecord, prefillQuery } from './report-prefill.js';
import type { PrefillFigure } from '../api/reports.js';
import { MAX_DRILL } from '../api/reports.js';
import { auditReport } from './report-templates.js';


export class ReportFigures {
  constructor(
    private readonly db: Database,
    private readonly records: RecordService,
  ) {}

  /** A report record's pre-filled figures computed now, each with the query behind it. */
  async prefill(caller: SessionUser, id: string, requestId: string): Promise<{ recordId: string; period: string; fields: PrefillFigure[] }> {
    const { record, compiled, period } = await this.reportRecord(caller, id, requestId);
    const values = await computePrefill(this.db.sequelize, compiled, record.unitPath, period);
    await auditReport(this.db, caller, 'report.prefill', `record:${record.id}`, requestId, {});
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
    await auditReport(this.db, caller, 'report.prefill.records', `record:${record.id}`, requestId, { field: path, count: items.length, ids: items.map((r) => r.id) });
    return { field: path, module: entry.prefill!.module, items, truncated: rows.length > limit };
  }

  private async reportRecord(caller: SessionUser, id: string, requestId: string) {
    const record = await this.records.visible(caller, id, requestId);
    const compiled = await this.records.compiledOf(record);
    const period = periodOfRecord(compiled, record.period);
    if (!compiled.report || !period) throw new FormworkError('FW_REPORT_NOT_REPORT', { key: record.moduleKey });
    return { record, compiled, period };
  }
}
