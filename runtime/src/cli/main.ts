/**
 * The `formwork` command: serve, migrate, check and publish definitions, print record types,
 * checkpoint and verify the audit log.
 */
import { Command, Option } from 'commander';
import pino from 'pino';
import { localizeProblem, type Locale, type ModuleDefinition } from '../../../engine/src/index.js';
import { ConfigError, loadConfig } from '../config.js';
import { createContext } from '../context.js';
import { loadLatestVersion, loadVersion, type PublishedVersion } from '../modules/module-store.js';
import { migrateRecords } from '../records/record-migration.js';
import { publishBundled } from '../modules/bundled.js';
import { DEMO_PASSWORD, seedDemo } from './demo/demo-seed.js';
import { JobQueue } from '../platform/jobs/job-queue.js';
import { declarationsFor } from '../modules/module-service.js';
import { openConfiguredDatabase, startInstance } from '../server.js';
import { auditCommands } from './audit-commands.js';
import { exportCommand } from './export-command.js';
import { importCommand } from './import-command.js';
import { expandPaths, readJson, validateCommand } from './validate-command.js';

const program = new Command('formwork').description('Formwork: configurable forms, rules and workflows').showHelpAfterError();
const langOption = () => new Option('--lang <locale>', 'language of messages').choices(['zh-CN', 'en']).default('zh-CN');

