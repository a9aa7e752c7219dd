/**
 * What every record operation shares: finding a record the caller may see, its compiled
 * definition, the evaluation context and facts, the checks of If-Match and of the holding
 * unit, and the audit entry. The operations themselves live beside it (record-service.ts:
 * create/read/update; record-actions.ts: workflow actions; record-deadlines.ts: timed work).
 */
import type { Transaction } from 'sequelize';
import {
  FormworkError,
  evaluate,
  problem,
  searchText,
  setAt,
  unitRelation,
  withToday,
  type AccessSite,
  type CompiledModule,
  type EvaluationContext,
  type EvaluationResult,
  type Problem,
  type RuleRun,
  type RuleSet,
} from '../../../engine/src/index.js';
import { appendAudit } from '../audit/audit-store.js';
import type { SessionUser } from '../identity/identity-store.js';
import { pathWithin, type Access } from '../identity/access.js';
import type { PublishedVersion } from '../modules/module-store.js';
import type { ModuleRegistry } from '../modules/module-registry.js';
import type { Database } from '../platform/db/database.js';
import type { JobQueue } from '../platform/jobs/job-queue.js';
import { computePrefill, earlySubmission, periodOfRecord } from '../reports/report-prefill.js';
import { listChildren } from '../units/unit-store.js';
import { deadlineOf } from './record-effects.js';
import { RecordFactProvider, type FactScope } from './record-facts.js';
import { findRecord, type StoredRecord } from './record-store.js';
import { actionView } from './record-view.js';
import type { AvailableAction } from './record-service.js';

const DAY = 86_400_000;

/** Where a record is being evaluated: its state, since when, by whom, held by which unit. */
export interface EvaluationSite {
  record?: StoredRecord;
  state: string;
  enteredAt: Date;
  caller: SessionUser | undefined;
  holder?: { code: string; path: string; level: number; name?: string };
  overdue?: boolean;
  /** Inside a write's transaction: facts are read on its connection. */
  tx?: Transaction;
}

/** A unit as a new record's owner and holder. */
export interface UnitPlace {
  code: string;
  path: string;
  level: number;
}

export class RecordCore {
  constructor(
    readonly db: Database,
    readonly registry: ModuleRegistry,
    readonly access: Access,
    readonly jobs: JobQueue | undefined,
    readonly now: () => Date,
  ) {}

  /** The latest published version of a module (404 when there is none). */
  async latest(key: string): Promise<PublishedVersion> {
    const published = await this.registry.getLatest(key);
    if (!published) throw new FormworkError('FW_MODULE_NOT_FOUND', { key });
    return published;
  }

  /** The compiled definition a record was written under. */
  async compiledOf(record: StoredRecord): Promise<CompiledModule> {
    const published = await this.registry.getVersion(record.moduleKey, record.moduleVersion);
    return this.registry.compiled(published!);
  }

  /**
   * A record the caller may see: of a unit, or held by a unit, in their subtree. A withdrawn
   * draft is gone (404) but for its history (`withdrawn: true`).
   */
  async visible(caller: SessionUser, id: string, requestId: string, options: { withdrawn?: boolean } = {}): Promise<StoredRecord> {
    const record = await findRecord(this.db.sequelize, id);
    // A missing record costs the same audited refusal as one outside: timing tells them apart no more than the answer does.
    const gone = !record || (record.withdrawnAt !== null && !options.withdrawn);
    if (gone || (!pathWithin(record.unitPath, caller.unitPath) && !pathWithin(record.assignedPath, caller.unitPath))) {
      await this.access.refused(caller, `record:${id}`, requestId);
      throw new FormworkError('FW_REC_NOT_FOUND');
    }
    return record;
  }

  /** Where the caller stands for field access: the record's state, their roles, their unit relative to the record's own. */
  accessSite(caller: SessionUser, recordUnitPath: string, state: string): AccessSite {
    return { state, roles: caller.roles, relation: unitRelation(caller.unitPath, recordUnitPath) };
  }

