/**
 * Hostile input, property-based (fast-check): every route of the route table is driven with
 * generated hostile requests — NUL bytes and lone surrogates in any string, integers beyond the
 * database's range, Infinity, year-0 dates, deep nesting, wrong types, unknown fields, over-long
 * and out-of-scope ids — as signed-in users. No answer may be a 5xx, every refusal carries an
 * FW_ code, and a refused request writes nothing.
 */
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../../runtime/src/app.js';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { dataFingerprint } from '../support/fingerprint.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
let adminToken: string;
let countyToken: string;
let recordId: string;
const PASSWORD = 'Fuzz-Passw0rd-1';

/** Strings that broke, or could break, a layer between HTTP and PostgreSQL. */
const HOSTILE_STRINGS = [
  'a\u0000b', '\u0000', '\ud800', 'x\udfffy', '\ud83d', '0000-01-01T00:00:00Z', '0000-01-01', '-0001-01-01', '275760-09-13T00:00:00Z',
  '1e21', 'Infinity', '-Infinity', 'NaN', '2147483648', '-2147483649', '9'.repeat(30), '0x10', '1.5', '-1', '0', '',
  ' ', '<img src=x>', '../../etc/passwd', '%00', '%', "'; DROP TABLE records; --", '$1', '{"a":1}', 'null', 'true',
  '\u202e', '\uffff', 'a'.repeat(5000), '字'.repeat(300), '00000000-0000-0000-0000-000000000000', 'HQ', 'C21', 'admin',
];
const HOSTILE_NUMBERS = [1e21, 2147483648, -2147483649, 2 ** 53 + 2, 1.5, -1, 0, 1e308, -1e308, 5e-324];

const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

/** A JSON value built of hostile parts. */
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...HOSTILE_STRINGS),
    fc.constantFrom(...HOSTILE_NUMBERS),
    fc.constantFrom(null, true, false, [], {}),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.constantFrom('a\u0000', '\ud800', 'data', 'title', 'name', '__proto__x', 'schema', 'roles', 'unitCode'), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Valid requests' bodies by route, to be mutated (hostile leaves deep in a well-formed body). */
function seedBody(route: RouteEntry): unknown {
  const key = `${route.method} ${route.url}`;
  const bodies: Record<string, unknown> = {
    'POST /api/auth/login': { username: 'fz-county', password: PASSWORD },
    'POST /api/auth/password': { currentPassword: 'wrong-wrong-1', newPassword: 'Another-Passw0rd-2' },
    'PUT /api/auth/me/preferences': { locale: 'zh-CN' },
    'POST /api/modules/:key/records': { data: { title: '抽查', count: 1, on: '2026-01-02', items: [{ name: 'a', amount: 2 }] }, unitCode: 'X111' },
    'PATCH /api/records/:id': { title: '改了', items: [{ name: 'b' }] },
    'POST /api/modules/:key/dry-run': { data: { title: 't', count: 2, on: '2026-01-02' } },
    'POST /api/modules/:key/versions': { key: 'fuzz-new', kind: 'record', title: { 'zh-CN': '新表' }, schema: { type: 'object', properties: { a: { type: 'string', title: '甲' } } } },
    'POST /api/units': { code: 'FZ1', name: '模糊单位', parentCode: 'C11' },
    'PATCH /api/units/:code': { name: '新名' },
    'POST /api/users': { username: 'fz-new', password: PASSWORD, unitCode: 'X111', roles: ['officer'], displayName: '新人' },
    'PUT /api/users/:username/roles': { roles: ['officer', 'leader'] },
    'POST /api/users/:username/password': { password: 'Reset-Passw0rd-3' },
    'POST /api/users/:username/reject': { reason: '不符合' },
    'POST /api/drafts': { definition: { key: 'fuzz-draft', kind: 'record', title: { 'zh-CN': '草稿' }, schema: { type: 'object', properties: {} } } },
    'PUT /api/drafts/:id': { definition: { key: 'fuzz-draft', kind: 'record', title: { 'zh-CN': '草稿' }, schema: { type: 'object' } } },
    'POST /api/drafts/import': { input: { schema: { type: 'object', properties: { a: { type: 'string' } } } } },
    'POST /api/records/:id/actions/:action': { comment: '意见' },
    'POST /api/reports/:key/periods/:period/assign': { unitCodes: ['X111'], dueAt: '2099-12-31' },
  };
  return bodies[key] ?? {};
}

/** Plausible path parameter values (the fuzz replaces some with hostile ones). */
function paramValue(name: string): string {
  switch (name) {
    case 'key': return 'fuzz-form';
    case 'n': return '1';
    case 'id': return recordId;
    case 'code': return 'X111';
    case 'username': return 'fz-county';
    case 'period': return '2026-01';
    case 'name': return 'sheet';
    case 'action': return 'submit';
    case 'attachmentId': return '00000000-0000-4000-8000-000000000000';
    default: return 'x';
  }
}

/** Replaces leaves of a JSON value with hostile ones, at random. */
function mutate(value: unknown, picks: number[], replacement: unknown): unknown {
  if (picks.length === 0) return replacement;
  const [pick, ...rest] = picks as [number, ...number[]];
  if (Array.isArray(value) && value.length > 0) return value.map((v, i) => (i === pick % value.length ? mutate(v, rest, replacement) : v));
  if (value && typeof value === 'object' && Object.keys(value).length > 0) {
    const keys = Object.keys(value);
    const chosen = keys[pick % keys.length]!;
    return { ...(value as object), [chosen]: mutate((value as Record<string, unknown>)[chosen], rest, replacement) };
  }
  return replacement;
}

