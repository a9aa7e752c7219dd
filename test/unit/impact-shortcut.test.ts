/**
 * The impact's shortcut (runtime/src/drafts/impact-shortcut.ts): one run of the draft's rules with
 * the published-only ones, split, must give exactly what two full evaluations give — checked on
 * generated records — and is refused wherever it could not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, compileDefinition, evaluate, interpretRun, type CompiledModule, type EvaluationResult } from '../../engine/src/index.js';
import { shortcutFor, splitRun } from '../../runtime/src/drafts/impact-shortcut.js';

const text = (zh: string) => ({ 'zh-CN': zh, en: zh });
const leaf = (path: string, operator: string, value?: unknown) => ({ fact: 'data', path, operator, ...(value !== undefined ? { value } : {}) });
const rule = (name: string, conditions: object[], event: object, priority?: number) => ({ name, conditions: { all: conditions }, event, ...(priority ? { priority } : {}) });

const sum = rule('sum', [leaf('/a', 'isNotEmpty')], { type: 'set', params: { path: '/total', expr: { '+': [{ var: 'data.a' }, { var: ['data.b', 0] }] } } });
const hideB = rule('hideB', [leaf('/flag', 'equal', true)], { type: 'hide', params: { paths: ['/b'] } });
const order = rule('order', [leaf('/d2', 'dateBefore', { fact: 'data', path: '/d1' })], { type: 'error', params: { path: '/d2', message: text('日期顺序有误') } });
const warnBig = (limit: number) => rule('warnBig', [leaf('/total', 'greaterThan', limit)], { type: 'warning', params: { path: '/total', message: text('合计较大') } });
const routeBig = (to: unknown) => rule('routeBig', [leaf('/a', 'greaterThan', 80)], { type: 'route', params: { to } });

function module(rules: object[]): CompiledModule {
  return compileDefinition({
    key: 'shortcut',
    kind: 'record',
    title: text('捷径'),
    schema: {
      type: 'object',
      properties: {
        a: { type: 'integer', title: '甲', minimum: 0 },
        b: { type: 'integer', title: '乙', maximum: 90 },
        c: { type: 'string', title: '丙' },
        total: { type: 'integer', title: '合计', maximum: 150 },
        flag: { type: 'boolean', title: '标志' },
        d1: { type: 'string', format: 'date', title: '日期一' },
        d2: { type: 'string', format: 'date', title: '日期二' },
      },
    },
    rules,
  });
}

const published = module([sum, warnBig(50), hideB, rule('requireC', [leaf('/a', 'greaterThan', 10)], { type: 'require', params: { paths: ['/c'] } }), order, routeBig('parent')]);
const draft = module([sum, warnBig(40), hideB, order, routeBig({ level: 2 }), rule('notifyC', [leaf('/c', 'isEmpty')], { type: 'notify', params: { to: 'parent', message: text('丙为空') } })]);

const comparable = (r: EvaluationResult) => ({
  errors: r.errors.map((p) => `${p.path} ${p.code}`).sort(),
  warnings: r.warnings.map((p) => `${p.path} ${p.code}`).sort(),
  events: r.events.map((e) => canonicalJson(e)).sort(),
  derived: canonicalJson(r.derived),
});

const date = fc.integer({ min: 0, max: 60 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10));
const record = fc.record(
  { a: fc.integer({ min: -5, max: 120 }), b: fc.integer({ min: 0, max: 100 }), c: fc.constantFrom('', '有'), flag: fc.boolean(), d1: date, d2: date },
  { requiredKeys: [] },
);

describe('the impact shortcut', () => {
  it('gives both evaluations exactly, on generated records', async () => {
    const shortcut = shortcutFor(published, draft)!;
    expect(shortcut).toBeDefined();
    expect([...shortcut.shared].sort()).toEqual(['hideB', 'order', 'sum']);
    const context = { now: '2026-03-01T00:00:00Z', state: 'draft' };
    await fc.assert(
      fc.asyncProperty(record, async (data) => {
        const runs = splitRun(shortcut, await shortcut.combined.run(data, context));
        expect(comparable(interpretRun(draft, data, runs.draft))).toEqual(comparable(await evaluate(draft, data, context)));
        expect(comparable(interpretRun(published, data, runs.published))).toEqual(comparable(await evaluate(published, data, context)));
      }),
      { numRuns: 200 },
    );
  });

  it('is refused where one run could differ: other computed values, other facts, a published-only rule before the computed values', () => {
    const otherSum = rule('sum', [leaf('/a', 'isNotEmpty')], { type: 'set', params: { path: '/total', expr: { '*': [{ var: 'data.a' }, 2] } } });
    expect(shortcutFor(published, module([otherSum, warnBig(40)]))).toBeUndefined();
    const early = module([sum, rule('early', [leaf('/total', 'isEmpty')], { type: 'warning', params: { path: '/a', message: text('早') } }, 200)]);
    expect(shortcutFor(early, module([sum]))).toBeUndefined();
    const withFact = compileDefinition({ ...draft.definition, version: undefined, facts: { n: { provider: 'recordCount', params: { module: 'x' }, default: 0 } } });
    expect(shortcutFor(published, withFact)).toBeUndefined();
  });
});
