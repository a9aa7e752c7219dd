/**
 * Workflow actions on a record: who may take them (holding unit, roles, condition), what the
 * step requires, where the record goes (hand up, down or home), and what the rules do on the
 * way (linked records, routing, escalation, notices) — all committed together.
 */
import type { Transaction } from 'sequelize';
import {
  FormworkError,
  applyExpression,
  applyMergePatch,
  diffData,
  getAt,
  isEmptyValue,
  problem,
  refuseLocked,
  requiredProblem,
  searchText,
  setAt,
  type CompiledModule,
  type CompiledTransition,
  type EvaluationResult,
  type Problem,
  type UnitTarget,
} from '../../../engine/src/index.js';
import type { SessionUser } from '../identity/identity-store.js';
import { pathBelow, pathWithin } from '../identity/access.js';
import { findUnit } from '../units/unit-store.js';
import { blocking, storedWarnings, withFigures, type RecordCore, type UnitPlace } from './record-core.js';
import { deadlineOf, executeEvents, resolveTarget, scheduleDeadline } from './record-effects.js';
import type { ActionInput, RecordView } from './record-service.js';
import { findRecord, insertHistory, insertRecord, updateRecord, type StoredRecord } from './record-store.js';
import { insertNotification } from '../inbox/inbox-store.js';
import { viewFor } from './record-view.js';
import { earlySubmission } from '../reports/report-prefill.js';

/** The unit (and role) holding a record. */
interface Holder {
  assignedUnit: string;
  assignedPath: string;
  assignedRole: string | null;
}

/** A transition checked and evaluated, ready to commit. */
interface Step {
  record: StoredRecord;
  compiled: CompiledModule;
  transition: CompiledTransition;
  action: string;
  comment: string | undefined;
  figures: Record<string, number> | undefined;
  result: EvaluationResult;
  holder: Holder;
  now: Date;
}

export class RecordActions {
  constructor(private readonly core: RecordCore) {}

  async act(caller: SessionUser, id: string, action: string, input: ActionInput, ifMatch: string | undefined, requestId: string): Promise<RecordView> {
    const record = await this.core.visible(caller, id, requestId);
    if (ifMatch !== undefined) this.core.checkVersion(record, ifMatch);
    const compiled = await this.core.compiledOf(record);
    const now = this.core.now();
    const transition = await this.allowedTransition(caller, record, compiled, action, requestId, now);
    const comment = input.comment?.trim() ? input.comment.trim() : undefined;
    // Leaving a draft (submitting a report) freezes its pre-filled figures as they are now.
    const figures = compiled.workflow.states[record.state]!.draft ? await this.core.freshPrefill(compiled, record) : undefined;
    // What the step itself sets wins over what the caller sent: state and data never disagree.
    const patched = withStepValues(input.data ? applyMergePatch(record.data, input.data) : record.data, transition.set);
    // The caller's data may change what field access lets them edit here, and the fields the step asks for.
    const site = this.core.accessSite(caller, record.unitPath, record.state);
    const locked = compiled.workflow.access.locked(withStepValues(record.data, transition.set), patched, site, transition.requires);
    refuseLocked(compiled, locked, compiled.workflow.states[record.state]!);
    const merged = figures ? withFigures(patched, figures) : patched;
    const result = await this.core.evaluate(compiled, merged, { record, state: transition.to, enteredAt: now, caller });
    this.refuseStep(compiled, transition, result, merged, comment);
    const holder = await this.nextHolder(record, transition, input.unitCode);
    const step: Step = { record, compiled, transition, action, comment, figures, result, holder, now };
    const { record: updated, warnings } = await this.core.db.sequelize.transaction((tx) => this.commit(tx, caller, step, requestId));
    return { ...viewFor(updated, compiled, this.core.accessSite(caller, updated.unitPath, updated.state)), warnings, availableActions: await this.core.availableActions(caller, updated, compiled) };
  }

