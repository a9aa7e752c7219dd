/**
 * The kit form's layouts without a browser: `ui:layout` groups the top-level fields into
 * sections, tabs or steps (a group with nothing to show drops out); `ui:options.layout: "grid"`
 * shows an object as a statistical table (a matrix under one header with totals, or rows of
 * labelled figures); the problem banner names each problem's field by its label.
 */
import Form from '@rjsf/antd';
import type { ErrorSchema, UiSchema } from '@rjsf/utils';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { compileDefinition, type FormLayout } from '../../engine/src/index.js';
import { withTableLayouts } from '../../runtime/web/kit/form/form-schema';
import { fieldId, gridShape, gridTotals, groupFields, groupOfPointer, hasErrors } from '../../runtime/web/kit/form/layout-model';
import { problemLabel, withoutLabel } from '../../runtime/web/kit/form/ProblemBanner';
import { TEMPLATES, validator, WIDGETS } from '../../runtime/web/kit/form/rjsf';
import { I18nProvider } from '../../runtime/web/kit/i18n';

const title = (zh: string) => ({ 'zh-CN': zh, en: zh });
const layout: FormLayout = {
  type: 'sections',
  groups: [
    { key: 'who', title: title('基本情况'), fields: ['/name', '/born'] },
    { key: 'matter', title: title('问题情况'), fields: ['/summary'] },
    { key: 'gone', title: title('已删除'), fields: ['/nothing'] },
  ],
};
const schema = {
  type: 'object',
  properties: {
    name: { type: 'string', title: '姓名' },
    born: { type: 'string', format: 'date', title: '出生日期' },
    summary: { type: 'string', title: '主要问题' },
    note: { type: 'string', title: '备注' },
  },
} as const;

const render = (uiSchema: UiSchema, formData: object = {}, errors?: object) =>
  renderToStaticMarkup(
    <I18nProvider locale="zh-CN" setLocale={() => undefined}>
      <Form schema={schema} uiSchema={uiSchema} formData={formData} validator={validator} templates={TEMPLATES} widgets={WIDGETS} {...(errors ? { extraErrors: errors as ErrorSchema } : {})} />
    </I18nProvider>,
  );

describe('form layout (ui:layout)', () => {
  it('groups the fields as listed, the unlisted ones last, groups naming nothing dropped', () => {
    expect(groupFields(layout, ['name', 'born', 'summary', 'note']).map((g) => [g.key, g.names])).toEqual([
      ['who', ['name', 'born']],
      ['matter', ['summary']],
      ['', ['note']],
    ]);
    expect(groupOfPointer(layout, '/born')).toBe('who');
    expect(groupOfPointer(layout, '/summary/0/x')).toBe('matter');
    expect(groupOfPointer(layout, '/note')).toBeUndefined();
    expect(fieldId('/people/0/born')).toBe('root_people_0_born');
  });

  it('renders sections one below the other, each under its title, in its order', () => {
    const html = render({ 'ui:layout': layout });
    const at = (text: string) => html.indexOf(text);
    expect(at('基本情况')).toBeGreaterThan(-1);
    expect(at('基本情况')).toBeLessThan(at('姓名'));
    expect(at('出生日期')).toBeLessThan(at('问题情况'));
    expect(at('问题情况')).toBeLessThan(at('主要问题'));
    expect(at('其他')).toBeLessThan(at('备注'));
    expect(html).not.toContain('已删除');
  });

  it('leaves out a group whose fields are all hidden (by a rule, by field access, or empty on a read-only record)', () => {
    const html = render({ 'ui:layout': layout, summary: { 'ui:widget': 'hidden' } });
    expect(html).not.toContain('问题情况');
    expect(html).toContain('基本情况');
  });

  it('renders tabs and steps with only the first group open, and marks a group holding a problem', () => {
    const tabs = render({ 'ui:layout': { ...layout, type: 'tabs' } }, {}, { summary: { __errors: ['必填'] } });
    expect(tabs).toContain('ant-tabs');
    expect(tabs).toMatch(/data-group="who" id="fw-group-who">/);
    expect(tabs).toMatch(/data-group="matter" id="fw-group-matter" hidden="">/);
    expect(tabs).toContain('ant-badge-dot');
    const steps = render({ 'ui:layout': { ...layout, type: 'steps' } }, {}, { summary: { __errors: ['必填'] } });
    expect(steps).toContain('下一步');
    expect(steps).toContain('ant-steps-item-error');
    expect(hasErrors({ a: { b: { __errors: ['x'] } } })).toBe(true);
    expect(hasErrors({ a: { __errors: [] } })).toBe(false);
  });
});

