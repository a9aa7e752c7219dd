/** A report template's settings from pickers: period, levels, deadline, approved states, figures and their pre-fill. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blankDefinition } from '../../designer/src/model/blank';
import { addField } from '../../designer/src/model/field-edits';
import {
  conditionValue,
  dropStaleFigures,
  newPrefill,
  prefillSource,
  periodLabel,
  readDeadline,
  recentPeriods,
  readReport,
  reportFigures,
  setFigure,
  setReport,
  staleFigures,
  templateStates,
  writeDeadline,
} from '../../designer/src/model/report-settings';
import type { Draft } from '../../designer/src/model/paths';
import { addStatGrid, gridNames } from '../../designer/src/model/stat-grid';
import { checkUi, compileDefinition } from '../../runtime/web/kit/engine';

const load = (key: string) => JSON.parse(readFileSync(new URL(`../../definitions/modules/${key}/definition.json`, import.meta.url), 'utf8')) as Draft;

/** A monthly template with a section holding two integers, and a table with a number column. */
function template(): Draft {
  let draft = blankDefinition('report', 'monthly', { 'zh-CN': '月报' });
  const section = addField(draft, '', 'section', 0, '案件');
  draft = section.draft;
  draft = addField(draft, section.pointer, 'integer', 0, '立案').draft;
  draft = addField(draft, section.pointer, 'integer', 1, '结案').draft;
  const table = addField(draft, '', 'table', 1, '明细');
  draft = addField(table.draft, `${table.pointer}/items`, 'number', 0, '金额').draft;
  return draft;
}

describe('report settings', () => {
  it('reads the defaults and sets period, sorted levels, deadline and approved states', () => {
    const draft = template();
    expect(readReport(draft)).toEqual({ period: 'month', levels: [4], deadline: 'P15D', fields: {} });
    const set = setReport(draft, { period: 'quarter', levels: [4, 3], deadline: 'P1M', approved: ['approved'] });
    expect(set.report).toEqual({ period: 'quarter', levels: [3, 4], deadline: 'P1M', approved: ['approved'] });
    expect(setReport(set, { approved: [], deadline: undefined }).report).toEqual({ period: 'quarter', levels: [3, 4] });
    expect(draft.report).toEqual({ period: 'month', levels: [4], deadline: 'P15D' });
  });

  it('allows early submission when asked, and leaves the default (not before the last day) unwritten', () => {
    const early = setReport(template(), { submitBeforeEnd: true });
    expect(early.report).toMatchObject({ submitBeforeEnd: true });
    expect(readReport(early).submitBeforeEnd).toBe(true);
    expect(compileDefinition(early).report?.spec.submitBeforeEnd).toBe(true);
    const back = setReport(early, { submitBeforeEnd: false });
    expect(back.report).not.toHaveProperty('submitBeforeEnd');
    expect(readReport(back)).not.toHaveProperty('submitBeforeEnd');
  });

  it('shows a deadline of days or months and writes it back', () => {
    expect(readDeadline('P15D')).toEqual({ amount: 15, unit: 'D' });
    expect(readDeadline(undefined)).toEqual({ amount: 15, unit: 'D' });
    expect(readDeadline('P2M')).toEqual({ amount: 2, unit: 'M' });
    expect(readDeadline('PT48H')).toBeUndefined();
    expect(writeDeadline(10.4, 'D')).toBe('P10D');
  });

  it('lists the number fields outside repeating tables as figures, with their section titles', () => {
    const figures = reportFigures(template());
    expect(figures.map((f) => [f.pointer, f.title])).toEqual([
      ['/anJian/liAn', '案件 › 立案'],
      ['/anJian/jieAn', '案件 › 结案'],
    ]);
  });

  it('writes only what differs from the defaults, and the result compiles with its pre-fill', () => {
    const draft = template();
    const plain = setFigure(draft, '/anJian/liAn', { aggregate: 'sum' });
    expect((plain.report as { fields?: unknown }).fields).toBeUndefined();
    const prefilled = setFigure(draft, '/anJian/liAn', {
      aggregate: 'max',
      prefill: { module: 'discipline-case', op: 'count', field: '/ignored', dateField: '/filedOn', where: [], states: [], scope: 'subtree' },
    });
    expect((prefilled.report as { fields: unknown }).fields).toEqual({ '/anJian/liAn': { aggregate: 'max', prefill: { module: 'discipline-case', op: 'count', dateField: '/filedOn' } } });
    const summed = setFigure(draft, '/anJian/jieAn', {
      prefill: { module: 'm', op: 'sum', field: '/amount', dateField: '/on', where: [{ path: '/kind', operator: 'in', value: ['a'] }], states: ['closed'], scope: 'unit' },
    });
    expect((summed.report as { fields: Record<string, unknown> }).fields['/anJian/jieAn']).toEqual({
      prefill: { module: 'm', op: 'sum', field: '/amount', dateField: '/on', where: [{ path: '/kind', operator: 'in', value: ['a'] }], states: ['closed'], scope: 'unit' },
    });
    expect(compileDefinition(prefilled).report?.prefilled.map((p) => p.pointer)).toEqual(['/anJian/liAn']);
    expect(readReport(prefilled).fields['/anJian/liAn']?.aggregate).toBe('max');
  });

  it('finds and drops the settings of fields that are gone, keeping those of other fields', () => {
    let draft = setFigure(setFigure(template(), '/anJian/liAn', { aggregate: 'max' }), '/gone', { aggregate: 'min' });
    draft = setFigure(draft, '/mingXi', { aggregate: 'count' });
    expect(staleFigures(draft)).toEqual(['/gone']);
    expect(Object.keys((dropStaleFigures(draft).report as { fields: object }).fields)).toEqual(['/anJian/liAn', '/mingXi']);
    const clean = template();
    expect(dropStaleFigures(clean)).toBe(clean);
  });

  it('reads a record module as a pre-fill source: dates, numbers, conditions with their values, states', () => {
    const source = prefillSource(load('discipline-case'));
    expect(source.dates.map((d) => d.pointer)).toContain('/filedOn');
    expect(source.numbers.map((d) => d.pointer)).toContain('/sanctionMonths');
    const category = source.conditions.find((c) => c.pointer === '/category');
    expect(category?.codelist).toBe('disciplines');
    expect(source.states.map((s) => s.name)).toContain('filed');
    expect(source.states.find((s) => s.name === 'filed')?.title['zh-CN']).toBe('审查调查');
    expect(newPrefill('discipline-case', source)).toEqual({ module: 'discipline-case', op: 'count', dateField: source.dates[0]!.pointer });
  });

  it('reads a typed condition value as the field holds it', () => {
    const number = { pointer: '/n', title: 'n', number: true };
    expect(conditionValue('3', number, false)).toBe(3);
    expect(conditionValue('3、 4,x', number, true)).toEqual([3, 4, 'x']);
    expect(conditionValue(' 3 ', { pointer: '/t', title: 't' }, false)).toBe('3');
    expect(conditionValue('', number, false)).toBe('');
  });

  it('names the default report workflow’s states when the template has none', () => {
    expect(templateStates(template()).map((s) => s.name)).toEqual(['draft', 'submitted', 'approved']);
    expect(templateStates(load('enforcement-quarterly')).length).toBeGreaterThan(0);
  });
});

