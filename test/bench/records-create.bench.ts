/**
 * HTTP create-record throughput at 16 concurrent clients, against the raw PostgreSQL work it
 * stands on: a transaction of two INSERTs (record + history) of the same payload, 16 at a time,
 * in the same run. The API side does everything a real create does: session check, validation,
 * rules, the record, its history and its audit entry in one transaction.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { startEmbeddedPostgres } from '../../runtime/src/platform/db/embedded-postgres.js';
import { fmt, measureConcurrent, type BenchResult } from './harness.js';

const CONCURRENCY = 16;
const root = path.resolve(import.meta.dirname, '../..');
const PASSWORD = 'Bench-Passw0rd!';

const definition = {
  key: 'bench-case',
  kind: 'record',
  title: { 'zh-CN': '基准案件' },
  schema: {
    type: 'object',
    required: ['person', 'category', 'summary'],
    properties: {
      person: { type: 'string', title: '被反映人', maxLength: 20 },
      grade: { type: 'string', enum: ['general', 'county', 'city', 'province'] },
      category: { type: 'string', enum: ['political', 'organisational', 'integrity', 'mass', 'work', 'life'] },
      summary: { type: 'string', maxLength: 2000 },
      receivedOn: { type: 'string', format: 'date' },
      amount: { type: 'number', minimum: 0 },
      amountWan: { type: 'number' },
      count: { type: 'integer', minimum: 0 },
    },
  },
  rules: [
    { name: 'wan', conditions: { all: [{ fact: 'data', path: '/amount', operator: 'isNotEmpty', value: true }] }, event: { type: 'set', params: { path: '/amountWan', expr: { '/': [{ var: 'data.amount' }, 10000] } } } },
    { name: 'big', conditions: { all: [{ fact: 'data', path: '/amountWan', operator: 'greaterThan', value: 100 }] }, event: { type: 'warning', params: { path: '/amount', message: { 'zh-CN': '金额较大' } } } },
    { name: 'high', conditions: { all: [{ fact: 'data', path: '/grade', operator: 'equal', value: 'province' }] }, event: { type: 'warning', params: { path: '/grade', message: { 'zh-CN': '省管干部' } } } },
    { name: 'date', conditions: { all: [{ fact: 'data', path: '/receivedOn', operator: 'dateAfter', value: '2030-01-01' }] }, event: { type: 'error', params: { path: '/receivedOn', message: { 'zh-CN': '日期有误' } } } },
    { name: 'cnt', conditions: { all: [{ fact: 'data', path: '/count', operator: 'greaterThan', value: 10 }] }, event: { type: 'warning', params: { path: '/count', message: { 'zh-CN': '次数较多' } } } },
  ],
};
const payload = { person: '王五', grade: 'county', category: 'integrity', summary: '收受礼金，数额较大。'.repeat(10), receivedOn: '2026-05-01', amount: 52000, count: 3 };

export async function run(): Promise<BenchResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'formwork-bench-'));
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir, database: 'bench' });
  const url = process.env.DATABASE_URL ?? embedded!.url;
  try {
    // Baseline: the same payload, a record row and a history row per transaction, 16 at a time.
    const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
    await pool.query(`
      DROP TABLE IF EXISTS bench_history, bench_records;
      CREATE TABLE bench_records (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), module_key text, unit_code text, state text, data jsonb, created_at timestamptz DEFAULT now());
      CREATE TABLE bench_history (id bigserial PRIMARY KEY, record_id uuid REFERENCES bench_records (id), kind text, changes jsonb, at timestamptz DEFAULT now());`);
    const json = JSON.stringify(payload);
    const raw = await measureConcurrent(
      `raw pg: BEGIN; 2 × INSERT; COMMIT (${CONCURRENCY} clients)`,
      async () => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const { rows } = await client.query("INSERT INTO bench_records (module_key, unit_code, state, data) VALUES ('bench-case', 'HQ', 'draft', $1) RETURNING id", [json]);
          await client.query("INSERT INTO bench_history (record_id, kind, changes) VALUES ($1, 'create', $2)", [rows[0].id, json]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      },
      CONCURRENCY,
    );
    await pool.end();

    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(p));
      });
    });
    // The server runs in its own process, as `npm start` runs it; this process only drives it.
    const server = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []), path.join(root, 'bin/formwork.js'), 'serve'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, PORT: String(port), FORMWORK_ADMIN_PASSWORD: PASSWORD, FORMWORK_RATE_LIMIT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
      const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
      const request = (method: string, route: string, body?: unknown, token?: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const payload = body === undefined ? undefined : JSON.stringify(body);
          const req = http.request(
            { host: '127.0.0.1', port, path: route, method, agent, headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) } },
            (res) => {
              let text = '';
              res.setEncoding('utf8');
              res.on('data', (c: string) => (text += c));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
            },
          );
          req.on('error', reject);
          req.end(payload);
        });
      for (let i = 0; ; i++) {
        const health = await request('GET', '/api/health').catch(() => ({ status: 0, body: '' }));
        if (health.status === 200) break;
        if (i > 300) throw new Error('the server did not start');
        await new Promise((r) => setTimeout(r, 200));
      }
      const login = async (username: string) => (JSON.parse((await request('POST', '/api/auth/login', { username, password: PASSWORD })).body) as { token: string }).token;
      const admin = await login('admin');
      const published = await request('POST', '/api/modules/bench-case/versions', definition, admin);
      if (published.status !== 201) throw new Error(`publish: ${published.status} ${published.body}`);
      const created = await request('POST', '/api/users', { username: 'bench-officer', password: PASSWORD, unitCode: 'HQ', roles: ['officer'] }, admin);
      if (created.status !== 201) throw new Error(`user: ${created.status} ${created.body}`);
      const token = await login('bench-officer');
      const body = { data: payload };
      const api = await measureConcurrent(
        `HTTP POST /api/modules/{key}/records (${CONCURRENCY} clients)`,
        async () => {
          const response = await request('POST', '/api/modules/bench-case/records', body, token);
          if (response.status !== 201) throw new Error(`create: ${response.status} ${response.body}`);
        },
        CONCURRENCY,
      );
      agent.destroy();
      return {
        title: `Record creation over HTTP, ${CONCURRENCY} concurrent clients (server in its own process; 3 s each)`,
        rows: [
          { name: raw.name, value: `${fmt(raw.opsPerSecond)} /s`, note: 'baseline' },
          { name: api.name, value: `${fmt(api.opsPerSecond)} /s`, note: `${fmt(api.opsPerSecond / raw.opsPerSecond)}× baseline (target ≥ 0.5×)` },
        ],
      };
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  } finally {
    await embedded?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
