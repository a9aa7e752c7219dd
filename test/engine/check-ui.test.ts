/**
 * checkUi at publish (runtime/src/modules/definition-check.ts runs it after the compile): a ui:widget or ui:field the workspace form cannot show is refused at its
 * pointer, with the names that fit; everything the form can show passes.
 */
import { describe, expect, it } from 'vitest';
import { checkUi, compileDefinition, localizeProblem, type Problem } from '../../engine/src/index.js';
import { definition, pairs } from './helpers.js';

/** What publishing's ui check finds in a definition that compiles (its schema converted, code lists none). */
function uiProblems(input: Record<string, unknown>): Problem[] {
  const compiled = compileDefinition(input);
  return checkUi(compiled.definition.ui, compiled.definition.schema);
}

const schema = {
  type: 'object',
  $defs: { amount: { type: 'number', title: '金额' } },
  properties: {
    name: { type: 'string', title: '姓名' },
    age: { type: 'integer', title: '年龄' },
    done: { type: 'boolean', title: '完成' },
    kind: { enum: ['a', 'b'] },
    price: { $ref: '#/$defs/amount' },
    tags: { type: 'array', items: { type: 'string', enum: ['x', 'y'] }, uniqueItems: true },
    pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'boolean' }], items: { type: 'integer' } },
    address: { type: 'object', properties: { city: { type: 'string' } } },
    note: { type: ['string', 'null'] },
  },
  oneOf: [{ properties: { extra: { type: 'number' } } }, { properties: { other: { type: 'string' } } }],
};

const withUi = (ui: unknown) => definition({ schema, ui });