describe('statistical table (ui:options.layout: "grid")', () => {
  const cell = (t: string) => ({ type: 'integer' as const, title: t });
  const matrix = {
    type: 'object',
    properties: {
      table: {
        type: 'object',
        title: '案件统计',
        properties: {
          r1: { type: 'object', title: '省级', properties: { filed: cell('立案'), closed: cell('结案') } },
          r2: { type: 'object', title: '市级', properties: { filed: cell('立案'), closed: cell('结案') } },
        },
      },
    },
  } as const;
  const mixed = {
    type: 'object',
    properties: {
      received: cell('受理（件）'),
      disposed: { type: 'object', title: '处置（件）', properties: { talk: cell('谈话函询'), verify: cell('初步核实'), shelve: cell('暂存待查') } },
    },
  } as const;

  it('reads a matrix: rows of the same figures under one header', () => {
    const shape = gridShape(matrix.properties.table, {});
    expect(shape.columns).toEqual([
      { name: 'filed', title: '立案' },
      { name: 'closed', title: '结案' },
    ]);
    expect(shape.rows.map((r) => r.title)).toEqual(['省级', '市级']);
    expect(gridTotals(shape, { r1: { filed: 3, closed: 1 }, r2: { filed: 2 } })).toEqual({ rows: [4, 2], columns: [5, 1], all: 6 });
    expect(gridTotals(shape, {})).toEqual({ rows: [undefined, undefined], columns: [undefined, undefined], all: undefined });
  });

  it('reads rows of different figures (a figure on its own is a row of one) without a header', () => {
    const shape = gridShape(mixed, { 'ui:order': ['disposed', 'received'] });
    expect(shape.columns).toBeUndefined();
    expect(shape.rows).toEqual([
      { name: 'disposed', title: '处置（件）', cells: ['talk', 'verify', 'shelve'] },
      { name: 'received', title: '受理（件）', cells: [] },
    ]);
    expect(shape.width).toBe(3);
  });

  it('marks rows as lines without labels, and a matrix’s figures too', () => {
    expect(withTableLayouts(matrix, { table: { 'ui:options': { layout: 'grid' } } })).toEqual({
      table: {
        'ui:options': { layout: 'grid' },
        r1: { 'ui:options': { gridRow: true, label: false }, filed: { 'ui:options': { label: false } }, closed: { 'ui:options': { label: false } } },
        r2: { 'ui:options': { gridRow: true, label: false }, filed: { 'ui:options': { label: false } }, closed: { 'ui:options': { label: false } } },
      },
    });
    const marked = withTableLayouts(mixed, { 'ui:options': { layout: 'grid' } });
    expect(marked.received).toEqual({ 'ui:options': { label: false } });
    expect(marked.disposed).toEqual({ 'ui:options': { gridRow: true, label: false }, talk: {}, verify: {}, shelve: {} });
  });

  it('renders a matrix as a table: its header, its row titles, and the totals of rows, columns and all', () => {
    const ui = withTableLayouts(matrix, { table: { 'ui:options': { layout: 'grid', totals: true } } });
    const html = renderToStaticMarkup(
      <I18nProvider locale="zh-CN" setLocale={() => undefined}>
        <Form schema={matrix} uiSchema={ui as UiSchema} formData={{ table: { r1: { filed: 3, closed: 1 }, r2: { filed: 2, closed: 2 } } }} validator={validator} templates={TEMPLATES} widgets={WIDGETS} />
      </I18nProvider>,
    );
    expect(html).toContain('data-grid="matrix"');
    expect(html.match(/role="columnheader"/g)).toHaveLength(4);
    expect(html).toMatch(/role="rowheader">省级</);
    expect(html).toMatch(/data-total="r1">4</);
    expect(html).toMatch(/data-total="r2">4</);
    expect(html).toMatch(/data-total="all">8</);
    // Each figure once, unlabelled: the header names the columns.
    expect(html.match(/>立案</g)).toHaveLength(1);
  });
});

describe('problem banner', () => {
  const compiled = compileDefinition({
    key: 'banner-test',
    kind: 'record',
    title: title('测试'),
    schema: {
      type: 'object',
      properties: {
        code: { type: 'string', title: '统一编码' },
        measures: { type: 'array', title: '整改措施', items: { type: 'object', properties: { due: { type: 'string', format: 'date', title: '完成时限' } } } },
      },
    },
    i18n: { en: { '/properties/code': 'Unified code' } },
  });

  it('names a problem’s field by its label, a list row by its number, in the reader’s language', () => {
    const row = (n: number) => `第 ${n} 项`;
    expect(problemLabel(compiled, '/code', 'zh-CN', row)).toBe('统一编码');
    expect(problemLabel(compiled, '/code', 'en', (n) => `row ${n}`)).toBe('Unified code');
    expect(problemLabel(compiled, '/measures/1/due', 'zh-CN', row)).toBe('整改措施 第 2 项 · 完成时限');
    expect(problemLabel(compiled, '/measures', 'zh-CN', row)).toBe('整改措施');
  });

  it('leaves the field’s name out of the message when it starts with it', () => {
    expect(withoutLabel('「统一编码」的格式不正确', '统一编码')).toBe('格式不正确');
    expect(withoutLabel('已整改数不能大于发现问题数', '已整改数')).toBe('已整改数不能大于发现问题数');
  });
});
