/**
 * The services of one server instance, built once and handed to the routes. Nothing here is
 * shared between instances except the database.
 */
import { ModuleCompiler } from '../../engine/src/index.js';
import type { Database } from './platform/db/database.js';
import { listVersions, type VersionSummary } from './modules/module-store.js';
import { Access } from './identity/access.js';
import { AuthService, DEFAULT_SESSION_POLICY, type SessionPolicy } from './identity/auth-service.js';
import { DEFAULT_ATTEMPT_POLICY, PasswordAttempts, type AttemptPolicy } from './identity/password-attempts.js';
import { UserChanges } from './identity/user-changes.js';
import { DatasetService } from './datasets/dataset-service.js';
import { DatasetImporter } from './datasets/dataset-import.js';
import { ExportJobs, type ExportJobPolicy } from './datasets/export-jobs.js';
import { ModuleRegistry } from './modules/module-registry.js';
import { ModuleService } from './modules/module-service.js';
import { recheckPatternChecker } from './modules/pattern-checker.js';
import { UnitService } from './units/unit-service.js';
import type { JobQueue } from './platform/jobs/job-queue.js';
import { InboxService } from './inbox/inbox-service.js';
import { RecordService } from './records/record-service.js';
import { ReportService } from './reports/report-service.js';
import { AttachmentService } from './attachments/attachment-service.js';
import { RecordStats } from './records/record-stats.js';
import { RecordMigrations } from './records/record-migrations.js';
import { UserService } from './identity/user-service.js';
import { DraftService } from './drafts/draft-service.js';
import { DraftImpact } from './drafts/draft-impact.js';
import { AuditService } from './audit/audit-service.js';
import { QualityService } from './quality/quality-service.js';

export interface AppContext {
  db: Database;
  registry: ModuleRegistry;
  modules: ModuleService;
  drafts: DraftService;
  impact: DraftImpact;
  audit: AuditService;
  auth: AuthService;
  userChanges: UserChanges;
  datasets: DatasetService;
  imports: DatasetImporter;
  exportJobs: ExportJobs;
  access: Access;
  units: UnitService;
  users: UserService;
  records: RecordService;
  /** Records of earlier versions moved to a newer one (`POST /api/modules/{key}/migrate`). */
  migrations: RecordMigrations;
  reports: ReportService;
  attachments: AttachmentService;
  stats: RecordStats;
  quality: QualityService;
  inbox: InboxService;
  moduleVersions(key: string): Promise<VersionSummary[]>;
  now: () => Date;
  limits: { requestsPerMinute: number; loginPerMinute: number; attachmentBytes: number };
}

export interface ContextOptions {
  now?: () => Date;
  log?: (message: string) => void;
  session?: Partial<SessionPolicy>;
  attempts?: Partial<AttemptPolicy>;
  limits?: Partial<AppContext['limits']>;
  /** The job queue for deadlines and export jobs; without it, records with deadlines cannot be written nor exports run as jobs. */
  jobs?: JobQueue;
  /** How long export jobs' files are kept, and when an export becomes one. */
  exportJobs?: ExportJobPolicy;
}

export function createContext(db: Database, options: ContextOptions = {}): AppContext {
  const now = options.now ?? (() => new Date());
  const compiler = new ModuleCompiler({ patternChecker: recheckPatternChecker });
  const registry = new ModuleRegistry(db.sequelize, compiler, options.log);
  const access = new Access(db);
  const records = new RecordService(db, registry, access, options.jobs, now);
  const datasets = new DatasetService(db, registry, access);
  const modules = new ModuleService(db, registry, now);
  const userChanges = new UserChanges(db, access, now);
  const drafts = new DraftService(db, registry, modules, access, now);
  const attempts = new PasswordAttempts(db.sequelize, { ...DEFAULT_ATTEMPT_POLICY, ...options.attempts }, now);
  return {
    db,
    registry,
    modules,
    drafts,
    impact: new DraftImpact(db, registry, modules, records, drafts),
    audit: new AuditService(db, access),
    auth: new AuthService(db, attempts, { ...DEFAULT_SESSION_POLICY, ...options.session }, now),
    access,
    units: new UnitService(db, access),
    users: new UserService(db, access, attempts, userChanges, now),
    userChanges,
    datasets,
    imports: new DatasetImporter(db, datasets, records, access),
    exportJobs: new ExportJobs(db, datasets, options.jobs, options.exportJobs ?? { keepHours: 24, jobRows: 100_000 }, now),
    records,
    migrations: new RecordMigrations(db, registry, records, now),
    reports: new ReportService(db, registry, access, records, options.jobs, now),
    attachments: new AttachmentService(db, records, now),
    stats: new RecordStats(db, registry, access),
    quality: new QualityService(db, registry, access, now),
    inbox: new InboxService(db, registry, records.titles, now),
    moduleVersions: (key) => listVersions(db.sequelize, key),
    now,
    limits: { requestsPerMinute: 1200, loginPerMinute: 10, attachmentBytes: 20 * 1024 * 1024, ...options.limits },
  };
}
