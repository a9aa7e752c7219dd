/**
 * The hostile test's 500s, one by one (issue "security findings", B.4): each cause now gets a 4xx
 * with an FW_ code and the JSON Pointer of the problem, and writes nothing. The property-based
 * sweep over every route is in hostile-fuzz.test.ts.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundled } from '../../runtime/src/modules/bundled.js';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { dataFingerprint } from '../support/fingerprint.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
let token: string;
let recordId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  await publishBundled(instance.ctx);
  token = await login(instance);
  await seedOrganisation(instance, token);
  const created = await call(instance, token, { method: 'POST', url: '/api/modules/feedback/records', payload: { data: { subject: '测试' } } });
  expect(created.statusCode, created.body).toBe(201);
  recordId = (created.json() as { id: string }).id;
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const json = (method: InjectOptions['method'], url: string, payload: string): InjectOptions => ({ method, url, headers: { 'content-type': 'application/json' }, payload });

/** [what, request, status, code, pointer of the first problem (if any)] */
type Case = [string, () => InjectOptions, number, string, string?];
const CASES: Case[] = [
  ['NUL in a filter', () => ({ method: 'GET', url: '/api/modules/feedback/records?q=a%00b' }), 400, 'FW_REQ_BAD_TEXT', '/query/q'],
  ['NUL in record data', () => json('POST', '/api/modules/feedback/records', '{"data":{"subject":"a\\u0000b"}}'), 400, 'FW_REQ_BAD_TEXT', '/data/subject'],
  ['lone surrogate in record data', () => json('PATCH', `/api/records/${recordId}`, '{"data":{"subject":"x\\ud800y"}}'), 400, 'FW_REQ_BAD_TEXT', '/data/subject'],
  ['NUL in a unit name', () => json('POST', '/api/units', '{"code":"NUL1","name":"a\\u0000","parentCode":"P1"}'), 400, 'FW_REQ_BAD_TEXT', '/name'],
  ['lone surrogate in a unit name', () => json('PATCH', '/api/units/C11', '{"name":"\\udc00"}'), 400, 'FW_REQ_BAD_TEXT', '/name'],
  ['NUL in a display name', () => json('POST', '/api/users', '{"username":"nul-user","password":"Nul-Passw0rd-1","unitCode":"C11","roles":["officer"],"displayName":"\\u0000"}'), 400, 'FW_REQ_BAD_TEXT', '/displayName'],
  ['lone surrogate in a reason', () => json('POST', '/api/users/admin/reject', '{"reason":"\\ud83d"}'), 400, 'FW_REQ_BAD_TEXT', '/reason'],
  ['lone surrogate in a definition title', () => json('POST', '/api/modules/nul-form/versions', '{"key":"nul-form","kind":"record","title":{"zh-CN":"\\ud800"},"schema":{"type":"object"}}'), 400, 'FW_REQ_BAD_TEXT', '/title/zh-CN'],
  ['NUL in a key of record data', () => json('PATCH', `/api/records/${recordId}`, '{"data":{"a\\u0000":1}}'), 400, 'FW_REQ_BAD_TEXT', '/data/a\ufffd'],
  ['NUL in a CSV import', () => ({ method: 'POST', url: '/api/units/import', headers: { 'content-type': 'text/csv' }, payload: 'code,name,parentCode\nCSV1,ok,P1\nCSV2,bad\u0000name,P1\n' }), 400, 'FW_REQ_BAD_TEXT', '/lines/3'],
  ['a version beyond integer range', () => ({ method: 'GET', url: '/api/modules/feedback/types.d.ts?version=2147483648' }), 422, 'FW_REQ_INVALID', '/version'],
  ['a version of 1e21', () => json('POST', '/api/modules/feedback/dry-run?version=1e21', '{"data":{}}'), 422, 'FW_REQ_INVALID', '/version'],
  ['an audit cursor beyond bigint', () => ({ method: 'GET', url: `/api/audit?cursor=${'9'.repeat(25)}` }), 422, 'FW_REQ_INVALID', '/cursor'],
  ['a notification id beyond bigint', () => ({ method: 'POST', url: `/api/notifications/${'9'.repeat(20)}/read` }), 422, 'FW_REQ_INVALID', '/id'],
  ['Infinity as a limit', () => ({ method: 'GET', url: '/api/modules/feedback/records?limit=Infinity' }), 422, 'FW_REQ_INVALID', '/limit'],
  ['a year-0 audit bound', () => ({ method: 'GET', url: '/api/audit?to=0000-01-01T00:00:00Z' }), 422, 'FW_REQ_INVALID', '/to'],
  ['a year-0 record filter', () => ({ method: 'GET', url: '/api/modules/feedback/records?from=0000-01-01T00:00:00Z' }), 422, 'FW_REQ_INVALID', '/from'],
  ['20,000-deep nesting in a PATCH', () => json('PATCH', `/api/records/${recordId}`, deepObject(20_000)), 400, 'FW_REQ_TOO_DEEP'],
  ['20,000-deep nesting in a definition', () => json('POST', '/api/modules/deep-form/versions', `{"key":"deep-form","kind":"record","title":{"zh-CN":"深"},"schema":${deepObject(20_000)}}`), 400, 'FW_REQ_TOO_DEEP'],
  ['a bad percent-encoding in the address', () => ({ method: 'GET', url: '/api/records/%ED%A0%80' }), 400, 'FW_REQ_BAD_URL'],
  ['an over-long path parameter', () => json('POST', `/api/users/${'a'.repeat(200)}/disable`, '{}'), 400, 'FW_REQ_BAD_URL'],
];

