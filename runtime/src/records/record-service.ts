/**
 * Records: any published record module as a working business process. Create (with
 * Idempotency-Key), read, list and update drafts (If-Match) here; workflow actions in
 * record-actions.ts, timed work in record-deadlines.ts, what they share in record-core.ts.
 * Each write commits the record, its history, its audit entry, its notifications and its
 * deadline jobs together.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { FormworkError, applyMergePatch, canonicalJson, diffData, getAt, refuseLocked, type CompiledModule, type EvaluationResult, type Problem, type Locale, type RuleRun, type RuleSet } from '../../../engine/src/index.js';
import { appendAudit } from '../audit/audit-store.js';
import type { Access } from '../identity/access.js';
import type { SessionUser } from '../identity/identity-store.js';
import type { ModuleRegistry } from '../modules/module-registry.js';
import type { Database } from '../platform/db/database.js';
import type { JobQueue } from '../platform/jobs/job-queue.js';
import { findUnit, findUnits } from '../units/unit-store.js';
import { RecordActions } from './record-actions.js';
import { blocking, refuseErrors, RecordCore, withFigures, type UnitPlace } from './record-core.js';
import type { PublishedVersion } from '../modules/module-store.js';
import { RecordDeadlines } from './record-deadlines.js';
import { renderDocument } from './record-documents.js';
import { deadlineOf, scheduleDeadline, type DeadlineJob } from './record-effects.js';
import { buildQuery, listMatching } from './record-facts.js';
import { claimIdempotencyKey, findIdempotencyKey, storeIdempotentResponse } from './idempotency-store.js';
import { findRecord, insertHistory, insertRecord, listHistory, listRecords, updateRecord, type HistoryView, type StoredRecord } from './record-store.js';
import { decodeCursor, encodeCursor, stateOf, viewFor } from './record-view.js';
import type { ActionBody, LinkedView, ListRecordsQuery, RecordView as ApiRecordView } from '../api/records.js';

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

/** A new record validated and ready to insert (RecordService.prepareImported). */
export type Prepared = Awaited<ReturnType<RecordCore['prepareNew']>> & { now: Date };

/** The filters and page of a record list. */
export type ListQuery = ListRecordsQuery;

export class RecordService {
  private readonly core: RecordCore;
  private readonly actions: RecordActions;
  private readonly deadlines: RecordDeadlines;

  constructor(
    private readonly db: Database,
    registry: ModuleRegistry,
    private readonly access: Access,
    private readonly jobs: JobQueue | undefined,
    now: () => Date = () => new Date(),
  ) {
    this.core = new RecordCore(db, registry, access, jobs, now);
    this.actions = new RecordActions(this.core);
    this.deadlines = new RecordDeadlines(this.core);
  }

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
    const published = await this.core.latest(key);
    const compiled = await this.core.registry.compiled(published);
    // The caller's own unit comes with the session; another one is looked up (and scoped).
    const unit = input.unitCode
      ? await this.access.unit(caller, input.unitCode, options.requestId)
      : { code: caller.unitCode, path: caller.unitPath, level: caller.unitLevel };
    const now = this.core.now();
    this.refuseLockedNew(caller, compiled, unit, input.data);
    const { row, result, deadline } = await this.core.prepareNew(published, compiled, unit, input.data, caller, now);
    const data = row.data;
    const shown = (record: StoredRecord) => viewFor(record, compiled, this.core.accessSite(caller, record.unitPath, record.state));
    const history = { at: now, actor: caller.username, unitCode: caller.unitCode, kind: 'create' as const, changes: diffData({}, data) };
    const audit = { actor: caller.username, unitCode: caller.unitCode, action: 'record.create', requestId: options.requestId, details: { moduleVersion: published.version } };

