/**
 * The records migration as the API runs it (`POST /api/modules/{key}/migrate`): the same
 * `migrateRecords` the CLI runs, for designers at headquarters only — it touches every unit's
 * records, and a provincial designer sees only a subtree — audited as one entry per run (each
 * written batch also has its own `record.migrate` entry), with progress per batch.
 */
import { FormworkError, type Locale } from '../../../engine/src/index.js';
import type { MigrateBody, MigrationReportAnswer } from '../api/modules.js';
import { appendAudit } from '../audit/audit-store.js';
import type { SessionUser } from '../identity/identity-store.js';
import type { ModuleRegistry } from '../modules/module-registry.js';
import type { Database } from '../platform/db/database.js';
import { migrateRecords } from './record-migration.js';
import type { RecordService } from './record-service.js';

/** Records examined per batch (one transaction and one progress line each). */
export const MIGRATE_BATCH = 500;

/** A prepared migration: checked and ready; `run` migrates (or counts). */
export interface MigrationRun {
  run(onProgress?: (progress: { examined: number; total: number }) => void): Promise<MigrationReportAnswer>;
}

export class RecordMigrations {
  constructor(
    private readonly db: Database,
    private readonly registry: ModuleRegistry,
    private readonly records: RecordService,
    private readonly now: () => Date,
  ) {}

  /** Refuses callers outside headquarters (403) and unknown modules or versions (404) before anything runs. */
  async prepare(caller: SessionUser, key: string, body: MigrateBody, locale: Locale, requestId: string, batchSize = MIGRATE_BATCH): Promise<MigrationRun> {
    if (caller.unitLevel !== 1) {
      await appendAudit(this.db.sequelize, { actor: caller.username, unitCode: caller.unitCode, action: 'authz.refused', target: `module:${key}`, outcome: 'refused', requestId, details: { reason: 'hq-only', to: body.to } });
      throw new FormworkError('FW_AUTH_HQ_ONLY');
    }
    if (!(await this.registry.getLatest(key))) throw new FormworkError('FW_MODULE_NOT_FOUND', { key });
    if (!(await this.registry.getVersion(key, body.to))) throw new FormworkError('FW_VERSION_NOT_FOUND', { key, version: body.to });
    return {
      run: async (onProgress) => {
        const report = await migrateRecords({ db: this.db, registry: this.registry, records: this.records, now: this.now }, key, body.to, {
          dryRun: body.dryRun,
          batchSize,
          actor: caller.username,
          locale,
          ...(onProgress ? { onProgress: (examined: number, total: number) => onProgress({ examined, total }) } : {}),
        });
        await appendAudit(this.db.sequelize, {
          actor: caller.username,
          unitCode: caller.unitCode,
          action: 'module.migrate',
          target: `module:${key}@${body.to}`,
          outcome: 'ok',
          requestId,
          details: { dryRun: body.dryRun, examined: report.examined, migrated: report.migrated, failed: report.failed.length },
        });
        return report;
      },
    };
  }
}
