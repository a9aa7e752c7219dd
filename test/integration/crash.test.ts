/**
 * A server killed with SIGKILL in the middle of concurrent creates loses nothing it
 * acknowledged and duplicates nothing: after a restart, clients retry every request with its
 * Idempotency-Key; an acknowledged one is answered with the same record, an unacknowledged
 * one is created once. The server is a real process (`formwork serve`) on a real database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ADMIN_PASSWORD, TEST_AUDIT_KEY } from '../support/instance.js';

const root = path.resolve(import.meta.dirname, '../..');
let db: TestDatabase;
let server: ChildProcess | undefined;
let base = '';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `formwork serve` and waits until it answers. */
async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, 'bin/formwork.js'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      FORMWORK_DEMO: '0',
      FORMWORK_ADMIN_PASSWORD: ADMIN_PASSWORD,
      FORMWORK_AUDIT_KEY: TEST_AUDIT_KEY,
      FORMWORK_RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${stderr}`);
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok).catch(() => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not start: ${stderr}`);
}

async function signIn(): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  return ((await response.json()) as { token: string }).token;
}

/** One create with its Idempotency-Key: the record id when acknowledged (201), else undefined. */
async function create(token: string, key: string, worker: number, n: number): Promise<string | undefined> {
  try {
    const response = await fetch(`${base}/api/modules/crash-form/records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
      body: JSON.stringify({ data: { worker, n, note: `第${n}条` } }),
    });
    if (response.status !== 201) return undefined;
    return ((await response.json()) as { id: string }).id;
  } catch {
    return undefined; // the connection died with the server
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  server?.kill('SIGKILL');
  await db?.drop();
});

describe('a server killed under concurrent creates', { timeout: 300_000 }, () => {
  it('loses nothing acknowledged and duplicates nothing once clients retry with their keys', async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = await startServer(port);
    let token = await signIn();
    const published = await fetch(`${base}/api/modules/crash-form/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        key: 'crash-form',
        kind: 'record',
        title: { 'zh-CN': '压力登记' },
        schema: { type: 'object', properties: { worker: { type: 'integer' }, n: { type: 'integer' }, note: { type: 'string' } } },
      }),
    });
    expect(published.status).toBe(201);

    // Eight clients create as fast as they can; the server is killed once 150 creates are acknowledged.
    const sent = new Map<string, { worker: number; n: number }>();
    const acknowledged = new Map<string, string>();
    let killed = false;
    const client = async (worker: number) => {
      for (let n = 0; !killed; n++) {
        const key = `crash-${worker}-${n}`;
        sent.set(key, { worker, n });
        const id = await create(token, key, worker, n);
        if (id && !killed) acknowledged.set(key, id);
        if (acknowledged.size >= 150 && !killed) {
          killed = true;
          server!.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => client(w)));
    await new Promise<void>((resolve) => (server!.exitCode !== null || server!.signalCode !== null ? resolve() : server!.once('exit', () => resolve())));

    server = await startServer(port);
    token = await signIn();
    const mismatched: string[] = [];
    for (const [key, { worker, n }] of sent) {
      const id = await create(token, key, worker, n);
      if (!id) mismatched.push(`${key}: not created on retry`);
      else if (acknowledged.has(key) && acknowledged.get(key) !== id) mismatched.push(`${key}: acknowledged ${acknowledged.get(key)}, retried ${id}`);
    }
    expect(mismatched).toEqual([]);

    const { default: pg } = await import('pg');
    const client2 = new pg.Client({ connectionString: db.url });
    await client2.connect();
    try {
      const { rows } = await client2.query<{ records: string; distinct_keys: string; ids: string[] }>(
        "SELECT count(*) AS records, count(DISTINCT (data->>'worker', data->>'n')) AS distinct_keys, array_agg(id::text) AS ids FROM records WHERE module_key = 'crash-form'",
      );
      expect(Number(rows[0]!.records)).toBe(sent.size);
      expect(Number(rows[0]!.distinct_keys)).toBe(sent.size);
      const stored = new Set(rows[0]!.ids);
      expect([...acknowledged.values()].filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      await client2.end();
    }
    expect(acknowledged.size).toBeGreaterThanOrEqual(150);
    // The other clients' requests were in flight when the server died.
    expect(sent.size).toBeGreaterThan(acknowledged.size);
  });
});
