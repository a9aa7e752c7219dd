/**
 * Issue 13: every rule json-rules-engine would refuse is refused at compile (publish) with its
 * JSON Pointer — unary operators written without a value are accepted and mean `value: true`.
 */
import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import { compileDefinition, DefinitionError, evaluate } from '../../engine/src/index.js';
import { addRuleOrRefuse } from '../../engine/src/rules/rule-set.js';
import { definition, pairs, refusal } from './helpers.js';

const message = { 'zh-CN': '提示', en: 'Note' };
const rule = (condition: Record<string, unknown>, name = 'r') => ({ name, conditions: { all: [condition] }, event: { type: 'warning', params: { path: '/name', message } } });
const withRules = (...conditions: Record<string, unknown>[]) => definition({ rules: conditions.map((c, i) => rule(c, `r${i}`)) });

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
    return [];
  } catch (error) {
    if (error instanceof DefinitionError) return pairs(error.problems);
    throw error;
  }
}

describe('unary operators without a value (the 500 of issue 13)', () => {
  it('compiles isEmpty / isNotEmpty with no value and evaluates them as value: true', async () => {
    const compiled = compileDefinition(withRules({ fact: 'data', path: '/name', operator: 'isEmpty' }, { fact: 'data', path: '/age', operator: 'isNotEmpty' }));
    const empty = await evaluate(compiled, { age: 3 });
    expect(empty.events.map((e) => e.rule)).toEqual(['r0', 'r1']);
    const filled = await evaluate(compiled, { name: '张三' });
    expect(filled.events.map((e) => e.rule)).toEqual([]);
    // The definition keeps what the author wrote.
    expect(compiled.definition.rules![0]!.conditions).toEqual({ all: [{ fact: 'data', path: '/name', operator: 'isEmpty' }] });
  });

  it('still honours an explicit value: false (isEmpty false = is not empty)', async () => {
    const compiled = compileDefinition(withRules({ fact: 'data', path: '/name', operator: 'isEmpty', value: false }));
    expect((await evaluate(compiled, { name: '张三' })).events).toHaveLength(1);
    expect((await evaluate(compiled, {})).events).toHaveLength(0);
  });

  it('accepts a unary condition nested in any/not and in a workflow transition condition', async () => {
    const compiled = compileDefinition(
      definition({
        rules: [{ name: 'nested', conditions: { any: [{ not: { fact: 'data', path: '/name', operator: 'isNotEmpty' } }] }, event: { type: 'warning', params: { path: '/name', message } } }],
        workflow: {
          initial: 'draft',
          states: { draft: { title: { 'zh-CN': '草稿', en: 'Draft' } }, done: { title: { 'zh-CN': '完成', en: 'Done' }, final: true } },
          transitions: [{ action: 'finish', title: { 'zh-CN': '完成', en: 'Finish' }, from: 'draft', to: 'done', condition: { all: [{ fact: 'data', path: '/name', operator: 'isNotEmpty' }] } }],
        },
      }),
    );
    expect((await evaluate(compiled, {})).events.map((e) => e.rule)).toEqual(['nested']);
    expect((await compiled.workflow.available('draft', ['officer'], {}, {})).map((t) => t.action)).toEqual([]);
    expect((await compiled.workflow.available('draft', ['officer'], { name: '张三' }, {})).map((t) => t.action)).toEqual(['finish']);
  });

  it('refuses a unary operator with a value that is not true or false, at /value', () => {
    expect(pairs(refusal(withRules({ fact: 'data', path: '/name', operator: 'isEmpty', value: 'yes' })))).toEqual(['/rules/0/conditions/all/0/value FW_DEF_RULE_VALUE']);
  });
});