  /** The transition named `action`, if the caller's unit holds the record and their roles and its condition allow it. */
  private async allowedTransition(caller: SessionUser, record: StoredRecord, compiled: CompiledModule, action: string, requestId: string, now: Date) {
    const transition = compiled.workflow.find(record.state, action);
    const fromState = compiled.workflow.states[record.state]!;
    if (!transition) throw new FormworkError('FW_WF_ACTION_NOT_AVAILABLE', { action, state: fromState.title['zh-CN'] });
    this.core.checkHolder(caller, record);
    if (!transition.roles.some((r) => caller.roles.includes(r))) {
      await this.core.audit(caller, 'record.transition', record, requestId, undefined, { action, refused: 'role' }, 'refused');
      throw new FormworkError('FW_WF_ROLE_NOT_ALLOWED', { action: transition.title['zh-CN'], roles: transition.roles.join('、') });
    }
    if (transition.condition) {
      const context = this.core.context(record, record.state, record.stateEnteredAt, caller, now);
      const allowed = await compiled.workflow.available(record.state, caller.roles, record.data, context, { provider: this.core.factsFor(record, compiled) });
      if (!allowed.includes(transition)) throw new FormworkError('FW_WF_CONDITION_NOT_MET', { action: transition.title['zh-CN'] });
    }
    const early = earlySubmission(compiled, record, transition.to, now);
    if (early) throw early;
    return transition;
  }

  /** Refuses the step when the data is not fit for the target state, a required field is empty or a required comment is missing. */
  private refuseStep(compiled: CompiledModule, transition: CompiledTransition, result: EvaluationResult, merged: unknown, comment: string | undefined): void {
    const problems = blocking(result.errors, compiled.workflow.states[transition.to]!.draft);
    for (const pointer of transition.requires) {
      if (isEmptyValue(getAt(merged, pointer)) && !problems.some((p) => p.path === pointer && p.code === 'FW_VAL_REQUIRED')) {
        problems.push(requiredProblem(compiled, pointer));
      }
    }
    if (transition.comment === 'required' && !comment) {
      problems.push(problem('/comment', 'FW_WF_COMMENT_REQUIRED', { action: transition.title['zh-CN'] }));
    }
    if (problems.length > 0) throw new FormworkError('FW_REC_INVALID', { count: problems.length }, problems);
  }

  /** Hand up (上报) to the unit above the holder, down (下发/交办) to a unit below it, or home to the record's own unit. */
  private async nextHolder(record: StoredRecord, transition: CompiledTransition, unitCode: string | undefined): Promise<Holder> {
    const { sequelize } = this.core.db;
    const handoff = transition.handoff;
    const role = handoff?.role ?? null;
    if (handoff?.direction === 'up') {
      const parent = await resolveTarget(sequelize, record.assignedPath, 'parent');
      if (!parent) throw new FormworkError('FW_WF_NO_PARENT');
      return { assignedUnit: parent.code, assignedPath: parent.path, assignedRole: role };
    }
    if (handoff?.direction === 'home') {
      // Back to the unit the record belongs to (a report returned for correction).
      return { assignedUnit: record.unitCode, assignedPath: record.unitPath, assignedRole: role };
    }
    if (handoff?.direction === 'down') {
      const target = unitCode ? await findUnit(sequelize, unitCode) : undefined;
      if (!target || !pathBelow(target.path, record.assignedPath)) {
        throw new FormworkError('FW_WF_HANDOFF_TARGET', { unit: record.assignedUnit }, [problem('/unitCode', 'FW_WF_HANDOFF_TARGET', { unit: record.assignedUnit })]);
      }
      return { assignedUnit: target.code, assignedPath: target.path, assignedRole: role };
    }
    return { assignedUnit: record.assignedUnit, assignedPath: record.assignedPath, assignedRole: record.assignedRole };
  }

