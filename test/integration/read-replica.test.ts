/**
 * DATABASE_READ_URL: exports, roll-ups and dashboards read through a second pool, whose
 * connections name themselves `formwork-read`. Pointed at the same server here, the read pool's
 * connections show in pg_stat_activity with the statements they ran last, while writes stay on
 * the primary's pool (`formwork`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
let probe: pg.Client;
const t: Record<string, string> = {};

const definition = {
  key: 'rr-form',
  kind: 'record',
  title: { 'zh-CN': '只读库测试' },
  schema: { type: 'object', properties: { title: { type: 'string', title: '标题' } } },
  exports: [{ name: 'rr-rows', title: { 'zh-CN': '只读库明细' }, columns: [{ code: 'ID', source: '@id' }, { code: 'TITLE', source: '/title' }] }],
};

/** What each connection of an application ran last, in this database. */
async function lastStatements(applicationName: string): Promise<string[]> {
  const rows = await probe.query<{ query: string }>("SELECT query FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND backend_type = 'client backend'", [applicationName]);
  return rows.rows.map((r) => r.query);
}

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url, { env: { DATABASE_READ_URL: db.url } });
  probe = new pg.Client({ connectionString: db.url, application_name: 'probe' });
  await probe.connect();
  const hq = await login(instance);
  await seedOrganisation(instance, hq);
  expect((await call(instance, hq, { method: 'POST', url: '/api/modules/rr-form/versions', payload: definition })).statusCode).toBe(201);
  for (const [name, roles] of [['rr-officer', ['officer']], ['rr-exporter', ['exporter']], ['rr-leader', ['leader']]] as const) {
    await createUser(instance, { username: name, roles: [...roles], unitCode: 'P1' });
    t[name] = await login(instance, name);
  }
  const created = await call(instance, t['rr-officer']!, { method: 'POST', url: '/api/modules/rr-form/records', payload: { data: { title: '甲' } } });
  expect(created.statusCode).toBe(201);
});
afterAll(async () => {
  await probe?.end();
  await instance?.stop();
  await db?.drop();
});

describe('the read pool (DATABASE_READ_URL)', () => {
  it('is opened beside the primary pool and never written through', async () => {
    expect(instance.db.reader).not.toBe(instance.db.sequelize);
    // The record above was written by the primary's pool: no read connection ran an INSERT.
    expect((await lastStatements('formwork-read')).some((q) => /^\s*(WITH r AS \(\s*)?INSERT/i.test(q))).toBe(false);
  });

  it('serves exports: the read connections ran the export’s statement', async () => {
    const response = await call(instance, t['rr-exporter']!, { method: 'GET', url: '/api/datasets/rr-rows?format=csv' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('甲');
    const statements = await lastStatements('formwork-read');
    // A CSV export is one COPY of the dataset's columns (pg_stat_activity keeps the start of it).
    expect(statements.some((q) => q.trimStart().startsWith('COPY (SELECT'))).toBe(true);
    // The export's audit entry is a write: it went to the primary.
    expect((await lastStatements('formwork')).length).toBeGreaterThan(0);
  });

  it('serves dashboards: the record counts by unit read there too', async () => {
    await probe.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'formwork-read'");
    await expect.poll(() => lastStatements('formwork-read')).toEqual([]);
    const stats = await call(instance, t['rr-leader']!, { method: 'GET', url: '/api/modules/rr-form/stats?by=unit' });
    expect(stats.statusCode, stats.body).toBe(200);
    expect((await lastStatements('formwork-read')).length).toBeGreaterThan(0);
  });
});
