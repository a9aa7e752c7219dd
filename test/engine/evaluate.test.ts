import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileDefinition, evaluate, requiredProblem, type FactProvider } from '../../engine/src/index.js';
import { definition, pairs, refusal } from './helpers.js';

const gift = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/definitions/gift-register.json'), 'utf8'));

describe('evaluate: schema problems', () => {
  const compiled = compileDefinition(gift);

  it('reports every problem at once, each at its JSON Pointer, missing required fields included', async () => {
    const result = await evaluate(compiled, {
      cadreName: 'x',
      receivedOn: '2026-02-30',
      kind: 'jewel',
      value: '12',
      idNumber: '123',
      contact: { phone: '999', email: 'not-an-email' },
      unexpected: true,
    });
    expect(pairs(result.errors).sort()).toEqual(
      [
        '/handedInOn FW_VAL_REQUIRED',
        '/unexpected FW_VAL_ADDITIONAL_PROPERTY',
        '/cadreName FW_VAL_MIN_LENGTH',
        '/idNumber FW_VAL_PATTERN',
        '/receivedOn FW_VAL_FORMAT',
        '/kind FW_VAL_ENUM',
        '/value FW_VAL_TYPE',
        '/contact/phone FW_VAL_PATTERN',
        '/contact/email FW_VAL_FORMAT',
      ].sort(),
    );
  });

  it('names fields by their titles, in Chinese and in English', async () => {
    const result = await evaluate(compiled, { cadreName: '张三', receivedOn: '2026-03-01', kind: 'gift', value: -1 });
    const handedIn = result.errors.find((e) => e.path === '/handedInOn')!;
    expect(handedIn.message).toEqual({ 'zh-CN': '「上交日期」为必填项', en: '"Handed in on" is required' });
    const value = result.errors.find((e) => e.path === '/value')!;
    expect(value).toMatchObject({ code: 'FW_VAL_MINIMUM', params: { limit: 0 } });
    expect(value.message['zh-CN']).toBe('「估值（元）」不能小于 0');
    expect(value.message.en).toBe('"Value (CNY)" must be at least 0');
  });

  it('escapes JSON Pointer segments of property names holding / and ~', async () => {
    const odd = compileDefinition(
      definition({ schema: { type: 'object', required: ['a/b', 'c~d'], properties: { 'a/b': { type: 'string' }, 'c~d': { type: 'string' } } } }),
    );
    const result = await evaluate(odd, {});
    expect(pairs(result.errors)).toEqual(['/a~1b FW_VAL_REQUIRED', '/c~0d FW_VAL_REQUIRED']);
  });

  it('reports the branch that fits for a nullable anyOf, not every branch', async () => {
    const nullable = compileDefinition(
      definition({ schema: { type: 'object', properties: { when: { anyOf: [{ type: 'string', format: 'date' }, { type: 'null' }] } } } }),
    );
    expect(pairs((await evaluate(nullable, { when: 'soon' })).errors)).toEqual(['/when FW_VAL_FORMAT']);
    expect((await evaluate(nullable, { when: null })).errors).toEqual([]);
    expect(pairs((await evaluate(nullable, { when: 5 })).errors)).toEqual(['/when FW_VAL_ANY_OF']);
  });
});

