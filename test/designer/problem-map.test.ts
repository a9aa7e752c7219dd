/** Problems at pointers into the definition, placed on the builder's fields and properties, or on the tab that edits them. */
import { describe, expect, it } from 'vitest';
import { placeOf, problemsByField } from '../../designer/src/model/problem-map';

const draft = {
  key: 'p',
  kind: 'report',
  schema: {
    type: 'object',
    required: ['name'],
    properties: {
      name: { type: 'string', pattern: '(a+)+' },
      kind: { type: 'array', uniqueItems: true, items: { type: 'string', oneOf: [{ const: 'x' }] } },
      cases: { type: 'object', required: ['filed'], properties: { filed: { type: 'integer' } } },
      rows: { type: 'array', items: { type: 'object', properties: { amount: { type: 'number' } } } },
    },
  },
};

describe('where a problem belongs', () => {
  it('puts schema problems on the field and its property, at any depth', () => {
    expect(placeOf(draft, '/schema/properties/name/pattern')).toEqual({ area: 'field', field: '/properties/name', property: 'pattern' });
    expect(placeOf(draft, '/schema/properties/cases/properties/filed/minimum')).toEqual({ area: 'field', field: '/properties/cases/properties/filed', property: 'minimum' });
    expect(placeOf(draft, '/schema/properties/rows/items/properties/amount/type')).toEqual({ area: 'field', field: '/properties/rows/items/properties/amount', property: 'type' });
    expect(placeOf(draft, '/schema/properties/kind/items/oneOf/0/const')).toEqual({ area: 'field', field: '/properties/kind', property: 'options' });
    expect(placeOf(draft, '/schema/properties/kind/$ref')).toEqual({ area: 'field', field: '/properties/kind', property: 'codelist' });
  });

  it('puts a required list entry on the field it names', () => {
    expect(placeOf(draft, '/schema/required/0')).toEqual({ area: 'field', field: '/properties/name', property: 'required' });
    expect(placeOf(draft, '/schema/properties/cases/required/0')).toEqual({ area: 'field', field: '/properties/cases/properties/filed', property: 'required' });
  });

  it('places uiSchema, English titles and report settings on their fields', () => {
    expect(placeOf(draft, '/ui/rows/items/amount/ui:widget')).toEqual({ area: 'field', field: '/properties/rows/items/properties/amount', property: 'ui:widget' });
    expect(placeOf(draft, '/ui/ui:order')).toEqual({ area: 'form', property: 'ui:order' });
    expect(placeOf(draft, '/i18n/en/~1properties~1name')).toEqual({ area: 'field', field: '/properties/name', property: 'en' });
    expect(placeOf(draft, '/i18n/en/~1properties~1name~1description')).toEqual({ area: 'field', field: '/properties/name', property: 'enDescription' });
    expect(placeOf(draft, '/report/fields/~1cases~1filed/prefill/module')).toEqual({ area: 'report', field: '/properties/cases/properties/filed', property: 'prefill/module' });
    expect(placeOf(draft, '/report/levels')).toEqual({ area: 'report', property: 'levels' });
  });

  it('sends the rest to its tab', () => {
    expect(placeOf(draft, '/rules/2/event/params/path')).toEqual({ area: 'rules', index: 2 });
    expect(placeOf(draft, '/tests/0')).toEqual({ area: 'tests', index: 0 });
    expect(placeOf(draft, '/definition/key')).toEqual({ area: 'settings', property: 'key' });
    expect(placeOf(draft, '/workflow/states/x')).toEqual({ area: 'workflow' });
    expect(placeOf({ kind: 'codelist', schema: { oneOf: [] } }, '/schema/oneOf/3/title')).toEqual({ area: 'codes', index: 3 });
    expect(placeOf({ kind: 'codelist', schema: { oneOf: [] } }, '/schema/oneOf')).toEqual({ area: 'codes' });
    expect(placeOf(draft, 'no pointer')).toEqual({ area: 'other' });
  });

  it('groups problems by field', () => {
    const by = problemsByField(draft, [
      { path: '/schema/properties/name/pattern', code: 'FW_DEF_UNSAFE_PATTERN' },
      { path: '/schema/required/0', code: 'X' },
      { path: '/rules/0', code: 'Y' },
    ]);
    expect([...by.keys()]).toEqual(['/properties/name']);
    expect(by.get('/properties/name')!.map((p) => p.place.property)).toEqual(['pattern', 'required']);
  });
});
