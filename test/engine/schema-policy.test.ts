/**
 * The schema dialect and policy at publish (docs/schema-policy.md): draft-07 spellings converted
 * and noted, valid schemas that ajv's strict mode refused accepted, and every refusal a Formwork
 * code at the offending keyword with a Chinese message that says how to fix it.
 */
import { describe, expect, it } from 'vitest';
import { CODES, compileDefinition, evaluate, getAt, type Problem } from '../../engine/src/index.js';
import { definition, pairs, refusal } from './helpers.js';

/** A record definition around a schema (its root an object with these members). */
const withSchema = (schema: Record<string, unknown>, extra: Record<string, unknown> = {}) => definition({ schema: { type: 'object', ...schema }, ...extra });

const errorsOf = async (compiled: ReturnType<typeof compileDefinition>, data: unknown) => pairs((await evaluate(compiled, data)).errors);

describe('publish: draft-07 spellings are converted, each conversion noted', () => {
  it('converts definitions, dependencies and list-form items; the notes say where each went', async () => {
    const compiled = compileDefinition(
      withSchema(
        {
          $schema: 'http://json-schema.org/draft-07/schema#',
          definitions: { code: { type: 'string', enum: ['a', 'b'] } },
          properties: {
            pet: { type: 'string', title: '宠物' },
            petName: { type: 'string', title: '宠物名' },
            card: { type: 'string' },
            pair: { type: 'array', items: [{ $ref: '#/definitions/code' }, { type: 'integer' }], additionalItems: false },
          },
          dependencies: { pet: { properties: { petName: { minLength: 2 } }, required: ['petName'] }, card: ['pet'] },
        },
        { i18n: { en: { '/properties/pair/items/1': 'Count', '/properties/pet': 'Pet' } } },
      ),
    );
    expect(pairs(compiled.notes)).toEqual([
      '/schema FW_IMPORT_SCHEMA_DIALECT',
      '/schema/$defs FW_IMPORT_DEFINITIONS',
      '/schema/properties/pair/prefixItems FW_IMPORT_PREFIX_ITEMS',
      '/schema/properties/pair/prefixItems/0/$ref FW_IMPORT_REF',
      '/schema/properties/pair/items FW_IMPORT_ADDITIONAL_ITEMS',
      '/schema/dependentRequired FW_IMPORT_DEPENDENT_REQUIRED',
      '/schema/dependentSchemas FW_IMPORT_DEPENDENT_SCHEMAS',
      '/i18n/en/~1properties~1pair~1prefixItems~11 FW_IMPORT_TRANSLATION_MOVED',
    ]);
    const schema = compiled.definition.schema as Record<string, unknown>;
    expect(getAt(schema, '/properties/pair')).toEqual({ type: 'array', prefixItems: [{ $ref: '#/$defs/code' }, { type: 'integer' }], items: false });
    expect(schema.dependentRequired).toEqual({ card: ['pet'] });
    expect(compiled.definition.i18n?.en).toEqual({ '/properties/pair/prefixItems/1': 'Count', '/properties/pet': 'Pet' });
    // The converted schema validates what the draft-07 one meant.
    expect(await errorsOf(compiled, { pet: 'cat' })).toEqual(['/petName FW_VAL_REQUIRED']);
    expect(await errorsOf(compiled, { card: 'x' })).toEqual(['/pet FW_VAL_DEPENDENT_REQUIRED']);
    expect(await errorsOf(compiled, { pair: ['c', 1, 2] })).toEqual(['/pair/0 FW_VAL_ENUM', '/pair FW_VAL_ADDITIONAL_ITEMS']);
  });

  it('types a root with properties and no type as an object, as rjsf reads it', () => {
    const compiled = compileDefinition(definition({ schema: { properties: { a: { type: 'string' } } } }));
    expect(pairs(compiled.notes)).toEqual(['/schema/type FW_IMPORT_ROOT_TYPE']);
    expect((compiled.definition.schema as { type: string }).type).toBe('object');
  });

  it('notes nothing for a schema already in 2020-12', () => {
    expect(compileDefinition(definition()).notes).toEqual([]);
  });

  it('refuses a name defined under both spellings', () => {
    expect(pairs(refusal(withSchema({ $defs: { a: { type: 'string' } }, definitions: { a: { type: 'integer' } } })))).toEqual(['/schema/$defs/a FW_IMPORT_CONFLICT']);
  });
});

