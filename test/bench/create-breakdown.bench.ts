/**
 * Where a create's time goes inside PostgreSQL: the create statement (record, history, sealed
 * audit entry, as insertRecord writes it) run one at a time, each in its own transaction, on a
 * table of 20,000 records; then its parts alone, and the record's insert with each of its
 * indexes dropped (inside a transaction rolled back), against the baseline's two plain inserts.
 * Medians of BREAKDOWN_RUNS runs (400). `npm run bench -- breakdown`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../../runtime/src/config.js';
import { startEmbeddedPostgres } from '../../runtime/src/platform/db/embedded-postgres.js';
import { startInstance } from '../../runtime/src/server.js';
import { fmt, type BenchResult } from './harness.js';

const RUNS = Number(process.env.BREAKDOWN_RUNS ?? 400);
const data = JSON.stringify({ person: '王五', grade: 'county', category: 'integrity', summary: '收受礼金，数额较大。'.repeat(10), receivedOn: '2026-05-01', amount: 52000, count: 3, amountWan: 5.2 });
const search = '王五 收受礼金，数额较大。';

const record = `INSERT INTO records (id, module_key, module_version, unit_code, assigned_unit, state, final, state_seq, state_entered_at, data, derived, warnings, created_by, created_at, updated_by, updated_at, search_text)
  VALUES (gen_random_uuid(), 'bench-case', 1, 'HQ', 'HQ', 'draft', false, 1, now(), '${data}', '{}', '[]', 'bench', now(), 'bench', now(), '${search}') RETURNING id`;
const history = `INSERT INTO record_history (record_id, at, actor, unit_code, kind, to_state, changes, details) SELECT id, now(), 'bench', 'HQ', 'create', 'draft', '[]', '{}' FROM r`;
const audit = `SELECT audit_append('bench', 'HQ', 'record.create', 'record:x', 'ok', NULL, '{}'::jsonb, now(), 'mac') AS seq`;

const variants: [string, string][] = [
  ['baseline: 2 plain INSERTs (record, history) into unindexed tables', `WITH r AS (INSERT INTO bench_records (data) VALUES ('${data}') RETURNING id) INSERT INTO bench_history (record_id, kind, changes) SELECT id, 'create', '[]' FROM r`],
  ['record + history + sealed audit entry (a create)', `WITH r AS (${record}), h AS (${history}), a AS (${audit}) SELECT id, (SELECT seq FROM a) FROM r`],
  ['record + history', `WITH r AS (${record}), h AS (${history}) SELECT id FROM r`],
  ['audit entry alone', audit],
  ['record alone', record],
];

const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;

/** A statement's median time, BEGIN to COMMIT; `before` runs first in the transaction, untimed, and then it is rolled back. */
async function timeOf(client: pg.PoolClient, sql: string, before?: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await client.query('BEGIN');
    if (before) await client.query(before);
    const start = performance.now();
    await client.query(sql);
    if (!before) await client.query('COMMIT');
    times.push(performance.now() - start);
    if (before) await client.query('ROLLBACK');
  }
  return median(times);
}

export async function run(): Promise<BenchResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'formwork-breakdown-'));
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir, database: 'breakdown' });
  const url = process.env.DATABASE_URL ?? embedded!.url;
  const instance = await startInstance(loadConfig({ DATABASE_URL: url, FORMWORK_ADMIN_PASSWORD: 'Bench-Passw0rd!', LOG_LEVEL: 'silent' }), { listen: false, logger: pino({ level: 'silent' }) });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    const definition = { key: 'bench-case', kind: 'record', title: { 'zh-CN': '基准案件' }, schema: { type: 'object', properties: { person: { type: 'string' }, summary: { type: 'string' } } } };
    if (!(await instance.ctx.registry.getLatest('bench-case'))) await instance.ctx.modules.publish('bench-case', definition, { username: 'admin', unitCode: 'HQ' });
    await pool.query(`INSERT INTO records (module_key, module_version, unit_code, assigned_unit, state, final, state_entered_at, data, created_by, created_at, updated_by, updated_at, search_text)
                      SELECT 'bench-case', 1, 'HQ', 'HQ', 'draft', false, now(), '${data}'::jsonb || jsonb_build_object('count', i), 'bench', now(), 'bench', now(), '${search}' || i FROM generate_series(1, 20000) i`);
    await pool.query(`DROP TABLE IF EXISTS bench_history, bench_records;
                      CREATE TABLE bench_records (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), data jsonb);
                      CREATE TABLE bench_history (id bigserial PRIMARY KEY, record_id uuid REFERENCES bench_records (id), kind text, changes jsonb)`);
    // The reference for the rows without an index: a throwaway index dropped the same way (any
    // dropped index makes the insert rebuild its table's cached state, which the reference pays too).
    await pool.query('CREATE INDEX records_reference_idx ON records (created_by) WHERE false');
    await pool.query('VACUUM ANALYZE records');
    const client = await pool.connect();
    const results: [string, number][] = [];
    try {
      for (const [name, sql] of variants) results.push([name, await timeOf(client, sql)]);
      const indexes = (await client.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE tablename = 'records' AND indexname NOT IN ('records_pkey', 'records_reference_idx') ORDER BY indexname")).rows.map((r) => r.indexname);
      results.push(['record alone, every index (no commit; reference)', await timeOf(client, record, 'DROP INDEX records_reference_idx')]);
      for (const index of indexes) results.push([`record alone without ${index} (no commit)`, await timeOf(client, record, `DROP INDEX ${index}`)]);
    } finally {
      client.release();
    }
    const base = results[0]![1];
    return {
      title: `Where a create's time goes in PostgreSQL: one statement at a time, median of ${RUNS}`,
      rows: results.map(([name, ms], i) => ({ name, value: `${fmt(ms * 1000)} µs`, note: i === 0 ? 'baseline' : i === 1 ? `${fmt(base / ms)}× baseline` : '' })),
    };
  } finally {
    await pool.end();
    await instance.stop();
    await embedded?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
