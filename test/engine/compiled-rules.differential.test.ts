/**
 * Issue 18: the compiled rules answer exactly what json-rules-engine (RuleSet, the reference)
 * answers — errors, warnings, events in order, computed values in order, the data, or the same
 * failure — on thousands of generated inputs per shipped module and per generated rule shape.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileDefinition, CompiledRules, evaluate, RuleSet, setAt, type CompiledModule, type EvaluationContext, type FactProvider, type Rule } from '../../engine/src/index.js';
import type { FactSource } from '../../engine/src/rules/rule-set.js';

type Outcome = { ok: true; value: unknown; order: string } | { ok: false; error: string };

/** What a run gives, with the order of computed values and events spelled out (toStrictEqual ignores key order). */
async function outcome(run: () => Promise<{ events: unknown[]; derived: Record<string, unknown> }>): Promise<Outcome> {
  try {
    const value = await run();
    return { ok: true, value, order: JSON.stringify([Object.keys(value.derived), value.events]) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? `${error.constructor.name}` : String(error) };
  }
}

/** A provider whose answer depends only on the fact and its params (a database answers the same whenever asked). */
const provider: FactProvider = {
  async resolve(name, _declaration, request) {
    await Promise.resolve();
    const text = name + JSON.stringify(request.params, Object.keys(request.params).sort());
    let hash = 0;
    for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) % 7;
    return hash;
  },
};

const factSource = (facts: Record<string, unknown>, mode: 'values' | 'provider' | 'none'): FactSource =>
  mode === 'values' ? { values: facts } : mode === 'provider' ? { provider } : {};

// ---------------------------------------------------------------- shipped modules

const root = path.resolve(import.meta.dirname, '../../definitions/modules');
const shipped = readdirSync(root).map((key) => JSON.parse(readFileSync(path.join(root, key, 'definition.json'), 'utf8')) as Record<string, unknown>);
const codelists = Object.fromEntries(shipped.filter((d) => d.kind === 'codelist').map((d) => [`codelist:${String(d.key)}`, d.schema]));
const withRules = shipped.filter((d) => d.kind !== 'codelist' && Array.isArray(d.rules) && d.rules.length > 0);