  /** One transaction: linked records, the rules' effects, the new state, history, notice, deadline and audit. */
  private async commit(tx: Transaction, caller: SessionUser, step: Step, requestId: string): Promise<{ record: StoredRecord; warnings: Problem[] }> {
    const { sequelize } = this.core.db;
    const { record, compiled, transition, now } = step;
    const toState = compiled.workflow.states[transition.to]!;
    const moved = { ...record, ...step.holder };
    // Rules acting on the new state: linked records, routing, escalation and notices.
    await this.createLinked(tx, caller, moved, compiled, step.result, transition.to, now, requestId);
    const effect = await executeEvents(sequelize, tx, moved, compiled, step.result.events, { username: caller.username, unitCode: caller.unitCode }, now);
    const result = await this.reevaluatedAtNewHolder(tx, caller, step, effect);
    const data = result.data;
    const stateSeq = record.stateSeq + 1;
    const deadline = deadlineOf(compiled, transition.to, now, data, record.dueAt);
    const next = {
      moduleVersion: record.moduleVersion,
      ...effect,
      state: transition.to,
      final: toState.final,
      stateSeq,
      stateEnteredAt: now,
      awaitingRoles: compiled.workflow.awaitingRoles(transition.to),
      deadlineAt: deadline?.at ?? null,
      overdueAt: null,
      data,
      derived: { ...this.core.keptFigures(compiled, record, step.figures), ...result.derived },
      warnings: storedWarnings(result),
      searchText: searchText(compiled.list, data, compiled.codeTitle),
      actor: caller.username,
      at: now,
    };
    if (!(await updateRecord(sequelize, record.id, record.version, next, tx))) throw await this.core.conflict(record.id, tx);
    const handedOff = step.holder.assignedUnit !== record.assignedUnit;
    await insertHistory(
      sequelize,
      record.id,
      {
        at: now,
        actor: caller.username,
        unitCode: caller.unitCode,
        kind: 'transition',
        action: step.action,
        fromState: record.state,
        toState: transition.to,
        comment: step.comment ?? null,
        changes: diffData(record.data, data),
        details: handedOff ? { handoff: transition.handoff?.direction, from: record.assignedUnit, to: step.holder.assignedUnit, role: step.holder.assignedRole } : {},
      },
      tx,
    );
    if (effect.assignedUnit !== record.assignedUnit && !toState.final) {
      const title = compiled.definition.title;
      await insertNotification(
        sequelize,
        {
          unitCode: effect.assignedUnit,
          roles: effect.assignedRole ? [effect.assignedRole] : next.awaitingRoles.length > 0 ? next.awaitingRoles : null,
          recordId: record.id,
          kind: 'assigned',
          message: { 'zh-CN': `「${title['zh-CN']}」记录已交由本单位办理`, en: `A "${title.en ?? title['zh-CN']}" record was handed to your unit` },
          at: now,
        },
        tx,
      );
    }
    await scheduleDeadline(this.core.jobs, tx, { id: record.id, stateSeq }, deadline, now);
    const details = { action: step.action, from: record.state, to: transition.to, assignedUnit: effect.assignedUnit };
    await this.core.audit(caller, 'record.transition', record, requestId, tx, details);
    return { record: (await findRecord(sequelize, record.id, tx))!, warnings: result.warnings };
  }

  /**
   * Facts withheld where the record was (wider than that unit may read) are evaluated once the
   * step hands it to a unit that may read them: its computed values are then set at the new holder.
   */
  private async reevaluatedAtNewHolder(tx: Transaction, caller: SessionUser, step: Step, effect: { assignedUnit: string; assignedPath: string }): Promise<EvaluationResult> {
    const { record, compiled, transition, result, now } = step;
    if (effect.assignedPath === record.assignedPath || !result.warnings.some((w) => w.code === 'FW_FACT_WITHHELD')) return result;
    const holder = { code: effect.assignedUnit, path: effect.assignedPath, level: effect.assignedPath.split('.').length };
    return this.core.evaluate(compiled, result.data, { record, state: transition.to, enteredAt: now, caller, holder, tx });
  }

