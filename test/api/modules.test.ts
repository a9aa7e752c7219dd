/**
 * Module definitions over HTTP: publish (checked, tested, immutable versions), read, and the
 * answers to every kind of bad definition. The definition used is a fixture written outside
 * the product (test/fixtures/definitions), as a customer's designer would write it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, startTestInstance } from '../support/instance.js';

const gift = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/definitions/gift-register.json'), 'utf8'));

let db: TestDatabase;
let instance: Instance;
let designer: string;
let officer: string;

const publish = (body: unknown, key = 'gift-register', headers: Record<string, string> = {}) =>
  call(instance, designer, { method: 'POST', url: `/api/modules/${key}/versions`, payload: body as object, headers });
const pairs = (body: { errors?: { path: string; code: string }[] }) => (body.errors ?? []).map((e) => `${e.path} ${e.code}`);

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  designer = await login(instance);
  await createUser(instance, { username: 'officer1', roles: ['officer'] });
  officer = await login(instance, 'officer1');
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('publishing', () => {
  it('publishes version 1, then 2, each immutable and readable', async () => {
    const first = await publish(gift);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ key: 'gift-register', version: 1 });

    const revised = structuredClone(gift);
    revised.title['zh-CN'] = '礼品礼金上交登记（修订）';
    const second = await publish(revised);
    expect(second.json()).toEqual({ key: 'gift-register', version: 2 });

    const latest = await call(instance, officer, { method: 'GET', url: '/api/modules/gift-register' });
    expect(latest.statusCode).toBe(200);
    expect(latest.json()).toMatchObject({ key: 'gift-register', version: 2, title: { 'zh-CN': '礼品礼金上交登记（修订）' } });
    // Defaults are explicit in what is served: a module without a workflow has the simple one.
    expect(latest.json().workflow.initial).toBe('draft');

    const v1 = await call(instance, officer, { method: 'GET', url: '/api/modules/gift-register/versions/1' });
    expect(v1.json()).toMatchObject({ version: 1, title: { 'zh-CN': '礼品礼金上交登记' } });

    const versions = await call(instance, officer, { method: 'GET', url: '/api/modules/gift-register/versions' });
    expect(versions.json().map((v: { version: number; publishedBy: string }) => [v.version, v.publishedBy])).toEqual([
      [1, 'admin'],
      [2, 'admin'],
    ]);

    const list = await call(instance, officer, { method: 'GET', url: '/api/modules' });
    expect(list.json()).toEqual([
      { key: 'gift-register', kind: 'record', title: { 'zh-CN': '礼品礼金上交登记（修订）', en: 'Gift hand-in register' }, latestVersion: 2 },
    ]);
  });

  it('keeps the order of fields as written, also when read back from the database', async () => {
    await instance.ctx.registry.reload();
    const served = (await call(instance, officer, { method: 'GET', url: '/api/modules/gift-register' })).json();
    expect(Object.keys(served.schema.properties)).toEqual(Object.keys(gift.schema.properties));
  });

  it('the database refuses to change a published version', async () => {
    await expect(instance.db.sequelize.query("UPDATE module_versions SET definition = '{}' WHERE key = 'gift-register'")).rejects.toThrow(
      /immutable/,
    );
    await expect(instance.db.sequelize.query("DELETE FROM module_versions WHERE key = 'gift-register'")).rejects.toThrow(/immutable/);
  });

  it('audits each publication', async () => {
    const [rows] = await instance.db.sequelize.query("SELECT target, actor FROM audit_log WHERE action = 'module.publish' ORDER BY seq");
    expect(rows).toEqual([
      { target: 'module:gift-register@1', actor: 'admin' },
      { target: 'module:gift-register@2', actor: 'admin' },
    ]);
  });

  it('a given version is a concurrency check: only the next one is accepted', async () => {
    const stale = await publish({ ...gift, version: 2 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toEqual({ code: 'FW_DEF_VERSION_CONFLICT', message: '版本冲突：当前最新版本为 2，只能发布版本 3' });
    const next = await publish({ ...gift, version: 3 });
    expect(next.json()).toEqual({ key: 'gift-register', version: 3 });
  });

  it('concurrent publications get consecutive versions', async () => {
    const key = 'parallel-form';
    const body = { key, kind: 'record', title: { 'zh-CN': '并发' }, schema: { type: 'object' } };
    const results = await Promise.all(Array.from({ length: 6 }, () => publish(body, key)));
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(results.map((r) => r.json().version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('only designers publish (403 for an officer, audited)', async () => {
    const response = await call(instance, officer, { method: 'POST', url: '/api/modules/gift-register/versions', payload: gift });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('FW_AUTH_FORBIDDEN');
    const [rows] = await instance.db.sequelize.query("SELECT actor FROM audit_log WHERE action = 'authz.refused'");
    expect(rows).toEqual([{ actor: 'officer1' }]);
  });
});

describe('refusing bad definitions, with every problem at its path and nothing written', () => {
  const countVersions = async () => {
    const [rows] = await instance.db.sequelize.query('SELECT count(*)::int AS n FROM module_versions');
    return (rows as { n: number }[])[0]!.n;
  };

  it('breaking the meta-model → 422 with paths inside the definition', async () => {
    const before = await countVersions();
    const response = await publish({ key: 'broken', kind: 'thing', schema: { type: 'object', properties: { a: { type: 'strng' } } } }, 'broken');
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('FW_DEF_INVALID');
    expect(pairs(response.json())).toEqual(['/title FW_VAL_REQUIRED', '/kind FW_VAL_ENUM']);
    expect(await countVersions()).toBe(before);
  });

  it('an invalid JSON Schema inside it → 422 at /schema/properties/<field>/type, in English on request', async () => {
    const response = await publish(
      { key: 'broken', kind: 'record', title: { 'zh-CN': '坏' }, schema: { type: 'object', properties: { a: { type: 'strng' } } } },
      'broken',
      { 'accept-language': 'en' },
    );
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      {
        path: '/schema/properties/a/type',
        code: 'FW_DEF_SCHEMA_VALUE',
        message: '"type" must be one of: array, boolean, integer, null, number, object, string',
        params: { keyword: 'type', allowed: ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'] },
      },
    ]);
  });

  it('a catastrophic pattern → 422 FW_DEF_UNSAFE_PATTERN at its path', async () => {
    const response = await publish(
      { key: 'redos', kind: 'record', title: { 'zh-CN': '正则' }, schema: { type: 'object', properties: { code: { type: 'string', pattern: '^(a+)+$' } } } },
      'redos',
    );
    expect(response.statusCode).toBe(422);
    expect(pairs(response.json())).toEqual(['/schema/properties/code/pattern FW_DEF_UNSAFE_PATTERN']);
  });

  it('failing definition tests → 422 naming each failing case and why', async () => {
    const broken = structuredClone(gift);
    broken.tests[1].expect.errors = [{ path: '/receivedOn', code: 'GIFT_DATES_ORDER' }];
    const response = await publish(broken);
    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.code).toBe('FW_DEF_TESTS_FAILED');
    expect(body.message).toBe('定义自带的测试未通过：1 个失败');
    expect(body.errors).toEqual([
      {
        path: '/tests/1',
        code: 'FW_DEF_TEST_CASE_FAILED',
        message: '测试「dates out of order」未通过：missing errors: /receivedOn GIFT_DATES_ORDER; unexpected errors: /handedInOn GIFT_DATES_ORDER',
        params: { name: 'dates out of order', reason: 'missing errors: /receivedOn GIFT_DATES_ORDER; unexpected errors: /handedInOn GIFT_DATES_ORDER' },
      },
    ]);
  });

  it('a key that differs from the URL → 422 at /key', async () => {
    const response = await publish({ ...gift, key: 'other-key' });
    expect(response.statusCode).toBe(422);
    expect(pairs(response.json())).toEqual(['/key FW_DEF_KEY_MISMATCH']);
  });

  it('changing a module’s kind → 422', async () => {
    const response = await publish({ ...gift, kind: 'report', report: { period: 'quarter', levels: [4] } });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('FW_DEF_KIND_CHANGED');
  });

  it('a body that is not an object → 422; malformed JSON → 400; too large → 413', async () => {
    expect((await publish([1, 2, 3])).statusCode).toBe(422);
    const malformed = await call(instance, designer, {
      method: 'POST',
      url: '/api/modules/x1/versions',
      headers: { 'content-type': 'application/json' },
      payload: '{"key": ',
    });
    expect(malformed.statusCode).toBe(400);
    const huge = await call(instance, designer, {
      method: 'POST',
      url: '/api/modules/x1/versions',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ ...gift, ui: { blob: 'x'.repeat(5 * 1024 * 1024) } }),
    });
    expect(huge.statusCode).toBe(413);
    const large = await publish({ ...gift, ui: { blob: 'x'.repeat(3 * 1024 * 1024) } });
    expect(large.statusCode).toBe(422);
    expect(pairs(large.json())).toEqual([' FW_DEF_TOO_LARGE']);
  });
});

describe('reading', () => {
  it('unknown modules and versions → 404; malformed keys and versions → 422', async () => {
    const unknown = await call(instance, officer, { method: 'GET', url: '/api/modules/nothing-here' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ code: 'FW_MODULE_NOT_FOUND', message: '模块「nothing-here」不存在' });
    const version = await call(instance, officer, { method: 'GET', url: '/api/modules/gift-register/versions/99' });
    expect(version.statusCode).toBe(404);
    expect(version.json().code).toBe('FW_VERSION_NOT_FOUND');
    expect((await call(instance, officer, { method: 'GET', url: '/api/modules/nothing-here/versions/1' })).json().code).toBe(
      'FW_MODULE_NOT_FOUND',
    );
    expect((await call(instance, officer, { method: 'GET', url: '/api/modules/gift-register/versions/abc' })).statusCode).toBe(422);
    expect((await call(instance, officer, { method: 'GET', url: '/api/modules/Bad%20Key' })).statusCode).toBe(422);
  });

  it('serves the meta-model', async () => {
    const response = await instance.app.inject({ method: 'GET', url: '/api/meta/module.schema.json' });
    expect(response.statusCode).toBe(200);
    expect(response.json().$id).toBe('https://formwork.dev/meta/module.schema.json');
    expect((await instance.app.inject({ method: 'GET', url: '/api/meta/nope.schema.json' })).statusCode).toBe(404);
  });
});
