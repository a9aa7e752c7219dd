/** The rule builder's model: every shipped rule opens in the builder and comes back unchanged; operators fit the field's type; the builder's own shapes read back. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RuleGroupType, RuleType } from 'react-querybuilder';
import { describe, expect, it } from 'vitest';
import { conditionsToQuery, queryToConditions } from '../../designer/src/model/rule-conditions';
import { openRule, saveRule, showable } from '../../designer/src/model/rule-model';
import { operatorsFor } from '../../designer/src/model/rule-operators';
import { allSubjects } from '../../designer/src/model/rule-subjects';
import { compileDefinition, evaluate } from '../../runtime/web/kit/engine';

const root = path.resolve(import.meta.dirname, '../../definitions/modules');
const shipped = readdirSync(root).map((key) => JSON.parse(readFileSync(path.join(root, key, 'definition.json'), 'utf8')) as Record<string, unknown>);
const codelists = Object.fromEntries(shipped.filter((d) => d.kind === 'codelist').map((d) => [`codelist:${String(d.key)}`, d.schema]));
const withRules = shipped.filter((d) => Array.isArray(d.rules) && d.rules.length > 0);

/** Every leaf rule of a query. */
function leaves(group: RuleGroupType): RuleType[] {
  return group.rules.flatMap((r) => (typeof r === 'string' ? [] : 'combinator' in r ? leaves(r) : [r]));
}