describe('checkUi', () => {
  it('accepts every widget the form can show: by type, by component name, the kit’s, hidden anywhere', () => {
    const ui = {
      name: { 'ui:widget': 'textarea' },
      age: { 'ui:widget': 'updown' },
      done: { 'ui:widget': 'radio' },
      kind: { 'ui:widget': 'radio' },
      price: { 'ui:widget': 'range' },
      tags: { 'ui:widget': 'checkboxes' },
      pair: { items: [{ 'ui:widget': 'attachment' }, { 'ui:widget': 'select' }], additionalItems: { 'ui:widget': 'updown' } },
      address: { 'ui:widget': 'hidden', city: { 'ui:widget': 'unit' } },
      note: { 'ui:options': { widget: 'textarea' } },
      extra: { 'ui:widget': 'updown' },
      other: { 'ui:widget': 'RatingWidget' },
      'ui:field': 'LayoutGridField',
      nowhere: { 'ui:widget': 'textarea' },
    };
    expect(uiProblems(withUi(ui))).toEqual([]);
  });

  it('refuses a widget name nothing registers, at its pointer, with the names that fit the field', () => {
    const problems = uiProblems(withUi({ name: { 'ui:widget': 'toggle' }, pair: { items: [{}, { 'ui:options': { widget: 'switch' } }] } }));
    expect(pairs(problems)).toEqual(['/ui/name/ui:widget FW_DEF_UI_UNKNOWN_WIDGET', '/ui/pair/items/1/ui:options/widget FW_DEF_UI_UNKNOWN_WIDGET']);
    expect(problems[0]!.params).toMatchObject({ widget: 'toggle' });
    expect(String(problems[0]!.params!.allowed)).toContain('textarea');
    expect(String(problems[1]!.params!.allowed)).toContain('checkbox');
    expect(localizeProblem(problems[0]!, 'zh-CN').message).toContain('删除 ui:widget');
  });

  it('refuses a widget rjsf knows only for other types, following $ref, item positions and either-or branches', () => {
    const problems = uiProblems(
      withUi({
        name: { 'ui:widget': 'updown' },
        done: { 'ui:widget': 'textarea' },
        price: { 'ui:widget': 'date' },
        tags: { 'ui:widget': 'radio' },
        pair: { items: [{ 'ui:widget': 'range' }], additionalItems: { 'ui:widget': 'checkbox' } },
        extra: { 'ui:widget': 'unit' },
      }),
    );
    expect(pairs(problems)).toEqual([
      '/ui/name/ui:widget FW_DEF_UI_WIDGET_TYPE',
      '/ui/done/ui:widget FW_DEF_UI_WIDGET_TYPE',
      '/ui/price/ui:widget FW_DEF_UI_WIDGET_TYPE',
      '/ui/tags/ui:widget FW_DEF_UI_WIDGET_TYPE',
      '/ui/pair/items/0/ui:widget FW_DEF_UI_WIDGET_TYPE',
      '/ui/pair/additionalItems/ui:widget FW_DEF_UI_WIDGET_TYPE',
      '/ui/extra/ui:widget FW_DEF_UI_WIDGET_TYPE',
    ]);
    expect(problems[0]!.params).toMatchObject({ widget: 'updown', type: 'string' });
    expect(String(problems[0]!.params!.allowed)).toContain('unit');
  });

  it('refuses a ui:field nothing registers', () => {
    expect(pairs(uiProblems(withUi({ 'ui:field': 'geo', address: { 'ui:options': { field: 'MapField' } } })))).toEqual([
      '/ui/ui:field FW_DEF_UI_UNKNOWN_FIELD',
      '/ui/address/ui:options/field FW_DEF_UI_UNKNOWN_FIELD',
    ]);
  });

  it('refuses a ui:order rjsf would show a configuration error for: a field left out without "*", two "*"', () => {
    const listed = ['name', 'age', 'done', 'kind', 'price', 'tags', 'pair', 'address', 'note'];
    expect(uiProblems(withUi({ 'ui:order': [...listed, 'extra', 'other'], address: { 'ui:order': ['city', 'gone'] } }))).toEqual([]);
    expect(uiProblems(withUi({ 'ui:order': ['name', '*'] }))).toEqual([]);
    const problems = uiProblems(withUi({ 'ui:order': listed, address: { 'ui:order': ['*', 'city', '*'] } }));
    expect(pairs(problems)).toEqual(['/ui/ui:order FW_DEF_UI_ORDER', '/ui/address/ui:order FW_DEF_UI_ORDER_WILDCARD']);
    // The branches' fields are shown under the same order.
    expect(problems[0]!.params).toEqual({ missing: 'extra、other' });
    const open = definition({ schema: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } }, ui: { 'ui:order': ['a'] } });
    expect(pairs(uiProblems(open))).toEqual(['/ui/ui:order FW_DEF_UI_ORDER']);
  });

  it('is not part of the compile: a version published before the check still loads', () => {
    expect(() => compileDefinition(withUi({ name: { 'ui:widget': 'toggle' }, 'ui:order': ['name'] }))).not.toThrow();
  });

  describe('the form layout', () => {
    const title = (zh: string) => ({ 'zh-CN': zh, en: zh });
    const layout = (groups: unknown[], type = 'sections') => withUi({ 'ui:layout': { type, groups } });

    it('accepts sections, tabs and steps of top-level fields (a branch’s fields too), and grid and table where they fit', () => {
      const groups = [
        { key: 'who', title: title('基本情况'), fields: ['/name', '/age'] },
        { key: 'more', title: title('其他'), fields: ['/address', '/extra'] },
      ];
      for (const type of ['sections', 'tabs', 'steps']) expect(uiProblems(layout(groups, type))).toEqual([]);
      const rows = { type: 'object', properties: { a: { type: 'object', properties: { x: { type: 'integer' } } } } };
      const table = { type: 'array', items: { type: 'object', properties: { x: { type: 'integer' } } } };
      const fits = definition({ schema: { type: 'object', properties: { rows, table } }, ui: { rows: { 'ui:options': { layout: 'grid' } }, table: { 'ui:options': { layout: 'table' } } } });
      expect(uiProblems(fits)).toEqual([]);
    });

    it('refuses a group naming a field the form does not have at the top, or a nested one, at that entry', () => {
      const problems = uiProblems(layout([{ key: 'who', title: title('基本情况'), fields: ['/name', '/nobody', '/address/city'] }]));
      expect(pairs(problems)).toEqual(['/ui/ui:layout/groups/0/fields/1 FW_DEF_UI_LAYOUT_FIELD', '/ui/ui:layout/groups/0/fields/2 FW_DEF_UI_LAYOUT_FIELD']);
      expect(localizeProblem(problems[0]!, 'zh-CN').message).toBe('分区「基本情况」列出的「/nobody」不是表单的顶层字段：请写表单中已有字段的路径（如 /name）');
    });

    it('refuses a field in two groups and a key used twice, at the second', () => {
      const problems = uiProblems(
        layout([
          { key: 'a', title: title('甲'), fields: ['/name'] },
          { key: 'a', title: title('乙'), fields: ['/age', '/name'] },
        ]),
      );
      expect(pairs(problems)).toEqual(['/ui/ui:layout/groups/1/key FW_DEF_UI_LAYOUT_DUPLICATE', '/ui/ui:layout/groups/1/fields/1 FW_DEF_UI_LAYOUT_DUPLICATE']);
      expect(problems[1]!.params).toMatchObject({ name: '/name', other: '/ui/ui:layout/groups/0/fields/0' });
    });

    it('refuses a layout away from the top and a field layout the field cannot take, in both languages', () => {
      const problems = uiProblems(withUi({ address: { 'ui:layout': { type: 'tabs', groups: [] } }, name: { 'ui:options': { layout: 'grid' } }, tags: { 'ui:options': { layout: 'grid' } }, age: { 'ui:options': { layout: 'cards' } } }));
      expect(pairs(problems)).toEqual([
        '/ui/address/ui:layout FW_DEF_UI_LAYOUT_PLACE',
        '/ui/name/ui:options/layout FW_DEF_UI_LAYOUT_OPTION',
        '/ui/tags/ui:options/layout FW_DEF_UI_LAYOUT_OPTION',
        '/ui/age/ui:options/layout FW_DEF_UI_LAYOUT_OPTION',
      ]);
      expect(localizeProblem(problems[1]!, 'zh-CN').message).toContain('grid 只能用于含字段的分组（对象）');
      expect(localizeProblem(problems[1]!, 'en').message).toBe('ui:options.layout is "grid", but grid fits only a section holding fields (an object): remove it, or put it on a field that fits');
    });

    it('refuses a layout of the wrong shape when the definition compiles (the meta-model), at the entry', () => {
      expect(() => compileDefinition(layout([{ key: 'a', fields: ['/name'] }], 'accordion'))).toThrow(expect.objectContaining({ problems: expect.arrayContaining([expect.objectContaining({ path: '/ui/ui:layout/type' }), expect.objectContaining({ path: '/ui/ui:layout/groups/0/title' })]) }));
    });
  });
});
