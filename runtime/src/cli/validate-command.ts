/**
 * `formwork definitions validate <paths…>`: every publication check on definition files. The code
 * lists a module references and the record modules a report pre-fills from need not be among the
 * files: those missing are taken from the database (DATABASE_URL, or the embedded PostgreSQL when
 * its data folder already holds one), as publishing would pin them, and else from the shipped
 * definitions/modules folder. Nothing is written.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import pino from 'pino';
import {
  CODELIST_SCHEME,
  ModuleCompiler,
  localizeProblem,
  prefillSource,
  refModules,
  refTarget,
  walkSchema,
  type Locale,
  type ModuleDefinition,
  type PrefillSource,
  type RefTarget,
} from '../../../engine/src/index.js';
import type { Config } from '../config.js';
import { BUNDLED_DIR, readBundled } from '../modules/bundled.js';
import { checkDefinition, prefillModules } from '../modules/definition-check.js';
import { loadLatestVersions } from '../modules/module-store.js';
import { recheckPatternChecker } from '../modules/pattern-checker.js';
import { openDatabase } from '../platform/db/database.js';
import { startEmbeddedPostgres } from '../platform/db/embedded-postgres.js';

/** Where a definition the files did not hold was found. */
export type Origin = 'database' | 'shipped';

/** Definitions by key, each with where it came from. */
type Found = Map<string, { definition: ModuleDefinition; origin: Origin }>;

export function validateCommand(definitions: Command, config: () => Config, finish: (code: number) => Promise<never>): void {
  definitions
    .command('validate')
    .description('check definition files (meta-model, safety, meaning, their own tests); code lists and pre-fill sources not given are taken from the database or the shipped modules')
    .argument('<paths...>', 'JSON files or folders holding them')
    .addOption(new Option('--lang <locale>', 'language of messages').choices(['zh-CN', 'en']).default('zh-CN'))
    .option('--no-database', 'do not look in the database for code lists and pre-fill sources')
    .action(async (paths: string[], options: { lang: Locale; database: boolean }) => {
      const compiler = new ModuleCompiler({ patternChecker: recheckPatternChecker });
      const files = await expandPaths(paths);
      const given = new Map<string, unknown>();
      for (const file of files) given.set(file, await readJson(file));
      const all = [...given.values()] as (ModuleDefinition | null)[];
      const codelistKeys = new Set(all.flatMap((d) => referencedCodelists(d)));
      const prefillKeys = new Set(all.flatMap((d) => [...prefillModules(d), ...refModules(d)]));
      const local = new Set(all.filter((d) => typeof d?.key === 'string').map((d) => d!.key));
      const missing = [...codelistKeys, ...prefillKeys].filter((key) => !local.has(key));
      const found = missing.length > 0 ? await lookUp(new Set(missing), options.database ? config : undefined) : new Map();
      report(found);

      const definitionsByKey = new Map<string, ModuleDefinition>();
      for (const [key, { definition }] of found) definitionsByKey.set(key, definition);
      for (const d of all) if (typeof d?.key === 'string') definitionsByKey.set(d.key, d);
      const codelists = Object.fromEntries(
        [...definitionsByKey.values()].filter((d) => d.kind === 'codelist').map((d) => [`${CODELIST_SCHEME}${d.key}`, d.schema]),
      );
      // The record modules that reports pre-fill from, compiled with the same code lists.
      const sources = new Map<string, PrefillSource>();
      const targets = new Map<string, RefTarget>();
      for (const definition of definitionsByKey.values()) {
        if (definition.kind !== 'record') continue;
        try {
          const compiled = compiler.compile(definition, codelists);
          sources.set(compiled.key, prefillSource(compiled));
          targets.set(compiled.key, refTarget(compiled));
        } catch {
          /* a file's problems are reported below, file by file */
        }
      }
      let failures = 0;
      for (const file of files) {
        const outcome = await checkDefinition(compiler, given.get(file), codelists, sources, targets);
        if (outcome.problems.length === 0) {
          console.log(`✓ ${file} (${outcome.testsRun} tests)`);
          continue;
        }
        failures += 1;
        console.log(`✗ ${file}`);
        for (const p of outcome.problems.map((problem) => localizeProblem(problem, options.lang))) {
          console.log(`    ${p.path || '/'}  ${p.code}  ${p.message}`);
        }
      }
      await finish(failures > 0 ? 1 : 0);
    });
}

/** The code list keys a definition's schema references ({"$ref": "codelist:<key>"}). */
export function referencedCodelists(definition: unknown): string[] {
  const schema = (definition as { schema?: unknown } | null)?.schema;
  if (schema === null || typeof schema !== 'object') return [];
  const keys = new Set<string>();
  walkSchema(schema, ({ node }) => {
    const ref = typeof node === 'object' ? node.$ref : undefined;
    if (typeof ref === 'string' && ref.startsWith(CODELIST_SCHEME)) keys.add(ref.slice(CODELIST_SCHEME.length));
  });
  return [...keys];
}

/** The definitions of `keys`: the latest published in the database, then the shipped ones. */
async function lookUp(keys: Set<string>, config: (() => Config) | undefined): Promise<Found> {
  const found: Found = new Map();
  if (config) {
    for (const definition of await fromDatabase(config)) {
      if (keys.has(definition.key)) found.set(definition.key, { definition, origin: 'database' });
    }
  }
  for (const definition of await readBundled(BUNDLED_DIR)) {
    if (keys.has(definition.key) && !found.has(definition.key)) found.set(definition.key, { definition, origin: 'shipped' });
  }
  return found;
}

/**
 * The latest published definitions, when a database is configured (or the embedded one has
 * data); none, with a note on stderr, when it cannot be reached. Read only: nothing is migrated.
 */
async function fromDatabase(config: () => Config): Promise<ModuleDefinition[]> {
  let settings: Config;
  try {
    settings = config();
  } catch {
    return [];
  }
  const hasEmbedded = existsSync(path.join(settings.dataDir, 'pg', 'PG_VERSION'));
  if (!settings.databaseUrl && !hasEmbedded) return [];
  const embedded = settings.databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: settings.dataDir, log: () => undefined }).catch(() => undefined);
  const url = settings.databaseUrl ?? embedded?.url;
  if (!url) return [];
  const db = openDatabase(url, { poolSize: 1 });
  try {
    return (await loadLatestVersions(db.sequelize)).map((v) => v.definition);
  } catch (error) {
    pino({ level: 'warn' }).warn(`the database could not be read (${(error as Error).message}); using the shipped definitions`);
    return [];
  } finally {
    await db.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
  }
}

/** Says where each definition not among the files came from. */
function report(found: Found): void {
  for (const origin of ['database', 'shipped'] as const) {
    const keys = [...found].filter(([, f]) => f.origin === origin).map(([key]) => key).sort();
    if (keys.length === 0) continue;
    console.log(`· ${origin === 'database' ? 'from the database' : 'from the shipped definitions'}: ${keys.join(', ')}`);
  }
}

export async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Files as given; folders expanded to the *.json files below them. */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    if ((await stat(p)).isDirectory()) {
      const entries = await readdir(p, { recursive: true });
      files.push(...entries.filter((e) => e.endsWith('.json')).sort().map((e) => path.join(p, e)));
    } else {
      files.push(p);
    }
  }
  return files;
}