/** Every literal and data pointer the rules name: what generated data is made of. */
function harvest(node: unknown, pointers: Set<string>, literals: unknown[]): void {
  if (Array.isArray(node)) {
    node.forEach((n) => harvest(n, pointers, literals));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (o.fact === 'data' && typeof o.path === 'string') pointers.add(o.path);
  if ('value' in o && (o.value === null || typeof o.value !== 'object')) literals.push(o.value);
  if ('value' in o && Array.isArray(o.value)) literals.push(...(o.value as unknown[]), o.value);
  if (typeof o.var === 'string' && o.var.startsWith('data.')) pointers.add('/' + o.var.slice(5).split('.').join('/'));
  for (const key of ['path'] as const) if (typeof o[key] === 'string' && (o[key] as string).startsWith('/') && !('fact' in o)) pointers.add(o[key] as string);
  if (Array.isArray(o.paths)) for (const p of o.paths) if (typeof p === 'string') pointers.add(p);
  for (const value of Object.values(o)) harvest(value, pointers, literals);
}

const GENERIC = [null, '', 0, 1, 2, 3, 5, 10, 31, 100, -1, 2.5, '3', true, false, '2026-01-15', '2025-06-30', '2027-12-31', '2026-03-01T08:00:00Z', 'x', '甲', [], ['a']];

function dataFor(pointers: string[], literals: unknown[]) {
  const pool = [...GENERIC, ...literals];
  return fc.tuple(...pointers.map(() => fc.option(fc.constantFrom(...pool), { nil: undefined, freq: 3 }))).map((values) => {
    const data: Record<string, unknown> = {};
    values.forEach((v, i) => {
      if (v === undefined) return;
      try {
        setAt(data, pointers[i]!, structuredClone(v));
      } catch {
        // a pointer through a value set before: leave it
      }
    });
    return data;
  });
}

function contextFor(definition: Record<string, unknown>, literals: unknown[]) {
  const states = Object.keys((definition.workflow as { states?: object } | undefined)?.states ?? { draft: {} });
  const strings = literals.filter((l): l is string => typeof l === 'string');
  return fc.record({
    now: fc.constantFrom('2026-01-15T02:00:00Z', '2026-07-01T00:00:00Z', '2027-03-31T16:30:00Z'),
    state: fc.constantFrom(...states),
    daysInState: fc.integer({ min: 0, max: 90 }),
    overdue: fc.boolean(),
    period: fc.constantFrom('2026Q1', '2026Q2'),
    user: fc.record({ username: fc.constant('u'), roles: fc.subarray(['officer', 'leader', 'inspector', 'reviewer', 'admin', ...strings.slice(0, 5)]) }),
    unit: fc.record({ code: fc.constantFrom('HQ', 'P01'), level: fc.integer({ min: 1, max: 4 }) }),
  }).map((c) => structuredClone(c)) as fc.Arbitrary<EvaluationContext>;
}

describe('compiled rules against json-rules-engine, per shipped module', () => {
  it('ships modules with rules to compare', () => expect(withRules.length).toBeGreaterThanOrEqual(6));

  for (const definition of withRules) {
    it(`${String(definition.key)}: identical on 1,000 generated records`, async () => {
      const compiled = compileDefinition(definition, { codelists });
      const rules = compiled.definition.rules ?? [];
      const factNames = Object.keys(compiled.definition.facts ?? {});
      const reference: CompiledModule = { ...compiled, rules: new RuleSet(rules, compiled.definition.facts ?? {}) as unknown as CompiledRules };
      const pointers = new Set<string>();
      const literals: unknown[] = [];
      harvest(rules, pointers, literals);
      const facts = fc.record(Object.fromEntries(factNames.map((n) => [n, fc.constantFrom(0, 1, 2, 5, null, { total: 3 })])));
      await fc.assert(
        fc.asyncProperty(dataFor([...pointers], literals), contextFor(definition, literals), facts, fc.constantFrom('values', 'provider', 'none'), async (data, context, values, mode) => {
          const source = factSource(values, mode as 'values');
          const options = { ...(source.values ? { facts: source.values } : {}), ...(source.provider ? { provider: source.provider } : {}) };
          const expected = await outcome(() => evaluate(reference, data, context, options));
          const actual = await outcome(() => evaluate(compiled, data, context, options));
          expect(actual).toStrictEqual(expected);
        }),
        { numRuns: 1_000 },
      );
    }, 60_000);
  }
});

// ---------------------------------------------------------------- rule shapes

const FIELDS = { n0: 'number', n1: 'number', s0: 'string', s1: 'string', d0: 'date', d1: 'date', b0: 'boolean', l0: 'array', c0: 'number', c1: 'any', c2: 'any' } as const;
const POOLS: Record<string, unknown[]> = {
  number: [0, 1, 2, 5, 10, -1, 2.5, '3', null],
  string: ['甲', '乙', '', 'x', null],
  date: ['2026-01-01', '2026-03-15', '2025-12-31T23:00:00Z', 'not a date', null],
  boolean: [true, false, null],
  array: [[], ['甲'], ['甲', '乙'], null],
};
const ALL_VALUES = Object.values(POOLS).flat();
POOLS.any = ALL_VALUES;
const CONTEXT_PATHS = ['/state', '/unit/level', '/user/roles', '/today', '/now', '/daysInState', '/overdue', '/user'];
const OPERATORS = ['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'in', 'notIn', 'contains', 'doesNotContain', 'isEmpty', 'isNotEmpty', 'dateBefore', 'dateOnOrBefore', 'dateAfter', 'dateOnOrAfter'];
const EXPRESSIONS = [
  { '+': [{ var: 'data.n0' }, { var: 'data.c0' }] },
  { if: [{ var: 'data.b0' }, 1, 2] },
  { var: 'context.daysInState' },
  { '*': [{ var: 'facts.cnt' }, 2] },
  { count: { var: 'data.l0' } },
  { days_between: [{ var: 'data.d0' }, { var: 'context.today' }] },
  { cat: [{ var: 'data.s0' }, '-', { var: 'data.c1' }] },
  { var: 'data.c1' },
  { var: 'data.l0' },
  { '>': [{ var: 'facts.cnt' }, { var: 'data.n1' }] },
];
const fields = Object.keys(FIELDS) as (keyof typeof FIELDS)[];

const factRef = fc.oneof(
  fc.record({ fact: fc.constant('data'), path: fc.constantFrom(...fields.map((f) => `/${f}`), '/l0/0', '/nope') }),
  fc.record({ fact: fc.constant('context'), path: fc.constantFrom(...CONTEXT_PATHS) }),
  fc.record({ fact: fc.constant('logic'), params: fc.record({ expr: fc.constantFrom(...EXPRESSIONS) }) }),
  fc.record({ fact: fc.constant('cnt') }, { requiredKeys: ['fact'] }),
  fc.record({ fact: fc.constant('cnt'), params: fc.constantFrom({}, { k: 1 }, { k: 2, j: [1] }), path: fc.constantFrom('', '/x') }, { requiredKeys: ['fact', 'params'] }),
);

const leaf = fc
  .tuple(factRef, fc.constantFrom(...OPERATORS), fc.constantFrom(...ALL_VALUES), fc.subarray(ALL_VALUES.filter((v) => !Array.isArray(v)), { maxLength: 4 }), fc.nat(9), factRef)
  .map(([ref, operator, literal, list, pick, other]) => {
    const lazy = ref.fact === 'cnt' || other.fact === 'cnt' || (ref.fact === 'logic' && JSON.stringify(ref).includes('facts.'));
    if (operator === 'isEmpty' || operator === 'isNotEmpty') return pick < 5 ? { ...ref, operator } : { ...ref, operator, value: pick < 7 };
    // A list on the right of in/notIn: anything else throws in both, which the shapes also try where every leaf is reached.
    if (operator === 'in' || operator === 'notIn') return { ...ref, operator, value: pick === 0 && !lazy && other.fact === 'data' ? other : list };
    return { ...ref, operator, value: pick < 3 && !(other.fact === 'cnt' && ref.fact === 'cnt') ? other : literal };
  });

const condition: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ node: Record<string, unknown> }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie('node'), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('node'), { maxLength: 3 }) }),
    fc.record({ not: tie('node') }),
  ),
})).node;

