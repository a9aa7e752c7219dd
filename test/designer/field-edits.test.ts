/**
 * The builder's edits of a definition: fields added from the palette, moved (reordered, into a
 * section, into a table's rows) and renamed with everything keyed by their place, removed, and
 * their keywords set — rules other than the builder's own sums left exactly as they were.
 */
import { describe, expect, it } from 'vitest';
import { addField, changeKind, moveField, removeField, renameField, setEnglish, setFieldSchema, setFieldUi, setRequired } from '../../designer/src/model/field-edits';
import { kindOf } from '../../designer/src/model/field-kinds';
import { allFields, listFields } from '../../designer/src/model/fields';
import { dataPointer, schemaPointerOf, uiPath } from '../../designer/src/model/paths';
import { putSumRule } from '../../designer/src/model/sum-rule';
import { compileDefinition } from '../../runtime/web/kit/engine';

const base = () => ({ key: 'demo', kind: 'record', title: { 'zh-CN': '演示' }, schema: { type: 'object', properties: {} }, ui: { 'ui:order': [] } });
const handRule = { name: 'mine', conditions: { all: [{ fact: 'data', path: '/a', operator: 'equal', value: 'x' }] }, event: { type: 'error', params: { path: '/a', message: { 'zh-CN': '手写' } } } };

describe('pointers of a field', () => {
  it('names its value in data, its place in the uiSchema, and back', () => {
    expect(dataPointer('/properties/rows/items/properties/amount')).toBe('/rows/-/amount');
    expect(uiPath('/properties/rows/items/properties/amount')).toEqual(['rows', 'items', 'amount']);
    const schema = { type: 'object', properties: { rows: { type: 'array', items: { type: 'object', properties: { amount: { type: 'number' } } } } } };
    expect(schemaPointerOf(schema, '/rows/-/amount')).toBe('/properties/rows/items/properties/amount');
    expect(schemaPointerOf(schema, '/nope')).toBeUndefined();
  });
});