describe('statistical table', () => {
  it('reads names one a line, without blanks or repeats', () => {
    expect(gridNames(' 立案\n\n结案\r\n立案 ')).toEqual(['立案', '结案']);
  });

  it('adds rows of integer columns laid out side by side; every cell is a figure and it compiles', () => {
    const start = blankDefinition('report', 'grid', { 'zh-CN': '表' });
    const { draft, pointer } = addStatGrid(start, '处分情况', ['党纪处分', '政务处分'], ['男', '女', '合计']);
    expect(pointer).toBe('/properties/chuFenQingKuang');
    const cells = reportFigures(draft);
    expect(cells.map((c) => c.title)).toEqual(['处分情况 › 党纪处分 › 男', '处分情况 › 党纪处分 › 女', '处分情况 › 党纪处分 › 合计', '处分情况 › 政务处分 › 男', '处分情况 › 政务处分 › 女', '处分情况 › 政务处分 › 合计']);
    expect((draft.ui as { chuFenQingKuang: { dangJiChuFen: unknown } }).chuFenQingKuang.dangJiChuFen).toMatchObject({ 'ui:options': { columns: 3 } });
    // The workspace shows it as a table with totals; publishing accepts that layout.
    expect((draft.ui as { chuFenQingKuang: unknown }).chuFenQingKuang).toMatchObject({ 'ui:options': { layout: 'grid', totals: true } });
    expect(checkUi(compileDefinition(draft).definition.ui, compileDefinition(draft).definition.schema)).toEqual([]);
    expect(compileDefinition(draft).report?.layout.filter((e) => e.kind === 'field')).toHaveLength(6);
    expect(() => addStatGrid(start, 'x', ['a'], ['1', '2', '3', '4', '5'])).toThrow(RangeError);
    expect(() => addStatGrid(start, 'x', [], ['1'])).toThrow(RangeError);
  });
});

describe('periods to try a template on', () => {
  it('lists the current period and those before it, in words', () => {
    const now = new Date('2026-03-31T17:00:00Z'); // 1 April in China
    expect(recentPeriods('month', now, 3).map((p) => p.key)).toEqual(['2026-04', '2026-03', '2026-02']);
    expect(recentPeriods('quarter', now, 2).map((p) => periodLabel(p, 'zh-CN'))).toEqual(['2026年第2季度', '2026年第1季度']);
    expect(recentPeriods('half', now, 2).map((p) => periodLabel(p, 'zh-CN'))).toEqual(['2026年上半年', '2025年下半年']);
    expect(periodLabel(recentPeriods('month', now, 1)[0]!, 'en')).toBe('April 2026');
    expect(periodLabel(recentPeriods('year', now, 1)[0]!, 'zh-CN')).toBe('2026年');
  });
});