describe('evaluate: lists of codes and referenced branches', () => {
  it('a value outside a list of titled codes is reported like an enum, with the titles allowed', async () => {
    const coded = compileDefinition(
      definition({ schema: { type: 'object', properties: { cat: { title: '类别', type: 'string', oneOf: [{ const: 'a', title: '甲' }, { const: 'b', title: '乙' }] } } } }),
    );
    const [error] = (await evaluate(coded, { cat: 'z' })).errors;
    expect(error).toMatchObject({ path: '/cat', code: 'FW_VAL_ENUM', params: { allowedValues: ['a', 'b'] } });
    expect(error!.message['zh-CN']).toBe('「类别」的值不在允许的选项中（可选：甲、乙）');
  });

  it('reports the one referenced branch that fits, not every branch of an anyOf', async () => {
    const refs = compileDefinition(
      definition({
        schema: {
          type: 'object',
          $defs: { name: { type: 'string', pattern: '^[a-z]+$' } },
          properties: { from: { anyOf: [{ $ref: '#/$defs/name' }, { type: 'array', items: { $ref: '#/$defs/name' } }] } },
        },
      }),
    );
    expect(pairs((await evaluate(refs, { from: 'A-B' })).errors)).toEqual(['/from FW_VAL_PATTERN']);
    expect((await evaluate(refs, { from: ['ab', 'cd'] })).errors).toEqual([]);
  });

  it('JSON Logic gains date arithmetic and counting for computed values', async () => {
    const dated = compileDefinition(
      definition({
        schema: { type: 'object', properties: { start: { type: 'string', format: 'date' }, end: { type: 'string' }, days: { type: 'integer' }, n: { type: 'integer' }, list: { type: 'array' } } },
        rules: [
          { name: 'end', conditions: { all: [{ fact: 'data', path: '/start', operator: 'isNotEmpty', value: true }] }, event: { type: 'set', params: { path: '/end', expr: { date_add: [{ var: 'data.start' }, 'P6M'] } } } },
          { name: 'days', conditions: { all: [{ fact: 'data', path: '/start', operator: 'isNotEmpty', value: true }] }, event: { type: 'set', params: { path: '/days', expr: { days_between: [{ var: 'data.start' }, { var: 'context.today' }] } } } },
          { name: 'n', conditions: { all: [{ fact: 'data', path: '/list', operator: 'isNotEmpty', value: true }] }, event: { type: 'set', params: { path: '/n', expr: { count: [{ var: 'data.list' }] } } } },
        ],
      }),
    );
    const result = await evaluate(dated, { start: '2026-08-31', list: [1, 2, 3] }, { now: '2026-09-10T02:00:00Z' });
    expect(result.derived).toEqual({ '/end': '2027-02-28', '/days': 10, '/n': 3 });
  });
});