describe('building a form', () => {
  it('adds fields from the palette at a position, keys from labels, in ui:order', () => {
    let { draft } = addField(base(), '', 'text', 0, '姓名');
    ({ draft } = addField(draft, '', 'integer', 0, '年龄'));
    ({ draft } = addField(draft, '', 'text', 1, '姓名'));
    expect((draft.ui as { 'ui:order': string[] })['ui:order']).toEqual(['nianLing', 'xingMing2', 'xingMing']);
    expect(listFields(draft).map((f) => [f.name, f.kind])).toEqual([
      ['nianLing', 'integer'],
      ['xingMing2', 'text'],
      ['xingMing', 'text'],
    ]);
    expect(base().schema.properties).toEqual({});
  });

  it('makes every palette kind a definition the engine compiles, and recognises each again', () => {
    const kinds = ['text', 'textarea', 'number', 'integer', 'date', 'datetime', 'single', 'multiple', 'boolean', 'codelist', 'idNumber', 'phone', 'unit', 'attachment', 'section', 'group', 'table'] as const;
    let draft: Record<string, unknown> = base();
    kinds.forEach((kind, i) => ({ draft } = addField(draft, '', kind, i, `字段${i}`, 'disciplines')));
    expect(listFields(draft).map((f) => f.kind)).toEqual(kinds);
    const codelists = { 'codelist:disciplines': { type: 'string', oneOf: [{ const: 'political', title: '政治纪律' }] } };
    expect(() => compileDefinition(draft, { codelists })).not.toThrow();
  });

  it('moves a field into a section and into a table row, with its required flag, ui, English title and report setting', () => {
    let { draft } = addField(base(), '', 'section', 0, '基本情况');
    ({ draft } = addField(draft, '', 'table', 1, '明细'));
    let moved = addField(draft, '', 'number', 2, '金额');
    draft = setRequired(moved.draft, moved.pointer, true);
    draft = setFieldUi(draft, moved.pointer, { 'ui:placeholder': '元' });
    draft = setEnglish(draft, moved.pointer, 'Amount');
    draft = { ...draft, report: { period: 'month', levels: [4], fields: { '/jinE': { aggregate: 'max' } } } };
    moved = moveField(draft, moved.pointer, '/properties/jiBenQingKuang', 0);
    expect(moved.pointer).toBe('/properties/jiBenQingKuang/properties/jinE');
    const inSection = moved.draft as { schema: { properties: Record<string, { required?: string[] }> }; ui: Record<string, unknown>; i18n: { en: Record<string, string> }; report: { fields: object } };
    expect(inSection.schema.properties.jiBenQingKuang!.required).toEqual(['jinE']);
    expect(inSection.ui.jiBenQingKuang).toMatchObject({ jinE: { 'ui:placeholder': '元' }, 'ui:order': ['jinE'] });
    expect(inSection.ui['ui:order']).toEqual(['jiBenQingKuang', 'mingXi']);
    expect(inSection.i18n.en).toEqual({ '/properties/jiBenQingKuang/properties/jinE': 'Amount' });
    expect(inSection.report.fields).toEqual({ '/jiBenQingKuang/jinE': { aggregate: 'max' } });

    const row = moveField(moved.draft, moved.pointer, '/properties/mingXi/items', 0);
    expect(row.pointer).toBe('/properties/mingXi/items/properties/jinE');
    expect(allFields(row.draft).map((f) => f.data)).toEqual(['/jiBenQingKuang', '/mingXi', '/mingXi/-/jinE']);
  });

  it('reorders within a container, refuses to move a section into itself, and numbers a clashing name', () => {
    let { draft } = addField(base(), '', 'text', 0, 'a');
    ({ draft } = addField(draft, '', 'text', 1, 'b'));
    ({ draft } = addField(draft, '', 'section', 2, 's'));
    ({ draft } = addField(draft, '/properties/s', 'text', 0, 'a'));
    expect(listFields(moveField(draft, '/properties/b', '', 0).draft).map((f) => f.name)).toEqual(['b', 'a', 's']);
    expect(() => moveField(draft, '/properties/s', '/properties/s', 0)).toThrow();
    expect(moveField(draft, '/properties/a', '/properties/s', 1).pointer).toBe('/properties/s/properties/a2');
  });

  it('renames in place and removes with everything keyed by the field; hand-written rules stay as they are', () => {
    let { draft } = addField(base(), '', 'integer', 0, '甲');
    ({ draft } = addField(draft, '', 'integer', 1, '乙'));
    ({ draft } = addField(draft, '', 'integer', 2, '合计'));
    draft = { ...draft, rules: [handRule] };
    putSumRule(draft, { target: '/heJi', sources: ['/jia', '/yi'] }, { target: '合计', sources: ['甲', '乙'] });
    draft = setEnglish(draft, '/properties/jia', 'A');
    const renamed = renameField(draft, '/properties/jia', 'first');
    expect(listFields(renamed.draft).map((f) => f.name)).toEqual(['first', 'yi', 'heJi']);
    const rules = renamed.draft.rules as { name: string; event: { params: { expr?: unknown } } }[];
    expect(rules[0]).toEqual(handRule);
    expect(JSON.stringify(rules[1]!.event.params.expr)).toContain('data.first');
    expect((renamed.draft.i18n as { en: object }).en).toEqual({ '/properties/first': 'A' });
    const removed = removeField(renamed.draft, '/properties/first');
    expect(listFields(removed).map((f) => f.name)).toEqual(['yi', 'heJi']);
    expect((removed.i18n as { en: object }).en).toEqual({});
  });

  it('keeps the form layout true: a renamed field keeps its group, a removed or nested one leaves it, an emptied group goes', () => {
    let { draft } = addField(base(), '', 'integer', 0, '甲');
    ({ draft } = addField(draft, '', 'integer', 1, '乙'));
    ({ draft } = addField(draft, '', 'section', 2, '分组'));
    const title = { 'zh-CN': '组' };
    draft = { ...draft, ui: { ...(draft.ui as object), 'ui:layout': { type: 'tabs', groups: [{ key: 'a', title, fields: ['/jia', '/yi'] }, { key: 'b', title, fields: ['/fenZu'] }] } } };
    const layout = (d: Record<string, unknown>) => (d.ui as { 'ui:layout'?: { groups: { key: string; fields: string[] }[] } })['ui:layout'];
    const renamed = renameField(draft, '/properties/jia', 'first').draft;
    expect(layout(renamed)!.groups.map((g) => g.fields)).toEqual([['/first', '/yi'], ['/fenZu']]);
    const nested = moveField(renamed, '/properties/yi', '/properties/fenZu', 0).draft;
    expect(layout(nested)!.groups.map((g) => g.fields)).toEqual([['/first'], ['/fenZu']]);
    const removed = removeField(nested, '/properties/first');
    expect(layout(removed)!.groups.map((g) => g.key)).toEqual(['b']);
    expect(layout(removeField(removed, '/properties/fenZu'))).toBeUndefined();
    expect(() => compileDefinition(removed)).not.toThrow();
  });

  it('sets and clears keywords, and changes a field to another kind keeping its title and help', () => {
    const { draft, pointer } = addField(base(), '', 'text', 0, '电话');
    const withHelp = setFieldSchema(draft, pointer, { description: '手机号', maxLength: undefined });
    expect((withHelp.schema as { properties: { dianHua: object } }).properties.dianHua).toEqual({ title: '电话', type: 'string', description: '手机号' });
    const phone = changeKind(withHelp, pointer, 'phone');
    const node = (phone.schema as { properties: { dianHua: Record<string, unknown> } }).properties.dianHua;
    expect(node).toMatchObject({ title: '电话', description: '手机号', type: 'string' });
    expect(kindOf(node, undefined)).toBe('phone');
  });

  it('leaves what it does not know as advanced', () => {
    expect(kindOf({ $ref: '#/$defs/person' }, undefined)).toBe('advanced');
    expect(kindOf({ type: 'string', format: 'email' }, undefined)).toBe('advanced');
    expect(kindOf({ anyOf: [{ type: 'string' }, { type: 'number' }] }, undefined)).toBe('advanced');
    expect(kindOf({ type: 'array', items: { type: 'string' } }, undefined)).toBe('advanced');
  });
});

describe('titles', () => {
  it('names a field with the sections and tables it lies in', async () => {
    const { fullTitle, numberFields } = await import('../../designer/src/model/fields');
    let { draft } = addField(base(), '', 'section', 0, '立案审查');
    ({ draft } = addField(draft, '/properties/liAnShenCha', 'integer', 0, '立案'));
    ({ draft } = addField(draft, '', 'table', 1, '明细'));
    ({ draft } = addField(draft, '/properties/mingXi/items', 'number', 0, '金额'));
    expect(fullTitle(draft, '/properties/liAnShenCha/properties/liAn')).toBe('立案审查 › 立案');
    expect(fullTitle(draft, '/properties/mingXi/items/properties/jinE')).toBe('明细 › 金额');
    expect(numberFields(draft).map((f) => f.data)).toEqual(['/liAnShenCha/liAn', '/mingXi/-/jinE']);
  });
});
