/**
 * Impact before publish: a draft's schema and rules run over the module's existing records —
 * every record the caller may read (their unit's subtree, by the record's own unit or its
 * holder), in keyset batches, inside one REPEATABLE READ, READ ONLY transaction, so the counts
 * come from one snapshot and nothing can be written. Each record is evaluated under the version
 * it was written under and under the draft (after the draft's migration, for records of the
 * version the draft revises), as the system would on its next evaluation (no user; overdue when
 * the record is), and the two are compared in an ImpactTally.
 */
import type { Transaction } from 'sequelize';
import {
  DefinitionError,
  applyMigration,
  canonicalJson,
  interpretRun,
  problem,
  type CompiledModule,
  type EvaluationResult,
  type Locale,
  type ModuleDefinition,
  type Problem,
  type RuleRun,
} from '../../../engine/src/index.js';
import type { ImpactAnswer } from '../api/drafts.js';
import { appendAudit } from '../audit/audit-store.js';
import type { SessionUser } from '../identity/identity-store.js';
import type { ModuleRegistry } from '../modules/module-registry.js';
import type { ModuleService } from '../modules/module-service.js';
import type { Database } from '../platform/db/database.js';
import { execute } from '../platform/db/sql.js';
import { progressLines } from '../platform/http/progress-lines.js';
import { blocking, withFigures } from '../records/record-core.js';
import type { RecordService } from '../records/record-service.js';
import type { StoredRecord } from '../records/record-store.js';
import { computePrefill, periodOfRecord } from '../reports/report-prefill.js';
import type { DraftService } from './draft-service.js';
import { ImpactTally, type RecordOutcome } from './impact-tally.js';
import { countInScope, recordsInScope, type ImpactCursor } from './impact-store.js';
import { shortcutFor, splitRun, type Shortcut } from './impact-shortcut.js';

/** A scan ended because nobody reads its answer any more. */
export class ImpactStopped extends Error {
  constructor() {
    super('the impact scan was stopped: its reader went away');
    this.name = 'ImpactStopped';
  }
}

/** Records read and evaluated per batch (one progress line each). */
export const IMPACT_BATCH = 500;

/** A prepared impact: the draft compiled and the caller's scope known; `run` scans. */
export interface ImpactScan {
  /** Scans; `stopped` is asked before each batch (a client gone): then the scan ends, unaudited, with ImpactStopped. */
  run(onProgress?: (scanned: number, total: number) => void, stopped?: () => boolean): Promise<ImpactAnswer>;
}

export class DraftImpact {
  constructor(
    private readonly db: Database,
    private readonly registry: ModuleRegistry,
    private readonly modules: ModuleService,
    private readonly records: RecordService,
    private readonly drafts: DraftService,
  ) {}

  /** Checks the draft (404, 422 with its problems) before anything is scanned. */
  async prepare(caller: SessionUser, id: string, locale: Locale, requestId: string, batchSize = IMPACT_BATCH): Promise<ImpactScan> {
    const draft = await this.drafts.find(id);
    const outcome = await this.modules.check(draft.definition);
    // A draft whose own tests fail can still be run over the records; one that does not compile cannot.
    if (!outcome.compiled) throw new DefinitionError(outcome.problems);
    const compiled = outcome.compiled;
    const basedOn = draft.basedOnKey === draft.key && draft.basedOnVersion !== null ? { key: draft.basedOnKey, version: draft.basedOnVersion } : null;
    return {
      run: async (onProgress, stopped) => {
        const answer = basedOn ? await this.scan(caller, compiled, basedOn, locale, batchSize, onProgress, stopped) : new ImpactTally(compiled, locale).answer(null);
        await appendAudit(this.db.sequelize, {
          actor: caller.username,
          unitCode: caller.unitCode,
          action: 'draft.impact',
          target: `draft:${id}`,
          outcome: 'ok',
          requestId,
          details: { key: draft.key, scanned: answer.scanned, invalid: answer.invalid },
        });
        return answer;
      },
    };
  }

  /** The streamed form: a progress line per batch, then the result (or an error line); the scan stops when the reader does. */
  lines(scan: ImpactScan, locale: Locale): AsyncGenerator<string> {
    return progressLines<{ scanned: number; total: number }, ImpactAnswer>(
      (onProgress, abandoned) => scan.run((scanned, total) => onProgress({ scanned, total }), abandoned),
      locale,
      { 'zh-CN': '影响分析失败', en: 'The impact analysis failed' },
    );
  }