const message = { 'zh-CN': '提示' };
const eventOf = fc.oneof(
  fc.constantFrom('n0', 's0', 'd1').map((f) => ({ type: 'warning', params: { path: `/${f}`, message } })),
  fc.constantFrom('n1', 'l0').map((f) => ({ type: 'error', params: { path: `/${f}`, message, code: 'FW_RULE_ERROR' } })),
  fc.subarray(['/n0', '/s1', '/c0'], { minLength: 1 }).map((paths) => ({ type: 'require', params: { paths } })),
  fc.subarray(['/n1', '/d0'], { minLength: 1 }).map((paths) => ({ type: 'hide', params: { paths } })),
  fc.constantFrom('route', 'notify').map((type) => ({ type, params: { to: 'parent' } })),
);
const setEvent = fc.tuple(fc.constantFrom('c0', 'c1', 'c2', 'n1'), fc.boolean(), fc.constantFrom(...ALL_VALUES), fc.constantFrom(...EXPRESSIONS)).map(([field, literal, value, expr]) => ({
  type: 'set',
  params: literal ? { path: `/${field}`, value } : { path: `/${field}`, expr },
}));

/**
 * Rule sets. json-rules-engine runs the rules of one priority concurrently, so a rule reading a
 * value that another rule of its own priority computes sees it or not by promise timing: each
 * computing rule therefore has a priority of its own, above the others'.
 */
const ruleSet = fc
  .tuple(
    fc.array(fc.tuple(condition, eventOf, fc.constantFrom(undefined, 1, 2, 50), fc.boolean()), { maxLength: 8 }),
    fc.array(fc.tuple(condition, setEvent, fc.boolean()), { maxLength: 4 }),
    fc.nat(),
  )
  .map(([plain, sets, seed]) => {
    const rules: Rule[] = [];
    plain.forEach(([c, event, priority, off], i) =>
      rules.push({ name: `p${i}`, conditions: c, event, ...(priority ? { priority } : {}), ...(off && i % 3 === 0 ? { disabled: true } : {}) } as unknown as Rule),
    );
    sets.forEach(([c, event, off], i) =>
      rules.splice((seed + i) % (rules.length + 1), 0, { name: `s${i}`, conditions: c, event, priority: 100 + 10 * ((seed + i) % 4) + i, ...(off && i === 0 ? { disabled: true } : {}) } as unknown as Rule),
    );
    // A top-level condition is all, any or not.
    return rules.map((r) => ('fact' in r.conditions ? { ...r, conditions: { all: [r.conditions] } } : r)) as Rule[];
  });

