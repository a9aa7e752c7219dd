/**
 * Records: any published record module as a working business process. Create (with
 * Idempotency-Key), read, list and update drafts (If-Match) here; workflow actions in
 * record-actions.ts, timed work in record-deadlines.ts, what they share in record-core.ts.
 * Each write commits the record, its history, its audit entry, its notifications and its
 * deadline jobs together.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { FormworkError, applyMergePatch, canonicalJson, diffData, getAt, hasContent, problem, refuseLocked, searchText, type CompiledModule, type EvaluationResult, type Problem, type Locale, type RuleRun, type RuleSet } from '../../../engine/src/index.js';
import type { Access } from '../identity/access.js';
import type { PendingTouch } from '../identity/identity-store.js';
import type { SessionUser } from '../identity/identity-store.js';
import type { ModuleRegistry } from '../modules/module-registry.js';
import type { Database } from '../platform/db/database.js';
import type { JobQueue } from '../platform/jobs/job-queue.js';
import { findUnit, findUnits } from '../units/unit-store.js';
import { RecordActions } from './record-actions.js';
import { blocking, refuseErrors, RecordCore, storedWarnings, withFigures, type UnitPlace } from './record-core.js';
import type { PublishedVersion } from '../modules/module-store.js';
import { RecordDeadlines } from './record-deadlines.js';
import { renderDocument } from './record-documents.js';
import { deadlineOf, scheduleDeadline, type DeadlineJob } from './record-effects.js';
import { buildQuery, listMatching } from './record-facts.js';
import { claimIdempotencyKey, findIdempotencyKey, storeIdempotentResponse } from './idempotency-store.js';
import { everMoved, findRecord, insertHistory, insertRecord, insertRecords, listHistory, markWithdrawn, updateRecord, type HistoryView, type StoredRecord } from './record-store.js';
import { RecordLists } from './record-lists.js';
import { RecordTitles } from './record-titles.js';
import { stateOf, viewFor } from './record-view.js';
import type { ActionBody, LinkedView, ListRecordsQuery, ListTotals, RecordView as ApiRecordView } from '../api/records.js';

// The list's filter parser lives with the lists; re-exported for the readers that import it from here.
export { parseDataFilter } from './record-lists.js';

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

/** An update checked and evaluated, ready to write. */
export interface PreparedUpdate {
  record: StoredRecord;
  compiled: CompiledModule;
  result: EvaluationResult;
  derived: Record<string, unknown>;
  deadline: ReturnType<typeof deadlineOf>;
  now: Date;
}

/** The filters and page of a record list. */
export type ListQuery = ListRecordsQuery;