  private async scan(
    caller: SessionUser,
    draft: CompiledModule,
    basedOn: { key: string; version: number },
    locale: Locale,
    batchSize: number,
    onProgress?: (scanned: number, total: number) => void,
    stopped?: () => boolean,
  ): Promise<ImpactAnswer> {
    const tally = new ImpactTally(draft, locale);
    const { sequelize } = this.db;
    const published = new Map<number, Promise<CompiledModule | undefined>>();
    const compiledOf = (version: number) => {
      if (!published.has(version)) {
        published.set(version, this.registry.getVersion(basedOn.key, version).then((v) => (v ? this.registry.compiled(v) : undefined)));
      }
      return published.get(version)!;
    };
    // The shortcut from this draft to each published version (see impact-shortcut.ts), found once per version.
    const shortcuts = new Map<CompiledModule, Shortcut | undefined>();
    const shortcutOf = (own: CompiledModule) => {
      if (!shortcuts.has(own)) shortcuts.set(own, shortcutFor(own, draft));
      return shortcuts.get(own);
    };
    await sequelize.transaction(async (tx) => {
      // One snapshot for the count and every batch; READ ONLY makes any write an error.
      await execute(sequelize, 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY', [], tx);
      const total = await countInScope(sequelize, basedOn.key, caller.unitPath, tx);
      onProgress?.(0, total);
      let scanned = 0;
      const read = (after: ImpactCursor | null) => recordsInScope(sequelize, basedOn.key, caller.unitPath, after, batchSize, tx);
      let next = read(null);
      // Awaited below; this only keeps a batch nobody waits for (the scan failed) from being an unhandled rejection.
      void next.catch(() => undefined);
      for (;;) {
        const { records: batch, end } = await next;
        if (stopped?.()) throw new ImpactStopped();
        if (batch.length === 0) break;
        // The next batch is read while this one is evaluated (statements queue on the one connection).
        next = read(end);
        void next.catch(() => undefined);
        for (const record of batch) {
          const own = await compiledOf(record.moduleVersion);
          if (own) tally.add(await this.evaluateBoth(record, own, draft, basedOn.version, tx, shortcutOf));
        }
        scanned += batch.length;
        onProgress?.(scanned, total);
      }
    });
    return tally.answer(basedOn);
  }

  /** One record under the version it was written under and under the draft. */
  private async evaluateBoth(
    record: StoredRecord,
    own: CompiledModule,
    draft: CompiledModule,
    base: number,
    tx: Transaction,
    shortcutOf: (own: CompiledModule) => Shortcut | undefined,
  ): Promise<RecordOutcome> {
    const migration = (draft.definition as ModuleDefinition).migration;
    const migrates = migration !== undefined && record.moduleVersion === base && migration.from <= base;
    const draftState = migrates ? (migration.states?.[record.state] ?? record.state) : record.state;
    let ownData: unknown = record.data;
    let draftData: unknown = migrates ? applyMigration(migration, record.data) : record.data;
    const figures = await this.freshFigures(record, own, draft, tx);
    if (figures) {
      ownData = withFigures(ownData, figures.own);
      draftData = withFigures(draftData, figures.draft);
    }
    const overdue = record.overdueAt !== null;
    const gone = !draft.workflow.states[draftState];
    const state = gone ? record.state : draftState;
    const shortcut = !migrates && !figures ? shortcutOf(own) : undefined;
    let after: { problems: Problem[]; result: EvaluationResult };
    let before: { problems: Problem[]; result: EvaluationResult };
    if (shortcut) {
      const runs = splitRun(shortcut, await this.records.runRules(draft, shortcut.combined, record, draftData, state, tx, overdue));
      after = interpreted(draft, draftData, runs.draft, state);
      before = interpreted(own, ownData, runs.published, record.state);
    } else {
      after = await this.records.blockingProblems(draft, record, draftData, state, tx, overdue);
      before = await this.records.blockingProblems(own, record, ownData, record.state, tx, overdue);
    }
    return {
      id: record.id,
      period: record.period,
      draftProblems: gone ? [problem('', 'FW_DEF_UNKNOWN_STATE', { state: draftState }), ...after.problems] : after.problems,
      publishedValid: before.problems.length === 0,
      draftEvents: after.result.events,
      publishedEvents: before.result.events,
      draftDerived: after.result.derived,
      publishedDerived: before.result.derived,
      ...(draft.report ? { draftData: after.result.data, publishedData: before.result.data } : {}),
    };
  }

  /**
   * Report records whose pre-fill queries the draft changes: both sets of figures computed now
   * (on the snapshot), so the comparison shows the change of query, not the passing of time.
   */
  private async freshFigures(record: StoredRecord, own: CompiledModule, draft: CompiledModule, tx: Transaction) {
    if (!draft.report || !own.report) return undefined;
    const queries = (c: CompiledModule) => canonicalJson(c.report!.prefilled.map((e) => [e.pointer, e.prefill]));
    if (queries(own) === queries(draft)) return undefined;
    const period = periodOfRecord(draft, record.period);
    if (!period) return undefined;
    return {
      own: await computePrefill(this.db.sequelize, own, record.unitPath, period, tx),
      draft: await computePrefill(this.db.sequelize, draft, record.unitPath, period, tx),
    };
  }
}

/** A run interpreted under a compiled module, with what would block the record in `state`. */
function interpreted(compiled: CompiledModule, data: unknown, run: RuleRun, state: string): { problems: Problem[]; result: EvaluationResult } {
  const result = interpretRun(compiled, data, run);
  return { problems: blocking(result.errors, compiled.workflow.states[state]?.draft ?? false), result };
}
