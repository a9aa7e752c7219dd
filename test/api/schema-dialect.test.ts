/**
 * The schema dialect over HTTP: a form in rjsf's draft-07 spellings publishes (converted, the
 * answer noting each conversion), a refusal names the keyword and how to fix it, and either-or
 * records behave like any other: a blank draft saves, errors are the chosen branch's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
let designer: string;
let officer: string;

const publish = (key: string, body: unknown) => call(instance, designer, { method: 'POST', url: `/api/modules/${key}/versions`, payload: body as object });
const pairs = (body: { errors?: { path: string; code: string }[] }) => (body.errors ?? []).map((e) => `${e.path} ${e.code}`);

/** A pet registration as rjsf's playground writes it: definitions, dependencies, list-form items. */
const petForm = {
  key: 'pet-register',
  kind: 'record',
  title: { 'zh-CN': '宠物登记' },
  schema: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    definitions: { species: { type: 'string', enum: ['猫', '狗'] } },
    properties: {
      owner: { type: 'string', title: '主人' },
      hasPet: { type: 'boolean', title: '是否养宠' },
      vaccination: { type: 'array', title: '疫苗', items: [{ type: 'string', title: '名称' }, { type: 'string', format: 'date', title: '日期' }], additionalItems: false },
    },
    dependencies: { hasPet: { properties: { species: { $ref: '#/definitions/species' } }, required: ['species'] } },
  },
};

/** An either-or record: a person or a company, told apart by `kind`. */
const partyForm = {
  key: 'party-register',
  kind: 'record',
  title: { 'zh-CN': '当事方登记' },
  schema: {
    type: 'object',
    properties: { kind: { type: 'string', title: '类型', enum: ['person', 'company'] } },
    oneOf: [
      { properties: { kind: { const: 'person' }, name: { type: 'string', title: '姓名' } }, required: ['kind', 'name'] },
      { properties: { kind: { const: 'company' }, company: { type: 'string', title: '公司名称' }, taxId: { type: 'string', pattern: '^[0-9A-Z]{18}$', title: '统一社会信用代码' } }, required: ['kind', 'company', 'taxId'] },
    ],
  },
};

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

describe('publishing a form written in draft-07 spellings', () => {
  it('publishes it converted to 2020-12, the answer noting each conversion in the caller\'s language', async () => {
    const response = await publish('pet-register', petForm);
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ key: 'pet-register', version: 1 });
    expect(body.notes.map((n: { path: string; code: string }) => `${n.path} ${n.code}`)).toEqual([
      '/schema FW_IMPORT_SCHEMA_DIALECT',
      '/schema/$defs FW_IMPORT_DEFINITIONS',
      '/schema/properties/vaccination/prefixItems FW_IMPORT_PREFIX_ITEMS',
      '/schema/properties/vaccination/items FW_IMPORT_ADDITIONAL_ITEMS',
      '/schema/dependentSchemas FW_IMPORT_DEPENDENT_SCHEMAS',
      '/schema/dependentSchemas/hasPet/properties/species/$ref FW_IMPORT_REF',
    ]);
    expect(body.notes[1].message).toBe('「definitions」已改为 2020-12 的「$defs」');

    const served = (await call(instance, officer, { method: 'GET', url: '/api/modules/pet-register' })).json();
    expect(served.schema.$defs).toEqual({ species: { type: 'string', enum: ['猫', '狗'] } });
    expect(served.schema.dependentSchemas.hasPet.properties.species).toEqual({ $ref: '#/$defs/species' });
    expect(served.schema.definitions).toBeUndefined();

    // The dependent question is required by the server as the draft-07 form meant it.
    const dry = await call(instance, officer, { method: 'POST', url: '/api/modules/pet-register/dry-run', payload: { data: { hasPet: true, vaccination: ['狂犬', '2026-01-01', 'extra'] } } });
    expect(pairs(dry.json())).toEqual(['/vaccination FW_VAL_ADDITIONAL_ITEMS', '/species FW_VAL_REQUIRED']);
  });

  it('publishes a 2020-12 form with no notes in its answer', async () => {
    const response = await publish('party-register', partyForm);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ key: 'party-register', version: 1 });
  });

  it('refuses a meaningless keyword at its pointer, in Chinese, saying how to fix it', async () => {
    const broken = structuredClone(petForm) as Record<string, unknown> & { schema: { properties: Record<string, unknown> } };
    broken.schema.properties.owner = { type: 'string', then: { minLength: 2 } };
    const response = await publish('pet-register', broken);
    expect(response.statusCode).toBe(422);
    const [error] = response.json().errors;
    expect(error).toMatchObject({ path: '/schema/properties/owner/then', code: 'FW_DEF_IGNORED_KEYWORD' });
    expect(error.message).toBe('「then」只在有「if」时才起作用：请补上「if」，或删除「then」');
  });

  it('refuses a form the workspace could not show: a widget no form has, one that does not fit the field', async () => {
    const response = await publish('pet-register', { ...petForm, ui: { owner: { 'ui:widget': 'toggle' }, hasPet: { 'ui:widget': 'textarea' } } });
    expect(response.statusCode).toBe(422);
    const errors = response.json().errors as { path: string; code: string; message: string }[];
    expect(pairs({ errors })).toEqual(['/ui/owner/ui:widget FW_DEF_UI_UNKNOWN_WIDGET', '/ui/hasPet/ui:widget FW_DEF_UI_WIDGET_TYPE']);
    expect(errors[0]!.message).toMatch(/^表单没有名为「toggle」的控件，这个字段将无法显示：请改用 text、.*之一，或删除 ui:widget 以使用默认控件$/);
    expect(errors[1]!.message).toBe('控件「textarea」不能用于 boolean 类型的字段，这个字段将无法显示：请改用 checkbox、radio、select、hidden 之一，或删除 ui:widget 以使用默认控件');
  });
});

describe('either-or records', () => {
  it('saves an incomplete draft: what is missing is only required fields', async () => {
    const created = await call(instance, officer, { method: 'POST', url: '/api/modules/party-register/records', payload: { data: { kind: 'person' } } });
    expect(created.statusCode, created.body).toBe(201);
  });

  it('reports the chosen branch\'s errors, on their fields, once', async () => {
    const dry = await call(instance, officer, { method: 'POST', url: '/api/modules/party-register/dry-run', payload: { data: { kind: 'company', taxId: 'abc' } } });
    expect(pairs(dry.json())).toEqual(['/company FW_VAL_REQUIRED', '/taxId FW_VAL_PATTERN']);
    const refused = await call(instance, officer, { method: 'POST', url: '/api/modules/party-register/records', payload: { data: { kind: 'company', taxId: 'abc' } } });
    expect(refused.statusCode).toBe(422);
    expect(pairs(refused.json())).toEqual(['/taxId FW_VAL_PATTERN']);
  });
});
