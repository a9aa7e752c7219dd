/**
 * Versions and migration: publishing n+1 leaves records alone; a declared migration moves them
 * (CLI `formwork records migrate`), reporting the records that would not be valid and leaving
 * those unchanged; records of older versions go through each version's migration in turn.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { migrateRecords } from '../../runtime/src/records/record-migration.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, login, startTestInstance } from '../support/instance.js';

const root = path.resolve(import.meta.dirname, '../..');
let db: TestDatabase;
let instance: Instance;
let token: string;
const ids: Record<string, string> = {};

const v1 = {
  key: 'leave-note',
  kind: 'record',
  title: { 'zh-CN': '请假登记' },
  schema: {
    type: 'object',
    required: ['person', 'days'],
    additionalProperties: false,
    properties: { person: { type: 'string', title: '姓名' }, days: { type: 'integer', title: '天数' }, kind: { type: 'string', enum: ['A', 'B'] } },
  },
};
const v2 = {
  ...v1,
  schema: {
    type: 'object',
    required: ['applicant', 'days', 'reason'],
    additionalProperties: false,
    properties: {
      applicant: { type: 'string', title: '申请人' },
      days: { type: 'integer', title: '天数', maximum: 30 },
      reason: { type: 'string', title: '事由' },
      kind: { type: 'string', enum: ['annual', 'sick'] },
    },
  },
  migration: {
    from: 1,
    operations: [
      { op: 'move', from: '/person', to: '/applicant' },
      { op: 'default', path: '/reason', value: '未填写' },
      { op: 'map', path: '/kind', values: { A: 'annual', B: 'sick' } },
    ],
    tests: [{ name: 'renames the person', before: { person: '张三', days: 2, kind: 'A' }, after: { applicant: '张三', days: 2, reason: '未填写', kind: 'annual' } }],
  },
};
const v3 = {
  ...v2,
  schema: { ...v2.schema, properties: { ...v2.schema.properties, days: { type: 'integer', title: '天数', maximum: 60 } } },
  migration: { from: 2, operations: [] },
};

const publish = (definition: object) => call(instance, token, { method: 'POST', url: '/api/modules/leave-note/versions', payload: definition });
const record = (id: string) => instance.db.sequelize.query('SELECT module_version, data, version FROM records WHERE id = $1', { bind: [id] }).then(([r]) => (r as { module_version: number; data: Record<string, unknown>; version: number }[])[0]!);

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  token = await login(instance);
  expect((await publish(v1)).statusCode).toBe(201);
  for (const [name, data] of Object.entries({ short: { person: '张三', days: 2, kind: 'A' }, draft: { person: '李四' }, long: { person: '王五', days: 45, kind: 'B' } })) {
    const created = await call(instance, token, { method: 'POST', url: '/api/modules/leave-note/records', payload: { data } });
    expect(created.statusCode).toBe(201);
    ids[name] = created.json().id;
  }
  await call(instance, token, { method: 'POST', url: `/api/records/${ids.short}/actions/submit` });
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('record migration', () => {
  it('publishing a new version leaves existing records on theirs', async () => {
    expect((await publish(v2)).json()).toEqual({ key: 'leave-note', version: 2 });
    for (const id of Object.values(ids)) expect((await record(id)).module_version).toBe(1);
    const created = await call(instance, token, { method: 'POST', url: '/api/modules/leave-note/records', payload: { data: { applicant: '赵六', days: 1, reason: '病' } } });
    expect(created.json().moduleVersion).toBe(2);
  });

  it('refuses a migration from a version that does not exist yet', async () => {
    const response = await publish({ ...v2, migration: { ...v2.migration, from: 9 } });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toMatchObject([{ path: '/migration/from', code: 'FW_DEF_MIGRATION_FROM' }]);
  });

  it('a dry run reports what would fail and changes nothing (CLI)', async () => {
    const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(root, 'bin/formwork.js'), 'records', 'migrate', 'leave-note', '--to', '2', '--dry-run'], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' },
      });
      let stdout = '';
      child.stdout.on('data', (c) => (stdout += String(c)));
      child.on('exit', (code) => resolve({ code, stdout }));
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('[dry run] leave-note → v2: 3 examined, 2 would migrate, 1 left unchanged');
    expect(result.stdout).toContain(`✗ ${ids.long} (v1) invalid`);
    expect(result.stdout).toContain('/days  FW_VAL_MAXIMUM');
    for (const id of Object.values(ids)) expect((await record(id)).module_version).toBe(1);
  });

  it('migrates the valid records, keeps the history, and leaves the invalid one unchanged', async () => {
    const report = await migrateRecords({ db: instance.db, registry: instance.ctx.registry, records: instance.ctx.records }, 'leave-note', 2, { dryRun: false, actor: 'test' });
    expect(report).toMatchObject({ examined: 3, migrated: 2 });
    expect(report.failed.map((f) => [f.id, f.reason])).toEqual([[ids.long, 'invalid']]);
    expect(await record(ids.short!)).toMatchObject({ module_version: 2, data: { applicant: '张三', days: 2, reason: '未填写', kind: 'annual' }, version: 3 });
    // A draft may stay incomplete under the new version too.
    expect(await record(ids.draft!)).toMatchObject({ module_version: 2, data: { applicant: '李四', reason: '未填写' } });
    expect(await record(ids.long!)).toMatchObject({ module_version: 1, data: { person: '王五', days: 45, kind: 'B' } });
    const history = (await call(instance, token, { method: 'GET', url: `/api/records/${ids.short}/history` })).json();
    expect(history[history.length - 1]).toMatchObject({ kind: 'migrate', actor: 'test', details: { fromVersion: 1, toVersion: 2 } });
  });

  it('takes older records through every version’s migration in turn', async () => {
    expect((await publish(v3)).json().version).toBe(3);
    const report = await migrateRecords({ db: instance.db, registry: instance.ctx.registry, records: instance.ctx.records }, 'leave-note', 3, { dryRun: false, actor: 'test' });
    expect(report.failed).toEqual([]);
    expect(await record(ids.long!)).toMatchObject({ module_version: 3, data: { applicant: '王五', days: 45, reason: '未填写', kind: 'sick' } });
    expect((await record(ids.short!)).module_version).toBe(3);
  });
});
