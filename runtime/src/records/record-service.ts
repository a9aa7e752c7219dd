/**
 * Records: any published record module as a working business process. Create (with
 * Idempotency-Key), read, list, update drafts (If-Match), take workflow actions (roles, step
 * requirements, conditions, hand up/down, deadlines), history. Each write commits the record,
 * its history, its audit entry, its notifications and its deadline jobs together.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from 'sequelize';
import {
  FormworkError,
  applyMergePatch,
  canonicalJson,
  diffData,
  evaluate,
  format,
  getAt,
  isEmptyValue,
  problem,
  setAt,
  CODES,
  type CompiledModule,
  type CompiledTransition,
  type EvaluationContext,
  type EvaluationResult,
  type Problem,
  type UnitTarget,
  type Locale,
  applyExpression,
  withToday,
} from '../../../engine/src/index.js';
import type { JobQueue } from '../platform/jobs/job-queue.js';
import { appendAudit } from '../audit/audit-store.js';
import type { Database } from '../platform/db/database.js';
import type { SessionUser } from '../identity/identity-store.js';
import type { PublishedVersion } from '../modules/module-store.js';
import {
  claimIdempotencyKey,
  findIdempotencyKey,
  findRecord,
  insertHistory,
  insertNotification,
  insertRecord,
  listHistory,
  listRecords,
  storeIdempotentResponse,
  updateRecord,
  type HistoryView,
  type StoredRecord,
} from './record-store.js';
import { findUnit, findUnits } from '../units/unit-store.js';
import { pathBelow, pathWithin, type Access } from '../identity/access.js';
import type { ModuleRegistry } from '../modules/module-registry.js';
import { deadlineOf, executeEvents, formatChinaTime, resolveTarget, scheduleDeadline, type DeadlineJob } from './record-effects.js';
import { renderDocument } from './record-documents.js';
import { buildQuery, listMatching, RecordFactProvider, type FactScope } from './record-facts.js';
import { computePrefill, periodOfRecord } from '../reports/report-prefill.js';
import type { ActionBody, AvailableAction, LinkedView, ListRecordsQuery, RecordView as ApiRecordView } from '../api/records.js';

/** A `filter` query parameter: a JSON object matched against record data (undefined when absent). */
export function parseDataFilter(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new FormworkError('FW_REC_BAD_QUERY', { reason: 'filter must be a JSON object, e.g. {"category":"political"}' });
  }
  return parsed as Record<string, unknown>;
}

/**
 * A record as the service answers it: the contract's RecordView with its warnings not yet
 * localised (the route puts them in the caller's language).
 */
export type RecordView = Omit<ApiRecordView, 'warnings'> & { warnings?: Problem[] };

// Declared with the contract; re-exported for the readers that still import them from here.
export type { AvailableAction, LinkedView } from '../api/records.js';

/** The body of a workflow action (comment, data, the unit below to hand the record down to). */
export type ActionInput = ActionBody;

/** The filters and page of a record list. */
export type ListQuery = ListRecordsQuery;

const DAY = 86_400_000;

