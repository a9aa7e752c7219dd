/**
 * What a record's rules and workflow do beyond its own row: hand it to another unit (route,
 * escalate), notify the holders of a role somewhere, and set, remind of and enforce deadlines.
 * Everything runs inside the caller's transaction, so it commits with the record or not at all.
 */
import type { Sequelize, Transaction } from 'sequelize';
import {
  addDuration,
  endOfDay,
  getAt,
  pick,
  subtractDuration,
  type CompiledModule,
  type FiredEvent,
  type LocalizedText,
  type UnitTarget,
} from '../../../engine/src/index.js';
import { DEADLINE_QUEUE, type JobQueue } from '../platform/jobs/job-queue.js';
import { insertHistory, type StoredRecord } from './record-store.js';
import { insertNotification } from '../inbox/inbox-store.js';
import { ancestorsOf, type Unit } from '../units/unit-store.js';

/** A deadline job: one reminder or the overdue check, for one stay (state_seq) in one state. */
export interface DeadlineJob {
  recordId: string;
  stateSeq: number;
  kind: 'remind' | 'overdue';
  index?: number;
}

/** When a record entering `state` becomes overdue, and when to remind before. */
export function deadlineOf(
  compiled: CompiledModule,
  state: string,
  enteredAt: Date,
  data: unknown,
  dueAt: Date | null = null,
): { at: Date; reminders: Date[] } | undefined {
  const deadline = compiled.workflow.states[state]?.deadline;
  if (!deadline) return undefined;
  let at: Date | undefined;
  if (deadline.after) at = addDuration(enteredAt, deadline.after);
  else if (deadline.at) {
    const value = getAt(data, deadline.at);
    at = typeof value === 'string' ? endOfDay(value) : undefined;
  } else if (deadline.due) at = dueAt ?? undefined;
  if (!at) return undefined;
  return { at, reminders: (deadline.remindBefore ?? []).map((d) => subtractDuration(at, d)) };
}

/** Schedules the reminders and the overdue check of a record's current stay in its state. */
export async function scheduleDeadline(jobs: JobQueue | undefined, tx: Transaction, record: { id: string; stateSeq: number }, deadline: { at: Date; reminders: Date[] } | undefined, now: Date): Promise<void> {
  if (deadline) await scheduleDeadlines(jobs, tx, [{ record, deadline }], now);
}

/** Schedules the deadline jobs of many records' stays at once (one statement). */
export async function scheduleDeadlines(
  jobs: JobQueue | undefined,
  tx: Transaction,
  items: readonly { record: { id: string; stateSeq: number }; deadline: { at: Date; reminders: Date[] } }[],
  now: Date,
): Promise<void> {
  if (items.length === 0) return;
  if (!jobs) throw new Error('a deadline needs the job queue');
  const batch: { data: DeadlineJob; startAfter: Date }[] = [];
  for (const { record, deadline } of items) {
    for (const [index, at] of deadline.reminders.entries()) {
      if (at.getTime() > now.getTime()) batch.push({ data: { recordId: record.id, stateSeq: record.stateSeq, kind: 'remind', index }, startAfter: at });
    }
    batch.push({ data: { recordId: record.id, stateSeq: record.stateSeq, kind: 'overdue' }, startAfter: deadline.at });
  }
  await jobs.sendMany(tx, DEADLINE_QUEUE, batch);
}

/** The unit a target names, relative to the unit holding the record. */
export async function resolveTarget(sequelize: Sequelize, holderPath: string, target: UnitTarget, tx?: Transaction): Promise<Unit | undefined> {
  const chain = await ancestorsOf(sequelize, holderPath, tx);
  const holder = chain[chain.length - 1];
  if (target === 'self') return holder;
  if (target === 'parent') return chain[chain.length - 2];
  if (target === 'root') return chain[0];
  return chain.find((u) => u.level === target.level) ?? holder;
}

export interface EffectOutcome {
  assignedUnit: string;
  assignedPath: string;
  assignedRole: string | null;
}

/**
 * Acts on side-effect events: `route` and `escalate` (with reassign) hand the record to
 * another unit; `notify` and `escalate` notify a unit's role holders. Returns the new holder.
 */
export async function executeEvents(
  sequelize: Sequelize,
  tx: Transaction,
  record: StoredRecord,
  compiled: CompiledModule,
  events: readonly FiredEvent[],
  actor: { username: string | null; unitCode: string | null },
  now: Date,
): Promise<EffectOutcome> {
  let holder: EffectOutcome = { assignedUnit: record.assignedUnit, assignedPath: record.assignedPath, assignedRole: record.assignedRole };
  const title = compiled.definition.title;
  for (const event of events) {
    const params = event.params as { to?: UnitTarget; role?: string; reason?: LocalizedText; message?: LocalizedText; reassign?: boolean };
    if (event.type !== 'route' && event.type !== 'escalate' && event.type !== 'notify') continue;
    const target = await resolveTarget(sequelize, holder.assignedPath, params.to ?? 'self', tx);
    if (!target) continue;
    const moves = event.type === 'route' || (event.type === 'escalate' && params.reassign === true);
    if (moves && target.code !== holder.assignedUnit) {
      await insertHistory(
        sequelize,
        record.id,
        {
          at: now,
          actor: actor.username,
          unitCode: actor.unitCode,
          kind: event.type === 'route' ? 'route' : 'escalate',
          details: { rule: event.rule, from: holder.assignedUnit, to: target.code, role: params.role ?? null, reason: params.reason ?? null },
        },
        tx,
      );
      holder = { assignedUnit: target.code, assignedPath: target.path, assignedRole: params.role ?? null };
    } else if (event.type === 'escalate') {
      await insertHistory(
        sequelize,
        record.id,
        { at: now, actor: actor.username, unitCode: actor.unitCode, kind: 'escalate', details: { rule: event.rule, to: target.code, role: params.role ?? null, reason: params.reason ?? null } },
        tx,
      );
    }
    if (event.type === 'notify' || event.type === 'escalate') {
      const text = params.message ?? params.reason;
      const message = text
        ? { 'zh-CN': text['zh-CN'], en: text.en ?? text['zh-CN'] }
        : { 'zh-CN': `「${pick(title, 'zh-CN')}」记录已上报督办`, en: `A "${pick(title, 'en')}" record was escalated` };
      await insertNotification(
        sequelize,
        { unitCode: target.code, roles: params.role ? [params.role] : null, recordId: record.id, kind: event.type, message, at: now },
        tx,
      );
    }
  }
  return holder;
}

/** An instant as people in China read it (YYYY-MM-DD HH:mm, China time). */
export function formatChinaTime(date: Date | null): string {
  if (!date) return '';
  const local = new Date(date.getTime() + 8 * 3_600_000);
  return local.toISOString().slice(0, 16).replace('T', ' ');
}
