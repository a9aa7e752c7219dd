/**
 * Starts one Formwork instance: the database (embedded unless DATABASE_URL is set),
 * migrations, first-start bootstrap, the live-publish listener and the HTTP server.
 */
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { buildApp } from './app.js';
import { sealAuditWith } from './audit/audit-seal.js';
import { takeCheckpoint } from './audit/audit-store.js';
import type { Config } from './config.js';
import { createContext, type AppContext } from './context.js';
import { APPLICATION_NAME, migrate, openDatabase, type Database } from './platform/db/database.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './platform/db/embedded-postgres.js';
import { PUBLISH_CHANNEL } from './modules/module-store.js';
import { NotifyListener } from './platform/db/notify-listener.js';
import { bootstrap, BOOTSTRAP_ADMIN } from './identity/bootstrap.js';
import { DEADLINE_QUEUE, EXPORT_QUEUE, JobQueue } from './platform/jobs/job-queue.js';
import type { DeadlineJob } from './records/record-effects.js';
import { publishBundled } from './modules/bundled.js';
import { DEMO_PASSWORD, seedDemo } from './cli/demo/demo-seed.js';

export interface Instance {
  app: FastifyInstance;
  ctx: AppContext;
  db: Database;
  jobs: JobQueue;
  logger: Logger;
  /** Set once listening. */
  address?: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  listen?: boolean;
  logger?: Logger;
  now?: () => Date;
  /** How often deadline workers poll (tests shorten it). */
  jobPollingSeconds?: number;
  /** Publish the bundled modules that are not published yet (the CLI's serve does). */
  bundled?: boolean;
  /** Seed the demo organisation and records into an empty database. */
  demo?: boolean;
  /** Fail answers the serializer would change (see AppOptions.checkResponses): tests set it. */
  checkResponses?: boolean;
}

/**
 * The embedded database's audit key: kept in a file beside (not inside) its data folder,
 * made on first use, readable by its owner only. A server on its own PostgreSQL takes
 * FORMWORK_AUDIT_KEY instead, kept where the database's administrators cannot read it.
 */
async function auditKeyFile(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const key = randomBytes(32).toString('base64url');
    await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' }).catch(() => undefined);
    return (await readFile(file, 'utf8')).trim();
  }
}

/** Opens the configured database (starting the embedded one if needed) and migrates it. */
export async function openConfiguredDatabase(
  config: Config,
  logger: Logger,
): Promise<{ db: Database; embedded?: EmbeddedDatabase }> {
  let url = config.databaseUrl;
  let embedded: EmbeddedDatabase | undefined;
  if (!url) {
    // Said at info level: as root the folder may not be the one the README's quick start names.
    logger.info({ dataDir: config.dataDir }, `starting the embedded PostgreSQL with its data in ${config.dataDir}: ${config.dataDirReason}`);
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, log: (m) => logger.debug(m), info: (m) => logger.info(m) });
    url = embedded.url;
  }
  const db = openDatabase(url, { poolSize: config.dbPoolSize, ...(config.databaseReadUrl ? { readUrl: config.databaseReadUrl } : {}) });
  const auditKey = config.auditKey ?? (embedded ? await auditKeyFile(`${config.dataDir}.audit-key`) : undefined);
  if (!auditKey) logger.warn('FORMWORK_AUDIT_KEY is not set: audit entries are hash-chained but not sealed, so someone with database access could rewrite them undetected');
  sealAuditWith(db.sequelize, auditKey);
  try {
    await migrate(db, (m) => logger.info(m));
  } catch (error) {
    await db.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
  return embedded ? { db, embedded } : { db };
}

