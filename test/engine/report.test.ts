/** Report templates in the engine: periods, the layout and roll-up spec, checks, the default workflow, the logic fact. */
import { describe, expect, it } from 'vitest';
import {
  checkPrefillSources,
  compileDefinition,
  evaluate,
  parsePeriod,
  periodContaining,
  periodDue,
  prefillSource,
  previousPeriod,
  deadlineText,
  periodTitle,
  submittableFrom,
  type PeriodType,
  type ReportSpec,
} from '../../engine/src/index.js';
import { definition, pairs, refusal } from './helpers.js';

describe('report periods', () => {
  it('parse each period type into whole days, with the day after as the end', () => {
    expect(parsePeriod('month', '2026-09')).toMatchObject({ key: '2026-09', start: '2026-09-01', last: '2026-09-30', end: '2026-10-01' });
    expect(parsePeriod('month', '2024-02')).toMatchObject({ last: '2024-02-29', end: '2024-03-01' });
    expect(parsePeriod('quarter', '2026Q3')).toMatchObject({ key: '2026Q3', start: '2026-07-01', last: '2026-09-30', end: '2026-10-01' });
    expect(parsePeriod('quarter', '2026Q4')).toMatchObject({ start: '2026-10-01', last: '2026-12-31', end: '2027-01-01' });
    expect(parsePeriod('half', '2026H2')).toMatchObject({ key: '2026H2', start: '2026-07-01', end: '2027-01-01' });
    expect(parsePeriod('year', '2026')).toMatchObject({ key: '2026', start: '2026-01-01', last: '2026-12-31', end: '2027-01-01' });
  });

  it('refuse what is not a period of the type', () => {
    const bad: [PeriodType, string][] = [
      ['month', '2026-13'], ['month', '2026-9'], ['month', '2026-00'], ['month', '2026Q3'],
      ['quarter', '2026Q5'], ['quarter', '2026Q0'], ['quarter', '2026q3'], ['quarter', '2026-09'],
      ['half', '2026H3'], ['year', '26'], ['year', '1789'], ['year', '2101'], ['year', ' 2026'], ['quarter', '2026Q3\n'],
    ];
    for (const [type, text] of bad) expect(parsePeriod(type, text), `${type} ${JSON.stringify(text)}`).toBeUndefined();
  });

  it('step back across year ends, and find the period of an instant in China time', () => {
    expect(previousPeriod(parsePeriod('quarter', '2026Q1')!).key).toBe('2025Q4');
    expect(previousPeriod(parsePeriod('month', '2026-01')!).key).toBe('2025-12');
    expect(previousPeriod(parsePeriod('half', '2026H1')!).key).toBe('2025H2');
    expect(previousPeriod(parsePeriod('year', '2026')!).key).toBe('2025');
    expect(previousPeriod(parsePeriod('month', '2026-07')!).key).toBe('2026-06');
    // 2026-09-30 20:00 UTC is already 1 October in China.
    expect(periodContaining('quarter', new Date('2026-09-30T20:00:00Z')).key).toBe('2026Q4');
    expect(periodContaining('month', new Date('2026-09-30T15:59:59Z')).key).toBe('2026-09');
    expect(periodContaining('year', new Date('2026-06-01T00:00:00Z')).key).toBe('2026');
  });

  it('open for submission at 00:00 China time of their last day, or at once when the template allows early submission', () => {
    const q4 = parsePeriod('quarter', '2026Q4')!;
    expect(submittableFrom({}, q4)!.toISOString()).toBe('2026-12-30T16:00:00.000Z');
    expect(submittableFrom({ submitBeforeEnd: false }, parsePeriod('month', '2024-02')!)!.toISOString()).toBe('2024-02-28T16:00:00.000Z');
    expect(submittableFrom({ submitBeforeEnd: true }, q4)).toBeUndefined();
  });

  it('read in words, and their deadlines read one way: a due day’s end is its 24:00 whichever instant stands for it', () => {
    expect(periodTitle(parsePeriod('quarter', '2026Q4')!)).toEqual({ 'zh-CN': '2026年第4季度', en: '2026 Q4' });
    expect(periodTitle(parsePeriod('month', '2026-09')!)['zh-CN']).toBe('2026年9月');
    expect(periodTitle(parsePeriod('half', '2026H1')!)['zh-CN']).toBe('2026年上半年');
    expect(periodTitle(parsePeriod('year', '2026')!)['zh-CN']).toBe('2026年');
    // The period's end plus 15 days (00:00 China time) and a date-only due date (23:59:59.999).
    expect(deadlineText(periodDue(parsePeriod('quarter', '2026Q3')!, 'P15D')!)).toBe('2026-10-15 24:00');
    expect(deadlineText(new Date('2026-10-14T23:59:59.999+08:00'))).toBe('2026-10-14 24:00');
    expect(deadlineText(new Date('2026-11-27T02:14:16.186Z'))).toBe('2026-11-27 10:14');
  });

  it('fall due a duration after the period ends, at midnight in China', () => {
    expect(periodDue(parsePeriod('quarter', '2026Q3')!, 'P15D')!.toISOString()).toBe('2026-10-15T16:00:00.000Z');
    expect(periodDue(parsePeriod('month', '2026-01')!, 'P1M')!.toISOString()).toBe('2026-02-28T16:00:00.000Z');
  });
});

