/** The "合计" helper: a set rule the engine computes (table columns included), read back, and only the builder's own. */
import { describe, expect, it } from 'vitest';
import { canSum, putSumRule, readSumRule, sumRule, sumRules } from '../../designer/src/model/sum-rule';
import { compileDefinition, evaluate } from '../../runtime/web/kit/engine';

const definition = () => ({
  key: 'sums',
  kind: 'record',
  title: { 'zh-CN': '合计' },
  schema: {
    type: 'object',
    properties: {
      a: { type: 'integer' },
      b: { type: 'number' },
      rows: { type: 'array', items: { type: 'object', properties: { v: { type: 'number' } } } },
      total: { type: 'number' },
    },
  },
});

describe('the sum helper', () => {
  it('computes fields and a table column, empty ones as 0', async () => {
    const draft: Record<string, unknown> = definition();
    putSumRule(draft, { target: '/total', sources: ['/a', '/b', '/rows/-/v'] }, { target: '合计', sources: ['甲', '乙', '明细'] });
    const compiled = compileDefinition(draft);
    expect((await evaluate(compiled, { a: 2, rows: [{ v: 1.5 }, {}, { v: 3 }] }, {})).derived).toEqual({ '/total': 6.5 });
    expect((await evaluate(compiled, {}, {})).derived).toEqual({ '/total': 0 });
  });

  it('reads back its own rules, replaces and removes them', () => {
    const draft: Record<string, unknown> = { ...definition(), rules: [] };
    putSumRule(draft, { target: '/total', sources: ['/a'] }, { target: 't', sources: ['a'] });
    putSumRule(draft, { target: '/total', sources: ['/a', '/b'] }, { target: 't', sources: ['a', 'b'] });
    expect(sumRules(draft).get('/total')).toEqual({ target: '/total', sources: ['/a', '/b'] });
    expect(draft.rules).toHaveLength(1);
    putSumRule(draft, { target: '/total', sources: [] }, { target: 't', sources: [] });
    expect(draft.rules).toEqual([]);
  });

  it('does not take a hand-written rule of the same name for its own', () => {
    const own = sumRule({ target: '/total', sources: ['/a'] }, { target: 't', sources: ['a'] });
    const edited = { ...own, conditions: { all: [{ fact: 'data', path: '/a', operator: 'greaterThan', value: 1 }] } };
    expect(readSumRule(own)).toBeDefined();
    expect(readSumRule(edited)).toBeUndefined();
    expect(readSumRule({ name: 'total', event: own.event, conditions: own.conditions })).toBeUndefined();
  });

  it('sums plain fields and one level of table columns only', () => {
    expect(canSum('/a')).toBe(true);
    expect(canSum('/rows/-/v')).toBe(true);
    expect(canSum('/rows/-/more/-/v')).toBe(false);
    expect(canSum('/a.b')).toBe(false);
  });
});