export async function startInstance(config: Config, options: StartOptions = {}): Promise<Instance> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const { db, embedded } = await openConfiguredDatabase(config, logger);
  const boot = await bootstrap(db, config.adminPassword);
  if (boot.generatedPassword) {
    // Shown once, on purpose on stdout and not in the log stream.
    process.stdout.write(
      `\n  Formwork created the administrator "${BOOTSTRAP_ADMIN}" with the password:\n\n      ${boot.generatedPassword}\n\n` +
        '  It is not shown again. Set FORMWORK_ADMIN_PASSWORD before the first start to choose it.\n\n',
    );
  }
  const jobs = new JobQueue({ db, log: (m) => logger.warn(m), ...(options.jobPollingSeconds ? { pollingIntervalSeconds: options.jobPollingSeconds } : {}) });
  await jobs.start();
  const ctx = createContext(db, {
    jobs,
    log: (m) => logger.warn(m),
    session: { idleMs: config.sessionIdleMinutes * 60_000, absoluteMs: config.sessionMaxHours * 3_600_000 },
    attempts: { addressFailures: config.loginAddressFailures },
    exportJobs: { keepHours: config.exportKeepHours, jobRows: config.exportJobRows },
    limits: { requestsPerMinute: config.rateLimit, loginPerMinute: config.loginRateLimit, attachmentBytes: config.attachmentMaxMb * 1024 * 1024 },
    ...(options.now ? { now: options.now } : {}),
  });
  // The one connection outside the pool: LISTEN holds its connection for good.
  const listener = new NotifyListener({
    url: db.url,
    applicationName: APPLICATION_NAME,
    channel: PUBLISH_CHANNEL,
    onMessage: (payload) => {
      ctx.registry.onPublished(payload).catch((error: Error) => logger.error({ err: error }, 'could not load a published module'));
    },
    onConnected: () => ctx.registry.reload(),
    log: (m) => logger.warn(m),
  });
  await listener.start();
  await jobs.work(DEADLINE_QUEUE, (data) => ctx.records.onDeadline(data as unknown as DeadlineJob));
  // One export at a time per instance: each holds a connection and a core while it runs.
  await jobs.work(EXPORT_QUEUE, (data) => ctx.exportJobs.run(String(data.id)), { batchSize: 1 });
  if (options.bundled) {
    const published = await publishBundled(ctx);
    if (published.length > 0) logger.info(`published the bundled modules: ${published.join(', ')}`);
  }
  // Records stored before titles were searchable get their search text once.
  const indexed = await ctx.records.indexUnindexed();
  if (indexed > 0) logger.info(`indexed the titles of ${indexed} records for search`);
  if (options.demo) {
    const seeded = await seedDemo(db, jobs, { log: (m) => logger.info(m) });
    if (seeded) logger.info(`demo data: ${seeded.units} units, ${seeded.users} users, ${seeded.records} records (password ${DEMO_PASSWORD})`);
  }
  const app = await buildApp(ctx, { loggerInstance: logger, trustProxy: config.trustProxy, tls: config.tls, ...(options.checkResponses ? { checkResponses: true } : {}) });

  // Signed checkpoints of the audit chains' heads, each also written to the log (kept outside the database).
  const checkpoints =
    config.auditCheckpointMinutes > 0
      ? setInterval(() => {
          takeCheckpoint(db.sequelize)
            .then((checkpoint) => checkpoint && logger.info({ auditCheckpoint: checkpoint }, `audit checkpoint ${checkpoint.id}`))
            .catch((error: Error) => logger.error({ err: error }, 'could not take an audit checkpoint'));
        }, config.auditCheckpointMinutes * 60_000).unref()
      : undefined;

  // The weekly data-quality nudges: every instance sweeps; the database sends each unit's once a week.
  const nudges =
    config.qualityNudgeMinutes > 0
      ? setInterval(() => {
          ctx.quality
            .sendWeeklyNudges()
            .then((units) => units.length > 0 && logger.info(`weekly data-quality nudges sent to ${units.length} units`))
            .catch((error: Error) => logger.error({ err: error }, 'could not send the weekly data-quality nudges'));
        }, config.qualityNudgeMinutes * 60_000).unref()
      : undefined;

  let stopped = false;
  const instance: Instance = {
    app,
    ctx,
    db,
    jobs,
    logger,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(checkpoints);
      clearInterval(nudges);
      await app.close();
      await jobs.stop();
      await listener.stop();
      await db.close();
      await embedded?.stop();
    },
  };
  if (options.listen) {
    instance.address = await app.listen({ port: config.port, host: config.host });
  } else {
    await app.ready();
  }
  return instance;
}