describe('the rule builder model', () => {
  it('round-trips every rule of every shipped module: rules → builder state → rules, deep-equal', () => {
    let count = 0;
    for (const definition of withRules) {
      const subjects = new Map(allSubjects(definition, 'zh-CN', codelists).map((s) => [s.id, s]));
      for (const rule of definition.rules as unknown[]) {
        const state = openRule(rule);
        expect(saveRule(structuredClone(state), subjects), `${String(definition.key)} ${(rule as { name: string }).name}`).toEqual(rule);
        count++;
      }
    }
    expect(count).toBe(withRules.reduce((n, d) => n + (d.rules as unknown[]).length, 0));
    expect(count).toBeGreaterThan(40);
  });

  it('shows every shipped condition with a subject the pickers offer and an operator that fits its type', () => {
    for (const definition of withRules) {
      const subjects = new Map(allSubjects(definition, 'zh-CN', codelists).map((s) => [s.id, s]));
      for (const rule of definition.rules as unknown[]) {
        for (const leaf of leaves(openRule(rule).query)) {
          if (leaf.field === 'logic') continue;
          const subject = subjects.get(leaf.field);
          expect(subject, `${String(definition.key)}: ${leaf.field}`).toBeDefined();
          expect(operatorsFor(subject!.type), `${leaf.field} ${leaf.operator}`).toContain(leaf.operator);
          if (leaf.valueSource === 'field') expect(subjects.has(String(leaf.value)), String(leaf.value)).toBe(true);
        }
      }
    }
  });

  it('offers the operators that fit each type, titles for codes, states and levels', () => {
    const caseDefinition = shipped.find((d) => d.key === 'discipline-case')!;
    const subjects = new Map(allSubjects(caseDefinition, 'zh-CN', codelists).map((s) => [s.id, s]));
    const received = subjects.get('data:/receivedOn')!;
    expect(received).toMatchObject({ label: '受理日期', type: 'date' });
    expect(operatorsFor(received.type)).toEqual(expect.arrayContaining(['dateBefore', 'dateAfter', 'olderThanDays', 'withinLastDays', 'isEmpty']));
    expect(operatorsFor(received.type)).not.toContain('greaterThan');
    const grade = subjects.get('data:/cadreGrade')!;
    expect(grade.type).toBe('code');
    expect(grade.options).toContainEqual({ value: 'bureau', label: '厅局级（总部管理）' });
    expect(operatorsFor(grade.type)).toEqual(['equal', 'notEqual', 'in', 'notIn', 'isEmpty', 'isNotEmpty']);
    expect(subjects.get('context:/state')!.options).toContainEqual({ value: 'awaitingDisposal', label: '待处置' });
    expect(subjects.get('context:/unit/level')!.options).toContainEqual({ value: 2, label: '省级' });
    expect(subjects.get('context:/daysInState')!.type).toBe('number');
    expect(subjects.get('context:/user/roles')!.options).toContainEqual({ value: 'leader', label: '审批领导' });
    expect(subjects.get('fact:openForCadre')).toMatchObject({ label: '同一人在办的线索与案件数', type: 'number' });
    expect(operatorsFor('number')).not.toContain('dateBefore');
    expect(operatorsFor('codes')).toEqual(['contains', 'doesNotContain', 'isEmpty', 'isNotEmpty']);
    // Nested fields by their full titles; a repeating table as a whole, not its cells.
    const report = shipped.find((d) => d.key === 'enforcement-quarterly')!;
    const reportSubjects = allSubjects(report, 'zh-CN', codelists);
    expect(reportSubjects.find((s) => s.id === 'data:/cases/filed')!.label).toContain('›');
    const archive = allSubjects(shipped.find((d) => d.key === 'integrity-archive')!, 'zh-CN', codelists);
    expect(archive.find((s) => s.id === 'data:/gifts')!.type).toBe('rows');
    expect(archive.some((s) => s.id.startsWith('data:/gifts/'))).toBe(false);
    expect(allSubjects(report, 'zh-CN').some((s) => s.id === 'fact:previous/cases/filed')).toBe(true);
  });

  it('writes unary operators with value true, keeps one written without, and nests and/or/not groups', () => {
    const query: RuleGroupType = {
      combinator: 'and',
      rules: [
        { field: 'data:/a', operator: 'isEmpty', value: '' },
        { combinator: 'or', not: true, rules: [{ field: 'data:/n', operator: 'greaterThan', value: '5' }, { field: 'context:/today', operator: 'dateAfter', value: 'data:/d', valueSource: 'field' }] },
      ],
    };
    const subjects = new Map([['data:/n', { id: 'data:/n', label: 'n', group: 'field' as const, type: 'number' as const }]]);
    expect(queryToConditions(query, subjects)).toEqual({
      all: [
        { fact: 'data', path: '/a', operator: 'isEmpty', value: true },
        { not: { any: [{ fact: 'data', path: '/n', operator: 'greaterThan', value: 5 }, { fact: 'context', path: '/today', operator: 'dateAfter', value: { fact: 'data', path: '/d' } }] } },
      ],
    });
    const bare = { any: [{ not: { fact: 'data', path: '/a', operator: 'isNotEmpty' } }, { not: { not: { all: [] } } }] };
    expect(queryToConditions(conditionsToQuery(bare))).toEqual(bare);
  });

  it('writes the days-from-today operators as conditions the engine runs', async () => {
    const definition = {
      key: 'days',
      kind: 'record',
      title: { 'zh-CN': '天数' },
      schema: { type: 'object', properties: { receivedOn: { type: 'string', format: 'date', title: '受理日期' } } },
      rules: (['olderThanDays', 'withinLastDays', 'withinNextDays'] as const).map((operator) => ({
        name: operator,
        conditions: queryToConditions({ combinator: 'and', rules: [{ field: 'data:/receivedOn', operator, value: '30' }] }),
        event: { type: 'warning', params: { path: '/receivedOn', message: { 'zh-CN': operator } } },
      })),
    };
    const compiled = compileDefinition(definition);
    const fired = async (receivedOn: string) => (await evaluate(compiled, { receivedOn }, { today: '2026-06-30' })).warnings.map((w) => w.message['zh-CN']);
    expect(await fired('2026-05-01')).toEqual(['olderThanDays']);
    expect(await fired('2026-06-10')).toEqual(['withinLastDays']);
    expect(await fired('2026-07-10')).toEqual(['withinNextDays']);
    // And they read back as the builder's own operators.
    for (const rule of definition.rules) expect(leaves(openRule(rule).query)[0]).toMatchObject({ field: 'data:/receivedOn', operator: rule.name, value: 30 });
  });

  it('sends what it cannot show to the JSON view, with a reason', () => {
    const rule = (conditions: unknown, event: unknown = { type: 'hide', params: { paths: ['/a'] } }) => ({ name: 'r', conditions, event });
    for (const odd of [
      rule({ all: [{ fact: 'data', path: '/a', operator: 'regexMatch', value: 'x' }] }),
      rule({ all: [{ fact: 'data', path: '/a', operator: 'isEmpty', value: false }] }),
      rule({ all: [{ fact: 'logic', params: { expr: { log: 1 } }, operator: 'equal', value: true }] }),
      rule({ all: [] }, { type: 'set', params: { path: '/a', expr: { var: ['data.a', 0] } } }),
      { ...rule({ all: [] }), extra: 1 },
    ]) {
      const verdict = showable(odd);
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) expect(verdict.reason[0]).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