describe('evaluate: rules', () => {
  const compiled = compileDefinition(gift);
  const valid = { cadreName: '张三', receivedOn: '2026-03-01', handedInOn: '2026-03-02', kind: 'gift', value: 300 };

  it('error events add cross-field errors with the author’s code and message', async () => {
    const result = await evaluate(compiled, { ...valid, handedInOn: '2026-02-01' });
    expect(result.errors).toEqual([
      {
        path: '/handedInOn',
        code: 'GIFT_DATES_ORDER',
        message: { 'zh-CN': '上交日期不能早于收受日期', en: 'Handed in before it was received' },
      },
    ]);
  });

  it('require events make a field required; hide events silence a hidden field’s problems', async () => {
    expect(pairs((await evaluate(compiled, { ...valid, kind: 'other' })).errors)).toEqual(['/otherKind FW_VAL_REQUIRED']);
    expect((await evaluate(compiled, { ...valid, kind: 'other', otherKind: '字画' })).errors).toEqual([]);
    const hidden = await evaluate(compiled, { ...valid, kind: 'gift', otherKind: 'x'.repeat(200) });
    expect(hidden.errors).toEqual([]);
    expect(hidden.events.find((e) => e.type === 'hide')).toMatchObject({ params: { paths: ['/otherKind'] }, rule: 'hideOtherText' });
  });

  it('set events compute values that later rules and the schema see', async () => {
    const result = await evaluate(compiled, { ...valid, quantity: 4, unitPrice: 1500 });
    expect(result.derived).toEqual({ '/total': 6000 });
    expect(pairs(result.warnings)).toEqual(['/total FW_RULE_WARNING']);
    expect(result.warnings[0]!.message.en).toBe('Total exceeds 5,000 CNY; please verify');
  });

  it('returns the evaluated data: a copy of the input with computed values applied, the input untouched', async () => {
    const input = { ...valid, quantity: 4, unitPrice: 1500 };
    const result = await evaluate(compiled, input);
    expect(result.data).toEqual({ ...input, total: 6000 });
    expect(input).not.toHaveProperty('total');
    expect(result.data).not.toBe(input);
    // An input that is not an object evaluates as an empty one.
    expect((await evaluate(compiled, 'not an object')).data).toEqual({});
  });

  it('names a required field by its title even when its key holds an escaped "/" (~1)', async () => {
    const slashed = compileDefinition(
      definition({ schema: { type: 'object', properties: { 'a/b': { type: 'string', title: '甲乙' } } }, rules: [{ name: 'r', conditions: { all: [] }, event: { type: 'require', params: { paths: ['/a~1b'] } } }] }),
    );
    const [missing] = (await evaluate(slashed, {})).errors;
    expect(missing).toMatchObject({ path: '/a~1b', code: 'FW_VAL_REQUIRED' });
    expect(missing!.message['zh-CN']).toBe('「甲乙」为必填项');
    expect(requiredProblem(slashed, '/missing~1key').message.en).toContain('missing/key');
  });

  it('route, escalate and notify events are returned for the runtime to act on', async () => {
    const routed = compileDefinition(
      definition({
        rules: [
          { name: 'up', conditions: { all: [{ fact: 'data', path: '/age', operator: 'greaterThan', value: 60 }] }, event: { type: 'route', params: { to: { level: 2 }, role: 'leader' } } },
          { name: 'late', conditions: { all: [{ fact: 'context', path: '/overdue', operator: 'equal', value: true }] }, event: { type: 'escalate', params: { to: 'parent', reassign: true } } },
          { name: 'tell', conditions: { all: [{ fact: 'context', path: '/unit/level', operator: 'equal', value: 4 }] }, event: { type: 'notify', params: { to: 'parent', role: 'leader', message: { 'zh-CN': '请关注' } } } },
        ],
      }),
    );
    const result = await evaluate(routed, { age: 70 }, { overdue: true, unit: { code: 'C1', level: 4 } });
    expect(result.events.map((e) => [e.type, e.rule])).toEqual([
      ['route', 'up'],
      ['escalate', 'late'],
      ['notify', 'tell'],
    ]);
    expect(result.events[0]!.params).toEqual({ to: { level: 2 }, role: 'leader' });
    expect((await evaluate(routed, { age: 30 }, { overdue: false, unit: { code: 'C1', level: 3 } })).events).toEqual([]);
  });

  it('named facts come from given values, then the provider, then the declared default', async () => {
    const withFact = compileDefinition(
      definition({
        facts: { openCases: { provider: 'recordCount', params: { module: 'case', state: 'open' }, default: 0 } },
        rules: [
          { name: 'hasOpen', conditions: { all: [{ fact: 'openCases', operator: 'greaterThan', value: 0 }] }, event: { type: 'warning', params: { path: '/name', message: { 'zh-CN': '有在办案件' } } } },
        ],
      }),
    );
    expect((await evaluate(withFact, { name: 'a' })).warnings).toEqual([]);
    expect((await evaluate(withFact, { name: 'a' }, {}, { facts: { openCases: 2 } })).warnings).toHaveLength(1);
    const asked: unknown[] = [];
    const provider: FactProvider = {
      resolve: async (name, declaration, request) => {
        asked.push({ name, provider: declaration.provider, params: request.params, unit: request.context.unit?.code });
        return 3;
      },
    };
    expect((await evaluate(withFact, { name: 'a' }, { unit: { code: 'U1', level: 4 } }, { provider })).warnings).toHaveLength(1);
    expect(asked).toEqual([{ name: 'openCases', provider: 'recordCount', params: { module: 'case', state: 'open' }, unit: 'U1' }]);
  });

  it('date operators compare instants; unparsable dates never match', async () => {
    const dates = compileDefinition(
      definition({
        rules: [
          {
            name: 'order',
            conditions: { all: [{ fact: 'data', path: '/endDate', operator: 'dateBefore', value: { fact: 'data', path: '/startDate' } }] },
            event: { type: 'error', params: { path: '/endDate', message: { 'zh-CN': '结束日期早于开始日期' } } },
          },
        ],
      }),
    );
    expect(pairs((await evaluate(dates, { startDate: '2026-05-02', endDate: '2026-05-01' })).errors)).toEqual(['/endDate FW_RULE_ERROR']);
    expect((await evaluate(dates, { startDate: '2026-05-01', endDate: '2026-05-01' })).errors).toEqual([]);
    expect(pairs((await evaluate(dates, { startDate: 'soon', endDate: '2026-05-01' })).errors)).toEqual(['/startDate FW_VAL_FORMAT']);
  });

  it('skips a rule switched off (disabled), which is still checked', async () => {
    const order = (disabled?: boolean) => ({
      name: 'order',
      ...(disabled === undefined ? {} : { disabled }),
      conditions: { all: [{ fact: 'data', path: '/endDate', operator: 'dateBefore', value: { fact: 'data', path: '/startDate' } }] },
      event: { type: 'error', params: { path: '/endDate', message: { 'zh-CN': '结束日期早于开始日期' } } },
    });
    const late = { startDate: '2026-05-02', endDate: '2026-05-01' };
    for (const disabled of [undefined, false]) {
      expect(pairs((await evaluate(compileDefinition(definition({ rules: [order(disabled)] })), late)).errors)).toEqual(['/endDate FW_RULE_ERROR']);
    }
    const off = compileDefinition(definition({ rules: [order(true)] }));
    expect(off.rules.size).toBe(0);
    expect((await evaluate(off, late)).errors).toEqual([]);
    // Still checked: a switched-off rule naming a missing field is refused at publish.
    const broken = { ...order(true), event: { type: 'error', params: { path: '/gone', message: { 'zh-CN': '无' } } } };
    expect(pairs(refusal(definition({ rules: [broken] })))).toEqual(['/rules/0/event/params/path FW_DEF_UNKNOWN_FIELD']);
  });

  it('gives every concurrent evaluation on one shared engine its complete answer', async () => {
    // Regression: json-rules-engine keeps a per-engine status that one finished run used to set,
    // making concurrent runs skip their remaining priority groups.
    const layered = compileDefinition(
      definition({
        facts: { delay: { provider: 'recordCount', default: 0 } },
        rules: [
          { name: 'first', priority: 50, conditions: { all: [{ fact: 'delay', operator: 'greaterThanInclusive', value: 0 }] }, event: { type: 'set', params: { path: '/name', expr: { cat: ['n', { var: 'data.age' }] } } } },
          { name: 'second', priority: 10, conditions: { all: [{ fact: 'data', path: '/name', operator: 'isNotEmpty', value: true }] }, event: { type: 'warning', params: { path: '/name', message: { 'zh-CN': '已计算' } } } },
          { name: 'third', priority: 1, conditions: { all: [{ fact: 'data', path: '/age', operator: 'greaterThan', value: 0 }] }, event: { type: 'notify', params: { to: 'parent', message: { 'zh-CN': '通知' } } } },
        ],
      }),
    );
    // Runs finish at different times, so some finish while others are between priority groups.
    const provider: FactProvider = { resolve: (_n, _d, request) => new Promise((r) => setTimeout(() => r(0), Number((request.data as { age: number }).age) % 7)) };
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => evaluate(layered, { age: i + 1 }, {}, { provider })));
    results.forEach((result, i) => {
      expect(result.derived).toEqual({ '/name': `n${i + 1}` });
      expect(result.events.map((e) => e.rule)).toEqual(['first', 'second', 'third']);
    });
  });

  it('never changes the caller’s data', async () => {
    const data = { ...valid, quantity: 2, unitPrice: 10 };
    const copy = structuredClone(data);
    await evaluate(compiled, data);
    expect(data).toEqual(copy);
  });
});
