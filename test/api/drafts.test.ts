/**
 * Drafts of module definitions over HTTP: start (new, copy to revise, copy as a new module),
 * autosave with If-Match (conflicts, missing revision), invalid drafts kept with their problems,
 * check with the definition's tests, publish (next version, draft gone, module moved on),
 * withdraw, permissions and the audit trail.
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

const api = (token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = {}) =>
  call(instance, token, { method, url, ...(payload ? { payload } : {}), headers });
const codes = (body: { errors?: { path: string; code: string }[] }) => (body.errors ?? []).map((e) => `${e.path} ${e.code}`);
const auditActions = async (target: string) =>
  (await instance.db.sequelize.query('SELECT action FROM audit_log WHERE target = $1 ORDER BY seq', { bind: [target], type: 'SELECT' })).map(
    (r) => (r as { action: string }).action,
  );

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  designer = await login(instance);
  await createUser(instance, { username: 'officer1', roles: ['officer'] });
  officer = await login(instance, 'officer1');
  expect((await api(designer, 'POST', '/api/modules/gift-register/versions', gift)).statusCode).toBe(201);
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('starting a draft', () => {
  it('copies a published module to revise it: no version carried, based on the version copied', async () => {
    const res = await api(designer, 'POST', '/api/drafts', { from: { key: 'gift-register' } });
    expect(res.statusCode).toBe(201);
    const draft = res.json();
    expect(draft).toMatchObject({ key: 'gift-register', revision: 1, basedOn: { key: 'gift-register', version: 1 }, kind: 'record', problems: [] });
    expect(draft.definition).not.toHaveProperty('version');
    expect(draft.title['zh-CN']).toBe(gift.title['zh-CN']);
    await api(designer, 'DELETE', `/api/drafts/${draft.id}`);
  });

  it('copies a module as a new one under another key, revising nothing', async () => {
    const res = await api(designer, 'POST', '/api/drafts', { from: { key: 'gift-register' }, key: 'gift-register-2' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ key: 'gift-register-2', basedOn: null });
    expect(res.json().definition.key).toBe('gift-register-2');
  });

  it('keeps an invalid new definition, listing its problems at their paths', async () => {
    const res = await api(designer, 'POST', '/api/drafts', { definition: { key: 'half-done', kind: 'record', title: { 'zh-CN': '未完成' }, schema: { type: 'object', properties: { a: { type: 'strin' } } } } });
    expect(res.statusCode).toBe(201);
    expect(res.json().problems.length).toBeGreaterThan(0);
    expect(res.json().problems[0].path).toMatch(/^\/schema/);
    // Messages are in the caller's language (zh-CN by default).
    expect(res.json().problems[0].message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses a draft without a usable key, a missing module, an unknown body shape', async () => {
    const noKey = await api(designer, 'POST', '/api/drafts', { definition: { kind: 'record' } });
    expect(noKey.statusCode).toBe(422);
    expect(codes(noKey.json())).toEqual(['/definition/key FW_DRAFT_KEY']);
    expect((await api(designer, 'POST', '/api/drafts', { from: { key: 'no-such-module' } })).statusCode).toBe(404);
    expect((await api(designer, 'POST', '/api/drafts', { from: { key: 'gift-register', version: 9 } })).statusCode).toBe(404);
    expect((await api(designer, 'POST', '/api/drafts', { definition: gift, extra: 1 })).statusCode).toBe(422);
  });
});

describe('autosave', () => {
  it('saves with If-Match, refuses a stale revision with the current one, and a missing one with 428', async () => {
    const { id } = (await api(designer, 'POST', '/api/drafts', { from: { key: 'gift-register' } })).json();
    const edited = structuredClone(gift);
    edited.title['zh-CN'] = '礼品登记（修订中）';
    const first = await api(designer, 'PUT', `/api/drafts/${id}`, { definition: edited }, { 'if-match': '"1"' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ revision: 2, problems: [] });
    expect(first.headers.etag).toBe('"2"');

    // A second designer still holding revision 1 is told, and nothing of theirs is written.
    const stale = await api(designer, 'PUT', `/api/drafts/${id}`, { definition: gift }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'FW_DRAFT_REVISION_CONFLICT' });
    expect(stale.json().message).toContain('2');
    expect((await api(designer, 'GET', `/api/drafts/${id}`)).json().definition.title['zh-CN']).toBe('礼品登记（修订中）');

    const missing = await api(designer, 'PUT', `/api/drafts/${id}`, { definition: gift });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().code).toBe('FW_DRAFT_IF_MATCH_REQUIRED');
  });

  it('saves an invalid definition and lists its problems; a revising draft cannot change its key', async () => {
    const { id } = (await api(designer, 'POST', '/api/drafts', { from: { key: 'gift-register' } })).json();
    const broken = structuredClone(gift);
    broken.schema.properties.value = { type: 'number', minimum: 'zero' };
    const saved = await api(designer, 'PUT', `/api/drafts/${id}`, { definition: broken }, { 'if-match': '1' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().problems.map((p: { path: string }) => p.path)).toContain('/schema/properties/value/minimum');

    const renamed = await api(designer, 'PUT', `/api/drafts/${id}`, { definition: { ...gift, key: 'other-key' } }, { 'if-match': '2' });
    expect(renamed.statusCode).toBe(422);
    expect(codes(renamed.json())).toEqual(['/definition/key FW_DRAFT_KEY_CHANGED']);
  });

  it('two designers saving the same revision at once: exactly one wins', async () => {
    const { id } = (await api(designer, 'POST', '/api/drafts', { from: { key: 'gift-register' } })).json();
    const results = await Promise.all([1, 2, 3].map((n) => api(designer, 'PUT', `/api/drafts/${id}`, { definition: { ...gift, title: { 'zh-CN': `版本${n}` } } }, { 'if-match': '1' })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    expect((await api(designer, 'GET', `/api/drafts/${id}`)).json().revision).toBe(2);
  });
});

describe('check and publish', () => {
  it('check runs the definition’s own tests, naming the failing one with what differed', async () => {
    const withTest = structuredClone(gift);
    withTest.tests = [...(gift.tests ?? []), { name: '故意失败的用例', data: { cadreName: '张三' }, expect: { errors: [] } }];
    const { id } = (await api(designer, 'POST', '/api/drafts', { definition: { ...withTest, key: 'gift-checked' } })).json();
    const res = await api(designer, 'POST', `/api/drafts/${id}/check`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.ok).toBe(false);
    const failing = body.tests.find((t: { name: string }) => t.name === '故意失败的用例');
    expect(failing.ok).toBe(false);
    expect(failing.diff.length).toBeGreaterThan(0);
    expect(body.tests.filter((t: { ok: boolean }) => t.ok).length).toBe((gift.tests ?? []).length);
    expect(body.problems.map((p: { code: string }) => p.code)).toContain('FW_DEF_TEST_CASE_FAILED');
  });

  it('publishes a draft as the next version, removes it, and audits every step', async () => {
    const { id } = (await api(designer, 'POST', '/api/drafts', { from: { key: 'gift-register' } })).json();
    const edited = structuredClone(gift);
    edited.schema.properties.note = { type: 'string', title: '备注', maxLength: 200 };
    expect((await api(designer, 'PUT', `/api/drafts/${id}`, { definition: edited }, { 'if-match': '1' })).statusCode).toBe(200);
    const published = await api(designer, 'POST', `/api/drafts/${id}/publish`);
    expect(published.statusCode).toBe(201);
    expect(published.json()).toEqual({ key: 'gift-register', version: 2 });
    expect((await api(designer, 'GET', `/api/drafts/${id}`)).statusCode).toBe(404);
    const latest = (await api(officer, 'GET', '/api/modules/gift-register')).json();
    expect(latest.version).toBe(2);
    expect(latest.schema.properties.note).toMatchObject({ title: '备注' });
    expect(await auditActions(`draft:${id}`)).toEqual(['draft.create', 'draft.save', 'draft.publish']);
  });

  it('refuses to publish over a version published since the draft was made (409), and an invalid draft (422), leaving both drafts', async () => {
    const a = (await api(designer, 'POST', '/api/drafts', { from: { key: 'gift-register' } })).json();
    const b = (await api(designer, 'POST', '/api/drafts', { from: { key: 'gift-register' } })).json();
    expect((await api(designer, 'POST', `/api/drafts/${a.id}/publish`)).statusCode).toBe(201);
    const moved = await api(designer, 'POST', `/api/drafts/${b.id}/publish`);
    expect(moved.statusCode).toBe(409);
    expect(moved.json().code).toBe('FW_DRAFT_MODULE_MOVED');
    expect((await api(designer, 'GET', `/api/drafts/${b.id}`)).statusCode).toBe(200);

    const bad = (await api(designer, 'POST', '/api/drafts', { definition: { key: 'never-valid', kind: 'record', title: { 'zh-CN': '坏' }, schema: { type: 'array' } } })).json();
    const refused = await api(designer, 'POST', `/api/drafts/${bad.id}/publish`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors.length).toBeGreaterThan(0);
    expect((await api(designer, 'GET', `/api/drafts/${bad.id}`)).statusCode).toBe(200);
    expect((await api(officer, 'GET', '/api/modules/never-valid')).statusCode).toBe(404);
  });

  it('rolls back: a draft of an older version revises the latest and publishes the old content as the next version', async () => {
    const versions = (await api(officer, 'GET', '/api/modules/gift-register/versions')).json() as { version: number }[];
    const latest = Math.max(...versions.map((v) => v.version));
    const draft = (await api(designer, 'POST', '/api/drafts', { from: { key: 'gift-register', version: 1 } })).json();
    expect(draft.basedOn).toEqual({ key: 'gift-register', version: latest });
    expect(draft.definition.schema.properties).not.toHaveProperty('note');
    const res = await api(designer, 'POST', `/api/drafts/${draft.id}/publish`);
    expect(res.json()).toEqual({ key: 'gift-register', version: latest + 1 });
    const now = (await api(officer, 'GET', '/api/modules/gift-register')).json();
    expect(now.schema.properties).not.toHaveProperty('note');
    expect(now.schema).toEqual(gift.schema);
  });

  it('a new module’s draft whose key was taken meanwhile is a conflict, not a silent new version', async () => {
    const draft = (await api(designer, 'POST', '/api/drafts', { definition: { ...gift, key: 'raced-key' } })).json();
    expect((await api(designer, 'POST', '/api/modules/raced-key/versions', { ...gift, key: 'raced-key' })).statusCode).toBe(201);
    const res = await api(designer, 'POST', `/api/drafts/${draft.id}/publish`);
    expect(res.statusCode).toBe(409);
  });
});

describe('import, diff and version history', () => {
  const rjsf = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../conformance/rjsf-samples/schemaDependencies.json'), 'utf8'));

  it('imports a draft-07 form written for react-jsonschema-form, noting each conversion, and publishes it', async () => {
    const res = await api(designer, 'POST', '/api/drafts/import', { key: 'billing-form', title: '账单表单', schema: rjsf.schema, uiSchema: rjsf.uiSchema });
    expect(res.statusCode, res.body).toBe(201);
    const draft = res.json();
    expect(draft).toMatchObject({ key: 'billing-form', basedOn: null, kind: 'record', title: { 'zh-CN': '账单表单' } });
    const text = JSON.stringify(draft.definition.schema);
    expect(text).not.toContain('"definitions"');
    expect(text).not.toContain('"dependencies"');
    expect(text).toContain('"dependentSchemas"');
    expect(draft.notes.map((n: { code: string }) => n.code)).toEqual(expect.arrayContaining(['FW_IMPORT_DEFINITIONS', 'FW_IMPORT_DEPENDENT_SCHEMAS']));
    for (const note of draft.notes) expect(note.path).toMatch(/^\//);
    expect(draft.problems).toEqual([]);
    const published = await api(designer, 'POST', `/api/drafts/${draft.id}/publish`);
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json()).toEqual({ key: 'billing-form', version: 1 });
  });

  it('refuses what cannot be read as a form (422 at its path) and an over-size import (413)', async () => {
    const noKey = await api(designer, 'POST', '/api/drafts/import', { schema: { type: 'object' } });
    expect(noKey.statusCode).toBe(422);
    expect(codes(noKey.json())[0]).toMatch(/^\/key /);
    const arrayRoot = await api(designer, 'POST', '/api/drafts/import', { key: 'list-form', title: '列表', schema: { type: 'array', items: { type: 'string' } } });
    expect(arrayRoot.statusCode).toBe(422);
    expect(codes(arrayRoot.json())).toEqual(['/schema FW_DEF_SCHEMA_ROOT']);
    const huge = { key: 'huge-form', schema: { type: 'object', description: 'x'.repeat(5 * 1024 * 1024) } };
    expect((await api(designer, 'POST', '/api/drafts/import', huge)).statusCode).toBe(413);
    expect((await api(officer, 'POST', '/api/drafts/import', { key: 'x-form', schema: { type: 'object' } })).statusCode).toBe(403);
  });

  it('an imported definition of an existing module revises its latest version', async () => {
    const res = await api(designer, 'POST', '/api/drafts/import', { ...gift, version: 1 });
    expect(res.statusCode).toBe(201);
    expect(res.json().basedOn).toMatchObject({ key: 'gift-register' });
    await api(designer, 'DELETE', `/api/drafts/${res.json().id}`);
  });

  it('diffs a draft against the version it revises: a field added, a title changed, a rule removed', async () => {
    const { id } = (await api(designer, 'POST', '/api/drafts', { from: { key: 'gift-register' } })).json();
    const current = (await api(designer, 'GET', `/api/drafts/${id}`)).json().definition;
    const edited = structuredClone(current);
    edited.schema.properties.remark = { type: 'string', title: '说明' };
    edited.schema.properties.cadreName.title = '干部姓名（全名）';
    const removedRule = edited.rules.shift();
    await api(designer, 'PUT', `/api/drafts/${id}`, { definition: edited }, { 'if-match': '1' });
    const diff = (await api(designer, 'GET', `/api/drafts/${id}/diff`)).json();
    expect(diff.basedOn).toMatchObject({ key: 'gift-register' });
    expect(diff.fields.added.map((f: { pointer: string }) => f.pointer)).toEqual(['/remark']);
    expect(diff.fields.changed.map((f: { pointer: string }) => f.pointer)).toEqual(['/cadreName']);
    expect(diff.fields.changed[0].changes).toContainEqual(expect.objectContaining({ attribute: 'title' }));
    expect(diff.rules.removed.map((r: { name: string }) => r.name)).toEqual([removedRule.name]);
    expect(diff.workflow.states).toEqual({ added: [], removed: [], changed: [] });
  });

  it('compares two published versions; an unknown version is 404', async () => {
    const versions = (await api(officer, 'GET', '/api/modules/gift-register/versions')).json() as { version: number }[];
    const res = await api(designer, 'GET', '/api/modules/gift-register/diff?from=1&to=2');
    expect(res.statusCode).toBe(200);
    expect(res.json().fields.added.map((f: { pointer: string }) => f.pointer)).toEqual(['/note']);
    expect((await api(designer, 'GET', '/api/modules/gift-register/diff?from=1')).json().basedOn).toEqual({ key: 'gift-register', version: 1 });
    expect((await api(designer, 'GET', `/api/modules/gift-register/diff?from=${versions.length + 5}`)).statusCode).toBe(404);
    expect((await api(designer, 'GET', '/api/modules/gift-register/diff?from=0')).statusCode).toBe(422);
  });
});

describe('a report template’s figures before publishing', () => {
  it('counts the records a pre-fill query would count now, for a unit and period; bad periods and units are refused', async () => {
    for (const day of ['2026-03-02', '2026-03-30', '2026-04-01']) {
      const res = await api(officer, 'POST', '/api/modules/gift-register/records', { data: { cadreName: '张三', receivedOn: day, handedInOn: day, kind: 'gift', value: 100 } });
      expect(res.statusCode, res.body).toBe(201);
    }
    const template = {
      key: 'gift-monthly',
      kind: 'report',
      title: { 'zh-CN': '礼品登记月报' },
      schema: { type: 'object', properties: { gifts: { type: 'integer', title: '礼品件数' } } },
      report: { period: 'month', levels: [1], fields: { '/gifts': { prefill: { module: 'gift-register', op: 'count', dateField: '/receivedOn' } } } },
    };
    const { id } = (await api(designer, 'POST', '/api/drafts', { definition: template })).json();
    const march = await api(designer, 'POST', `/api/drafts/${id}/figures`, { unitCode: 'HQ', period: '2026-03' });
    expect(march.statusCode, march.body).toBe(200);
    expect(march.json()).toEqual({ unitCode: 'HQ', period: '2026-03', figures: [{ path: '/gifts', label: { 'zh-CN': '礼品件数', en: 'gifts' }, value: 2 }] });
    expect((await api(designer, 'POST', `/api/drafts/${id}/figures`, { unitCode: 'HQ', period: '2026-04' })).json().figures[0].value).toBe(1);
    const badPeriod = await api(designer, 'POST', `/api/drafts/${id}/figures`, { unitCode: 'HQ', period: '2026Q1' });
    expect(badPeriod.statusCode).toBe(422);
    expect(codes(badPeriod.json())).toEqual(['/period FW_REPORT_PERIOD']);
    expect((await api(designer, 'POST', `/api/drafts/${id}/figures`, { unitCode: 'NOPE', period: '2026-03' })).statusCode).toBe(404);
    const notReport = (await api(designer, 'POST', '/api/drafts', { from: { key: 'gift-register' } })).json();
    const refused = await api(designer, 'POST', `/api/drafts/${notReport.id}/figures`, { unitCode: 'HQ', period: '2026-03' });
    expect([refused.statusCode, refused.json().code]).toEqual([409, 'FW_REPORT_NOT_REPORT']);
  });
});

describe('listing, withdrawing and who may', () => {
  it('lists drafts newest first, by key; withdraws one (audited), a second time 404', async () => {
    const { id } = (await api(designer, 'POST', '/api/drafts', { definition: { ...gift, key: 'listed-one' } })).json();
    const listed = (await api(designer, 'GET', '/api/drafts?key=listed-one')).json();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id, key: 'listed-one', revision: 1, basedOn: null, updatedBy: 'admin' });
    expect(Object.keys(listed[0])).not.toContain('definition');
    expect((await api(designer, 'GET', '/api/drafts')).json()[0].id).toBe(id);
    expect((await api(designer, 'DELETE', `/api/drafts/${id}`)).statusCode).toBe(204);
    expect((await api(designer, 'DELETE', `/api/drafts/${id}`)).statusCode).toBe(404);
    expect(await auditActions(`draft:${id}`)).toEqual(['draft.create', 'draft.delete']);
  });

  it('is for designers only', async () => {
    const { id } = (await api(designer, 'POST', '/api/drafts', { definition: { ...gift, key: 'guarded' } })).json();
    expect((await api(officer, 'GET', '/api/drafts')).statusCode).toBe(403);
    expect((await api(officer, 'GET', `/api/drafts/${id}`)).statusCode).toBe(403);
    expect((await api(officer, 'PUT', `/api/drafts/${id}`, { definition: gift }, { 'if-match': '1' })).statusCode).toBe(403);
    expect((await api(officer, 'POST', `/api/drafts/${id}/publish`)).statusCode).toBe(403);
    expect((await api(officer, 'POST', '/api/drafts', { definition: gift })).statusCode).toBe(403);
    expect((await call(instance, undefined, { method: 'GET', url: '/api/drafts' })).statusCode).toBe(401);
  });
});

describe('a code list’s codes in use', () => {
  const list = (oneOf: object[]) => ({ key: 'gift-kinds', kind: 'codelist', title: { 'zh-CN': '礼品种类' }, schema: { type: 'string', oneOf } });
  const user = {
    key: 'gift-kind-user',
    kind: 'record',
    title: { 'zh-CN': '礼品登记（种类）' },
    schema: { type: 'object', properties: { kind: { title: '种类', $ref: 'codelist:gift-kinds' } } },
  };

  it('refuses to remove a code a published module uses, names it, and publishes it retired instead', async () => {
    const both = [
      { const: 'cash', title: '现金' },
      { const: 'card', title: '购物卡' },
    ];
    expect((await api(designer, 'POST', '/api/modules/gift-kinds/versions', list(both))).statusCode).toBe(201);
    // Unused, a code may still go: nothing holds it.
    const draft = (await api(designer, 'POST', '/api/drafts', { from: { key: 'gift-kinds' } })).json();
    const withoutCard = { ...draft.definition, schema: { type: 'string', oneOf: [both[0]!] } };
    const saved = await api(designer, 'PUT', `/api/drafts/${draft.id}`, { definition: withoutCard }, { 'if-match': String(draft.revision) });
    expect((await api(designer, 'POST', `/api/drafts/${draft.id}/check`)).json().ok).toBe(true);

    expect((await api(designer, 'POST', '/api/modules/gift-kind-user/versions', user)).statusCode).toBe(201);
    const check = (await api(designer, 'POST', `/api/drafts/${draft.id}/check`)).json();
    expect(check.ok).toBe(false);
    expect(check.problems).toEqual([expect.objectContaining({ path: '/schema/oneOf', code: 'FW_DEF_CODE_REMOVED' })]);
    expect(check.problems[0].message).toContain('购物卡');
    expect(check.problems[0].message).toContain('gift-kind-user');
    const refused = await api(designer, 'POST', `/api/drafts/${draft.id}/publish`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('FW_DEF_INVALID');
    expect(codes(refused.json())).toEqual(['/schema/oneOf FW_DEF_CODE_REMOVED']);
    const direct = await api(designer, 'POST', '/api/modules/gift-kinds/versions', list([both[0]!]));
    expect(codes(direct.json())).toEqual(['/schema/oneOf FW_DEF_CODE_REMOVED']);

    const retired = { ...withoutCard, schema: { type: 'string', oneOf: [both[0]!, { ...both[1]!, deprecated: true }] } };
    expect((await api(designer, 'PUT', `/api/drafts/${draft.id}`, { definition: retired }, { 'if-match': String(saved.json().revision) })).statusCode).toBe(200);
    const diff = (await api(designer, 'GET', `/api/drafts/${draft.id}/diff`)).json();
    expect(diff.other.codes).toMatchObject({ removed: [], deprecated: [{ value: 'card', title: '购物卡' }] });
    expect((await api(designer, 'POST', `/api/drafts/${draft.id}/publish`)).statusCode).toBe(201);
    // A record may still hold the retired code.
    expect((await api(designer, 'POST', '/api/modules/gift-kind-user/records', { data: { kind: 'card' } })).statusCode).toBe(201);
  });
});