const report = (overrides: Record<string, unknown> = {}, reportSpec: Record<string, unknown> = {}) =>
  definition({
    key: 'monthly',
    kind: 'report',
    schema: {
      type: 'object',
      $defs: { count: { type: 'integer', minimum: 0 } },
      properties: {
        note: { type: 'string', title: '说明' },
        cases: {
          type: 'object',
          title: '案件',
          properties: { closed: { $ref: '#/$defs/count', title: '结案' }, filed: { type: 'integer', title: '立案' }, avgDays: { type: 'number', title: '平均天数' } },
        },
        rows: { type: 'array', title: '明细', items: { type: 'object', properties: { n: { type: 'integer' } } } },
        hasPlan: { type: 'boolean', title: '有计划' },
        total: { type: 'integer', title: '合计' },
      },
    },
    ui: { 'ui:order': ['cases', '*', 'note'], cases: { 'ui:order': ['filed', 'closed', 'avgDays'] } },
    report: { period: 'month', levels: [3, 4], fields: { '/cases/avgDays': { aggregate: 'avg' }, '/hasPlan': { aggregate: 'count' }, ...reportSpec } },
    ...overrides,
  });

describe('report layout', () => {
  it('lists sections and fields in form order, with each field’s roll-up', () => {
    const compiled = compileDefinition(report());
    expect(compiled.report!.layout.map((e) => `${e.kind}:${e.pointer}:${e.aggregate ?? ''}`)).toEqual([
      'section:/cases:',
      'field:/cases/filed:sum',
      'field:/cases/closed:sum',
      'field:/cases/avgDays:avg',
      'field:/hasPlan:count',
      'field:/total:sum',
      'field:/note:none',
    ]);
    expect(compiled.report!.rollup.map((e) => e.pointer)).toEqual(['/cases/filed', '/cases/closed', '/cases/avgDays', '/hasPlan', '/total']);
    expect(compiled.report!.layout[2]!.label).toEqual({ 'zh-CN': '结案', en: 'closed' });
    expect(compiled.report!.approvedStates).toEqual(['approved']);
  });

  it('refuses fields that cannot roll up: unknown, inside a list, text summed, pre-filled text', () => {
    const problems = refusal(
      report({}, {
        '/nope': { aggregate: 'sum' },
        '/rows/0/n': { aggregate: 'sum' },
        '/note': { aggregate: 'max' },
        '/hasPlan': { prefill: { module: 'cases', op: 'count', dateField: '/on' } },
        '/total': { prefill: { module: 'cases', op: 'sum', dateField: '/on' } },
      }),
    );
    expect(pairs(problems).sort()).toEqual(
      [
        '/report/fields/~1nope FW_DEF_UNKNOWN_FIELD',
        '/report/fields/~1rows~10~1n FW_DEF_REPORT_FIELD',
        '/report/fields/~1note/aggregate FW_DEF_NOT_A_NUMBER',
        '/report/fields/~1hasPlan/prefill FW_DEF_NOT_A_NUMBER',
        // Named again without an aggregate: the default, sum, does not fit a yes/no field.
        '/report/fields/~1hasPlan/aggregate FW_DEF_NOT_A_NUMBER',
        '/report/fields/~1total/prefill/field FW_DEF_PREFILL_SUM_FIELD',
      ].sort(),
    );
  });

  it('checks approved states against the workflow', () => {
    expect(pairs(refusal({ ...report(), report: { period: 'month', levels: [3], approved: ['signedOff'] } }))).toEqual(['/report/approved/0 FW_DEF_UNKNOWN_STATE']);
  });
});

