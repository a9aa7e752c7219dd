/**
 * Moves records of earlier versions of a module to a newer one, through each version's
 * declared migration, in batches. A record that would not be valid under the new version
 * (or has no migration path, or a state the new workflow lacks) is reported and left as it is.
 */
import {
  FormworkError,
  applyMigration,
  diffData,
  localizeProblem,
  searchText,
  type CompiledModule,
  type EvaluationResult,
  type Locale,
  type LocalizedProblem,
  type ModuleDefinition,
} from '../../../engine/src/index.js';
import { appendAudit } from '../audit/audit-store.js';
import type { Database } from '../platform/db/database.js';
import { findRecord, insertHistory, updateRecord, type StoredRecord } from './record-store.js';
import { selectRows, type Tx } from '../platform/db/sql.js';
import type { ModuleRegistry } from '../modules/module-registry.js';
import type { RecordService } from './record-service.js';
import { stateOf } from './record-view.js';
import { storedWarnings } from './record-core.js';

export interface MigrationFailure {
  id: string;
  fromVersion: number;
  reason: 'no-migration-path' | 'unknown-state' | 'invalid';
  errors?: LocalizedProblem[];
}

export interface MigrationReport {
  key: string;
  to: number;
  dryRun: boolean;
  examined: number;
  migrated: number;
  failed: MigrationFailure[];
}

/** What migrating needs: the services, and the target version with its compiled definition. */
interface Migration {
  db: Database;
  records: RecordService;
  now: () => Date;
  key: string;
  to: number;
  compiled: CompiledModule;
  options: { dryRun: boolean; actor: string; locale: Locale };
  /** The definitions whose migrations lead from a version to `to`, in order; undefined when there is no path. */
  chain: (from: number) => Promise<ModuleDefinition[] | undefined>;
}

/** How a migration runs: dry or not, its batch size, who runs it, the language of problems, progress. */
export interface MigrateOptions {
  dryRun: boolean;
  batchSize?: number;
  actor: string;
  /** The language of the problems of records left unchanged (default zh-CN). */
  locale?: Locale;
  /** Called before the first batch (0 examined) and after each batch, with the records to examine in all. */
  onProgress?: (examined: number, total: number) => void;
}

/** Migrates (or, dry, checks) every record of `key` below version `to`, a batch per transaction. */
export async function migrateRecords(
  deps: { db: Database; registry: ModuleRegistry; records: RecordService; now?: () => Date },
  key: string,
  to: number,
  options: MigrateOptions,
): Promise<MigrationReport> {
  const { db, registry, records } = deps;
  const target = await registry.getVersion(key, to);
  if (!target) throw new FormworkError('FW_VERSION_NOT_FOUND', { key, version: to });
  const migration: Migration = {
    db,
    records,
    now: deps.now ?? (() => new Date()),
    key,
    to,
    compiled: await registry.compiled(target),
    options: { dryRun: options.dryRun, actor: options.actor, locale: options.locale ?? 'zh-CN' },
    chain: migrationChain(registry, key, to),
  };
  const report: MigrationReport = { key, to, dryRun: options.dryRun, examined: 0, migrated: 0, failed: [] };
  const batchSize = options.batchSize ?? 500;
  const total = options.onProgress ? await countBelow(db, key, to) : 0;
  options.onProgress?.(0, total);
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const ids = await selectRows<{ id: string }>(
      db.sequelize,
      'SELECT id FROM records WHERE module_key = $1 AND module_version < $2 AND id > $3 ORDER BY id LIMIT $4',
      [key, to, after, batchSize],
    );
    if (ids.length === 0) break;
    after = ids[ids.length - 1]!.id;
    await migrateBatch(migration, ids.map(({ id }) => id), report);
    options.onProgress?.(report.examined, Math.max(total, report.examined));
  }
  return report;
}

/** How many records of `key` are below version `to` (the progress bar's whole). */
async function countBelow(db: Database, key: string, to: number): Promise<number> {
  const [row] = await selectRows<{ n: string }>(db.sequelize, 'SELECT count(*) AS n FROM records WHERE module_key = $1 AND module_version < $2', [key, to]);
  return Number(row?.n ?? 0);
}