  /**
   * `create` events: records of other modules made by this transition (a finding's clue, a
   * rectification task), each linked back at the event's `link` field of the evaluated data
   * (changed in place, before it is stored).
   */
  private async createLinked(
    tx: Transaction,
    caller: SessionUser,
    source: StoredRecord,
    compiled: CompiledModule,
    result: EvaluationResult,
    state: string,
    now: Date,
    requestId: string,
  ): Promise<void> {
    const { sequelize } = this.core.db;
    const data = result.data;
    for (const event of result.events) {
      if (event.type !== 'create') continue;
      const params = event.params as { module: string; unit?: UnitTarget | { fromData: string }; data: Record<string, unknown>; link?: string };
      const unit = await this.createdUnit(tx, caller, source, params.unit, data, event.rule);
      const context = this.core.context(source, state, now, caller, now);
      const input: Record<string, unknown> = {};
      for (const [pointer, expr] of Object.entries(params.data)) {
        const value = applyExpression(expr, { data, context });
        if (value !== undefined && value !== null) setAt(input, pointer, value);
      }
      const published = await this.core.latest(params.module);
      const target = await this.core.registry.compiled(published);
      let prepared;
      try {
        prepared = await this.core.prepareNew(published, target, unit, input, caller, now, tx);
      } catch (error) {
        if (error instanceof FormworkError && error.code === 'FW_REC_INVALID') {
          throw new FormworkError('FW_WF_CREATE_INVALID', { rule: event.rule, module: published.key }, error.problems);
        }
        throw error;
      }
      const created = await insertRecord(
        sequelize,
        prepared.row,
        { at: now, actor: caller.username, unitCode: caller.unitCode, kind: 'create', changes: diffData({}, prepared.row.data), details: { from: `record:${source.id}`, rule: event.rule } },
        tx,
        { actor: caller.username, unitCode: caller.unitCode, action: 'record.create', requestId, details: { from: source.id, rule: event.rule } },
      );
      await scheduleDeadline(this.core.jobs, tx, created, prepared.deadline, now);
      const title = target.definition.title;
      await insertNotification(
        sequelize,
        {
          unitCode: created.assignedUnit,
          roles: created.awaitingRoles.length > 0 ? created.awaitingRoles : null,
          recordId: created.id,
          kind: 'assigned',
          message: { 'zh-CN': `新的「${title['zh-CN']}」记录待办理`, en: `A new "${title.en ?? title['zh-CN']}" record awaits you` },
          at: now,
        },
        tx,
      );
      if (params.link) setAt(data, params.link, created.id);
    }
  }

  /** The unit a `create` event's record belongs to: named by the data (within the creator's reach) or relative to the holder. */
  private async createdUnit(
    tx: Transaction,
    caller: SessionUser,
    source: StoredRecord,
    target: UnitTarget | { fromData: string } | undefined,
    data: Record<string, unknown>,
    rule: string,
  ): Promise<UnitPlace> {
    const { sequelize } = this.core.db;
    if (target !== undefined && typeof target === 'object' && 'fromData' in target) {
      const code = getAt(data, target.fromData);
      const found = typeof code === 'string' ? await findUnit(sequelize, code, tx) : undefined;
      if (found && (pathWithin(found.path, caller.unitPath) || pathWithin(found.path, source.assignedPath))) return found;
      throw new FormworkError('FW_WF_CREATE_UNIT', { rule, unit: String(code ?? '') });
    }
    const unit = await resolveTarget(sequelize, source.assignedPath, target ?? 'self', tx);
    if (!unit) throw new FormworkError('FW_WF_CREATE_UNIT', { rule, unit: '' });
    return unit;
  }
}

/** The data with the fields a transition sets (JSON Pointer → value) set. */
function withStepValues(data: unknown, set: Readonly<Record<string, unknown>>): unknown {
  const entries = Object.entries(set);
  if (entries.length === 0) return data;
  const copy = structuredClone((data ?? {}) as Record<string, unknown>);
  for (const [pointer, value] of entries) setAt(copy, pointer, value);
  return copy;
}