describe('report workflow', () => {
  it('a report without a workflow gets the report workflow; a record keeps the plain one', () => {
    const compiled = compileDefinition(report());
    expect(Object.keys(compiled.workflow.states)).toEqual(['draft', 'submitted', 'approved']);
    expect(compiled.workflow.states.draft!.deadline).toEqual({ due: true, remindBefore: ['P3D'] });
    expect(compiled.workflow.find('draft', 'submit')!.handoff).toEqual({ direction: 'up', role: 'leader' });
    expect(compiled.workflow.find('submitted', 'return')).toMatchObject({ comment: 'required', handoff: { direction: 'home', role: 'officer' } });
    expect(compiled.workflow.find('approved', 'reopen')).toMatchObject({ to: 'draft', roles: ['leader'] });
    expect(Object.keys(compileDefinition(definition()).workflow.states)).toEqual(['draft', 'submitted']);
  });

  it('a report with its own workflow keeps it, and names its approved states', () => {
    const workflow = {
      initial: 'filling',
      states: { filling: { title: { 'zh-CN': '填报' } }, signedOff: { title: { 'zh-CN': '签发' }, final: true } },
      transitions: [{ action: 'sign', title: { 'zh-CN': '签发' }, from: 'filling', to: 'signedOff' }],
    };
    const compiled = compileDefinition(report({ workflow }));
    expect(Object.keys(compiled.workflow.states)).toEqual(['filling', 'signedOff']);
    expect(compiled.report!.approvedStates).toEqual(['signedOff']);
  });

  it('only a report may time a state by its due date; handoff may go home', () => {
    const workflow = {
      initial: 'draft',
      states: { draft: { title: { 'zh-CN': '草稿' }, deadline: { due: true } }, back: { title: { 'zh-CN': '退回' } } },
      transitions: [{ action: 'back', title: { 'zh-CN': '退回' }, from: 'draft', to: 'back', handoff: { direction: 'home' } }],
    };
    expect(pairs(refusal(definition({ workflow })))).toEqual(['/workflow/states/draft/deadline/due FW_DEF_DUE_NOT_REPORT']);
    expect(() => compileDefinition(report({ workflow }))).not.toThrow();
    const both = { ...workflow, states: { ...workflow.states, draft: { title: { 'zh-CN': '草稿' }, deadline: { due: true, after: 'P1D' } } } };
    expect(refusal(report({ workflow: both })).map((p) => p.path)).toContain('/workflow/states/draft/deadline');
  });
});

describe('pre-fill sources', () => {
  const source = compileDefinition(
    definition({ key: 'cases', schema: { type: 'object', properties: { on: { type: 'string', format: 'date' }, kind: { type: 'string' }, amount: { type: 'number' } } } }),
  );
  it('must name a published record module, its fields, a date and its states', () => {
    const spec = compileDefinition(report()).report!.spec;
    const withPrefill: ReportSpec = {
      ...spec,
      fields: {
        '/total': { prefill: { module: 'cases', op: 'count', dateField: '/on', where: [{ path: '/kind', operator: 'equal', value: 'x' }], states: ['submitted'] } },
        '/cases/filed': { prefill: { module: 'cases', op: 'sum', field: '/kind', dateField: '/amount' } },
        '/cases/closed': { prefill: { module: 'elsewhere', op: 'count', dateField: '/on' } },
      },
    };
    const lookup = (key: string) => (key === 'cases' ? prefillSource(source) : undefined);
    expect(pairs(checkPrefillSources(withPrefill, lookup)).sort()).toEqual(
      [
        '/report/fields/~1cases~1filed/prefill/dateField FW_DEF_NOT_A_DATE',
        '/report/fields/~1cases~1filed/prefill/field FW_DEF_NOT_A_NUMBER',
        '/report/fields/~1cases~1closed/prefill/module FW_DEF_PREFILL_MODULE',
      ].sort(),
    );
    const report2 = compileDefinition(report());
    expect(checkPrefillSources(withPrefill, (key) => (key === 'cases' ? prefillSource(report2) : undefined)).map((p) => p.code)).toContain('FW_DEF_PREFILL_MODULE');
  });
});

describe('the logic fact', () => {
  const withLogic = (expr: unknown) =>
    definition({
      facts: { previous: { provider: 'previousPeriod', default: null } },
      rules: [
        {
          name: 'swing',
          conditions: { all: [{ fact: 'logic', params: { expr }, operator: 'equal', value: true }] },
          event: { type: 'warning', params: { path: '/age', message: { 'zh-CN': '变化过大' } } },
        },
      ],
    });
  const swing = { and: [{ '>': [{ var: 'facts.previous.age' }, 0] }, { '>': [{ var: 'data.age' }, { '*': [{ var: 'facts.previous.age' }, 1.5] }] }] };

  it('evaluates JSON Logic over data, context and named facts in a condition', async () => {
    const compiled = compileDefinition(withLogic(swing));
    const warned = await evaluate(compiled, { age: 40 }, {}, { facts: { previous: { age: 20 } } });
    expect(pairs(warned.warnings)).toEqual(['/age FW_RULE_WARNING']);
    expect((await evaluate(compiled, { age: 25 }, {}, { facts: { previous: { age: 20 } } })).warnings).toEqual([]);
    expect((await evaluate(compiled, { age: 40 }, {}, { facts: { previous: null } })).warnings).toEqual([]);
  });

  it('is checked at compile: an expression is required, and its fields and facts must exist', () => {
    expect(pairs(refusal(withLogic(undefined)))).toEqual(['/rules/0/conditions/all/0/params FW_DEF_INVALID_EXPR']);
    expect(pairs(refusal(withLogic({ '>': [{ var: 'data.nope' }, { var: 'facts.unknown' }] }))).map((p) => p.split(' ')[1])).toEqual(['FW_DEF_UNKNOWN_FIELD', 'FW_DEF_UNKNOWN_FACT']);
  });
});
