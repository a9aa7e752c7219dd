/**
 * `formwork import <dataset> <file>`: a CSV, XLSX or JSON-lines file imported as new records of
 * the dataset's module, as HQ's operator (rows at the root unit, or --unit, unless they name
 * their own @unitCode), with a progress bar on a terminal and plain lines when not; audited as
 * the operating-system user who ran it. Exits 1 when a row was rejected, printing each.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import pino from 'pino';
import type { Config } from '../config.js';
import { createContext } from '../context.js';
import { findRootUnit } from '../units/unit-store.js';
import { openConfiguredDatabase } from '../server.js';
import type { SessionUser } from '../identity/identity-store.js';
import { formatOfFile } from '../datasets/import-parse.js';
import type { ImportResult } from '../api/datasets.js';

export function importCommand(program: Command, config: () => Config, finish: (code: number) => Promise<never>): void {
  program
    .command('import')
    .description('import a CSV, XLSX or JSON-lines file into a dataset as new records, with a progress bar')
    .argument('<dataset>', 'dataset name (GET /api/datasets lists them)')
    .argument('<file>', 'the file to read (.csv, .xlsx, .jsonl)')
    .option('--dry-run', 'check every row, write nothing')
    .option('--atomic', 'write nothing unless every row is valid, then all in one transaction')
    .option('--unit <code>', 'the unit rows without a unit column are created at (default: the root unit)')
    .action(async (name: string, file: string, options: { dryRun?: boolean; atomic?: boolean; unit?: string }) => {
      const { db, embedded } = await openConfiguredDatabase(config(), pino({ level: 'warn' }));
      let code = 0;
      try {
        const format = formatOfFile(file);
        if (!format) throw new Error(`${file}: not a .csv, .xlsx or .jsonl file`);
        const ctx = createContext(db);
        await ctx.registry.reload();
        const root = await findRootUnit(db.sequelize);
        if (!root) throw new Error('the database has no units yet');
        const operator: SessionUser = { id: 0, username: `cli:${process.env.USER ?? 'unknown'}`, unitCode: root.code, unitPath: root.path, unitLevel: 1, roles: ['officer'] };
        const progress = progressOf();
        const result = await ctx.imports.import(operator, name, await readFile(file), {
          format,
          dryRun: options.dryRun ?? false,
          atomic: options.atomic ?? false,
          ...(options.unit ? { unit: options.unit } : {}),
          requestId: 'cli',
          onProgress: (done, total) => progress.update(done, total),
        });
        progress.done();
        console.log(summary(name, result));
        for (const r of result.rejected) console.log(`  第 ${r.row} 行${r.column ? ` [${r.column}]` : ''} ${r.code}: ${r.message}`);
        if (result.rejected.length > 0) code = 1;
      } catch (error) {
        console.error((error as Error).message);
        code = 1;
      } finally {
        await db.close();
        await embedded?.stop();
      }
      await finish(code);
    });
}

function summary(name: string, r: ImportResult): string {
  const mode = r.dryRun ? ' (dry run: nothing written)' : r.atomic && !r.written ? ' (atomic: nothing written)' : '';
  return `${name}: ${r.accepted} accepted (${r.created} created, ${r.alreadyImported} already imported), ${r.rejectedRows} rejected${mode}`;
}

/** A progress bar on a terminal; elsewhere a line every tenth of the way. */
function progressOf(): { update(n: number, total: number): void; done(): void } {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({ format: '导入 [{bar}] {percentage}% | {value}/{total} 行 | 剩余 {eta}s', stream: process.stderr }, Presets.shades_classic);
    let started = false;
    return {
      update(n, total) {
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(n);
      },
      done: () => (started ? bar.stop() : undefined),
    };
  }
  let shown = 0;
  return {
    update(n, total) {
      const tenth = total > 0 ? Math.floor((n / total) * 10) : 10;
      if (tenth > shown) {
        shown = tenth;
        console.error(`checked ${n}/${total} rows`);
      }
    },
    done: () => undefined,
  };
}
