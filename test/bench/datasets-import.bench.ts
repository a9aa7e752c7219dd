/**
 * Dataset import: a CSV file of 100,000 rows (six columns: a mapped code, a title given for a
 * code, a date, a number, a boolean, a text) imported by the service with full validation — each
 * row mapped, checked by the module's schema and rules as a create, keyed for idempotency and
 * written with its history and audit entry in transactions of 500 rows. Against `COPY … FROM
 * STDIN` of the same rows into a table of the same shape (PostgreSQL loading them with no checks),
 * in the same run and database. A dry run (validation only, nothing written) is measured too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import pino from 'pino';
import { loadConfig } from '../../runtime/src/config.js';
import { startInstance } from '../../runtime/src/server.js';
import { startEmbeddedPostgres } from '../../runtime/src/platform/db/embedded-postgres.js';
import { fmt, type BenchResult } from './harness.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);

const definition = {
  key: 'bench-import',
  kind: 'record',
  title: { 'zh-CN': '导入基准' },
  schema: {
    type: 'object',
    required: ['name', 'kind'],
    properties: {
      name: { type: 'string', title: '姓名', maxLength: 50 },
      kind: { type: 'string', title: '来源', oneOf: [{ const: 'letter', title: '来信' }, { const: 'visit', title: '来访' }] },
      on: { type: 'string', format: 'date', title: '受理日期' },
      amount: { type: 'number', title: '金额', minimum: 0 },
      urgent: { type: 'boolean', title: '紧急' },
      summary: { type: 'string', title: '摘要', maxLength: 500 },
    },
  },
  rules: [
    {
      name: 'bigAmountNeedsSummary',
      conditions: { all: [{ fact: 'data', path: '/amount', operator: 'greaterThan', value: 900 }, { fact: 'data', path: '/summary', operator: 'equal', value: '' }] },
      event: { type: 'error', params: { path: '/summary', code: 'BENCH_SUMMARY', message: { 'zh-CN': '金额较大时须填写摘要', en: 'A large amount needs a summary' } } },
    },
    {
      name: 'urgentVisit',
      conditions: { all: [{ fact: 'data', path: '/urgent', operator: 'equal', value: true }, { fact: 'data', path: '/kind', operator: 'equal', value: 'visit' }] },
      event: { type: 'warning', params: { path: '/urgent', code: 'BENCH_URGENT', message: { 'zh-CN': '紧急来访请当日处理', en: 'Handle an urgent visit the same day' } } },
    },
  ],
  exports: [
    {
      name: 'bench-import-rows',
      title: { 'zh-CN': '导入基准明细' },
      dateField: '/on',
      columns: [
        { code: 'NAME', source: '/name' },
        { code: 'KIND', source: '/kind', map: { letter: '01', visit: '02' } },
        { code: 'ON', source: '/on' },
        { code: 'AMOUNT', source: '/amount' },
        { code: 'URGENT', source: '/urgent' },
        { code: 'SUMMARY', source: '/summary' },
      ],
    },
  ],
};

/** The file: codes and titles mixed in the coded column, as a team's spreadsheet would have them. */
function csvFile(rows: number): Buffer {
  const lines = ['\ufeffNAME,KIND,ON,AMOUNT,URGENT,SUMMARY'];
  for (let i = 1; i <= rows; i++) {
    const day = new Date(Date.UTC(2026, 0, 1 + (i % 300))).toISOString().slice(0, 10);
    lines.push(`姓名${i},${i % 3 === 0 ? '来访' : i % 2 === 0 ? '01' : '02'},${day},${(i % 1000) / 10},${i % 7 === 0 ? '是' : '否'},反映其在工程招投标中收受好处费，金额较大，情节较重。编号${i}`);
  }
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

export async function run(): Promise<BenchResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'formwork-bench-'));
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir, database: 'bench_import' });
  const url = process.env.DATABASE_URL ?? embedded!.url;
  const instance = await startInstance(loadConfig({ DATABASE_URL: url, FORMWORK_ADMIN_PASSWORD: 'Bench-Passw0rd!', LOG_LEVEL: 'silent', FORMWORK_DEMO: '0' }), { listen: false, logger: pino({ level: 'silent' }) });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const clean = async () => {
    await pool.query("DELETE FROM records WHERE module_key = 'bench-import'");
    await pool.query("DELETE FROM idempotency_keys WHERE username = 'dataset:bench-import-rows'");
  };
  try {
    await instance.ctx.modules.publish('bench-import', definition, { username: 'admin', unitCode: 'HQ' }).catch(async (error: Error) => {
      if (!(await instance.ctx.registry.getLatest('bench-import'))) throw error;
    });
    await clean();
    const root = (await pool.query("SELECT path::text FROM units WHERE code = 'HQ'")).rows[0].path as string;
    const caller = { id: 1, username: 'admin', unitCode: 'HQ', unitPath: root, unitLevel: 1, roles: ['officer'] };
    const file = csvFile(ROWS);

    // The baseline: PostgreSQL loading the same CSV into a table of the same columns, unchecked.
    await pool.query('DROP TABLE IF EXISTS bench_import_copy');
    await pool.query('CREATE UNLOGGED TABLE bench_import_copy (name text, kind text, "on" date, amount numeric, urgent text, summary text)');
    const client = await pool.connect();
    let copyMs: number;
    try {
      const start = performance.now();
      await pipeline(Readable.from([file.subarray(3)]), client.query(copyFrom('COPY bench_import_copy FROM STDIN WITH (FORMAT csv, HEADER)')));
      copyMs = performance.now() - start;
    } finally {
      client.release();
    }

    const timed = async (dryRun: boolean) => {
      const start = performance.now();
      const result = await instance.ctx.imports.import(caller, 'bench-import-rows', file, { format: 'csv', dryRun, atomic: false, requestId: 'bench' });
      const ms = performance.now() - start;
      if (result.accepted !== ROWS) throw new Error(`the import accepted ${result.accepted} of ${ROWS} rows: ${JSON.stringify(result.rejected.slice(0, 3))}`);
      return ms;
    };
    const dryMs = await timed(true);
    const importMs = await timed(false);
    const written = Number((await pool.query("SELECT count(*) AS n FROM records WHERE module_key = 'bench-import'")).rows[0].n);
    if (written !== ROWS) throw new Error(`the import wrote ${written} records of ${ROWS}`);
    const rate = (ms: number) => `${fmt(ROWS / (ms / 1000))} rows/s`;
    return {
      title: `Dataset import: ${ROWS.toLocaleString('en-US')} CSV rows × 6 columns, full validation`,
      rows: [
        { name: 'COPY … FROM STDIN WITH CSV into a plain table (raw pg)', value: rate(copyMs), note: 'baseline' },
        { name: 'dry run: every row mapped, validated (schema and rules) and keyed', value: rate(dryMs), note: `${fmt(copyMs / dryMs)}× baseline` },
        { name: 'POST /api/datasets/{name}/import (the service: validated and written)', value: rate(importMs), note: `${fmt(copyMs / importMs)}× baseline (goal ≥ 10,000 rows/s)` },
      ],
    };
  } finally {
    await clean().catch(() => undefined);
    await pool.query('DROP TABLE IF EXISTS bench_import_copy').catch(() => undefined);
    await pool.end();
    await instance.stop();
    await embedded?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
