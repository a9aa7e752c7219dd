/**
 * Timed work on a record, run by the job queue: a reminder before a deadline, and the overdue
 * check that runs the module's rules with `context.overdue` (escalation, notices). Each runs at
 * most once per record and stay in a state (a history row keyed by the job claims it).
 */
import { deadlineText } from '../../../engine/src/index.js';
import { appendAudit } from '../audit/audit-store.js';
import type { RecordCore } from './record-core.js';
import { executeEvents, type DeadlineJob } from './record-effects.js';
import { findRecord, insertHistory, updateRecord } from './record-store.js';
import { insertNotification } from '../inbox/inbox-store.js';
import { stateOf } from './record-view.js';

export class RecordDeadlines {
  constructor(private readonly core: RecordCore) {}

  /** Runs a reminder or an overdue check, at most once per record and stay in a state. */
  async onDeadline(job: DeadlineJob): Promise<void> {
    const { sequelize } = this.core.db;
    await sequelize.transaction(async (tx) => {
      const record = await findRecord(sequelize, job.recordId, tx, true);
      if (!record || record.final || record.withdrawnAt || record.stateSeq !== job.stateSeq) return;
      const now = this.core.now();
      const jobKey = job.kind === 'overdue' ? `overdue:${job.stateSeq}` : `remind:${job.stateSeq}:${job.index ?? 0}`;
      const compiled = await this.core.compiledOf(record);
      const title = compiled.definition.title;
      const stateTitle = compiled.workflow.states[record.state]!.title;
      const details = { deadlineAt: record.deadlineAt?.toISOString() ?? null };
      const first = await insertHistory(sequelize, record.id, { at: now, actor: null, unitCode: null, kind: job.kind, toState: record.state, jobKey, details }, tx);
      if (!first) return;
      const notifyHolders = (kind: 'remind' | 'overdue', message: { 'zh-CN': string; en: string }) =>
        insertNotification(
          sequelize,
          { unitCode: record.assignedUnit, roles: record.awaitingRoles.length > 0 ? record.awaitingRoles : null, recordId: record.id, kind, message, at: now },
          tx,
        );
      if (job.kind === 'remind') {
        const due = record.deadlineAt ? deadlineText(record.deadlineAt) : '';
        await notifyHolders('remind', {
          'zh-CN': `「${title['zh-CN']}」记录（${stateTitle['zh-CN']}）将于 ${due} 到期`,
          en: `A "${title.en ?? title['zh-CN']}" record (${stateTitle.en}) is due at ${due} (China time)`,
        });
        return;
      }
      const site = { record, state: record.state, enteredAt: record.stateEnteredAt, caller: undefined, overdue: true, tx };
      const result = await this.core.evaluate(compiled, record.data, site);
      const effect = await executeEvents(sequelize, tx, record, compiled, result.events, { username: null, unitCode: null }, now);
      await notifyHolders('overdue', {
        'zh-CN': `「${title['zh-CN']}」记录（${stateTitle['zh-CN']}）已逾期`,
        en: `A "${title.en ?? title['zh-CN']}" record (${stateTitle.en}) is overdue`,
      });
      const ok = await updateRecord(sequelize, record.id, record.version, { ...stateOf(record), ...effect, overdueAt: now, actor: 'system', at: now }, tx);
      if (!ok) throw new Error(`record ${record.id} changed under its lock`);
      await appendAudit(
        sequelize,
        { actor: null, unitCode: null, action: 'record.overdue', target: `record:${record.id}`, outcome: 'ok', details: { state: record.state, assignedUnit: effect.assignedUnit } },
        tx,
      );
    });
  }
}