describe('the hostile test’s 500s', () => {
  it.each(CASES)('%s: refused with its code and place, nothing written', async (_what, request, status, code, pointer) => {
    const before = await dataFingerprint(instance);
    const response = await call(instance, token, request());
    expect(response.statusCode, response.body).toBe(status);
    const body = response.json() as { code: string; errors?: { path: string }[] };
    expect(body.code).toBe(code);
    if (pointer !== undefined) expect(body.errors?.[0]?.path).toBe(pointer);
    expect(await dataFingerprint(instance)).toBe(before);
  });

  it('refuses a NUL in a sign-in, and audits the refused sign-in', async () => {
    const response = await instance.app.inject(json('POST', '/api/auth/login', '{"username":"ad\\u0000min","password":"x"}'));
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('FW_REQ_BAD_TEXT');
    const [rows] = await instance.db.sequelize.query("SELECT outcome, details FROM audit_log WHERE action = 'auth.login' AND request_id = $1", { bind: [response.headers['x-request-id']] });
    expect(rows).toEqual([{ outcome: 'refused', details: { reason: 'FW_REQ_BAD_TEXT' } }]);
  });

  it('declares the types of a module whose fields use code lists, with the codes', async () => {
    const response = await call(instance, token, { method: 'GET', url: '/api/modules/discipline-case/types.d.ts' });
    expect(response.statusCode, response.body).toBe(200);
    const [rows] = await instance.db.sequelize.query("SELECT definition->'schema'->'oneOf'->0->>'const' AS code FROM module_versions WHERE key = 'cadre-grades' ORDER BY version DESC LIMIT 1");
    const code = (rows as { code: string | null }[])[0]?.code;
    expect(code).toBeTruthy();
    expect(response.body).toContain(`'${code}'`);
  });

  it('keeps text that is merely unusual: emoji (paired surrogates), RTL marks, Chinese', async () => {
    const etag = (await call(instance, token, { method: 'GET', url: `/api/records/${recordId}` })).headers.etag as string;
    const request = json('PATCH', `/api/records/${recordId}`, '{"data":{"subject":"意见 \\ud83d\\ude00 \\u202e"}}');
    const response = await call(instance, token, { ...request, headers: { ...request.headers, 'if-match': etag } });
    expect(response.statusCode, response.body).toBe(200);
  });
});

describe('the hostile test’s smaller findings', () => {
  it('keeps a plain client request id, and replaces an unsafe or over-long one', async () => {
    const plain = await instance.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'trace-2026.11:27_a' } });
    expect(plain.headers['x-request-id']).toBe('trace-2026.11:27_a');
    const hostile = await instance.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': `<img src=x>${'a'.repeat(308)}` } });
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const [rows] = await instance.db.sequelize.query("SELECT count(*)::int AS n FROM audit_log WHERE request_id LIKE '%<img%'");
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('sends HSTS and upgrade-insecure-requests only over HTTPS, so a plain-HTTP intranet keeps working', async () => {
    const plain = await instance.app.inject({ method: 'GET', url: '/api/health' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(String(plain.headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');
    const tls = await startTestInstance(db.url, { env: { FORMWORK_TLS: 'on' } });
    try {
      const secure = await tls.app.inject({ method: 'GET', url: '/api/health' });
      expect(secure.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(String(secure.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    } finally {
      await tls.stop();
    }
  });

  it('does the same work for a missing id as for one outside the caller’s subtree: one identical audited refusal', async () => {
    await createUser(instance, { username: 'c21-officer', roles: ['officer'], unitCode: 'C21', password: 'Scope-Passw0rd-1' });
    const outsider = await login(instance, 'c21-officer', 'Scope-Passw0rd-1');
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const id of [recordId, missing]) {
      const response = await call(instance, outsider, { method: 'GET', url: `/api/records/${id}` });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ code: 'FW_REC_NOT_FOUND', message: expect.any(String) });
    }
    const [rows] = await instance.db.sequelize.query("SELECT target, details FROM audit_log WHERE actor = 'c21-officer' AND action = 'authz.refused' ORDER BY seq");
    expect(rows).toEqual([
      { target: `record:${recordId}`, details: { reason: 'not found in the caller’s subtree' } },
      { target: `record:${missing}`, details: { reason: 'not found in the caller’s subtree' } },
    ]);
  });
});
