/**
 * POST /api/modules/{key}/migrate: the records migration the CLI runs, as a route for designers
 * at headquarters — a dry run counting what would move and what would be left unchanged (with
 * its problems) and writing nothing, the streamed progress, the run itself (data moved, history,
 * audit), and the refusals: other roles, a provincial designer, unknown modules and versions,
 * bad bodies — each leaving the records as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import type { SessionUser } from '../../runtime/src/identity/identity-store.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
const t: Record<string, string> = {};
const ids: Record<string, string> = {};

const v1 = {
  key: 'mig-leave',
  kind: 'record',
  title: { 'zh-CN': '请假登记' },
  schema: {
    type: 'object',
    required: ['person'],
    additionalProperties: false,
    properties: {
      person: { type: 'string', title: '姓名' },
      days: { type: 'integer', title: '天数' },
      kind: { type: 'string', title: '类别', oneOf: [{ const: 'A', title: '年假' }, { const: 'B', title: '病假' }] },
    },
  },
};
const v2 = {
  ...v1,
  schema: {
    type: 'object',
    required: ['applicant'],
    additionalProperties: false,
    properties: {
      applicant: { type: 'string', title: '申请人' },
      days: { type: 'integer', title: '天数', maximum: 30 },
      kind: { type: 'string', title: '类别', oneOf: [{ const: 'annual', title: '年假' }, { const: 'sick', title: '病假' }] },
    },
  },
  migration: {
    from: 1,
    operations: [
      { op: 'move', from: '/person', to: '/applicant' },
      { op: 'map', path: '/kind', values: { A: 'annual', B: 'sick' } },
    ],
    tests: [{ name: '姓名改为申请人', before: { person: '张三', kind: 'A' }, after: { applicant: '张三', kind: 'annual' } }],
  },
};
const seeds: Record<string, { unit: string; data: object }> = {
  short: { unit: 'C11', data: { person: '张三', days: 2, kind: 'A' } },
  sick: { unit: 'C21', data: { person: '李四', days: 5, kind: 'B' } },
  long: { unit: 'C11', data: { person: '王五', days: 45, kind: 'B' } },
};

const as = (who: string, payload: unknown, headers: Record<string, string> = {}, key = 'mig-leave') =>
  call(instance, t[who], { method: 'POST', url: `/api/modules/${key}/migrate`, payload: payload as object, headers });
const row = async (id: string) =>
  ((await instance.db.sequelize.query('SELECT module_version, data, version FROM records WHERE id = $1', { bind: [id] }))[0] as { module_version: number; data: Record<string, unknown>; version: number }[])[0]!;
const snapshot = async () => Promise.all(Object.values(ids).map(row));
const audit = async (action: string) =>
  (await instance.db.sequelize.query('SELECT actor, outcome, target, details FROM audit_log WHERE action = $1 ORDER BY seq', { bind: [action] }))[0] as {
    actor: string;
    outcome: string;
    target: string;
    details: Record<string, unknown>;
  }[];

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  await seedOrganisation(instance, await login(instance));
  for (const [username, roles, unitCode] of [
    ['designer', ['designer'], 'HQ'],
    ['p1-designer', ['designer'], 'P1'],
    ['hq-officer', ['officer', 'leader', 'auditor', 'exporter', 'admin'], 'HQ'],
    ['c11-officer', ['officer'], 'C11'],
    ['c21-officer', ['officer'], 'C21'],
  ] as const) {
    await createUser(instance, { username, roles: [...roles], unitCode });
    t[username] = await login(instance, username);
  }
  expect((await call(instance, t.designer, { method: 'POST', url: '/api/modules/mig-leave/versions', payload: v1 })).statusCode).toBe(201);
  for (const [name, seed] of Object.entries(seeds)) {
    const created = await call(instance, t[`${seed.unit.toLowerCase()}-officer`], { method: 'POST', url: '/api/modules/mig-leave/records', payload: { data: seed.data } });
    expect(created.statusCode, created.body).toBe(201);
    ids[name] = created.json().id;
  }
  expect((await call(instance, t.designer, { method: 'POST', url: '/api/modules/mig-leave/versions', payload: v2 })).statusCode).toBe(201);
}, 120_000);
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('POST /api/modules/{key}/migrate', () => {
  it('refuses other roles, a provincial designer, unknown modules and versions, and bad bodies, writing nothing', async () => {
    const before = await snapshot();
    const officer = await as('hq-officer', { to: 2, dryRun: false });
    expect(officer.statusCode).toBe(403);
    expect(officer.json().code).toBe('FW_AUTH_FORBIDDEN');
    const province = await as('p1-designer', { to: 2, dryRun: false });
    expect(province.statusCode).toBe(403);
    expect(province.json()).toMatchObject({ code: 'FW_AUTH_HQ_ONLY', message: '只有总部的设计人员可以迁移全部单位的记录' });
    expect(await audit('authz.refused')).toContainEqual(expect.objectContaining({ actor: 'p1-designer', outcome: 'refused', target: 'module:mig-leave' }));
    expect((await as('designer', { to: 2, dryRun: false }, {}, 'no-such-module')).json().code).toBe('FW_MODULE_NOT_FOUND');
    const noVersion = await as('designer', { to: 7, dryRun: true });
    expect(noVersion.statusCode).toBe(404);
    expect(noVersion.json().code).toBe('FW_VERSION_NOT_FOUND');
    for (const body of [{ to: 2 }, { to: 'two', dryRun: true }, { to: 1, dryRun: true }, { to: 2, dryRun: true, extra: 1 }]) {
      const bad = await as('designer', body);
      expect(bad.statusCode, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(bad.statusCode).toBeLessThan(500);
      expect(bad.json().code).toMatch(/^FW_/);
    }
    expect((await call(instance, undefined, { method: 'POST', url: '/api/modules/mig-leave/migrate', payload: { to: 2, dryRun: true } })).statusCode).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it('a dry run counts what would move and lists what would be left unchanged with its problems; nothing written', async () => {
    const before = await snapshot();
    const res = await as('designer', { to: 2, dryRun: true });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ key: 'mig-leave', to: 2, dryRun: true, examined: 3, migrated: 2 });
    expect(report.failed).toEqual([
      { id: ids.long, fromVersion: 1, reason: 'invalid', errors: [expect.objectContaining({ path: '/days', code: 'FW_VAL_MAXIMUM', message: expect.stringContaining('30') })] },
    ]);
    expect(await snapshot()).toEqual(before);
    expect(await audit('module.migrate')).toContainEqual(expect.objectContaining({ actor: 'designer', target: 'module:mig-leave@2', details: { dryRun: true, examined: 3, migrated: 2, failed: 1 } }));
    expect(await audit('record.migrate')).toEqual([]);
    // Messages follow Accept-Language.
    const en = (await as('designer', { to: 2, dryRun: true }, { 'accept-language': 'en' })).json();
    expect(en.failed[0].errors[0].message).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('streams progress (before the first batch and after each) then the same result, as NDJSON', async () => {
    const res = await as('designer', { to: 2, dryRun: true }, { accept: 'application/x-ndjson' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    const lines = res.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.slice(0, -1)).toEqual([
      { type: 'progress', examined: 0, total: 3 },
      { type: 'progress', examined: 3, total: 3 },
    ]);
    expect(lines.at(-1)).toMatchObject({ type: 'result', result: { dryRun: true, examined: 3, migrated: 2 } });
    // Smaller batches: a line per batch (the route's batch is 500; the service takes another).
    const hq = (await instance.db.sequelize.query("SELECT id, username, unit_code FROM users WHERE username = 'designer'"))[0] as { id: number }[];
    const caller: SessionUser = { id: hq[0]!.id, username: 'designer', unitCode: 'HQ', unitPath: 'HQ', unitLevel: 1, roles: ['designer'] };
    const run = await instance.ctx.migrations.prepare(caller, 'mig-leave', { to: 2, dryRun: true }, 'zh-CN', 'test', 1);
    const seen: { examined: number; total: number }[] = [];
    await run.run((p) => seen.push(p));
    expect(seen).toEqual([0, 1, 2, 3].map((examined) => ({ examined, total: 3 })));
  });

  it('the run moves the valid records (data, history, audit) and leaves the invalid one as it was', async () => {
    const res = await as('designer', { to: 2, dryRun: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: false, examined: 3, migrated: 2, failed: [{ id: ids.long, reason: 'invalid' }] });
    expect(await row(ids.short!)).toMatchObject({ module_version: 2, data: { applicant: '张三', days: 2, kind: 'annual' } });
    expect(await row(ids.sick!)).toMatchObject({ module_version: 2, data: { applicant: '李四', days: 5, kind: 'sick' } });
    expect(await row(ids.long!)).toMatchObject({ module_version: 1, data: { person: '王五', days: 45, kind: 'B' } });
    const history = (await call(instance, t['c11-officer'], { method: 'GET', url: `/api/records/${ids.short}/history` })).json();
    expect(history.at(-1)).toMatchObject({ kind: 'migrate', actor: 'designer', details: { fromVersion: 1, toVersion: 2 } });
    const batches = await audit('record.migrate');
    expect(batches).toHaveLength(1);
    expect([...(batches[0]!.details.ids as string[])].sort()).toEqual([ids.short, ids.sick].sort());
    expect(await audit('module.migrate')).toContainEqual(expect.objectContaining({ details: { dryRun: false, examined: 3, migrated: 2, failed: 1 } }));
    // Again: only the record left behind is looked at, and it stays.
    expect((await as('designer', { to: 2, dryRun: false })).json()).toMatchObject({ examined: 1, migrated: 0, failed: [{ id: ids.long }] });
  });
});
