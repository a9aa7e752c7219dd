/**
 * The kit form's options and layout, without a browser: a deprecated code is not offered for a
 * new value but still shown for a record that holds it; a table's rows become single lines
 * without labels under one header; English help is read from `i18n.en` at the description's pointer.
 */
import Form from '@rjsf/antd';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { formSchema, withTableLayouts } from '../../runtime/web/kit/form/form-schema';
import { offeredOptions } from '../../runtime/web/kit/form/deprecated-options';
import { tableColumns } from '../../runtime/web/kit/form/layout-templates';
import { TEMPLATES, validator, WIDGETS } from '../../runtime/web/kit/form/rjsf';
import { I18nProvider } from '../../runtime/web/kit/i18n';

const options = [
  { value: 'a', label: '甲', schema: { const: 'a', title: '甲' } },
  { value: 'b', label: '乙', schema: { const: 'b', title: '乙', deprecated: true } },
  { value: 'c', label: '丙', schema: { const: 'c', title: '丙' } },
];

describe('deprecated options', () => {
  it('are left out for a new value, kept (and marked) for a value that holds them', () => {
    expect(offeredOptions(options, undefined, '（已停用）').map((o) => o.label)).toEqual(['甲', '丙']);
    expect(offeredOptions(options, 'b', '（已停用）').map((o) => o.label)).toEqual(['甲', '乙（已停用）', '丙']);
    expect(offeredOptions(options, ['c', 'b'], '（已停用）').map((o) => o.value)).toEqual(['a', 'b', 'c']);
  });

  it('show that way in a rendered radio group', () => {
    const schema = { type: 'object', properties: { kind: { type: 'string', title: '类别', oneOf: options.map((o) => o.schema) } } } as const;
    const render = (formData: object) =>
      renderToStaticMarkup(
        <I18nProvider locale="zh-CN" setLocale={() => undefined}>
          <Form schema={schema} uiSchema={{ kind: { 'ui:widget': 'radio' } }} formData={formData} validator={validator} templates={TEMPLATES} widgets={WIDGETS} />
        </I18nProvider>,
      );
    expect(render({})).not.toContain('乙');
    expect(render({ kind: 'b' })).toContain('乙（已停用）');
  });
});

describe('table layout', () => {
  const schema = {
    type: 'object',
    properties: {
      rows: { type: 'array', title: '明细', items: { type: 'object', required: ['amount'], properties: { name: { type: 'string', title: '名称' }, amount: { type: 'number', title: '金额' } } } },
    },
  };

  it('marks a table array’s rows as lines and their fields as unlabelled', () => {
    const ui = withTableLayouts(schema, { rows: { 'ui:options': { layout: 'table' }, items: { 'ui:order': ['amount', 'name'] } } });
    expect(ui).toEqual({
      rows: {
        'ui:options': { layout: 'table' },
        items: { 'ui:order': ['amount', 'name'], 'ui:options': { tableRow: true, label: false }, name: { 'ui:options': { label: false } }, amount: { 'ui:options': { label: false } } },
      },
    });
    expect(withTableLayouts(schema, {})).toEqual({ rows: { items: { name: {}, amount: {} } } });
  });

  it('names the columns in ui:order with their titles and required flags', () => {
    expect(tableColumns(schema.properties.rows as never, { 'ui:order': ['amount'] })).toEqual([
      { name: 'amount', title: '金额', required: true },
      { name: 'name', title: '名称', required: false },
    ]);
  });

  it('renders one header and one line per row', () => {
    const ui = withTableLayouts(schema, { rows: { 'ui:options': { layout: 'table' } } });
    const html = renderToStaticMarkup(
      <I18nProvider locale="zh-CN" setLocale={() => undefined}>
        <Form schema={schema as never} uiSchema={ui} formData={{ rows: [{ name: 'x', amount: 1 }, { name: 'y' }] }} validator={validator} templates={TEMPLATES} widgets={WIDGETS} />
      </I18nProvider>,
    );
    expect(html.match(/fw-table-head/g)).toHaveLength(1);
    expect(html.match(/fw-table-row/g)).toHaveLength(2);
  });
});

describe('English help', () => {
  it('comes from i18n.en at the description’s pointer', () => {
    const schema = { type: 'object', properties: { a: { type: 'string', title: '甲', description: '说明' } } };
    const en = { '/properties/a': 'A', '/properties/a/description': 'Help' };
    expect((formSchema(schema, {}, en, 'en') as { properties: { a: object } }).properties.a).toMatchObject({ title: 'A', description: 'Help' });
    expect((formSchema(schema, {}, en, 'zh-CN') as { properties: { a: object } }).properties.a).toMatchObject({ title: '甲', description: '说明' });
  });
});
