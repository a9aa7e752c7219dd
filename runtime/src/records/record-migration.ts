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
  type LocalizedProblem,
  type ModuleDefinition,
} from '../../../engine/src/index.js';
import { appendAudit } from '../audit/audit-store.js';
import type { Database } from '../platform/db/database.js';
import { findRecord, insertHistory, updateRecord } from './record-store.js';
import { selectRows } from '../platform/db/sql.js';
import type { ModuleRegistry } from '../modules/module-registry.js';
import type { RecordService } from './record-service.js';
import { stateOf } from './record-view.js';

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

export async function migrateRecords(
  deps: { db: Database; registry: ModuleRegistry; records: RecordService; now?: () => Date },
  key: string,
  to: number,
  options: { dryRun: boolean; batchSize?: number; actor: string },
): Promise<MigrationReport> {
  const { db, registry, records } = deps;
  const now = deps.now ?? (() => new Date());
  const target = await registry.getVersion(key, to);
  if (!target) throw new FormworkError('FW_VERSION_NOT_FOUND', { key, version: to });
  const compiled = await registry.compiled(target);
  const definitions = new Map<number, ModuleDefinition>();
  const definitionOf = async (version: number) => {
    if (!definitions.has(version)) definitions.set(version, (await registry.getVersion(key, version))!.definition);
    return definitions.get(version)!;
  };

  /** The versions whose migrations lead from `from` to `to`, in order; undefined when there is no path. */
  const chain = async (from: number): Promise<ModuleDefinition[] | undefined> => {
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

  const report: MigrationReport = { key, to, dryRun: options.dryRun, examined: 0, migrated: 0, failed: [] };
  const batchSize = options.batchSize ?? 500;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const ids = await selectRows<{ id: string }>(
      db.sequelize,
      'SELECT id FROM records WHERE module_key = $1 AND module_version < $2 AND id > $3 ORDER BY id LIMIT $4',
      [key, to, after, batchSize],
    );
    if (ids.length === 0) break;
    after = ids[ids.length - 1]!.id;
    await db.sequelize.transaction(async (tx) => {
      const migrated: string[] = [];
      for (const { id } of ids) {
        const record = await findRecord(db.sequelize, id, tx, true);
        if (!record || record.moduleVersion >= to) continue;
        report.examined += 1;
        const steps = await chain(record.moduleVersion);
        if (!steps) {
          report.failed.push({ id, fromVersion: record.moduleVersion, reason: 'no-migration-path' });
          continue;
        }
        let data: Record<string, unknown> = record.data;
        let state = record.state;
        for (const step of steps) {
          data = applyMigration(step.migration!, data);
          state = step.migration!.states?.[state] ?? state;
        }
        if (!compiled.workflow.states[state]) {
          report.failed.push({ id, fromVersion: record.moduleVersion, reason: 'unknown-state' });
          continue;
        }
        const { problems, result } = await records.blockingProblems(compiled, record, data, state);
        if (problems.length > 0) {
          report.failed.push({ id, fromVersion: record.moduleVersion, reason: 'invalid', errors: problems.map((p) => localizeProblem(p, 'zh-CN')) });
          continue;
        }
        if (options.dryRun) {
          report.migrated += 1;
          continue;
        }
        const finalData = result.data;
        const at = now();
        const next = { ...stateOf(record), moduleVersion: to, state, data: finalData, derived: result.derived, awaitingRoles: compiled.workflow.awaitingRoles(state), actor: options.actor, at };
        if (!(await updateRecord(db.sequelize, id, record.version, next, tx))) continue;
        await insertHistory(
          db.sequelize,
          id,
          { at, actor: options.actor, unitCode: null, kind: 'migrate', fromState: record.state, toState: state, changes: diffData(record.data, finalData), details: { fromVersion: record.moduleVersion, toVersion: to } },
          tx,
        );
        migrated.push(id);
        report.migrated += 1;
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
  return report;
}