const record = fc.record(
  Object.fromEntries(fields.map((f) => [f, fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...POOLS[FIELDS[f]]!) }, { weight: 1, arbitrary: fc.constantFrom(...ALL_VALUES) })])),
  { requiredKeys: [] },
);
const context = fc.record({
  state: fc.constantFrom('draft', 'review'),
  today: fc.constantFrom('2026-01-01', '2026-03-15'),
  now: fc.constantFrom('2026-01-01T00:00:00Z'),
  daysInState: fc.integer({ min: 0, max: 40 }),
  overdue: fc.boolean(),
  unit: fc.record({ code: fc.constant('HQ'), level: fc.integer({ min: 1, max: 3 }) }),
  user: fc.record({ username: fc.constant('u'), roles: fc.subarray(['甲', 'officer', 'leader']) }),
}).map((c) => structuredClone(c)) as fc.Arbitrary<EvaluationContext>; // plain objects, as the runtime's contexts are
const declarations = { cnt: { provider: 'recordCount' as const, params: { module: 'x' }, default: 4 } };

describe('compiled rules against json-rules-engine, per rule shape', () => {
  it('identical events, computed values and data (or the same failure) on generated rule sets and records', async () => {
    await fc.assert(
      fc.asyncProperty(ruleSet, fc.array(fc.tuple(record, context, fc.constantFrom('values', 'provider', 'none'), fc.constantFrom(0, 3, null)), { minLength: 10, maxLength: 10 }), async (rules, inputs) => {
        const reference = new RuleSet(rules, declarations);
        const compiled = new CompiledRules(rules, declarations);
        for (const [data, ctx, mode, cnt] of inputs) {
          const source = factSource({ cnt }, mode as 'values');
          const expected = await outcome(() => reference.run(data, ctx, source));
          const actual = await outcome(() => compiled.run(data, ctx, source));
          expect(actual).toStrictEqual(expected);
        }
      }),
      { numRuns: 500 },
    );
  }, 120_000);

  it('skips disabled rules and fetches a named fact once, and only when a condition reaches it', async () => {
    const asked: string[] = [];
    const counting: FactProvider = { resolve: async (name, _d, request) => (asked.push(`${name}${JSON.stringify(request.params)}`), 2) };
    const rules = [
      { name: 'a', conditions: { all: [{ fact: 'data', path: '/n0', operator: 'equal', value: 1 }, { fact: 'cnt', operator: 'greaterThan', value: 1 }] }, event: { type: 'warning', params: { path: '/n0', message } } },
      { name: 'b', conditions: { any: [{ fact: 'cnt', operator: 'equal', value: 2 }] }, event: { type: 'warning', params: { path: '/n1', message } } },
      { name: 'c', disabled: true, conditions: { all: [] }, event: { type: 'warning', params: { path: '/s0', message } } },
    ] as unknown as Rule[];
    const compiled = new CompiledRules(rules, declarations);
    expect(compiled.size).toBe(2);
    const skipped = await compiled.run({ n0: 0 }, {}, { provider: counting });
    expect(skipped.events.map((e) => e.rule)).toEqual(['b']);
    expect(asked).toEqual(['cnt{"module":"x"}']);
    asked.length = 0;
    const both = await compiled.run({ n0: 1 }, {}, { provider: counting });
    expect(both.events.map((e) => e.rule)).toEqual(['a', 'b']);
    expect(asked).toEqual(['cnt{"module":"x"}']);
    asked.length = 0;
    await compiled.run({ n0: 0 }, {}, { values: { cnt: 2 }, provider: counting });
    expect(asked).toEqual([]);
  });
});