describe('publish: valid schemas that ajv strict mode refused are accepted', () => {
  it('accepts a property that also matches a patternProperties pattern', async () => {
    const compiled = compileDefinition(withSchema({ properties: { firstName: { type: 'string' } }, patternProperties: { '^[a-z][a-zA-Z]+$': { type: 'string', maxLength: 3 } } }));
    expect(await errorsOf(compiled, { firstName: 'Chuck' })).toEqual(['/firstName FW_VAL_MAX_LENGTH']);
  });

  it('accepts an if without then or else, and minContains/maxContains without contains', () => {
    expect(() => compileDefinition(withSchema({ if: { required: ['a'] } }))).not.toThrow();
    expect(() => compileDefinition(withSchema({ properties: { l: { type: 'array', minContains: 1, maxContains: 3 } } }))).not.toThrow();
  });

  it('accepts a multi-select checklist without maxItems: its options bound the unique items', () => {
    const checklist = (items: unknown) => withSchema({ $defs: { colour: { enum: ['r', 'g', 'b'] } }, properties: { picked: { type: 'array', uniqueItems: true, items } } });
    for (const items of [
      { type: 'string', enum: ['a', 'b', 'c'] },
      { $ref: '#/$defs/colour' },
      { oneOf: [{ const: 'a', title: 'A' }, { const: 'b', title: 'B' }] },
      { anyOf: [{ type: 'string', enum: ['x'] }, { type: 'string', enum: ['y'] }] },
      { type: 'boolean' },
    ]) {
      expect(() => compileDefinition(checklist(items)), JSON.stringify(items)).not.toThrow();
    }
    const tuple = withSchema({ properties: { t: { type: 'array', uniqueItems: true, prefixItems: [{ type: 'object' }, { type: 'object' }], items: false } } });
    expect(() => compileDefinition(tuple)).not.toThrow();
  });

  it('bounds unique items by a code list too', () => {
    const codelist = { oneOf: [{ const: '01', title: '一' }, { const: '02', title: '二' }] };
    const compiled = compileDefinition(withSchema({ properties: { c: { type: 'array', uniqueItems: true, items: { $ref: 'codelist:units' } } } }), { codelists: { 'codelist:units': codelist } });
    expect(compiled.validator.validate({ c: ['01', '01'] }).map((p) => p.code)).toEqual(['FW_VAL_UNIQUE_ITEMS']);
  });

  it('still refuses uniqueItems on items of any value without maxItems, with the fix in its message', () => {
    const problems = refusal(withSchema({ properties: { l: { type: 'array', uniqueItems: true, items: { type: 'string' } } } }));
    expect(pairs(problems)).toEqual(['/schema/properties/l/uniqueItems FW_DEF_UNBOUNDED_UNIQUE']);
    expect(problems[0]!.message['zh-CN']).toContain('maxItems');
    expect(problems[0]!.message['zh-CN']).toContain('enum');
  });

  it('keeps OpenAPI discriminator as an annotation next to oneOf/anyOf, and refuses a malformed one', () => {
    const branches = [{ properties: { kind: { const: 'a' } } }, { properties: { kind: { const: 'b' } } }];
    expect(() => compileDefinition(withSchema({ properties: { e: { type: 'object', discriminator: { propertyName: 'kind' }, oneOf: branches } } }))).not.toThrow();
    expect(pairs(refusal(withSchema({ properties: { e: { discriminator: { propertyName: 'kind' } }, f: { discriminator: 'kind', oneOf: branches } } })))).toEqual([
      '/schema/properties/e/discriminator FW_DEF_DISCRIMINATOR',
      '/schema/properties/f/discriminator FW_DEF_DISCRIMINATOR',
    ]);
  });
});

