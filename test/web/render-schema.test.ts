/**
 * The schema the kit's form renders (runtime/web/kit/form/render-schema.ts): 2020-12 spellings
 * rewritten to the draft-07 ones rjsf implements, references made root pointers. Its meaning is
 * checked against the official JSON-Schema-Test-Suite (2020-12) with a draft-07 validator: the
 * rendering must accept exactly what the 2020-12 schema accepts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { renderSchema } from '../../runtime/web/kit/form/render-schema';

describe('renderSchema', () => {
  it('turns dependentSchemas and dependentRequired into dependencies, joining a name in both', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' } },
      dependentSchemas: { a: { properties: { x: { type: 'number' } }, required: ['x'] }, c: true },
      dependentRequired: { b: ['a'], a: ['c'], c: ['b'] },
    };
    expect(renderSchema(schema)).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' } },
      dependencies: { a: { properties: { x: { type: 'number' } }, required: ['x', 'c'] }, b: ['a'], c: { required: ['b'] } },
    });
  });

  it('turns prefixItems into list-form items, and the items beside them into additionalItems', () => {
    expect(renderSchema({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'boolean' }], items: false })).toEqual({
      type: 'array',
      items: [{ type: 'string' }, { type: 'boolean' }],
      additionalItems: false,
    });
    expect(renderSchema({ type: 'array', items: { type: 'string' } })).toEqual({ type: 'array', items: { type: 'string' } });
  });

  it('points every reference at the root: embedded $ids, anchors, pointers inside resources, moved targets', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://example.com/root',
      type: 'object',
      $defs: {
        int: { $id: '/schemas/int', type: 'integer', $defs: { small: { maximum: 9 } } },
        name: { $anchor: 'name', type: 'string' },
        pair: { prefixItems: [{ type: 'string' }, { $ref: '#/$defs/pair/prefixItems/0' }] },
      },
      properties: {
        n: { $ref: '/schemas/int' },
        small: { $ref: 'https://example.com/schemas/int#/$defs/small' },
        who: { $ref: '#name' },
        second: { $ref: '#/$defs/pair/prefixItems/1' },
        inner: { $id: 'inner/', properties: { up: { $ref: '../schemas/int' }, self: { $ref: '#' } } },
      },
    };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a deep look into a known shape
    const out = renderSchema(schema) as Record<string, any>;
    expect(out.$schema).toBeUndefined();
    expect(JSON.stringify(out)).not.toMatch(/"\$id"|"\$anchor"/);
    expect(out.properties.n.$ref).toBe('#/$defs/int');
    expect(out.properties.small.$ref).toBe('#/$defs/int/$defs/small');
    expect(out.properties.who.$ref).toBe('#/$defs/name');
    expect(out.properties.second.$ref).toBe('#/$defs/pair/items/1');
    expect(out.$defs.pair.items[1].$ref).toBe('#/$defs/pair/items/0');
    expect(out.properties.inner.properties.up.$ref).toBe('#/$defs/int');
    expect(out.properties.inner.properties.self.$ref).toBe('#/properties/inner');
  });

  it('leaves a reference it cannot find as it is, and never changes its input', () => {
    const schema = Object.freeze({ type: 'object', properties: Object.freeze({ a: Object.freeze({ $ref: '#/$defs/missing' }) }) });
    expect(renderSchema(schema)).toEqual({ type: 'object', properties: { a: { $ref: '#/$defs/missing' } } });
  });
});

// ------------------------------------------------------------------------------------------------
// The same meaning: the suite's cases, the 2020-12 schema rendered, validated by draft-07 ajv
// ------------------------------------------------------------------------------------------------

interface SuiteGroup {
  description: string;
  schema: unknown;
  tests: { description: string; data: unknown; valid: boolean }[];
}

const suiteDir = path.resolve(import.meta.dirname, '../conformance/json-schema-test-suite/draft2020-12');
/** The suites of what renderSchema rewrites. */
const SUITES = ['dependentSchemas', 'dependentRequired', 'prefixItems', 'items', 'anchor', 'ref', 'if-then-else', 'oneOf', 'anyOf', 'allOf', 'properties', 'required'];
/**
 * What a draft-07 rendering cannot mean, so such a group is not compared: the keywords 2020-12
 * added that draft-07 has no spelling for (the server refuses or validates them; rjsf ignores
 * them), references to other documents (refused at publish), meta-schema references, and a
 * field named `__proto__` (refused at publish, FW_DEF_RESERVED_NAME).
 */
const NOT_RENDERED = /"__proto__"|"\$dynamic(Ref|Anchor)"|"unevaluated(Items|Properties)"|"\$ref":"https?:\/\/json-schema\.org|"\$ref":"(http|urn|tag)[^"]*"|"\$vocabulary"|"\$recursive/;

describe('renderSchema keeps the meaning of the JSON-Schema-Test-Suite (2020-12) under a draft-07 validator', () => {
  const ajv = new Ajv({ strict: false, validateFormats: false, validateSchema: false, ownProperties: true });
  for (const suite of SUITES) {
    const groups = JSON.parse(readFileSync(path.join(suiteDir, `${suite}.json`), 'utf8')) as SuiteGroup[];
    it(`${suite}: every case answered as the suite expects`, () => {
      let compared = 0;
      const wrong: string[] = [];
      for (const group of groups) {
        if (NOT_RENDERED.test(JSON.stringify(group.schema))) continue;
        const rendered = renderSchema(group.schema);
        const validate = ajv.compile(typeof rendered === 'object' ? { ...rendered, $id: `https://formwork.invalid/${suite}/${compared}` } : rendered);
        for (const test of group.tests) {
          compared += 1;
          if (validate(test.data) !== test.valid) wrong.push(`${group.description} / ${test.description}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(compared).toBeGreaterThan(0);
    });
  }
});