const requestArb = (routes: RouteEntry[]) =>
  fc.record({
    route: fc.constantFrom(...routes),
    county: fc.boolean(),
    hostileParam: fc.option(fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.constantFrom('a'.repeat(101), '%ED%A0%80', '%C0%AF', '%FF', '1e21', '99999999999')), { nil: undefined }),
    paramPick: fc.nat(),
    query: fc.array(fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ unit: 'binary', maxLength: 12 }))), { maxLength: 3 }),
    body: fc.oneof(
      fc.record({ kind: fc.constant('mutate' as const), picks: fc.array(fc.nat(), { maxLength: 4 }), replacement: hostileValue }),
      fc.record({ kind: fc.constant('whole' as const), value: hostileValue }),
      fc.record({ kind: fc.constant('raw' as const), text: fc.constantFrom(deepArray(20_000), deepObject(20_000), '{"a":', '\u0000', '{"data":"\\u0000"}', '{"data":{"t":"\\ud800"}}', '{"__proto__":{"x":1}}', '[]', '1e999', '"x"') }),
    ),
  });

/** encodeURIComponent, but a lone surrogate goes as the bytes a careless client sends (%ED%A0%80). */
function encodeLoosely(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '')) + '%ED%A0%80';
  }
}

/** One generated request, as the arbitrary draws it. */
type RequestInput = ReturnType<typeof requestArb> extends fc.Arbitrary<infer T> ? T : never;

function toRequest(input: RequestInput): InjectOptions {
  const { route } = input;
  const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const hostileIndex = names.length > 0 ? input.paramPick % names.length : -1;
  let url = route.url.replace(/:(\w+)/g, (_m, name: string) =>
    input.hostileParam !== undefined && names.indexOf(name) === hostileIndex
      ? (/^%/.test(input.hostileParam) ? input.hostileParam : encodeLoosely(input.hostileParam))
      : encodeURIComponent(paramValue(name)),
  );
  url = url.replace('*', 'x');
  if (input.query.length > 0) {
    const names = route.query.length > 0 ? route.query : ['unknownParam'];
    const search = new URLSearchParams();
    for (const [pick, value] of input.query) search.append(names[pick % names.length]!, value);
    url += `?${search.toString()}`;
  }
  const options: InjectOptions = { method: route.method as InjectOptions['method'], url };
  if (route.method === 'GET' || route.method === 'DELETE') return options;
  if (input.body.kind === 'raw') return { ...options, headers: { 'content-type': 'application/json' }, payload: input.body.text };
  const body = input.body.kind === 'mutate' ? mutate(seedBody(route), input.body.picks, input.body.replacement) : input.body.value;
  return { ...options, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) };
}

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  adminToken = await login(instance);
  await seedOrganisation(instance, adminToken);
  await createUser(instance, { username: 'fz-county', roles: ['officer', 'leader', 'admin', 'designer', 'exporter', 'auditor'], unitCode: 'X111', password: PASSWORD });
  countyToken = await login(instance, 'fz-county', PASSWORD);
  const published = await call(instance, adminToken, {
    method: 'POST',
    url: '/api/modules/fuzz-form/versions',
    payload: {
      key: 'fuzz-form',
      kind: 'record',
      title: { 'zh-CN': '模糊测试表' },
      schema: {
        type: 'object',
        properties: {
          title: { type: 'string', title: '标题', maxLength: 50 },
          count: { type: 'integer', title: '数量' },
          on: { type: 'string', format: 'date', title: '日期' },
          items: { type: 'array', maxItems: 5, items: { type: 'object', properties: { name: { type: 'string' }, amount: { type: 'number' } } } },
        },
      },
      documents: [{ name: 'sheet', title: { 'zh-CN': '登记表' }, blocks: [{ text: { 'zh-CN': '标题：{/title}' } }] }],
    },
  });
  expect(published.statusCode, published.body).toBe(201);
  const created = await call(instance, countyToken, { method: 'POST', url: '/api/modules/fuzz-form/records', payload: { data: { title: '样本' } } });
  expect(created.statusCode, created.body).toBe(201);
  recordId = (created.json() as { id: string }).id;
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('hostile requests to every route', () => {
  it('never answer 5xx, always refuse with an FW_ code, and write nothing when refused', { timeout: 600_000 }, async () => {
    const routes = instance.app.routeTable.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.url !== '/api/auth/logout');
    const failures = new Map<string, string>();
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(requestArb(routes), async (input) => {
        const options = toRequest(input);
        const before = await dataFingerprint(instance);
        const response = await call(instance, input.county ? countyToken : adminToken, options);
        requests += 1;
        const problem =
          response.statusCode >= 500 ? `${response.statusCode} ${response.body.slice(0, 200)}`
          : response.statusCode >= 400 && !/^FW_[A-Z_]+$/.test(String((response.json() as { code?: unknown }).code)) ? `no FW_ code: ${response.body.slice(0, 200)}`
          : response.statusCode >= 400 && (await dataFingerprint(instance)) !== before ? 'refused but wrote data'
          : undefined;
        if (problem) {
          const where = `${input.route.method} ${input.route.url}`;
          if (!failures.has(`${where} ${problem.slice(0, 60)}`)) failures.set(`${where} ${problem.slice(0, 60)}`, `${options.method} ${String(options.url).slice(0, 200)} ${String(options.payload ?? '').slice(0, 200)} → ${problem}`);
        }
        // Sessions end on a changed password or a disabled account: sign in again.
        if (response.statusCode === 401 && (await call(instance, countyToken, { method: 'GET', url: '/api/auth/me' })).statusCode === 401) countyToken = await login(instance, 'fz-county', PASSWORD).catch(() => countyToken);
        return true;
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 2500), seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
    expect([...failures.values()]).toEqual([]);
    expect(requests).toBeGreaterThan(1000);
  });
});