describe('publish: what is refused is meaningless or unsafe, at its keyword, saying how to fix it', () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ['then/else without if take no effect', { properties: { a: { then: { minimum: 1 }, else: { maximum: 2 } } } }, ['/schema/properties/a/then FW_DEF_IGNORED_KEYWORD', '/schema/properties/a/else FW_DEF_IGNORED_KEYWORD']],
    ['minContains above maxContains: no list passes', { properties: { l: { type: 'array', contains: { type: 'string' }, minContains: 3, maxContains: 2 } } }, ['/schema/properties/l/minContains FW_DEF_CONTAINS_RANGE']],
    ['an empty enum: nothing passes', { properties: { e: { enum: [] } } }, ['/schema/properties/e/enum FW_DEF_EMPTY_ENUM']],
    ['a field named __proto__ can never be filled', { properties: { ['__proto__']: { type: 'string' } }, required: ['__proto__'] }, ['/schema/properties/__proto__ FW_DEF_RESERVED_NAME', '/schema/required/0 FW_DEF_RESERVED_NAME']],
    [
      'an embedded $id with a $ref into itself beside it overflows ajv',
      { properties: { p: { $id: 'https://example.com/p', $defs: { n: { type: 'integer' } }, $ref: '#/$defs/n' } } },
      ['/schema/properties/p/$ref FW_DEF_REF_BESIDE_ID'],
    ],
    ['unevaluatedItems with contains', { properties: { l: { type: 'array', prefixItems: [true], contains: { type: 'string' }, unevaluatedItems: false } } }, ['/schema/properties/l/unevaluatedItems FW_DEF_UNEVALUATED_CONTAINS']],
    ['unevaluatedProperties with an if that has no then', { if: { properties: { a: { const: 1 } } }, else: { required: ['b'] }, unevaluatedProperties: false }, ['/schema/unevaluatedProperties FW_DEF_UNEVALUATED_IF']],
    ['unevaluatedItems with items in a conditional branch', { properties: { l: { anyOf: [{ items: { type: 'string' } }, true], unevaluatedItems: { type: 'boolean' } } } }, ['/schema/properties/l/unevaluatedItems FW_DEF_UNEVALUATED_NESTED_ITEMS']],
  ];
  for (const [what, schema, expected] of cases) {
    it(what, () => {
      const problems = refusal(withSchema(JSON.parse(JSON.stringify(schema)) as Record<string, unknown>));
      expect(pairs(problems)).toEqual(expected);
      for (const p of problems) expectActionable(p);
    });
  }

  it('follows references to find what unevaluatedItems cannot see', () => {
    const problems = refusal(withSchema({ $defs: { c: { contains: { const: 1 } } }, properties: { l: { allOf: [{ $ref: '#/$defs/c' }], unevaluatedItems: false } } }));
    expect(pairs(problems)).toEqual(['/schema/properties/l/unevaluatedItems FW_DEF_UNEVALUATED_CONTAINS']);
    expect(problems[0]!.params).toEqual({ at: '/schema/$defs/c/contains' });
  });

  it('accepts unevaluated* where ajv answers right: an if with a then, items in allOf', async () => {
    const compiled = compileDefinition(
      withSchema({
        properties: { kind: { type: 'string' } },
        if: { properties: { kind: { const: 'a' } } },
        then: { properties: { extra: { type: 'string' } } },
        unevaluatedProperties: false,
      }),
    );
    expect(await errorsOf(compiled, { kind: 'a', extra: 'x' })).toEqual([]);
    expect(await errorsOf(compiled, { kind: 'b', extra: 'x' })).toEqual(['/extra FW_VAL_ADDITIONAL_PROPERTY']);
    expect(() => compileDefinition(withSchema({ properties: { l: { allOf: [{ items: { type: 'string' } }], unevaluatedItems: false } } }))).not.toThrow();
  });

  it('names unknown keywords with a hint, never with ajv strict-mode words', () => {
    const problems = refusal(withSchema({ properties: { a: { type: 'string', 'ui:widget': 'textarea' } } }));
    expect(pairs(problems)).toEqual(['/schema/properties/a/ui:widget FW_DEF_UNKNOWN_KEYWORD']);
    expectActionable(problems[0]!);
    expect(problems[0]!.message['zh-CN']).toContain('ui');
  });
});

/** A refusal names its keyword's place, is in the catalogue, and its message is whole in both locales. */
function expectActionable(p: Problem): void {
  expect(p.code in CODES).toBe(true);
  expect(p.path.startsWith('/schema')).toBe(true);
  expect(p.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  expect(p.message['zh-CN']).toMatch(/请/);
  for (const text of [p.message['zh-CN'], p.message.en]) expect(text).not.toMatch(/\{[A-Za-z]+\}|strict mode/);
}