/** Finds the chain of migrations from a version up to `to`, loading each definition once. */
function migrationChain(registry: ModuleRegistry, key: string, to: number): Migration['chain'] {
  const definitions = new Map<number, ModuleDefinition>();
  const definitionOf = async (version: number) => {
    if (!definitions.has(version)) definitions.set(version, (await registry.getVersion(key, version))!.definition);
    return definitions.get(version)!;
  };
  return async (from) => {
    const steps: ModuleDefinition[] = [];
    let current = to;
    while (current > from) {
      const definition = await definitionOf(current);
      if (!definition.migration || definition.migration.from < from) return undefined;
      steps.unshift(definition);
      current = definition.migration.from;
    }
    return steps;
  };
}

/** One batch in one transaction, audited as one entry when any record moved. */
async function migrateBatch(m: Migration, ids: readonly string[], report: MigrationReport): Promise<void> {
  const { db, options, key, to } = m;
  await db.sequelize.transaction(async (tx) => {
    const migrated: string[] = [];
    for (const id of ids) {
      if (await migrateOne(m, id, report, tx)) migrated.push(id);
    }
    if (migrated.length > 0) {
      await appendAudit(
        db.sequelize,
        { actor: options.actor, unitCode: null, action: 'record.migrate', target: `module:${key}@${to}`, outcome: 'ok', details: { count: migrated.length, ids: migrated } },
        tx,
      );
    }
  });
}

/** Migrates one record (locked), counting it in the report; true when it was written. */
async function migrateOne(m: Migration, id: string, report: MigrationReport, tx: Tx): Promise<boolean> {
  const record = await findRecord(m.db.sequelize, id, tx, true);
  if (!record || record.moduleVersion >= m.to) return false;
  report.examined += 1;
  const outcome = await toTarget(m, record, tx);
  if ('reason' in outcome) {
    report.failed.push(outcome);
    return false;
  }
  if (m.options.dryRun) {
    report.migrated += 1;
    return false;
  }
  if (!(await write(m, record, outcome, tx))) return false;
  report.migrated += 1;
  return true;
}

/** The record's data and state under the target version, or why it cannot get there. */
async function toTarget(m: Migration, record: StoredRecord, tx: Tx): Promise<MigrationFailure | { state: string; result: EvaluationResult }> {
  const { id, moduleVersion: fromVersion } = record;
  const steps = await m.chain(fromVersion);
  if (!steps) return { id, fromVersion, reason: 'no-migration-path' };
  let data: Record<string, unknown> = record.data;
  let state = record.state;
  for (const step of steps) {
    data = applyMigration(step.migration!, data);
    state = step.migration!.states?.[state] ?? state;
  }
  if (!m.compiled.workflow.states[state]) return { id, fromVersion, reason: 'unknown-state' };
  const { problems, result } = await m.records.blockingProblems(m.compiled, record, data, state, tx);
  if (problems.length > 0) return { id, fromVersion, reason: 'invalid', errors: problems.map((p) => localizeProblem(p, m.options.locale)) };
  return { state, result };
}

/** Stores the migrated record and its history entry; false when it changed meanwhile. */
async function write(m: Migration, record: StoredRecord, { state, result }: { state: string; result: EvaluationResult }, tx: Tx): Promise<boolean> {
  const { db, compiled, options, to } = m;
  const { id } = record;
  const finalData = result.data;
  const at = m.now();
  const next = { ...stateOf(record), moduleVersion: to, state, data: finalData, derived: result.derived, warnings: storedWarnings(result), searchText: searchText(compiled.list, finalData, compiled.codeTitle), awaitingRoles: compiled.workflow.awaitingRoles(state), actor: options.actor, at };
  if (!(await updateRecord(db.sequelize, id, record.version, next, tx))) return false;
  await insertHistory(
    db.sequelize,
    id,
    { at, actor: options.actor, unitCode: null, kind: 'migrate', fromState: record.state, toState: state, changes: diffData(record.data, finalData), details: { fromVersion: record.moduleVersion, toVersion: to } },
    tx,
  );
  return true;
}
