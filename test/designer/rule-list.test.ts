/** The rules tab's list: run order, moving a rule, on/off, rules of a field, code suggestions; the tests tab's expectation and diff. */
import { describe, expect, it } from 'vitest';
import { moveRule, ruleConcerns, runOrder, setEnabled, suggestCode } from '../../designer/src/model/rule-list';
import { diffCase, expectationOf } from '../../designer/src/model/test-cases';
import { compileDefinition, evaluate, runDefinitionTests } from '../../runtime/web/kit/engine';

const rule = (name: string, type: string, extra: Record<string, unknown> = {}) => ({
  name,
  conditions: { all: [{ fact: 'data', path: '/a', operator: 'isNotEmpty', value: true }] },
  event: type === 'set' ? { type, params: { path: '/total', expr: { '+': [{ var: 'data.rows.0.v' }, 1] } } } : { type, params: { path: '/b', message: { 'zh-CN': name } } },
  ...extra,
});

describe('the rule list', () => {
  it('lists rules in run order and moves them within and across priorities', () => {
    const rules = [rule('e1', 'error'), rule('s1', 'set'), rule('w1', 'warning')];
    expect(runOrder(rules)).toEqual([1, 0, 2]);
    // Same priority: swap places.
    expect((moveRule(rules, 2, -1) as { name: string }[]).map((r) => r.name)).toEqual(['w1', 's1', 'e1']);
    // Past a computed value: take its priority and go before it.
    const moved = moveRule(rules, 0, -1) as { name: string; priority?: number }[];
    expect(runOrder(moved).map((i) => moved[i]!.name)).toEqual(['e1', 's1', 'w1']);
    expect(moved.find((r) => r.name === 'e1')!.priority).toBe(100);
    // The first cannot go up.
    expect(moveRule(rules, 1, -1)).toEqual(rules);
  });

  it('switches a rule off and on, which the engine honours', async () => {
    const definition = (rules: unknown[]) => ({ key: 'kk', kind: 'record', title: { 'zh-CN': 't' }, schema: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } }, rules });
    const off = setEnabled([rule('e1', 'error')], 0, false);
    expect(off[0]).toMatchObject({ disabled: true });
    expect((await evaluate(compileDefinition(definition(off)), { a: 'x' })).errors).toEqual([]);
    const on = setEnabled(off, 0, true);
    expect(on[0]).not.toHaveProperty('disabled');
    expect((await evaluate(compileDefinition(definition(on)), { a: 'x' })).errors).toHaveLength(1);
  });

  it('finds the rules of a field, sections and table columns included', () => {
    const r = rule('s1', 'set');
    expect(ruleConcerns(r, '/total')).toBe(true);
    expect(ruleConcerns(r, '/a')).toBe(true);
    expect(ruleConcerns(r, '/rows')).toBe(true);
    expect(ruleConcerns(r, '/b')).toBe(false);
  });

  it('suggests stable codes from the field, never one taken', () => {
    expect(suggestCode('/receivedOn', 'error')).toBe('RECEIVED_ON_INVALID');
    expect(suggestCode('/rows/-/amount', 'warning')).toBe('AMOUNT_CHECK');
    expect(suggestCode('/receivedOn', 'error', new Set(['RECEIVED_ON_INVALID']))).toBe('RECEIVED_ON_INVALID_2');
  });
});

describe('a test case: expectation and diff', () => {
  it('takes the expectation from the result, passes with it, and shows what differs', async () => {
    const definition = {
      key: 'kk',
      kind: 'record',
      title: { 'zh-CN': 't' },
      schema: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' }, n: { type: 'number' }, total: { type: 'number' } } },
      rules: [
        rule('e1', 'error'),
        { name: 'up', conditions: { all: [{ fact: 'context', path: '/overdue', operator: 'equal', value: true }] }, event: { type: 'escalate', params: { to: 'parent', role: 'leader', reason: { 'zh-CN': '逾期' } } } },
        { name: 'sum', conditions: { all: [] }, event: { type: 'set', params: { path: '/total', expr: { '*': [{ var: 'data.n' }, 2] } } } },
      ],
    };
    const data = { a: 'x', n: 4 };
    const result = await evaluate(compileDefinition(definition), data, { overdue: true });
    const expectation = expectationOf(result);
    expect(expectation).toEqual({ valid: false, errors: [{ path: '/b', code: 'FW_RULE_ERROR' }], warnings: [], events: [{ type: 'escalate', params: { to: 'parent', role: 'leader', reassign: false } }], derived: { '/total': 8 } });
    const run = await runDefinitionTests(compileDefinition({ ...definition, tests: [{ name: 'c', data, context: { overdue: true }, expect: expectation }] }));
    expect(run.results[0]!.passed).toBe(true);
    expect(diffCase(expectation, run.results[0]!.actual).every((l) => l.ok)).toBe(true);
    // Without the error rule: the diff names the missing error and the verdict.
    const changed = await runDefinitionTests(compileDefinition({ ...definition, rules: definition.rules.slice(1), tests: [{ name: 'c', data, context: { overdue: true }, expect: expectation }] }));
    expect(changed.results[0]!.passed).toBe(false);
    expect(diffCase(expectation, changed.results[0]!.actual).filter((l) => !l.ok)).toEqual([
      { kind: 'valid', key: 'valid', expected: false, got: true, ok: false },
      { kind: 'errors', key: '/b FW_RULE_ERROR', expected: true, got: false, ok: false },
    ]);
  });
});
