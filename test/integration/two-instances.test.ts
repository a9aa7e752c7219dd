/**
 * Two server instances on one database, as in production behind a load balancer: a version
 * published on one is served by the other within a second (LISTEN/NOTIFY, no restart), and a
 * session ended on one is ended on both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { MIGRATIONS } from '../../runtime/src/platform/db/migrations/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let a: Instance;
let b: Instance;
let token: string;

const definition = (minLength: number) => ({
  key: 'inspection-note',
  kind: 'record',
  title: { 'zh-CN': '巡察记录' },
  schema: {
    type: 'object',
    required: ['summary'],
    properties: { summary: { type: 'string', title: '摘要', minLength } },
  },
});

async function until<T>(probe: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs: number): Promise<{ value: T; elapsed: number }> {
  const start = performance.now();
  for (;;) {
    const value = await probe();
    const elapsed = performance.now() - start;
    if (done(value)) return { value, elapsed };
    if (elapsed > timeoutMs) throw new Error(`not reached within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  // Started together on an empty database: migrations and bootstrap must still happen once.
  [a, b] = await Promise.all([startTestInstance(db.url), startTestInstance(db.url)]);
  token = await login(a);
});
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await db?.drop();
});

describe('two instances on one database', () => {
  it('migrated and bootstrapped once', async () => {
    const [migrations] = await a.db.sequelize.query('SELECT name FROM formwork_migrations ORDER BY name');
    expect(migrations).toEqual(MIGRATIONS.map(({ name }) => ({ name })));
    expect(MIGRATIONS.length).toBeGreaterThanOrEqual(6);
    const [users] = await a.db.sequelize.query('SELECT username FROM users');
    expect(users).toEqual([{ username: 'admin' }]);
  });

  it('a version published on A reaches B’s registry within 1 s, and B serves it', async () => {
    expect((await call(a, token, { method: 'POST', url: '/api/modules/inspection-note/versions', payload: definition(2) })).statusCode).toBe(201);
    await until(() => b.ctx.registry.list().find((m) => m.key === 'inspection-note')?.version, (v) => v === 1, 1000);
    const shortV1 = await call(b, token, { method: 'POST', url: '/api/modules/inspection-note/dry-run', payload: { data: { summary: 'abc' } } });
    expect(shortV1.json()).toMatchObject({ version: 1, errors: [] });

    expect((await call(a, token, { method: 'POST', url: '/api/modules/inspection-note/versions', payload: definition(5) })).statusCode).toBe(201);
    // B is not asked anything until its registry, fed only by NOTIFY, holds version 2.
    const { elapsed } = await until(() => b.ctx.registry.list().find((m) => m.key === 'inspection-note')?.version, (v) => v === 2, 1000);
    expect(elapsed).toBeLessThan(1000);

    const latest = await call(b, token, { method: 'GET', url: '/api/modules/inspection-note' });
    expect(latest.json().version).toBe(2);
    const shortV2 = await call(b, token, { method: 'POST', url: '/api/modules/inspection-note/dry-run', payload: { data: { summary: 'abc' } } });
    expect(shortV2.json()).toMatchObject({ version: 2, errors: [{ path: '/summary', code: 'FW_VAL_MIN_LENGTH' }] });
  });

  it('B catches up after its LISTEN connection is cut', async () => {
    await a.db.sequelize.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()",
    );
    expect((await call(a, token, { method: 'POST', url: '/api/modules/inspection-note/versions', payload: definition(9) })).statusCode).toBe(201);
    await until(() => b.ctx.registry.list().find((m) => m.key === 'inspection-note')?.version, (v) => v === 3, 10_000);
    const latest = await call(b, token, { method: 'GET', url: '/api/modules/inspection-note' });
    expect(latest.json().version).toBe(3);
  });

  it('disabling a user on A ends their session on B at once, and a role change applies there too', async () => {
    await createUser(a, { username: 'hq-officer', roles: ['officer'] });
    const session = await login(b, 'hq-officer');
    expect((await call(b, session, { method: 'GET', url: '/api/users' })).statusCode).toBe(403);
    expect((await call(a, token, { method: 'PUT', url: '/api/users/hq-officer/roles', payload: { roles: ['auditor'] } })).statusCode).toBe(200);
    expect((await call(b, session, { method: 'GET', url: '/api/users' })).statusCode).toBe(200);
    expect((await call(a, token, { method: 'POST', url: '/api/users/hq-officer/disable' })).statusCode).toBe(200);
    expect((await call(b, session, { method: 'GET', url: '/api/users' })).statusCode).toBe(401);
  });

  it('logout on A ends the session on B at once', async () => {
    const session = await login(a);
    expect((await call(b, session, { method: 'GET', url: '/api/modules' })).statusCode).toBe(200);
    expect((await call(a, session, { method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    expect((await call(b, session, { method: 'GET', url: '/api/modules' })).statusCode).toBe(401);
  });
});
