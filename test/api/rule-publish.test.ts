/**
 * Issue 13: a natural unary rule (isEmpty with no value) used to make publish answer 500. Every
 * rule json-rules-engine would refuse is a 422 at its JSON Pointer, through both ways of
 * publishing, with a Chinese message; the unary form publishes and runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, login, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
let designer: string;

const api = (method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
  call(instance, designer, { method, url, ...(payload ? { payload } : {}), headers });
const codes = (body: { errors?: { path: string; code: string }[] }) => (body.errors ?? []).map((e) => `${e.path} ${e.code}`);

const message = { 'zh-CN': '请填写备注', en: 'Add a remark' };
function module(key: string, conditions: object[]): Record<string, unknown> {
  return {
    key,
    kind: 'record',
    title: { 'zh-CN': '规则发布', en: 'Rule publish' },
    schema: {
      type: 'object',
      properties: { remark: { type: 'string', title: '备注' }, amount: { type: 'number', title: '金额' }, acceptedOn: { type: 'string', format: 'date', title: '受理日期' } },
    },
    rules: conditions.map((c, i) => ({ name: `r${i}`, conditions: { all: [c] }, event: { type: 'warning', params: { path: '/remark', message } } })),
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  designer = await login(instance);
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('publishing rules (regression: the 500 on unary operators)', () => {
  it('publishes isEmpty / isNotEmpty written without a value, and runs them', async () => {
    const res = await api('POST', '/api/modules/unary-rules/versions', module('unary-rules', [{ fact: 'data', path: '/remark', operator: 'isEmpty' }, { fact: 'data', path: '/amount', operator: 'isNotEmpty' }]));
    expect(res.statusCode, res.body).toBe(201);
    const dry = await api('POST', '/api/modules/unary-rules/dry-run', { data: { amount: 5 } });
    expect(dry.statusCode).toBe(200);
    expect(dry.json().events.map((e: { rule: string }) => e.rule)).toEqual(['r0', 'r1']);
    expect(dry.json().warnings).toEqual([{ path: '/remark', code: 'FW_RULE_WARNING', message: '请填写备注' }]);
  });

  it('answers 422 at each condition json-rules-engine would refuse or never satisfy, nothing published', async () => {
    const bad = module('bad-rules', [
      { fact: 'data', path: '/amount', operator: 'greaterThan' },
      { fact: 'data', path: '/missing', operator: 'equal', value: 1 },
      { fact: 'openCases', operator: 'greaterThan', value: 1 },
      { fact: 'data', path: '/acceptedOn', operator: 'greaterThan', value: 3 },
      { fact: 'data', path: '/acceptedOn', operator: 'dateAfter', value: 'soon' },
    ]);
    const res = await api('POST', '/api/modules/bad-rules/versions', bad);
    expect(res.statusCode).toBe(422);
    expect(codes(res.json())).toEqual([
      '/rules/0/conditions/all/0 FW_DEF_RULE_VALUE_REQUIRED',
      '/rules/1/conditions/all/0/path FW_DEF_UNKNOWN_FIELD',
      '/rules/2/conditions/all/0/fact FW_DEF_UNKNOWN_FACT',
      '/rules/3/conditions/all/0/operator FW_DEF_OPERATOR_TYPE',
      '/rules/4/conditions/all/0/value FW_DEF_RULE_VALUE',
    ]);
    const typeProblem = res.json().errors[3];
    expect(typeProblem.message).toContain('不适用于「受理日期」：它是日期');
    expect((await api('GET', '/api/modules/bad-rules')).statusCode).toBe(404);
  });

  it('answers 422 through a draft too, with English messages on request', async () => {
    const created = await api('POST', '/api/drafts', { definition: module('draft-rules', [{ fact: 'data', path: '/remark', operator: 'contains', value: '张' }]) });
    expect(created.statusCode).toBe(201);
    expect(codes({ errors: created.json().problems })).toEqual(['/rules/0/conditions/all/0/operator FW_DEF_OPERATOR_TYPE']);
    const published = await api('POST', `/api/drafts/${created.json().id}/publish`, undefined, { 'accept-language': 'en' });
    expect(published.statusCode).toBe(422);
    expect(published.json().errors[0].message).toContain('The operator contains does not fit "remark": it is a text value');
  });
});