export class RecordService {
  private readonly core: RecordCore;
  private readonly actions: RecordActions;
  private readonly deadlines: RecordDeadlines;
  private readonly lists: RecordLists;
  /** Records' titles and list cells, for lists and the inbox. */
  readonly titles: RecordTitles;

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
    this.titles = new RecordTitles(db.sequelize, registry);
    this.lists = new RecordLists(this.core, access, this.titles);
  }

  // --- Create ------------------------------------------------------------------------------

  async create(
    caller: SessionUser,
    key: string,
    input: { data: unknown; unitCode?: string },
    options: { idempotencyKey?: string; requestId: string; sessionTouch?: PendingTouch },
  ): Promise<{ status: number; body: RecordView }> {
    const { sequelize } = this.db;
    const requestHash = options.idempotencyKey ? createHash('sha256').update(canonicalJson({ key, input })).digest('hex') : '';
    if (options.idempotencyKey) {
      const replay = await this.replay(caller, options.idempotencyKey, requestHash);
      if (replay) return replay;
    }
    const published = await this.core.latest(key);
    const compiled = await this.core.registry.compiled(published);
    // Saving a form nobody filled in makes nothing: an empty draft could only clutter lists.
    if (compiled.kind === 'record' && !hasContent(input.data)) throw new FormworkError('FW_REC_EMPTY', {}, [problem('/data', 'FW_REC_EMPTY')]);
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
      // The common case: record, history, audit entry and the session's "seen now" in one statement, one implicit transaction.
      const record = await insertRecord(sequelize, row, history, undefined, audit, options.sessionTouch);
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

  /** A page of a module's records with titles, cells and totals (see RecordLists). */
  list(caller: SessionUser, key: string, query: ListQuery, requestId: string, acceptLanguage?: string): Promise<{ items: RecordView[]; nextCursor: string | null; totals: ListTotals }> {
    return this.lists.list(caller, key, query, requestId, acceptLanguage);
  }

  /** Indexes the titles of records stored before titles were searchable (see RecordLists). */
  indexUnindexed(): Promise<number> {
    return this.lists.indexUnindexed();
  }

  async history(caller: SessionUser, id: string, requestId: string): Promise<HistoryView[]> {
    // A withdrawn draft keeps its history.
    const record = await this.core.visible(caller, id, requestId, { withdrawn: true });
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
    const record = await this.core.visible(caller, id, requestId);
    if (ifMatch === undefined) throw new FormworkError('FW_REC_IF_MATCH_REQUIRED');
    this.core.checkVersion(record, ifMatch);
    const prepared = await this.prepareUpdate(caller, record, patch);
    const updated = await this.db.sequelize.transaction((tx) => this.writeUpdate(caller, prepared, requestId, tx));
    const site = this.core.accessSite(caller, updated.unitPath, updated.state);
    return { ...viewFor(updated, prepared.compiled, site), warnings: prepared.result.warnings, availableActions: await this.core.availableActions(caller, updated, prepared.compiled) };
  }

  /** A draft's merge patch checked (state, holder, field access) and evaluated, ready to write; throws what refuses it. */
  private async prepareUpdate(caller: SessionUser, record: StoredRecord, patch: Record<string, unknown>): Promise<PreparedUpdate> {
    const compiled = await this.core.compiledOf(record);
    const state = compiled.workflow.states[record.state]!;
    // Approved or submitted data is locked, whoever asks: only a draft is edited.
    if (!state.draft) throw new FormworkError('FW_REC_NOT_EDITABLE', { state: state.title['zh-CN'] });
    this.core.checkHolder(caller, record);
    const patched = applyMergePatch(record.data, patch);
    refuseLocked(compiled, compiled.workflow.access.locked(record.data, patched, this.core.accessSite(caller, record.unitPath, record.state)), state);
    const now = this.core.now();
    const figures = await this.core.freshPrefill(compiled, record);
    const merged = withFigures(patched, figures);
    const result = await this.core.evaluate(compiled, merged, { record, state: record.state, enteredAt: record.stateEnteredAt, caller });
    refuseErrors(result, true);
    const derived = { ...figures, ...result.derived };
    const deadline = deadlineOf(compiled, record.state, record.stateEnteredAt, result.data, record.dueAt);
    return { record, compiled, result, derived, deadline, now };
  }

  /** Writes a prepared update (history, audit, moved deadline) in the caller's transaction; a record changed since is a conflict. */
  private async writeUpdate(caller: SessionUser, prepared: PreparedUpdate, requestId: string, tx: Transaction, details: Record<string, unknown> = {}): Promise<StoredRecord> {
    const { sequelize } = this.db;
    const { record, result, derived, deadline, now } = prepared;
    const data = result.data;
    const deadlineMoved = (deadline?.at.getTime() ?? null) !== (record.deadlineAt?.getTime() ?? null);
    const next = {
      ...stateOf(record),
      data,
      derived,
      warnings: storedWarnings(result),
      searchText: searchText(prepared.compiled.list, data, prepared.compiled.codeTitle),
      deadlineAt: deadline?.at ?? null,
      // A deadline taken from the data moved: the old jobs go stale, new ones are made.
      stateSeq: deadlineMoved ? record.stateSeq + 1 : record.stateSeq,
      actor: caller.username,
      at: now,
    };
    if (!(await updateRecord(sequelize, record.id, record.version, next, tx))) throw await this.core.conflict(record.id, tx);
    await insertHistory(sequelize, record.id, { at: now, actor: caller.username, unitCode: caller.unitCode, kind: 'update', changes: diffData(record.data, data) }, tx);
    if (deadlineMoved) await scheduleDeadline(this.jobs, tx, { id: record.id, stateSeq: next.stateSeq }, deadline, now);
    await this.core.audit(caller, 'record.update', record, requestId, tx, details);
    return (await findRecord(sequelize, record.id, tx))!;
  }

  // --- Withdraw a draft ------------------------------------------------------------------------

  /**
   * Withdraws a draft its unit made and never submitted: it stays, with its history and an
   * audit entry, but leaves every list, count and figure. 409 once it has left its first state
   * (or was made by another record's workflow step); only its own unit, holding it, may.
   */
  async withdraw(caller: SessionUser, id: string, ifMatch: string | undefined, requestId: string): Promise<void> {
    const { sequelize } = this.db;
    const record = await this.core.visible(caller, id, requestId);
    if (ifMatch === undefined) throw new FormworkError('FW_REC_IF_MATCH_REQUIRED');
    this.core.checkVersion(record, ifMatch);
    const compiled = await this.core.compiledOf(record);
    const state = compiled.workflow.states[record.state]!;
    this.core.checkHolder(caller, record);
    const now = this.core.now();
    await sequelize.transaction(async (tx) => {
      const first = record.state === compiled.workflow.initial && state.draft && compiled.kind === 'record' && record.unitCode === caller.unitCode;
      if (!first || (await everMoved(sequelize, record.id, tx))) {
        await this.core.audit(caller, 'record.withdraw', record, requestId, tx, { state: record.state }, 'refused');
        throw new FormworkError('FW_REC_NOT_WITHDRAWABLE', { state: state.title['zh-CN'] });
      }
      if (!(await markWithdrawn(sequelize, record.id, record.version, caller.username, now, tx))) throw await this.core.conflict(record.id, tx);
      await insertHistory(sequelize, record.id, { at: now, actor: caller.username, unitCode: caller.unitCode, kind: 'withdraw', fromState: record.state }, tx);
      await this.core.audit(caller, 'record.withdraw', record, requestId, tx, { module: record.moduleKey, state: record.state });
    });
  }

  // --- Workflow actions and timed work (record-actions.ts, record-deadlines.ts) ----------------

  /** Takes a workflow action (see RecordActions). */
  act(caller: SessionUser, id: string, action: string, input: ActionInput, ifMatch: string | undefined, requestId: string): Promise<RecordView> {
    return this.actions.act(caller, id, action, input, ifMatch, requestId);
  }

  /**
   * Takes one action on many records with one comment, one after the other: each is checked and
   * audited as a single action is, in its own transaction, so a refusal leaves that record as
   * it was and the others done. Answers each record's new view or the error that refused it.
   */
  async actMany(caller: SessionUser, ids: readonly string[], action: string, comment: string | undefined, requestId: string): Promise<({ id: string; record: RecordView } | { id: string; error: FormworkError })[]> {
    const out: ({ id: string; record: RecordView } | { id: string; error: FormworkError })[] = [];
    for (const id of ids) {
      try {
        out.push({ id, record: await this.actions.act(caller, id, action, comment === undefined ? {} : { comment }, undefined, requestId) });
      } catch (error) {
        if (!(error instanceof FormworkError)) throw error;
        out.push({ id, error });
      }
    }
    return out;
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
   * Inserts many prepared records in the caller's transaction, in order, in one statement: each
   * with its history and its own sealed audit entry, as {@link insertPrepared} writes one (a
   * dataset import's batch); then their deadline jobs.
   */
  async insertPreparedMany(caller: SessionUser, items: readonly { prepared: Prepared; details: Record<string, unknown> }[], requestId: string, tx: Transaction): Promise<StoredRecord[]> {
    const records = await insertRecords(
      this.db.sequelize,
      items.map(({ prepared: { row, now }, details }) => ({
        record: row,
        history: { at: now, actor: caller.username, unitCode: caller.unitCode, kind: 'create' as const, changes: diffData({}, row.data) },
        audit: { actor: caller.username, unitCode: caller.unitCode, action: 'record.create', requestId, details: { moduleVersion: row.moduleVersion, ...details } },
      })),
      tx,
    );
    const deadlines = items.flatMap(({ prepared }, i) => (prepared.deadline ? [{ record: records[i]!, deadline: prepared.deadline, now: prepared.now }] : []));
    for (const { record, deadline, now } of deadlines) await scheduleDeadline(this.jobs, tx, record, deadline, now);
    return records;
  }

  /**
   * A dataset import's update of an existing record, checked as PATCH checks one (a draft, held
   * by the caller's unit, valid after the merge) — or the problems that refuse it.
   */
  async prepareImportedUpdate(caller: SessionUser, record: StoredRecord, patch: Record<string, unknown>): Promise<{ prepared: PreparedUpdate } | { problems: Problem[] }> {
    try {
      return { prepared: await this.prepareUpdate(caller, record, patch) };
    } catch (error) {
      if (!(error instanceof FormworkError)) throw error;
      return { problems: error.problems && error.problems.length > 0 ? [...error.problems] : [problem('', error.code, error.params)] };
    }
  }

  /** Writes a prepared import update in the caller's transaction (a record changed meanwhile: FW_REC_VERSION_CONFLICT). */
  updatePrepared(caller: SessionUser, prepared: PreparedUpdate, requestId: string, details: Record<string, unknown>, tx: Transaction): Promise<StoredRecord> {
    return this.writeUpdate(caller, prepared, requestId, tx, details);
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

