/**
 * Dataset export: 1,000,000 records of a module with an eight-column dataset, exported as CSV by
 * the service (PostgreSQL's COPY of the dataset's columns as SQL: codes mapped, formula
 * neutralisation, rows made CRLF and counted on their way to the response body), against `COPY (SELECT the same columns) TO STDOUT WITH CSV` of the same rows, in the
 * same run and database. Also the resident memory the export adds at its peak.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import pino from 'pino';
import { loadConfig } from '../../runtime/src/config.js';
import { startInstance } from '../../runtime/src/server.js';
import { startEmbeddedPostgres } from '../../runtime/src/platform/db/embedded-postgres.js';
import { fmt, type BenchResult } from './harness.js';

const RECORDS = Number(process.env.BENCH_EXPORT_RECORDS ?? 1_000_000);

const definition = {
  key: 'bench-export',
  kind: 'record',
  title: { 'zh-CN': '导出基准' },
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string', title: '姓名' },
      kind: { type: 'string', title: '来源', oneOf: [{ const: 'letter', title: '来信' }, { const: 'visit', title: '来访' }] },
      on: { type: 'string', format: 'date', title: '受理日期' },
      amount: { type: 'number', title: '金额' },
      summary: { type: 'string', title: '摘要' },
    },
  },
  exports: [
    {
      name: 'bench-rows',
      title: { 'zh-CN': '导出基准明细' },
      dateField: '/on',
      columns: [
        { code: 'ID', source: '@id' },
        { code: 'UNIT', source: '@unitCode' },
        { code: 'STATE', source: '@state' },
        { code: 'NAME', source: '/name' },
        { code: 'KIND', source: '/kind', map: { letter: '01', visit: '02' } },
        { code: 'ON', source: '/on' },
        { code: 'AMOUNT', source: '/amount' },
        { code: 'SUMMARY', source: '/summary' },
      ],
    },
  ],
};

/** Reads a stream to its end; returns the bytes read. */
async function drain(stream: Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Buffer).length;
  return bytes;
}

export async function run(): Promise<BenchResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'formwork-bench-'));
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir, database: 'bench_export' });
  const url = process.env.DATABASE_URL ?? embedded!.url;
  const instance = await startInstance(loadConfig({ DATABASE_URL: url, FORMWORK_ADMIN_PASSWORD: 'Bench-Passw0rd!', LOG_LEVEL: 'silent' }), { listen: false, logger: pino({ level: 'silent' }) });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    await instance.ctx.modules.publish('bench-export', definition, { username: 'admin', unitCode: 'HQ' }).catch(async (error: Error) => {
      if (!(await instance.ctx.registry.getLatest('bench-export'))) throw error;
    });
    await pool.query("DELETE FROM records WHERE module_key = 'bench-export'");
    await pool.query(
      `INSERT INTO records (module_key, module_version, unit_code, assigned_unit, state, final, state_entered_at, data, created_by, created_at, updated_by, updated_at)
       SELECT 'bench-export', 1, 'HQ', 'HQ', 'draft', false, now(),
              jsonb_build_object('name', '姓名' || i, 'kind', CASE WHEN i % 2 = 0 THEN 'letter' ELSE 'visit' END,
                                 'on', to_char(date '2026-01-01' + (i % 300), 'YYYY-MM-DD'), 'amount', (i % 1000) / 10.0,
                                 'summary', '反映其在工程招投标中收受好处费，金额较大，情节较重。编号' || i),
              'bench', now() + i * interval '1 microsecond', 'bench', now()
         FROM generate_series(1, $1) AS i`,
      [RECORDS],
    );
    await pool.query('ANALYZE records');
    const root = (await pool.query("SELECT path::text FROM units WHERE code = 'HQ'")).rows[0].path as string;
    const caller = { id: 1, username: 'admin', unitCode: 'HQ', unitPath: root, unitLevel: 1, roles: ['exporter'] };

    // The baseline: PostgreSQL writing the same columns as CSV itself.
    const copySql = `COPY (SELECT r.id, r.unit_code, r.state, r.data->>'name', CASE r.data->>'kind' WHEN 'letter' THEN '01' WHEN 'visit' THEN '02' END,
                                  r.data->>'on', r.data->>'amount', r.data->>'summary'
                             FROM records r WHERE r.module_key = 'bench-export' ORDER BY r.created_at, r.id) TO STDOUT WITH (FORMAT csv, HEADER)`;
    const client = await pool.connect();
    let copyMs: number;
    let copyBytes: number;
    try {
      const start = performance.now();
      copyBytes = await drain(client.query(copyTo(copySql)));
      copyMs = performance.now() - start;
    } finally {
      client.release();
    }

    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    const start = performance.now();
    const exported = await instance.ctx.datasets.export(caller, 'bench-rows', { format: 'csv', labels: 'codes', header: 'codes' }, 'bench');
    const bytes = await drain(exported.body);
    const exportMs = performance.now() - start;
    clearInterval(sampler);
    const rate = (ms: number) => `${fmt(RECORDS / (ms / 1000))} rows/s`;
    return {
      title: `Dataset export: ${RECORDS.toLocaleString('en-US')} records × 8 columns to CSV`,
      rows: [
        { name: 'COPY … TO STDOUT WITH CSV (raw pg)', value: `${rate(copyMs)} (${fmt(copyBytes / 1e6)} MB)`, note: 'baseline' },
        { name: 'GET /api/datasets/{name}?format=csv (the service’s stream)', value: `${rate(exportMs)} (${fmt(bytes / 1e6)} MB)`, note: `${fmt(copyMs / exportMs)}× baseline (target ≥ 0.5×)` },
        { name: 'resident memory the export added at its peak', value: `${fmt((rssPeak - rssBefore) / 1e6)} MB`, note: 'target < 300 MB' },
      ],
    };
  } finally {
    await pool.query("DELETE FROM records WHERE module_key = 'bench-export'").catch(() => undefined);
    await pool.end();
    await instance.stop();
    await embedded?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