export class RecordService {
  constructor(
    private readonly db: Database,
    private readonly registry: ModuleRegistry,
    private readonly access: Access,
    private readonly jobs: JobQueue | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  // --- Create ------------------------------------------------------------------------------

  async create(
    caller: SessionUser,
    key: string,
    input: { data: unknown; unitCode?: string },
    options: { idempotencyKey?: string; requestId: string },
  ): Promise<{ status: number; body: RecordView }> {
    const { sequelize } = this.db;
    const requestHash = options.idempotencyKey ? createHash('sha256').update(canonicalJson({ key, input })).digest('hex') : '';
    if (options.idempotencyKey) {
      const replay = await this.replay(caller, options.idempotencyKey, requestHash);
      if (replay) return replay;
    }
    const published = await this.latest(key);
    const compiled = await this.registry.compiled(published);
    // The caller's own unit comes with the session; another one is looked up (and scoped).
    const unit = input.unitCode
      ? await this.access.unit(caller, input.unitCode, options.requestId)
      : { code: caller.unitCode, path: caller.unitPath, level: caller.unitLevel };
    const now = this.now();
    const { row, result, deadline } = await this.prepareNew(published, compiled, unit, input.data, caller, now);
    const data = row.data;
    const history = { at: now, actor: caller.username, unitCode: caller.unitCode, kind: 'create' as const, changes: diffData({}, data) };
    const audit = { actor: caller.username, unitCode: caller.unitCode, action: 'record.create', requestId: options.requestId, details: { moduleVersion: published.version } };

    if (!options.idempotencyKey && !deadline) {
      // The common case: record, history and audit entry in one statement, one implicit transaction.
      const record = await insertRecord(sequelize, row, history, undefined, audit);
      return { status: 201, body: { ...view(record), warnings: result.warnings } };
    }
    return sequelize.transaction(async (tx) => {
      if (options.idempotencyKey) {
        const claim = await claimIdempotencyKey(sequelize, caller.username, options.idempotencyKey, requestHash, tx);
        // A concurrent twin committed first: answer as it did.
        if (!claim.claimed) return this.answerReplay(claim.requestHash, requestHash, claim.status, claim.response);
      }
      const record = await insertRecord(sequelize, row, history, tx, audit);
      await scheduleDeadline(this.jobs, tx, record, deadline, now);
      const body = { ...view(record), warnings: result.warnings };
      if (options.idempotencyKey) await storeIdempotentResponse(sequelize, caller.username, options.idempotencyKey, 201, body, tx);
      return { status: 201, body };
    });
  }

  /** Validates the data of a new record (a draft may be incomplete) and builds its row. */
  private async prepareNew(
    published: PublishedVersion,
    compiled: CompiledModule,
    unit: { code: string; path: string; level: number },
    input: unknown,
    caller: SessionUser,
    now: Date,
  ) {
    if (compiled.kind === 'codelist') throw new FormworkError('FW_REC_WRONG_KIND', { key: published.key, kind: '代码集 (code list)' });
    // A report's records come from assignments, one per unit and period.
    if (compiled.kind === 'report') throw new FormworkError('FW_REC_WRONG_KIND', { key: published.key, kind: '报表 (report; records come from assignments)' });
    const state = compiled.workflow.initial;
    const result = await this.evaluate(compiled, input, { state, enteredAt: now, caller, holder: unit });
    this.refuseErrors(result, compiled.workflow.states[state]!.draft);
    const data = withDerived(input, result.derived);
    const deadline = deadlineOf(compiled, state, now, data);
    const row = {
      moduleKey: published.key,
      moduleVersion: published.version,
      unitCode: unit.code,
      unitPath: unit.path,
      unitLevel: unit.level,
      assignedUnit: unit.code,
      assignedPath: unit.path,
      assignedRole: null,
      state,
      final: compiled.workflow.states[state]!.final,
      stateSeq: 1,
      stateEnteredAt: now,
      awaitingRoles: compiled.workflow.awaitingRoles(state),
      deadlineAt: deadline?.at ?? null,
      overdueAt: null,
      data,
      derived: result.derived,
      actor: caller.username,
      at: now,
    };
    return { row, result, deadline };
  }

  private async replay(caller: SessionUser, key: string, requestHash: string): Promise<{ status: number; body: RecordView } | undefined> {
    const found = await findIdempotencyKey(this.db.sequelize, caller.username, key);
    if (!found || found.status === null) return undefined;
    return this.answerReplay(found.requestHash, requestHash, found.status, found.response);
  }

  private answerReplay(stored: string, given: string, status: number | null, response: unknown): { status: number; body: RecordView } {
    if (stored !== given) throw new FormworkError('FW_REC_IDEMPOTENCY_MISMATCH');
    return { status: status ?? 201, body: response as RecordView };
  }

  // --- Read ----------------------------------------------------------------------------------

  async get(caller: SessionUser, id: string, requestId: string): Promise<RecordView> {
    const record = await this.visible(caller, id, requestId);
    const compiled = await this.compiledOf(record);
    const availableActions = await this.availableActions(caller, record, compiled);
    const links = await this.links(caller, record, compiled);
    const prefill = compiled.workflow.states[record.state]?.draft ? await this.freshPrefill(compiled, record) : undefined;
    // Names even of units outside the caller's subtree (the unit above now holding it).
    const unitNames = Object.fromEntries((await findUnits(this.db.sequelize, [record.unitCode, record.assignedUnit])).map((u) => [u.code, u.name]));
    await this.audit(caller, 'record.read', record, requestId);
    return { ...view(record), unitNames, availableActions, ...(links ? { links } : {}), ...(prefill ? { prefill } : {}) };
  }

  /**
   * The related records a definition's `links` name, looked up now (e.g. a cadre's cases in
   * the integrity archive): from anywhere in the organisation, but only what the caller may see.
   */
  private async links(caller: SessionUser, record: StoredRecord, compiled: CompiledModule): Promise<Record<string, LinkedView[]> | undefined> {
    const definitions = compiled.definition.links ?? [];
    if (definitions.length === 0) return undefined;
    const context = this.context(record, record.state, record.stateEnteredAt, caller, this.now());
    const out: Record<string, LinkedView[]> = {};
    for (const link of definitions) {
      const query = buildQuery({ ...link, scope: 'root' }, record.data, context, { recordId: record.id, unitPath: record.unitPath });
      const rows = query ? await listMatching(this.db.sequelize, { ...query, callerPath: caller.unitPath }, link.limit ?? 100) : [];
      out[link.name] = rows.map((r) => ({
        id: r.id,
        key: link.module,
        state: r.state,
        unitCode: r.unitCode,
        updatedAt: r.updatedAt,
        data: link.fields ? Object.fromEntries(link.fields.map((f) => [f, getAt(r.data, f)]).filter(([, v]) => v !== undefined)) : r.data,
      }));
    }
    return out;
  }

  /** A record rendered as one of its definition's documents (DOCX); audited like a read. */
  async document(caller: SessionUser, id: string, name: string, locale: Locale, requestId: string): Promise<{ filename: string; content: Buffer }> {
    const record = await this.visible(caller, id, requestId);
    const compiled = await this.compiledOf(record);
    const unit = await findUnit(this.db.sequelize, record.unitCode);
    const rendered = await renderDocument(compiled, record, name, { locale, now: this.now(), unitName: unit?.name ?? record.unitCode });
    if (!rendered) throw new FormworkError('FW_REC_NO_DOCUMENT', { name });
    await this.audit(caller, 'record.document', record, requestId, undefined, { document: name });
    return rendered;
  }

  async list(caller: SessionUser, key: string, query: ListQuery, requestId: string): Promise<{ items: RecordView[]; nextCursor: string | null }> {
    await this.latest(key);
    const unit = query.unit ? await this.access.unit(caller, query.unit, requestId) : undefined;
    const dataFilter = parseDataFilter(query.filter);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await listRecords(this.db.sequelize, {
      moduleKey: key,
      scopePath: caller.unitPath,
      limit: query.limit + 1,
      ...(unit ? { unitPath: unit.path } : {}),
      ...(query.state ? { state: query.state } : {}),
      ...(dataFilter ? { dataFilter } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      ...(query.overdue !== undefined ? { overdue: query.overdue } : {}),
      ...(query.period ? { period: query.period } : {}),
      ...(after ? { after } : {}),
    });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    await appendAudit(this.db.sequelize, {
      actor: caller.username,
      unitCode: caller.unitCode,
      action: 'record.list',
      target: `module:${key}`,
      outcome: 'ok',
      requestId,
      details: { count: items.length, ids: items.map((r) => r.id) },
    });
    return {
      items: items.map(view),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
    };
  }

  async history(caller: SessionUser, id: string, requestId: string): Promise<HistoryView[]> {
    const record = await this.visible(caller, id, requestId);
    await this.audit(caller, 'record.history', record, requestId);
    return listHistory(this.db.sequelize, record.id);
  }

  // --- Update a draft --------------------------------------------------------------------------

  async update(caller: SessionUser, id: string, patch: Record<string, unknown>, ifMatch: string | undefined, requestId: string): Promise<RecordView> {
    const { sequelize } = this.db;
    const record = await this.visible(caller, id, requestId);
    if (ifMatch === undefined) throw new FormworkError('FW_REC_IF_MATCH_REQUIRED');
    this.checkVersion(record, ifMatch);
    const compiled = await this.compiledOf(record);
    const state = compiled.workflow.states[record.state]!;
    // Approved or submitted data is locked, whoever asks: only a draft is edited.
    if (!state.draft) throw new FormworkError('FW_REC_NOT_EDITABLE', { state: state.title['zh-CN'] });
    this.checkHolder(caller, record);
    const now = this.now();
    const figures = await this.freshPrefill(compiled, record);
    const merged = withDerived(applyMergePatch(record.data, patch), figures ?? {});
    const result = await this.evaluate(compiled, merged, { record, state: record.state, enteredAt: record.stateEnteredAt, caller });
    this.refuseErrors(result, true);
    const derived = { ...figures, ...result.derived };
    const data = withDerived(merged, result.derived);
    const deadline = deadlineOf(compiled, record.state, record.stateEnteredAt, data, record.dueAt);
    const deadlineMoved = (deadline?.at.getTime() ?? null) !== (record.deadlineAt?.getTime() ?? null);

    const updated = await sequelize.transaction(async (tx) => {
      const next = {
        ...stateOf(record),
        data,
        derived,
        deadlineAt: deadline?.at ?? null,
        // A deadline taken from the data moved: the old jobs go stale, new ones are made.
        stateSeq: deadlineMoved ? record.stateSeq + 1 : record.stateSeq,
        actor: caller.username,
        at: now,
      };
      if (!(await updateRecord(sequelize, record.id, record.version, next, tx))) throw await this.conflict(record.id);
      await insertHistory(sequelize, record.id, { at: now, actor: caller.username, unitCode: caller.unitCode, kind: 'update', changes: diffData(record.data, data) }, tx);
      if (deadlineMoved) await scheduleDeadline(this.jobs, tx, { id: record.id, stateSeq: next.stateSeq }, deadline, now);
      await this.audit(caller, 'record.update', record, requestId, tx);
      return (await findRecord(sequelize, record.id, tx))!;
    });
    return { ...view(updated), warnings: result.warnings, availableActions: await this.availableActions(caller, updated, compiled) };
  }

  // --- Workflow actions ------------------------------------------------------------------------

  async act(caller: SessionUser, id: string, action: string, input: ActionInput, ifMatch: string | undefined, requestId: string): Promise<RecordView> {
    const { sequelize } = this.db;
    const record = await this.visible(caller, id, requestId);
    if (ifMatch !== undefined) this.checkVersion(record, ifMatch);
    const compiled = await this.compiledOf(record);
    const transition = compiled.workflow.find(record.state, action);
    const fromState = compiled.workflow.states[record.state]!;
    if (!transition) throw new FormworkError('FW_WF_ACTION_NOT_AVAILABLE', { action, state: fromState.title['zh-CN'] });
    this.checkHolder(caller, record);
    if (!transition.roles.some((r) => caller.roles.includes(r))) {
      await this.audit(caller, 'record.transition', record, requestId, undefined, { action, refused: 'role' }, 'refused');
      throw new FormworkError('FW_WF_ROLE_NOT_ALLOWED', { action: transition.title['zh-CN'], roles: transition.roles.join('、') });
    }
    const now = this.now();
    const facts = this.factsFor(record, compiled);
    if (transition.condition) {
      const allowed = await compiled.workflow.available(record.state, caller.roles, record.data, this.context(record, record.state, record.stateEnteredAt, caller, now), { provider: facts });
      if (!allowed.includes(transition)) throw new FormworkError('FW_WF_CONDITION_NOT_MET', { action: transition.title['zh-CN'] });
    }
    const comment = input.comment?.trim() ? input.comment.trim() : undefined;
    const toState = compiled.workflow.states[transition.to]!;
    // Leaving a draft (submitting a report) freezes its pre-filled figures as they are now.
    const figures = fromState.draft ? await this.freshPrefill(compiled, record) : undefined;
    const patched = input.data ? applyMergePatch(record.data, input.data) : record.data;
    const merged = figures ? withDerived(patched, figures) : patched;
    const result = await this.evaluate(compiled, merged, { record, state: transition.to, enteredAt: now, caller });
    const problems = blocking(result.errors, toState.draft);
    for (const pointer of transition.requires) {
      if (isEmptyValue(getAt(merged, pointer)) && !problems.some((p) => p.path === pointer && p.code === 'FW_VAL_REQUIRED')) {
        problems.push(requiredProblem(compiled, pointer));
      }
    }
    if (transition.comment === 'required' && !comment) {
      problems.push(problem('/comment', 'FW_WF_COMMENT_REQUIRED', { action: transition.title['zh-CN'] }));
    }
    if (problems.length > 0) throw new FormworkError('FW_REC_INVALID', { count: problems.length }, problems);
    const data = withDerived(merged, result.derived);

    // Hand up (上报) to the unit above the holder, or down (下发/交办) to a unit below it.
    let holder = { assignedUnit: record.assignedUnit, assignedPath: record.assignedPath, assignedRole: record.assignedRole };
    if (transition.handoff?.direction === 'up') {
      const parent = await resolveTarget(sequelize, record.assignedPath, 'parent');
      if (!parent) throw new FormworkError('FW_WF_NO_PARENT');
      holder = { assignedUnit: parent.code, assignedPath: parent.path, assignedRole: transition.handoff.role ?? null };
    } else if (transition.handoff?.direction === 'home') {
      // Back to the unit the record belongs to (a report returned for correction).
      holder = { assignedUnit: record.unitCode, assignedPath: record.unitPath, assignedRole: transition.handoff.role ?? null };
    } else if (transition.handoff?.direction === 'down') {
      const target = input.unitCode ? await findUnit(sequelize, input.unitCode) : undefined;
      if (!target || !pathBelow(target.path, record.assignedPath)) {
        throw new FormworkError('FW_WF_HANDOFF_TARGET', { unit: record.assignedUnit }, [problem('/unitCode', 'FW_WF_HANDOFF_TARGET', { unit: record.assignedUnit })]);
      }
      holder = { assignedUnit: target.code, assignedPath: target.path, assignedRole: transition.handoff.role ?? null };
    }

    const updated = await sequelize.transaction(async (tx) => {
      const moved = { ...record, ...holder };
      // Rules acting on the new state: linked records, routing, escalation and notices.
      await this.createLinked(tx, caller, moved, compiled, result, data, transition.to, now, requestId);
      const effect = await executeEvents(sequelize, tx, moved, compiled, result.events, { username: caller.username, unitCode: caller.unitCode }, now);
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
        derived: { ...this.keptFigures(compiled, record, figures), ...result.derived },
        actor: caller.username,
        at: now,
      };
      if (!(await updateRecord(sequelize, record.id, record.version, next, tx))) throw await this.conflict(record.id);
      await insertHistory(
        sequelize,
        record.id,
        {
          at: now,
          actor: caller.username,
          unitCode: caller.unitCode,
          kind: 'transition',
          action,
          fromState: record.state,
          toState: transition.to,
          comment: comment ?? null,
          changes: diffData(record.data, data),
          details:
            holder.assignedUnit !== record.assignedUnit
              ? { handoff: transition.handoff?.direction, from: record.assignedUnit, to: holder.assignedUnit, role: holder.assignedRole }
              : {},
        },
        tx,
      );
      if (effect.assignedUnit !== record.assignedUnit && !toState.final) {
        await insertNotification(
          sequelize,
          {
            unitCode: effect.assignedUnit,
            roles: effect.assignedRole ? [effect.assignedRole] : next.awaitingRoles.length > 0 ? next.awaitingRoles : null,
            recordId: record.id,
            kind: 'assigned',
            message: {
              'zh-CN': `「${compiled.definition.title['zh-CN']}」记录已交由本单位办理`,
              en: `A "${compiled.definition.title.en ?? compiled.definition.title['zh-CN']}" record was handed to your unit`,
            },
            at: now,
          },
          tx,
        );
      }
      await scheduleDeadline(this.jobs, tx, { id: record.id, stateSeq }, deadline, now);
      await this.audit(caller, 'record.transition', record, requestId, tx, { action, from: record.state, to: transition.to, assignedUnit: effect.assignedUnit });
      return (await findRecord(sequelize, record.id, tx))!;
    });
    return { ...view(updated), warnings: result.warnings, availableActions: await this.availableActions(caller, updated, compiled) };
  }

  /**
   * `create` events: records of other modules made by this transition (a finding's clue, a
   * rectification task), each linked back at the event's `link` field of `data` (changed in place).
   */
  private async createLinked(
    tx: Transaction,
    caller: SessionUser,
    source: StoredRecord,
    compiled: CompiledModule,
    result: EvaluationResult,
    data: Record<string, unknown>,
    state: string,
    now: Date,
    requestId: string,
  ): Promise<void> {
    const { sequelize } = this.db;
    for (const event of result.events) {
      if (event.type !== 'create') continue;
      const params = event.params as { module: string; unit?: UnitTarget | { fromData: string }; data: Record<string, unknown>; link?: string };
      const context = this.context(source, state, now, caller, now);
      let unit: { code: string; path: string; level: number } | undefined;
      if (params.unit !== undefined && typeof params.unit === 'object' && 'fromData' in params.unit) {
        const code = getAt(data, params.unit.fromData);
        const found = typeof code === 'string' ? await findUnit(sequelize, code, tx) : undefined;
        // The new record's unit must lie within the creator's reach.
        if (found && (pathWithin(found.path, caller.unitPath) || pathWithin(found.path, source.assignedPath))) unit = found;
        if (!unit) throw new FormworkError('FW_WF_CREATE_UNIT', { rule: event.rule, unit: String(code ?? '') });
      } else {
        unit = await resolveTarget(sequelize, source.assignedPath, (params.unit as UnitTarget | undefined) ?? 'self', tx);
        if (!unit) throw new FormworkError('FW_WF_CREATE_UNIT', { rule: event.rule, unit: '' });
      }
      const input: Record<string, unknown> = {};
      for (const [pointer, expr] of Object.entries(params.data)) {
        const value = applyExpression(expr, { data, context });
        if (value !== undefined && value !== null) setAt(input, pointer, value);
      }
      const published = await this.latest(params.module);
      const target = await this.registry.compiled(published);
      let prepared;
      try {
        prepared = await this.prepareNew(published, target, unit, input, caller, now);
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
      await scheduleDeadline(this.jobs, tx, created, prepared.deadline, now);
      await insertNotification(
        sequelize,
        {
          unitCode: created.assignedUnit,
          roles: created.awaitingRoles.length > 0 ? created.awaitingRoles : null,
          recordId: created.id,
          kind: 'assigned',
          message: { 'zh-CN': `新的「${target.definition.title['zh-CN']}」记录待办理`, en: `A new "${target.definition.title.en ?? target.definition.title['zh-CN']}" record awaits you` },
          at: now,
        },
        tx,
      );
      if (params.link) setAt(data, params.link, created.id);
    }
  }

  // --- Deadlines -----------------------------------------------------------------------------

  /** Runs a reminder or an overdue check, at most once per record and stay in a state. */
  async onDeadline(job: DeadlineJob): Promise<void> {
    const { sequelize } = this.db;
    await sequelize.transaction(async (tx) => {
      const record = await findRecord(sequelize, job.recordId, tx, true);
      if (!record || record.final || record.stateSeq !== job.stateSeq) return;
      const now = this.now();
      const jobKey = job.kind === 'overdue' ? `overdue:${job.stateSeq}` : `remind:${job.stateSeq}:${job.index ?? 0}`;
      const compiled = await this.compiledOf(record);
      const title = compiled.definition.title;
      const stateTitle = compiled.workflow.states[record.state]!.title;
      const first = await insertHistory(sequelize, record.id, { at: now, actor: null, unitCode: null, kind: job.kind, toState: record.state, jobKey, details: { deadlineAt: record.deadlineAt?.toISOString() ?? null } }, tx);
      if (!first) return;
      const notifyHolders = (kind: 'remind' | 'overdue', message: { 'zh-CN': string; en: string }) =>
        insertNotification(
          sequelize,
          { unitCode: record.assignedUnit, roles: record.awaitingRoles.length > 0 ? record.awaitingRoles : null, recordId: record.id, kind, message, at: now },
          tx,
        );
      if (job.kind === 'remind') {
        await notifyHolders('remind', {
          'zh-CN': `「${title['zh-CN']}」记录（${stateTitle['zh-CN']}）将于 ${formatChinaTime(record.deadlineAt)} 到期`,
          en: `A "${title.en ?? title['zh-CN']}" record (${stateTitle.en}) is due at ${record.deadlineAt?.toISOString()}`,
        });
        return;
      }
      const result = await this.evaluate(compiled, record.data, { record, state: record.state, enteredAt: record.stateEnteredAt, caller: undefined, overdue: true });
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

  /**
   * The problems that would block storing `data` in `state` for `record` under `compiled`
   * (used when migrating records to a new version): drafts may be incomplete.
   */
  async blockingProblems(compiled: CompiledModule, record: StoredRecord, data: unknown, state: string): Promise<{ problems: Problem[]; result: EvaluationResult }> {
    const result = await this.evaluate(compiled, data, { record, state, enteredAt: record.stateEnteredAt, caller: undefined });
    return { problems: blocking(result.errors, compiled.workflow.states[state]?.draft ?? false), result };
  }

  // --- Shared ----------------------------------------------------------------------------------

  private async latest(key: string): Promise<PublishedVersion> {
    const published = await this.registry.getLatest(key);
    if (!published) throw new FormworkError('FW_MODULE_NOT_FOUND', { key });
    return published;
  }

  async compiledOf(record: StoredRecord): Promise<CompiledModule> {
    const published = await this.registry.getVersion(record.moduleKey, record.moduleVersion);
    return this.registry.compiled(published!);
  }

  /** A record the caller may see: of a unit, or held by a unit, in their subtree. */
  async visible(caller: SessionUser, id: string, requestId: string): Promise<StoredRecord> {
    const record = await findRecord(this.db.sequelize, id);
    if (!record) throw new FormworkError('FW_REC_NOT_FOUND');
    if (!pathWithin(record.unitPath, caller.unitPath) && !pathWithin(record.assignedPath, caller.unitPath)) {
      await this.access.refused(caller, `record:${id}`, requestId);
      throw new FormworkError('FW_REC_NOT_FOUND');
    }
    return record;
  }

  private checkVersion(record: StoredRecord, ifMatch: string): void {
    const given = Number(ifMatch.replace(/^W\//, '').replace(/"/g, '').trim());
    if (!Number.isInteger(given) || given !== record.version) throw new FormworkError('FW_REC_VERSION_CONFLICT', { current: record.version });
  }

  /** Only the unit holding a record works on it (units above see it; they act once it is handed up). */
  private checkHolder(caller: SessionUser, record: StoredRecord): void {
    if (caller.unitCode !== record.assignedUnit) throw new FormworkError('FW_WF_NOT_HOLDER', { unit: record.assignedUnit });
  }

  private async conflict(id: string): Promise<FormworkError> {
    const current = await findRecord(this.db.sequelize, id);
    return new FormworkError('FW_REC_VERSION_CONFLICT', { current: current?.version ?? 0 });
  }

  private async availableActions(caller: SessionUser, record: StoredRecord, compiled: CompiledModule): Promise<AvailableAction[]> {
    if (record.final || caller.unitCode !== record.assignedUnit) return [];
    const transitions = await compiled.workflow.available(
      record.state,
      caller.roles,
      record.data,
      this.context(record, record.state, record.stateEnteredAt, caller, this.now()),
      { provider: this.factsFor(record, compiled) },
    );
    return transitions.map(actionView);
  }

  private factsFor(record: StoredRecord, compiled: CompiledModule): RecordFactProvider {
    return new RecordFactProvider(this.db.sequelize, this.factScope(record, compiled));
  }

  private factScope(record: StoredRecord | undefined, compiled?: CompiledModule, unitPath?: string): FactScope {
    const period = record && compiled ? periodOfRecord(compiled, record.period) : undefined;
    return {
      ...(record ? { recordId: record.id } : {}),
      unitPath: record?.unitPath ?? unitPath!,
      ...(record && period ? { report: { moduleKey: record.moduleKey, unitCode: record.unitCode, period } } : {}),
    };
  }

  /** A report record's pre-filled figures computed now (undefined for other records). */
  private async freshPrefill(compiled: CompiledModule, record: StoredRecord): Promise<Record<string, number> | undefined> {
    if (!compiled.report || compiled.report.prefilled.length === 0) return undefined;
    const period = periodOfRecord(compiled, record.period);
    return period ? computePrefill(this.db.sequelize, compiled, record.unitPath, period) : undefined;
  }

  /** The pre-filled figures a transition keeps marked as computed: fresh ones, or those stored. */
  private keptFigures(compiled: CompiledModule, record: StoredRecord, fresh: Record<string, number> | undefined): Record<string, unknown> {
    if (fresh) return fresh;
    const kept: Record<string, unknown> = {};
    for (const entry of compiled.report?.prefilled ?? []) {
      if (entry.pointer in record.derived) kept[entry.pointer] = record.derived[entry.pointer];
    }
    return kept;
  }

  private context(
    record: Pick<StoredRecord, 'id' | 'createdAt' | 'unitCode' | 'assignedUnit' | 'assignedPath'> & { unitLevel?: number; period?: string | null } | undefined,
    state: string,
    enteredAt: Date,
    caller: SessionUser | undefined,
    now: Date,
    holder?: { code: string; level: number; name?: string },
    overdue = false,
  ): EvaluationContext {
    const level = holder?.level ?? (record ? record.assignedPath.split('.').length : undefined);
    return withToday({
      now: now.toISOString(),
      ...(caller ? { user: { username: caller.username, roles: caller.roles } } : {}),
      ...(level !== undefined ? { unit: { code: holder?.code ?? record!.assignedUnit, level, ...(holder?.name ? { name: holder.name } : {}) } } : {}),
      state,
      daysInState: Math.floor((now.getTime() - enteredAt.getTime()) / DAY),
      overdue,
      ...(record?.period ? { period: record.period } : {}),
      ...(record ? { record: { id: record.id, createdAt: record.createdAt.toISOString(), unitCode: record.unitCode } } : {}),
    });
  }

  private evaluate(
    compiled: CompiledModule,
    data: unknown,
    at: {
      record?: StoredRecord;
      state: string;
      enteredAt: Date;
      caller: SessionUser | undefined;
      holder?: { code: string; path: string; level: number; name?: string };
      overdue?: boolean;
    },
  ): Promise<EvaluationResult> {
    const now = this.now();
    const context = this.context(at.record, at.state, at.enteredAt, at.caller, now, at.holder, at.overdue ?? false);
    const provider = new RecordFactProvider(this.db.sequelize, this.factScope(at.record, compiled, at.holder?.path));
    return evaluate(compiled, data, context, { provider });
  }

  /** Draft states keep incomplete data; every other problem blocks the write. */
  private refuseErrors(result: EvaluationResult, draft: boolean): void {
    const problems = blocking(result.errors, draft);
    if (problems.length > 0) throw new FormworkError('FW_REC_INVALID', { count: problems.length }, problems);
  }

  private audit(
    caller: SessionUser,
    action: string,
    record: { id: string },
    requestId: string,
    tx?: Transaction,
    details: Record<string, unknown> = {},
    outcome: 'ok' | 'refused' = 'ok',
  ): Promise<void> {
    return appendAudit(this.db.sequelize, { actor: caller.username, unitCode: caller.unitCode, action, target: `record:${record.id}`, outcome, requestId, details }, tx);
  }
}

function blocking(errors: readonly Problem[], draft: boolean): Problem[] {
  return draft ? errors.filter((p) => p.code !== 'FW_VAL_REQUIRED') : [...errors];
}

function requiredProblem(compiled: CompiledModule, pointer: string): Problem {
  const label = compiled.fieldLabel(pointer);
  const last = pointer.split('/').pop() ?? pointer;
  return {
    path: pointer,
    code: 'FW_VAL_REQUIRED',
    message: {
      'zh-CN': format(CODES.FW_VAL_REQUIRED['zh-CN'], { label: label?.['zh-CN'] ?? last }),
      en: format(CODES.FW_VAL_REQUIRED.en, { label: label?.en ?? last }),
    },
  };
}

export function withDerived(data: unknown, derived: Record<string, unknown>): Record<string, unknown> {
  const out = (data !== null && typeof data === 'object' && !Array.isArray(data) ? structuredClone(data) : {}) as Record<string, unknown>;
  for (const [pointer, value] of Object.entries(derived)) setAt(out, pointer, structuredClone(value));
  return out;
}

export function stateOf(record: StoredRecord) {
  return {
    moduleVersion: record.moduleVersion,
    assignedUnit: record.assignedUnit,
    assignedRole: record.assignedRole,
    state: record.state,
    final: record.final,
    stateSeq: record.stateSeq,
    stateEnteredAt: record.stateEnteredAt,
    awaitingRoles: record.awaitingRoles,
    deadlineAt: record.deadlineAt,
    overdueAt: record.overdueAt,
    data: record.data,
    derived: record.derived,
  };
}

export function view(record: StoredRecord): RecordView {
  return {
    id: record.id,
    key: record.moduleKey,
    moduleVersion: record.moduleVersion,
    unitCode: record.unitCode,
    assignedUnit: record.assignedUnit,
    assignedRole: record.assignedRole,
    state: record.state,
    final: record.final,
    version: record.version,
    data: record.data,
    derived: record.derived,
    deadlineAt: record.deadlineAt?.toISOString() ?? null,
    overdue: record.overdueAt !== null,
    createdAt: record.createdAt.toISOString(),
    createdBy: record.createdBy,
    updatedAt: record.updatedAt.toISOString(),
    updatedBy: record.updatedBy,
    ...(record.period !== null ? { period: record.period, dueAt: record.dueAt?.toISOString() ?? null } : {}),
  };
}

function actionView(t: CompiledTransition): AvailableAction {
  return { action: t.action, title: t.title, to: t.to, requires: t.requires, comment: t.comment, ...(t.handoff ? { handoff: t.handoff } : {}) };
}

function encodeCursor(record: StoredRecord): string {
  return Buffer.from(JSON.stringify({ t: record.createdAt.toISOString(), id: record.id })).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const { t, id } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t: unknown; id: unknown };
    if (typeof t === 'string' && !Number.isNaN(Date.parse(t)) && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) return { createdAt: t, id };
  } catch {
    /* reported below */
  }
  throw new FormworkError('FW_REC_BAD_QUERY', { reason: 'cursor is not one this server gave' });
}