    if (!options.idempotencyKey && !deadline) {
      // The common case: record, history and audit entry in one statement, one implicit transaction.
      const record = await insertRecord(sequelize, row, history, undefined, audit);
      return { status: 201, body: { ...shown(record), warnings: result.warnings } };
    }
    return sequelize.transaction(async (tx) => {
      if (options.idempotencyKey) {
        const claim = await claimIdempotencyKey(sequelize, caller.username, options.idempotencyKey, requestHash, tx);
        // A concurrent twin committed first: answer as it did.
        if (!claim.claimed) return this.answerReplay(claim.requestHash, requestHash, claim.status, claim.response);
      }
      const record = await insertRecord(sequelize, row, history, tx, audit);
      await scheduleDeadline(this.jobs, tx, record, deadline, now);
      const body = { ...shown(record), warnings: result.warnings };
      if (options.idempotencyKey) await storeIdempotentResponse(sequelize, caller.username, options.idempotencyKey, 201, body, tx);
      return { status: 201, body };
    });
  }

  /**
   * A user's new record may set only what field access lets them edit in the initial state at
   * that unit (records made by rules, e.g. a finding's rectification task, are not a user's write).
   */
  private refuseLockedNew(caller: SessionUser, compiled: CompiledModule, unit: UnitPlace, data: unknown): void {
    const { access, initial, states } = compiled.workflow;
    if (!access.declared) return;
    refuseLocked(compiled, access.locked({}, data, this.core.accessSite(caller, unit.path, initial)), states[initial]!);
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
    const record = await this.core.visible(caller, id, requestId);
    const compiled = await this.core.compiledOf(record);
    const availableActions = await this.core.availableActions(caller, record, compiled);
    const links = await this.links(caller, record, compiled);
    const prefill = compiled.workflow.states[record.state]?.draft ? await this.core.freshPrefill(compiled, record) : undefined;
    // Names even of units outside the caller's subtree (the unit above now holding it).
    const unitNames = Object.fromEntries((await findUnits(this.db.sequelize, [record.unitCode, record.assignedUnit])).map((u) => [u.code, u.name]));
    await this.core.audit(caller, 'record.read', record, requestId);
    return { ...viewFor(record, compiled, this.core.accessSite(caller, record.unitPath, record.state)), unitNames, availableActions, ...(links ? { links } : {}), ...(prefill ? { prefill } : {}) };
  }

  /**
   * The related records a definition's `links` name, looked up now (e.g. a cadre's cases in
   * the integrity archive): from anywhere in the organisation, but only what the caller may see.
   */
  private async links(caller: SessionUser, record: StoredRecord, compiled: CompiledModule): Promise<Record<string, LinkedView[]> | undefined> {
    const definitions = compiled.definition.links ?? [];
    if (definitions.length === 0) return undefined;
    const context = this.core.context(record, record.state, record.stateEnteredAt, caller, this.core.now());
    const out: Record<string, LinkedView[]> = {};
    for (const link of definitions) {
      const query = buildQuery({ ...link, scope: 'root' }, record.data, context, { recordId: record.id, unitPath: record.unitPath, reachPath: caller.unitPath });
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
    const record = await this.core.visible(caller, id, requestId);
    const compiled = await this.core.compiledOf(record);
    const unit = await findUnit(this.db.sequelize, record.unitCode);
    // A document shows no more than the record's page does.
    const seen = { ...record, data: compiled.workflow.access.withoutHidden(record.data, this.core.accessSite(caller, record.unitPath, record.state)) };
    const rendered = await renderDocument(compiled, seen, name, { locale, now: this.core.now(), unitName: unit?.name ?? record.unitCode });
    if (!rendered) throw new FormworkError('FW_REC_NO_DOCUMENT', { name });
    await this.core.audit(caller, 'record.document', record, requestId, undefined, { document: name });
    return rendered;
  }

  async list(caller: SessionUser, key: string, query: ListQuery, requestId: string): Promise<{ items: RecordView[]; nextCursor: string | null }> {
    await this.core.latest(key);
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
    const compiledOf = new Map<number, Promise<CompiledModule>>();
    const shown = await Promise.all(
      items.map(async (record) => {
        if (!compiledOf.has(record.moduleVersion)) compiledOf.set(record.moduleVersion, this.core.compiledOf(record));
        return viewFor(record, await compiledOf.get(record.moduleVersion)!, this.core.accessSite(caller, record.unitPath, record.state));
      }),
    );
    return {
      items: shown,
      nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
    };
  }

  async history(caller: SessionUser, id: string, requestId: string): Promise<HistoryView[]> {
    const record = await this.core.visible(caller, id, requestId);
    await this.core.audit(caller, 'record.history', record, requestId);
    const history = await listHistory(this.db.sequelize, record.id);
    const { access } = (await this.core.compiledOf(record)).workflow;
    if (!access.declared) return history;
    // Changes to fields hidden from the caller (as the record stands now) are not shown to them.
    const site = this.core.accessSite(caller, record.unitPath, record.state);
    return history.map((entry) => ({ ...entry, changes: entry.changes.filter((c) => access.levelOf(c.path, site) !== 'hidden') }));
  }

  // --- Update a draft --------------------------------------------------------------------------

  async update(caller: SessionUser, id: string, patch: Record<string, unknown>, ifMatch: string | undefined, requestId: string): Promise<RecordView> {
    const { sequelize } = this.db;
    const record = await this.core.visible(caller, id, requestId);
    if (ifMatch === undefined) throw new FormworkError('FW_REC_IF_MATCH_REQUIRED');
    this.core.checkVersion(record, ifMatch);
    const compiled = await this.core.compiledOf(record);
    const state = compiled.workflow.states[record.state]!;
    // Approved or submitted data is locked, whoever asks: only a draft is edited.
    if (!state.draft) throw new FormworkError('FW_REC_NOT_EDITABLE', { state: state.title['zh-CN'] });
    this.core.checkHolder(caller, record);
    const site = this.core.accessSite(caller, record.unitPath, record.state);
    const patched = applyMergePatch(record.data, patch);
    refuseLocked(compiled, compiled.workflow.access.locked(record.data, patched, site), state);
    const now = this.core.now();
    const figures = await this.core.freshPrefill(compiled, record);
    const merged = withFigures(patched, figures);
    const result = await this.core.evaluate(compiled, merged, { record, state: record.state, enteredAt: record.stateEnteredAt, caller });
    refuseErrors(result, true);
    const derived = { ...figures, ...result.derived };
    const data = result.data;
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
      if (!(await updateRecord(sequelize, record.id, record.version, next, tx))) throw await this.core.conflict(record.id, tx);
      await insertHistory(sequelize, record.id, { at: now, actor: caller.username, unitCode: caller.unitCode, kind: 'update', changes: diffData(record.data, data) }, tx);
      if (deadlineMoved) await scheduleDeadline(this.jobs, tx, { id: record.id, stateSeq: next.stateSeq }, deadline, now);
      await this.core.audit(caller, 'record.update', record, requestId, tx);
      return (await findRecord(sequelize, record.id, tx))!;
    });
    return { ...viewFor(updated, compiled, site), warnings: result.warnings, availableActions: await this.core.availableActions(caller, updated, compiled) };
  }

  // --- Workflow actions and timed work (record-actions.ts, record-deadlines.ts) ----------------

  /** Takes a workflow action (see RecordActions). */
  act(caller: SessionUser, id: string, action: string, input: ActionInput, ifMatch: string | undefined, requestId: string): Promise<RecordView> {
    return this.actions.act(caller, id, action, input, ifMatch, requestId);
  }

  /** Runs a reminder or an overdue check (see RecordDeadlines). */
  onDeadline(job: DeadlineJob): Promise<void> {
    return this.deadlines.onDeadline(job);
  }

  // --- For other features --------------------------------------------------------------------

  /**
   * A new record's data validated at a unit exactly as create does (draft semantics, rules),
   * its row ready to insert — or the problems that would refuse it (a dataset import).
   */
  async prepareImported(caller: SessionUser, published: PublishedVersion, compiled: CompiledModule, unit: UnitPlace, data: unknown): Promise<{ prepared: Prepared } | { problems: Problem[] }> {
    const now = this.core.now();
    try {
      this.refuseLockedNew(caller, compiled, unit, data);
      return { prepared: { ...(await this.core.prepareNew(published, compiled, unit, data, caller, now)), now } };
    } catch (error) {
      if (error instanceof FormworkError && (error.code === 'FW_REC_INVALID' || error.code === 'FW_REC_FIELD_LOCKED')) return { problems: [...(error.problems ?? [])] };
      throw error;
    }
  }

  /** Inserts a prepared record (with its history, audit entry and deadline jobs) in the caller's transaction. */
  async insertPrepared(caller: SessionUser, prepared: Prepared, requestId: string, details: Record<string, unknown>, tx: Transaction): Promise<StoredRecord> {
    const { row, deadline, now } = prepared;
    const history = { at: now, actor: caller.username, unitCode: caller.unitCode, kind: 'create' as const, changes: diffData({}, row.data) };
    const audit = { actor: caller.username, unitCode: caller.unitCode, action: 'record.create', requestId, details: { moduleVersion: row.moduleVersion, ...details } };
    const record = await insertRecord(this.db.sequelize, row, history, tx, audit);
    await scheduleDeadline(this.jobs, tx, record, deadline, now);
    return record;
  }

  /**
   * The problems that would block storing `data` in `state` for `record` under `compiled`
   * (used when migrating records to a new version): drafts may be incomplete.
   */
  async blockingProblems(
    compiled: CompiledModule,
    record: StoredRecord,
    data: unknown,
    state: string,
    tx?: Transaction,
    overdue = false,
  ): Promise<{ problems: Problem[]; result: EvaluationResult }> {
    const result = await this.core.evaluate(compiled, data, { record, state, enteredAt: record.stateEnteredAt, caller: undefined, overdue, ...(tx ? { tx } : {}) });
    return { problems: blocking(result.errors, compiled.workflow.states[state]?.draft ?? false), result };
  }

  /** Runs a rule set over a record's data in its state, as the system would (no user), without interpreting the run (see RecordCore.runRules). */
  runRules(compiled: CompiledModule, rules: RuleSet, record: StoredRecord, data: unknown, state: string, tx?: Transaction, overdue = false): Promise<RuleRun> {
    return this.core.runRules(compiled, rules, data, { record, state, enteredAt: record.stateEnteredAt, caller: undefined, overdue, ...(tx ? { tx } : {}) });
  }

  /** The compiled definition a record was written under. */
  compiledOf(record: StoredRecord): Promise<CompiledModule> {
    return this.core.compiledOf(record);
  }

  /** A record the caller may see (404 otherwise, audited). */
  visible(caller: SessionUser, id: string, requestId: string): Promise<StoredRecord> {
    return this.core.visible(caller, id, requestId);
  }
}