program
  .command('serve')
  .description('start the server (embedded PostgreSQL unless DATABASE_URL is set)')
  .action(async () => {
    const settings = config();
    const instance = await startInstance(settings, { listen: true, bundled: true, demo: settings.demo });
    instance.logger.info(`Formwork is listening on ${instance.address}`);
    const shutdown = (signal: string) => {
      instance.logger.info(`${signal}: shutting down`);
      instance.stop().then(
        () => process.exit(0),
        (error: Error) => {
          instance.logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    // The orderly shutdown above is the only one: a library's signal hook that stopped
    // PostgreSQL and exited at once would do so under the feet of requests still being answered.
    process.removeAllListeners('SIGINT');
    process.removeAllListeners('SIGTERM');
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });

program
  .command('seed')
  .description('seed the demo organisation and records into an empty database (publishes the bundled modules first)')
  .requiredOption('--demo', 'the demo data set')
  .action(async () => {
    const logger = pino({ level: 'info' });
    const { db, embedded } = await openConfiguredDatabase(config(), logger);
    const jobs = new JobQueue({ db, log: (m) => logger.warn(m) });
    let seeded;
    try {
      await jobs.start();
      const ctx = createContext(db, { jobs });
      await ctx.registry.reload();
      await publishBundled(ctx);
      seeded = await seedDemo(db, jobs, { log: (m) => logger.info(m) });
    } finally {
      await jobs.stop();
      await db.close();
      await embedded?.stop();
    }
    if (!seeded) {
      console.error('the database is not empty: the demo is only seeded into a new one');
      await finish(1);
    }
    console.log(`demo: ${seeded!.units} units, ${seeded!.users} users (password ${DEMO_PASSWORD}), ${seeded!.records} records`);
    await finish(0);
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const logger = pino({ level: 'info' });
    const { db, embedded } = await openConfiguredDatabase(config(), logger);
    await db.close();
    await embedded?.stop();
    logger.info('the database is up to date');
    await finish(0);
  });

const definitions = program.command('definitions').description('module definitions');

validateCommand(definitions, config, finish);

definitions
  .command('publish')
  .description('publish definition files, through the API (--url, --token) or directly to the database')
  .argument('<paths...>', 'JSON files or folders holding them')
  .option('--url <url>', 'base URL of a Formwork server, e.g. http://localhost:3000')
  .option('--token <token>', 'bearer token of a designer (or FORMWORK_TOKEN)')
  .addOption(langOption())
  .action(async (paths: string[], options: { url?: string; token?: string; lang: Locale }) => {
    // Code lists first: the modules among the files reference them.
    const loaded = await Promise.all((await expandPaths(paths)).map(async (file) => ({ file, kind: ((await readJson(file)) as { kind?: string } | null)?.kind })));
    const files = [...loaded.filter((f) => f.kind === 'codelist'), ...loaded.filter((f) => f.kind !== 'codelist')].map((f) => f.file);
    let failures = 0;
    if (options.url) {
      const token = options.token ?? process.env.FORMWORK_TOKEN;
      if (!token) throw new Error('--token (or FORMWORK_TOKEN) is required with --url');
      for (const file of files) {
        const definition = (await readJson(file)) as Partial<ModuleDefinition>;
        const response = await fetch(new URL(`/api/modules/${encodeURIComponent(String(definition.key))}/versions`, options.url), {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'accept-language': options.lang },
          body: JSON.stringify(definition),
        });
        const body = (await response.json()) as Record<string, unknown>;
        if (response.status === 201) console.log(`✓ ${file} → ${String(body.key)} v${String(body.version)}`);
        else {
          failures += 1;
          report(file, body);
        }
      }
    } else {
      const logger = pino({ level: 'warn' });
      const { db, embedded } = await openConfiguredDatabase(config(), logger);
      try {
        const ctx = createContext(db);
        await ctx.registry.reload();
        for (const file of files) {
          const definition = (await readJson(file)) as Partial<ModuleDefinition>;
          try {
            const result = await ctx.modules.publish(String(definition.key), definition, {
              username: `cli:${process.env.USER ?? 'unknown'}`,
              unitCode: null,
            });
            console.log(`✓ ${file} → ${result.key} v${result.version}`);
          } catch (error) {
            failures += 1;
            const e = error as { code?: string; messages?: Record<Locale, string>; problems?: Parameters<typeof localizeProblem>[0][] };
            report(file, {
              code: e.code,
              message: e.messages?.[options.lang] ?? String(error),
              errors: (e.problems ?? []).map((p) => localizeProblem(p, options.lang)),
            });
          }
        }
      } finally {
        await db.close();
        await embedded?.stop();
      }
    }
    await finish(failures > 0 ? 1 : 0);
  });

program
  .command('records')
  .description('records')
  .command('migrate')
  .description("move a module's records of earlier versions to version n, through each version's migration")
  .argument('<key>', 'module key')
  .requiredOption('--to <n>', 'the target version', (v) => Number(v))
  .option('--dry-run', 'report what would happen, change nothing', false)
  .option('--batch <size>', 'records per transaction', (v) => Number(v), 500)
  .action(async (key: string, options: { to: number; dryRun: boolean; batch: number }) => {
    const { db, embedded } = await openConfiguredDatabase(config(), pino({ level: 'warn' }));
    let failed = 0;
    try {
      const ctx = createContext(db);
      await ctx.registry.reload();
      const report = await migrateRecords(
        { db, registry: ctx.registry, records: ctx.records },
        key,
        options.to,
        { dryRun: options.dryRun, batchSize: options.batch, actor: `cli:${process.env.USER ?? 'unknown'}` },
      );
      failed = report.failed.length;
      console.log(
        `${report.dryRun ? '[dry run] ' : ''}${key} → v${report.to}: ${report.examined} examined, ${report.migrated} ${report.dryRun ? 'would migrate' : 'migrated'}, ${failed} left unchanged`,
      );
      for (const f of report.failed) {
        console.log(`  ✗ ${f.id} (v${f.fromVersion}) ${f.reason}`);
        for (const e of f.errors ?? []) console.log(`      ${e.path}  ${e.code}  ${e.message}`);
      }
    } finally {
      await db.close();
      await embedded?.stop();
    }
    await finish(failed > 0 ? 1 : 0);
  });

program
  .command('types')
  .description('print the TypeScript declarations of a module’s record data')
  .argument('<key>', 'module key (read from the database) or, with --file, ignored')
  .option('--version <n>', 'a published version (default: the latest)', (v) => Number(v))
  .option('--file <path>', 'a definition file instead of the database')
  .action(async (key: string, options: { version?: number; file?: string }) => {
    let published: PublishedVersion | undefined;
    if (options.file) {
      const definition = (await readJson(options.file)) as ModuleDefinition;
      published = { key: definition.key, version: definition.version ?? 0, definition, publishedBy: '', publishedAt: '' };
    } else {
      const { db, embedded } = await openConfiguredDatabase(config(), pino({ level: 'warn' }));
      try {
        published =
          options.version === undefined ? await loadLatestVersion(db.sequelize, key) : await loadVersion(db.sequelize, key, options.version);
      } finally {
        await db.close();
        await embedded?.stop();
      }
    }
    if (!published) {
      console.error(`module "${key}"${options.version ? ` version ${options.version}` : ''} is not published`);
      await finish(1);
      return;
    }
    process.stdout.write(await declarationsFor(published));
    await finish(0);
  });

/**
 * Exits with a code once stdout has drained: a finished command does not wait for idle pools
 * or timers to let the process go.
 */
async function finish(code: number): Promise<never> {
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}

function config() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

function report(file: string, body: Record<string, unknown>): void {
  console.log(`✗ ${file}: ${String(body.code)} ${String(body.message)}`);
  for (const p of (body.errors as { path: string; code: string; message: string }[] | undefined) ?? []) {
    console.log(`    ${p.path || '/'}  ${p.code}  ${p.message}`);
  }
}

auditCommands(program, config, finish);
exportCommand(program, config, finish);
importCommand(program, config, finish);

program.parseAsync(process.argv).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