  /** If-Match must name the record's current version. */
  checkVersion(record: StoredRecord, ifMatch: string): void {
    const given = Number(ifMatch.replace(/^W\//, '').replace(/"/g, '').trim());
    if (!Number.isInteger(given) || given !== record.version) throw new FormworkError('FW_REC_VERSION_CONFLICT', { current: record.version });
  }

  /** Only the unit holding a record works on it (units above see it; they act once it is handed up). */
  checkHolder(caller: SessionUser, record: StoredRecord): void {
    if (caller.unitCode !== record.assignedUnit) throw new FormworkError('FW_WF_NOT_HOLDER', { unit: record.assignedUnit });
  }

  /** The conflict answer for a write that lost a race: names the version now stored. */
  async conflict(id: string, tx?: Transaction): Promise<FormworkError> {
    const current = await findRecord(this.db.sequelize, id, tx);
    return new FormworkError('FW_REC_VERSION_CONFLICT', { current: current?.version ?? 0 });
  }

  /** The transitions the caller may take now (none unless their unit holds the record). */
  async availableActions(caller: SessionUser, record: StoredRecord, compiled: CompiledModule): Promise<AvailableAction[]> {
    if (record.final || caller.unitCode !== record.assignedUnit) return [];
    const transitions = await compiled.workflow.available(
      record.state,
      caller.roles,
      record.data,
      this.context(record, record.state, record.stateEnteredAt, caller, this.now()),
      { provider: this.factsFor(record, compiled) },
    );
    // A hand-down (交办下级) is offered only where there is a unit below to hand to.
    const handsDown = transitions.some((t) => t.handoff?.direction === 'down');
    const below = handsDown && (await listChildren(this.db.sequelize, record.assignedPath)).length > 0;
    // A report is not offered for submission before its period allows (the step would be refused).
    const now = this.now();
    return transitions.filter((t) => (t.handoff?.direction !== 'down' || below) && !earlySubmission(compiled, record, t.to, now)).map(actionView);
  }

  /** Named facts (counts, sums, lookups) as seen from a record. */
  factsFor(record: StoredRecord, compiled: CompiledModule): RecordFactProvider {
    return new RecordFactProvider(this.db.sequelize, this.factScope(record, compiled));
  }

  private factScope(record: StoredRecord | undefined, compiled?: CompiledModule, unitPath?: string): FactScope {
    const period = record && compiled ? periodOfRecord(compiled, record.period) : undefined;
    return {
      ...(record ? { recordId: record.id } : {}),
      unitPath: record?.unitPath ?? unitPath!,
      reachPath: unitPath ?? record!.assignedPath,
      ...(record && period ? { report: { moduleKey: record.moduleKey, unitCode: record.unitCode, period } } : {}),
    };
  }

  /** A report record's pre-filled figures computed now (undefined for other records). */
  async freshPrefill(compiled: CompiledModule, record: StoredRecord): Promise<Record<string, number> | undefined> {
    if (!compiled.report || compiled.report.prefilled.length === 0) return undefined;
    const period = periodOfRecord(compiled, record.period);
    return period ? computePrefill(this.db.sequelize, compiled, record.unitPath, period) : undefined;
  }

  /** The pre-filled figures a transition keeps marked as computed: fresh ones, or those stored. */
  keptFigures(compiled: CompiledModule, record: StoredRecord, fresh: Record<string, number> | undefined): Record<string, unknown> {
    if (fresh) return fresh;
    const kept: Record<string, unknown> = {};
    for (const entry of compiled.report?.prefilled ?? []) {
      if (entry.pointer in record.derived) kept[entry.pointer] = record.derived[entry.pointer];
    }
    return kept;
  }

  /** The rules' context: time, user, holding unit and level, state and days in it, period. */
  context(
    record: (Pick<StoredRecord, 'id' | 'createdAt' | 'unitCode' | 'assignedUnit' | 'assignedPath'> & { unitLevel?: number; period?: string | null }) | undefined,
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

  /** Runs the engine on `data` at a site; `result.data` is what a write stores. */
  async evaluate(compiled: CompiledModule, data: unknown, at: EvaluationSite): Promise<EvaluationResult> {
    const now = this.now();
    const context = this.context(at.record, at.state, at.enteredAt, at.caller, now, at.holder, at.overdue ?? false);
    const provider = new RecordFactProvider(this.db.sequelize, this.factScope(at.record, compiled, at.holder?.path), at.tx);
    const result = await evaluate(compiled, data, context, { provider });
    if (provider.withheld.size === 0) return result;
    return { ...result, warnings: [...result.warnings, withheldWarning(compiled, [...provider.withheld])] };
  }

  /**
   * Runs a rule set on `data` at a site as `evaluate` would, without interpreting the run: the
   * impact of a draft runs the draft's rules and the published version's own together once.
   */
  async runRules(compiled: CompiledModule, rules: RuleSet, data: unknown, at: EvaluationSite): Promise<RuleRun> {
    const context = this.context(at.record, at.state, at.enteredAt, at.caller, this.now(), at.holder, at.overdue ?? false);
    const provider = new RecordFactProvider(this.db.sequelize, this.factScope(at.record, compiled, at.holder?.path), at.tx);
    return rules.run(data, context, { provider });
  }

  /** Validates the data of a new record (a draft may be incomplete) and builds its row. */
  async prepareNew(published: PublishedVersion, compiled: CompiledModule, unit: UnitPlace, input: unknown, caller: SessionUser, now: Date, tx?: Transaction) {
    if (compiled.kind === 'codelist') throw new FormworkError('FW_REC_WRONG_KIND', { key: published.key, kind: '代码集 (code list)' });
    // A report's records come from assignments, one per unit and period.
    if (compiled.kind === 'report') throw new FormworkError('FW_REC_WRONG_KIND', { key: published.key, kind: '报表 (report; records come from assignments)' });
    const state = compiled.workflow.initial;
    const result = await this.evaluate(compiled, input, { state, enteredAt: now, caller, holder: unit, ...(tx ? { tx } : {}) });
    refuseErrors(result, compiled.workflow.states[state]!.draft);
    const data = result.data;
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
      warnings: storedWarnings(result),
      searchText: searchText(compiled.list, data, compiled.codeTitle),
      actor: caller.username,
      at: now,
    };
    return { row, result, deadline };
  }

  /** The audit entry of an operation on a record. */
  audit(
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

/** Draft states keep incomplete data; every other problem blocks the write. */
export function blocking(errors: readonly Problem[], draft: boolean): Problem[] {
  return draft ? errors.filter((p) => p.code !== 'FW_VAL_REQUIRED') : [...errors];
}

/**
 * The warnings a write stores with the record: what the rules said of its data (the data-quality
 * measures count those left on handed-in records). Facts withheld from the caller say something
 * of who asked, not of the data, and are left out.
 */
export function storedWarnings(result: EvaluationResult): Problem[] {
  return result.warnings.filter((w) => w.code !== 'FW_FACT_WITHHELD');
}

/** Refuses a write whose evaluation has blocking problems (422 with each at its path). */
export function refuseErrors(result: EvaluationResult, draft: boolean): void {
  const problems = blocking(result.errors, draft);
  if (problems.length > 0) throw new FormworkError('FW_REC_INVALID', { count: problems.length }, problems);
}

/**
 * A copy of `data` with a report's pre-filled figures (by JSON Pointer) put in: figures come
 * from the database, not the rules, so they go into the data before it is evaluated.
 */
export function withFigures(data: unknown, figures: Record<string, unknown> | undefined): Record<string, unknown> {
  const out = (data !== null && typeof data === 'object' && !Array.isArray(data) ? structuredClone(data) : {}) as Record<string, unknown>;
  for (const [pointer, value] of Object.entries(figures ?? {})) setAt(out, pointer, structuredClone(value));
  return out;
}

/** The warning of facts withheld from an evaluation, naming them by their descriptions in each language. */
function withheldWarning(compiled: CompiledModule, names: readonly string[]): Problem {
  const facts = compiled.definition.facts ?? {};
  const titles = (locale: 'zh-CN' | 'en') => names.map((name) => facts[name]?.description?.[locale] ?? facts[name]?.description?.['zh-CN'] ?? name);
  const zh = problem('', 'FW_FACT_WITHHELD', { facts: titles('zh-CN').join('、') });
  const en = problem('', 'FW_FACT_WITHHELD', { facts: titles('en').join(', ') });
  return { path: '', code: zh.code, message: { 'zh-CN': zh.message['zh-CN'], en: en.message.en }, params: { facts: names } };
}
