/**
 * The kit's form renders what the server validates: a published 2020-12 schema, through
 * renderSchema, shows a dependent question when its answer is given (dependentSchemas), marks
 * a dependent field required (dependentRequired), shows fixed positions with their own widgets
 * (prefixItems), and resolves embedded `$id`s — where rjsf given the schema as published does not.
 */
import Form from '@rjsf/antd';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { chosenBy, withEitherOrChoices } from '../../runtime/web/kit/form/either-or';
import { stepSchema } from '../../runtime/web/kit/form/form-schema';
import { renderSchema } from '../../runtime/web/kit/form/render-schema';
import { TEMPLATES, validator, WIDGETS } from '../../runtime/web/kit/form/rjsf';
import { I18nProvider } from '../../runtime/web/kit/i18n';

const render = (schema: unknown, formData: object) =>
  renderToStaticMarkup(
    <I18nProvider locale="zh-CN" setLocale={() => undefined}>
      <Form schema={schema as never} formData={formData} validator={validator} templates={TEMPLATES} widgets={WIDGETS} />
    </I18nProvider>,
  );

const pets = {
  type: 'object',
  properties: { hasPet: { type: 'string', title: '是否养宠', enum: ['是', '否'] }, owner: { type: 'string', title: '主人' }, phone: { type: 'string', title: '电话' } },
  dependentSchemas: { hasPet: { properties: { species: { type: 'string', title: '品种' } }, required: ['species'] } },
  dependentRequired: { owner: ['phone'] },
};

describe('the kit form on a 2020-12 schema', () => {
  it('shows the dependent question once its answer is given (dependentSchemas)', () => {
    expect(render(renderSchema(pets), {})).not.toContain('品种');
    expect(render(renderSchema(pets), { hasPet: '是' })).toContain('品种');
    // As published, rjsf does not implement dependentSchemas: the question never shows.
    expect(render(pets, { hasPet: '是' })).not.toContain('品种');
  });

  it('marks a field required once the field it depends on is filled (dependentRequired)', () => {
    const phoneRequired = (html: string) => /fw-field-required"[^>]*>电话/.test(html);
    expect(phoneRequired(render(renderSchema(pets), {}))).toBe(false);
    expect(phoneRequired(render(renderSchema(pets), { owner: '张三' }))).toBe(true);
    expect(phoneRequired(render(pets, { owner: '张三' }))).toBe(false);
  });

  it('shows fixed positions with their own widgets (prefixItems)', () => {
    const schema = { type: 'object', properties: { pair: { type: 'array', title: '组合', prefixItems: [{ type: 'string', title: '名称' }, { type: 'boolean', title: '已核实' }], items: false } } };
    const html = render(renderSchema(schema), { pair: ['甲', true] });
    expect(html).toMatch(/type="checkbox"[^>]*id="root_pair_1"|id="root_pair_1"[^>]*type="checkbox"/);
    expect(html).toContain('已核实');
  });

  it('resolves references to embedded $ids', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://example.com/bundle',
      type: 'object',
      $defs: { 'https://example.com/schemas/int': { $id: 'https://example.com/schemas/int', type: 'integer', title: '整数' }, count: { allOf: [{ $ref: '/schemas/int' }] } },
      properties: { num: { $ref: '#/$defs/count' } },
    };
    const html = render(renderSchema(schema), { num: 3 });
    expect(html).toContain('整数');
    expect(html).toContain('id="root_num"');
  });
});

describe('an either-or section', () => {
  it('shows a problem of the section as a whole once, not again on the chosen branch', () => {
    const schema = {
      type: 'object',
      properties: {
        contact: {
          title: '联系人',
          oneOf: [
            { title: '个人', type: 'object', properties: { name: { type: 'string', title: '姓名' } } },
            { title: '单位', type: 'object', properties: { name: { type: 'string', title: '名称' } } },
          ],
        },
      },
    };
    const html = renderToStaticMarkup(
      <I18nProvider locale="zh-CN" setLocale={() => undefined}>
        <Form
          schema={schema as never}
          formData={{ contact: { name: '张三' } }}
          validator={validator}
          templates={TEMPLATES}
          widgets={WIDGETS}
          noValidate
          showErrorList={false}
          extraErrors={{ contact: { __errors: ['应恰好符合一种允许的形式'], name: { __errors: ['姓名太短'] } } } as never}
        />
      </I18nProvider>,
    );
    expect(html.match(/应恰好符合一种允许的形式/g)).toHaveLength(1);
    expect(html.match(/姓名太短/g)).toHaveLength(1);
  });
});

describe('a workflow step’s form', () => {
  it('renders the step’s fields as the record form does: references to embedded $ids resolved', () => {
    const definition = {
      key: 'fines',
      kind: 'record',
      title: { 'zh-CN': '罚款' },
      schema: { type: 'object', $defs: { amount: { $id: '/schemas/amount', type: 'number', title: '金额' } }, properties: { fine: { $ref: '/schemas/amount' }, note: { type: 'string' } } },
    };
    const step = stepSchema({ definition, codelists: {} } as never, ['/fine'], 'zh-CN') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(step.properties.fine.$ref).toBe('#/$defs/amount');
    expect(step.$defs.amount.$id).toBeUndefined();
    expect(render(step, { fine: 5 })).toContain('金额');
  });
});

describe('an either-or section chosen by one of its own fields', () => {
  const party = {
    type: 'object',
    properties: { kind: { type: 'string', title: '类型', enum: ['person', 'company'] } },
    oneOf: [
      { title: '个人', properties: { kind: { const: 'person' }, name: { type: 'string', title: '姓名' } }, required: ['kind', 'name'] },
      { title: '单位', properties: { kind: { const: 'company' }, company: { type: 'string', title: '公司名称' } }, required: ['kind', 'company'] },
    ],
  };
  const show = (schema: object, ui: Record<string, unknown>, formData: object) =>
    renderToStaticMarkup(
      <I18nProvider locale="zh-CN" setLocale={() => undefined}>
        <Form schema={schema as never} uiSchema={ui} formData={formData} validator={validator} templates={TEMPLATES} widgets={WIDGETS} />
      </I18nProvider>,
    );

  it('is chosen by that field alone: no option picker, the branch’s copy of it hidden, the branch’s fields shown', () => {
    expect(chosenBy(party, party)).toBe('kind');
    const ui = withEitherOrChoices(party, {});
    const html = show(party, ui, { kind: 'company' });
    expect(html).toContain('公司名称');
    expect(html).not.toContain('姓名');
    expect(html).not.toContain('__oneof_select');
    expect(html.match(/<label[^>]*>类型</g)).toHaveLength(1);
    expect(html).not.toMatch(/<label[^>]*>kind</);
    // As rjsf renders it on its own: a picker, and the constant in a text box labelled "kind".
    const plain = show(party, {}, { kind: 'company' });
    expect(plain).toContain('__oneof_select');
    expect(plain).toMatch(/<label[^>]*>kind</);
  });

  it('keeps the picker where no field of the section tells the branches apart', () => {
    const loose = { type: 'object', properties: { note: { type: 'string' } }, oneOf: [{ properties: { a: { type: 'string' } } }, { properties: { b: { type: 'string' } } }] };
    expect(chosenBy(loose, loose)).toBeUndefined();
    expect(show(loose, withEitherOrChoices(loose, {}), {})).toContain('__oneof_select');
  });
});