describe('conditions json-rules-engine would refuse or never satisfy', () => {
  it('refuses a binary operator without a value at the condition, with a Chinese message', () => {
    const problems = refusal(withRules({ fact: 'data', path: '/age', operator: 'greaterThan' }));
    expect(pairs(problems)).toEqual(['/rules/0/conditions/all/0 FW_DEF_RULE_VALUE_REQUIRED']);
    expect(problems[0]!.message['zh-CN']).toContain('大于（greaterThan）');
    expect(problems[0]!.message.en).toContain('greaterThan');
  });

  it('refuses a missing field and an unknown fact at their paths', () => {
    expect(pairs(refusal(withRules({ fact: 'data', path: '/nope', operator: 'equal', value: 1 }, { fact: 'openCases', operator: 'greaterThan', value: 1 })))).toEqual([
      '/rules/0/conditions/all/0/path FW_DEF_UNKNOWN_FIELD',
      '/rules/1/conditions/all/0/fact FW_DEF_UNKNOWN_FACT',
    ]);
  });

  it('refuses operators that do not fit the field type, at /operator, naming the kind and a fitting operator', () => {
    const problems = refusal(
      withRules(
        { fact: 'data', path: '/startDate', operator: 'lessThan', value: 3 },
        { fact: 'data', path: '/age', operator: 'dateBefore', value: '2026-01-01' },
        { fact: 'data', path: '/name', operator: 'contains', value: '张' },
        { fact: 'context', path: '/daysInState', operator: 'dateAfter', value: '2026-01-01' },
      ),
    );
    expect(pairs(problems)).toEqual([
      '/rules/0/conditions/all/0/operator FW_DEF_OPERATOR_TYPE',
      '/rules/1/conditions/all/0/operator FW_DEF_OPERATOR_TYPE',
      '/rules/2/conditions/all/0/operator FW_DEF_OPERATOR_TYPE',
      '/rules/3/conditions/all/0/operator FW_DEF_OPERATOR_TYPE',
    ]);
    expect(problems[0]!.message['zh-CN']).toBe('运算符「小于（lessThan）」不适用于「开始日期」：它是日期，该运算符只适用于数字。比较日期请用「早于」「晚于」等日期运算符');
    expect(problems[0]!.message.en).toContain('does not fit "startDate": it is a date value');
    // Context values are named as the builder names them.
    expect(problems[3]!.message['zh-CN']).toContain('不适用于「在当前环节的天数」：它是数字');
  });

  it('refuses literal values that do not suit the operator, at /value', () => {
    expect(
      pairs(
        refusal(
          withRules(
            { fact: 'data', path: '/age', operator: 'greaterThan', value: '18' },
            { fact: 'data', path: '/startDate', operator: 'dateBefore', value: 'tomorrow' },
            { fact: 'data', path: '/name', operator: 'in', value: '张三' },
            { fact: 'data', path: '/startDate', operator: 'dateBefore', value: { fact: 'context', path: '/daysInState' } },
          ),
        ),
      ),
    ).toEqual([
      '/rules/0/conditions/all/0/value FW_DEF_RULE_VALUE',
      '/rules/1/conditions/all/0/value FW_DEF_RULE_VALUE',
      '/rules/2/conditions/all/0/value FW_DEF_RULE_VALUE',
      '/rules/3/conditions/all/0/value FW_DEF_RULE_VALUE',
    ]);
  });

  it('accepts fitting operators: dates against today, counts against numbers, codes in lists', () => {
    const facts = { open: { provider: 'recordCount', params: { module: 'x' }, default: 0 } };
    expect(
      problemsOf(() =>
        compileDefinition(
        definition({
          facts,
          rules: [
            rule({ fact: 'data', path: '/startDate', operator: 'dateAfter', value: { fact: 'context', path: '/today' } }, 'a'),
            rule({ fact: 'data', path: '/endDate', operator: 'dateOnOrAfter', value: { fact: 'data', path: '/startDate' } }, 'b'),
            rule({ fact: 'open', operator: 'greaterThanInclusive', value: 3 }, 'c'),
            rule({ fact: 'context', path: '/daysInState', operator: 'greaterThan', value: 30 }, 'd'),
            rule({ fact: 'data', path: '/name', operator: 'in', value: ['甲', '乙'] }, 'e'),
            rule({ fact: 'context', path: '/user/roles', operator: 'contains', value: 'leader' }, 'f'),
          ],
        }),
      )),
    ).toEqual([]);
  });

  it('turns any refusal of json-rules-engine itself into a problem at the rule, never a plain Error', () => {
    const engine = new Engine();
    try {
      addRuleOrRefuse(engine, { name: 'x', conditions: { all: [{ fact: 'data', operator: 'equal' }] } as never, event: { type: 'warning' } }, '/rules/4/conditions');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DefinitionError);
      expect(pairs((error as DefinitionError).problems)).toEqual(['/rules/4/conditions FW_DEF_RULE_REJECTED']);
    }
  });
});
