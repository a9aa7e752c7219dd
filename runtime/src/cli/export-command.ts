/**
 * `formwork export <dataset> --out file`: a dataset exported as HQ sees it (the whole
 * organisation, or --unit's subtree), with a progress bar on a terminal and plain lines when
 * not; audited as the operating-system user who ran it.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { Option } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import pino from 'pino';
import type { Config } from '../config.js';
import { createContext } from '../context.js';
import { findRootUnit } from '../units/unit-store.js';
import { openConfiguredDatabase } from '../server.js';
import { EXPORT_FORMATS, type ExportQuery } from '../api/datasets.js';
import type { SessionUser } from '../identity/identity-store.js';

export function exportCommand(program: Command, config: () => Config, finish: (code: number) => Promise<never>): void {
  program
    .command('export')
    .description('export a dataset to a file (CSV, XLSX, JSON lines or Parquet; a zip when it has linked tables), with a progress bar')
    .argument('<dataset>', 'dataset name (GET /api/datasets lists them)')
    .requiredOption('--out <file>', 'the file to write')
    .addOption(new Option('--format <format>', 'file format').choices([...EXPORT_FORMATS]).default('csv'))
    .addOption(new Option('--labels <labels>', 'coded values as codes, titles or both').choices(['codes', 'titles', 'both']).default('codes'))
    .addOption(new Option('--encoding <encoding>', 'CSV text encoding').choices(['utf-8', 'gb18030']).default('utf-8'))
    .addOption(new Option('--header <header>', 'header row of column codes or Chinese titles').choices(['codes', 'titles']).default('codes'))
    .option('--unit <code>', 'only this unit’s subtree')
    .option('--period <period>', 'a year, half, quarter or month of the dataset’s date (2026, 2026H1, 2026Q3, 2026-07)')
    .option('--from <day>', 'from this day of the dataset’s date')
    .option('--to <day>', 'up to this day, inclusive')
    .option('--state <states>', 'workflow states, comma-separated')
    .action(async (name: string, options: { out: string; format: ExportQuery['format']; labels: ExportQuery['labels']; header: ExportQuery['header']; encoding: NonNullable<ExportQuery['encoding']>; unit?: string; period?: string; from?: string; to?: string; state?: string }) => {
      const { db, embedded } = await openConfiguredDatabase(config(), pino({ level: 'warn' }));
      let code = 0;
      try {
        const ctx = createContext(db);
        await ctx.registry.reload();
        const root = await findRootUnit(db.sequelize);
        if (!root) throw new Error('the database has no units yet');
        const operator: SessionUser = { id: 0, username: `cli:${process.env.USER ?? 'unknown'}`, unitCode: root.code, unitPath: root.path, unitLevel: 1, roles: ['exporter'] };
        const { out, ...rest } = options;
        const query: ExportQuery = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as ExportQuery;
        const total = await ctx.datasets.countRows(operator, name, query, 'cli');
        const progress = progressOf(total);
        const exported = await ctx.datasets.export(operator, name, query, 'cli', (written) => progress.update(written));
        await pipeline(exported.body, createWriteStream(out));
        progress.done();
        console.log(`${name}: ${total} rows → ${out}`);
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

/** A progress bar on a terminal; elsewhere a line every tenth of the way. */
function progressOf(total: number): { update(n: number): void; done(): void } {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({ format: '导出 [{bar}] {percentage}% | {value}/{total} 行 | 剩余 {eta}s', stream: process.stderr }, Presets.shades_classic);
    bar.start(total, 0);
    return { update: (n) => bar.update(n), done: () => bar.stop() };
  }
  let shown = 0;
  return {
    update(n) {
      const tenth = total > 0 ? Math.floor((n / total) * 10) : 10;
      if (tenth > shown) {
        shown = tenth;
        console.error(`exported ${n}/${total} rows`);
      }
    },
    done: () => undefined,
  };
}
