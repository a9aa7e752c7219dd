/**
 * importForm: draft-07 spellings rewritten to 2020-12 (each one a note at its place in the
 * result), the envelope of rjsf forms and Formwork definitions, and the 40 rjsf playground
 * samples in test/conformance/rjsf-samples, each imported and compiled, and each published as
 * it is (compileDefinition converts the same spellings) with its formData dry-run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compileDefinition,
  DefinitionError,
  evaluate,
  getAt,
  IMPORT_NOTE_CODES,
  IMPORTED_EXAMPLE_TEST,
  importForm,
  runDefinitionTests,
  walkSchema,
  type ImportResult,
} from '../../engine/src/index.js';
import { recheckPatternChecker } from '../../runtime/src/modules/pattern-checker.js';
import { pairs } from './helpers.js';

/** An rjsf form around a schema, with the key and title the API requires. */
function form(schema: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { key: 'imported', title: '导入的表单', schema, ...extra };
}

/** The problems an import is refused with (fails the test when it succeeds). */
function importRefusal(input: unknown): string[] {
  try {
    importForm(input);
  } catch (error) {
    if (error instanceof DefinitionError) return pairs(error.problems);
    throw error;
  }
  throw new Error('the import succeeded');
}

const schemaOf = (result: ImportResult) => result.definition.schema as Record<string, unknown>;

/** Freezes a value all the way down, so any write to the input throws. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('importForm: draft-07 spellings become 2020-12', () => {
  it('moves definitions to $defs and every reference with them, further segments included', () => {
    const result = importForm(
      form({
        type: 'object',
        definitions: {
          a: { type: 'object', properties: { b: { type: 'string' } } },
          'c d': { type: 'integer' },
        },
        properties: {
          whole: { $ref: '#/definitions/a' },
          part: { $ref: '#/definitions/a/properties/b' },
          spaced: { $ref: '#/definitions/c%20d' },
          root: { $ref: '#' },
          named: { $ref: '#/properties/whole' },
        },
      }),
    );
    expect(schemaOf(result)).toEqual({
      type: 'object',
      $defs: {
        a: { type: 'object', properties: { b: { type: 'string' } } },
        'c d': { type: 'integer' },
      },
      properties: {
        whole: { $ref: '#/$defs/a' },
        part: { $ref: '#/$defs/a/properties/b' },
        spaced: { $ref: '#/$defs/c%20d' },
        root: { $ref: '#' },
        named: { $ref: '#/properties/whole' },
      },
    });
    expect(pairs(result.notes)).toEqual([
      '/schema/$defs FW_IMPORT_DEFINITIONS',
      '/schema/properties/whole/$ref FW_IMPORT_REF',
      '/schema/properties/part/$ref FW_IMPORT_REF',
      '/schema/properties/spaced/$ref FW_IMPORT_REF',
    ]);
    expect(result.notes[2]!.params).toEqual({ from: '#/definitions/a/properties/b', to: '#/$defs/a/properties/b' });
    expect(result.notes[2]!.message['zh-CN']).toBe('引用「#/definitions/a/properties/b」已改为「#/$defs/a/properties/b」');
    expect(() => compileDefinition(result.definition)).not.toThrow();
  });

  it('follows every place a reference passes through: nested definitions, tuples, dependencies', () => {
    const result = importForm(
      form({
        type: 'object',
        properties: {
          inner: { type: 'object', definitions: { x: { type: 'string' } }, properties: { y: { $ref: '#/properties/inner/definitions/x' } } },
          pair: { type: 'array', items: [{ type: 'string' }, { type: 'number' }], additionalItems: { type: 'boolean' } },
          first: { $ref: '#/properties/pair/items/0' },
          rest: { $ref: '#/properties/pair/additionalItems' },
          card: { type: 'string' },
        },
        dependencies: { card: { properties: { billing: { type: 'string' } } }, email: ['name'] },
        allOf: [{ properties: { billing2: { $ref: '#/dependencies/card/properties/billing' } } }],
      }),
    );
    const schema = schemaOf(result);
    expect(getAt(schema, '/properties/inner/properties/y/$ref')).toBe('#/properties/inner/$defs/x');
    expect(getAt(schema, '/properties/first/$ref')).toBe('#/properties/pair/prefixItems/0');
    expect(getAt(schema, '/properties/rest/$ref')).toBe('#/properties/pair/items');
    expect(getAt(schema, '/allOf/0/properties/billing2/$ref')).toBe('#/dependentSchemas/card/properties/billing');
    expect(pairs(result.notes)).toEqual([
      '/schema/properties/inner/$defs FW_IMPORT_DEFINITIONS',
      '/schema/properties/inner/properties/y/$ref FW_IMPORT_REF',
      '/schema/properties/pair/prefixItems FW_IMPORT_PREFIX_ITEMS',
      '/schema/properties/pair/items FW_IMPORT_ADDITIONAL_ITEMS',
      '/schema/properties/first/$ref FW_IMPORT_REF',
      '/schema/properties/rest/$ref FW_IMPORT_REF',
      '/schema/dependentRequired FW_IMPORT_DEPENDENT_REQUIRED',
      '/schema/dependentSchemas FW_IMPORT_DEPENDENT_SCHEMAS',
      '/schema/allOf/0/properties/billing2/$ref FW_IMPORT_REF',
    ]);
    expect(() => compileDefinition(result.definition)).not.toThrow();
  });

  it('resolves a pointer reference inside the schema resource of the nearest $id', () => {
    const result = importForm(
      form({
        type: 'object',
        definitions: { a: { type: 'integer' } },
        properties: {
          local: { $ref: '#/definitions/a' },
          embedded: {
            $id: 'https://example.com/embedded',
            definitions: { a: { type: 'string' } },
            properties: { own: { $ref: '#/definitions/a' }, byUri: { $ref: 'https://example.com/embedded#/definitions/a' } },
          },
        },
      }),
    );
    const schema = schemaOf(result);
    expect(getAt(schema, '/properties/local/$ref')).toBe('#/$defs/a');
    expect(getAt(schema, '/properties/embedded/properties/own/$ref')).toBe('#/$defs/a');
    expect(getAt(schema, '/properties/embedded/properties/byUri/$ref')).toBe('https://example.com/embedded#/$defs/a');
    expect(() => compileDefinition(result.definition)).not.toThrow();
  });

  it('merges definitions into $defs and refuses a name defined in both', () => {
    const merged = importForm(form({ type: 'object', $defs: { a: { type: 'string' } }, definitions: { b: { type: 'integer' } } }));
    expect(schemaOf(merged).$defs).toEqual({ a: { type: 'string' }, b: { type: 'integer' } });
    expect(importRefusal(form({ type: 'object', $defs: { a: { type: 'string' } }, definitions: { a: { type: 'integer' } } }))).toEqual([
      '/schema/$defs/a FW_IMPORT_CONFLICT',
    ]);
    expect(importRefusal(form({ type: 'object', dependentRequired: { a: ['b'] }, dependencies: { a: ['c'] } }))).toEqual([
      '/schema/dependentRequired/a FW_IMPORT_CONFLICT',
    ]);
  });

  it('splits dependencies into dependentRequired (lists) and dependentSchemas (schemas), converting inside them', () => {
    const result = importForm(
      form({
        type: 'object',
        properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'number' } },
        dependencies: { a: ['b'], c: { properties: { d: { type: 'number', maximum: 5, exclusiveMaximum: true } } }, b: ['a'] },
      }),
    );
    expect(schemaOf(result)).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'number' } },
      dependentRequired: { a: ['b'], b: ['a'] },
      dependentSchemas: { c: { properties: { d: { type: 'number', exclusiveMaximum: 5 } } } },
    });
    expect(pairs(result.notes)).toEqual([
      '/schema/dependentRequired FW_IMPORT_DEPENDENT_REQUIRED',
      '/schema/dependentSchemas FW_IMPORT_DEPENDENT_SCHEMAS',
      '/schema/dependentSchemas/c/properties/d/exclusiveMaximum FW_IMPORT_EXCLUSIVE_BOUND',
    ]);
    expect(result.notes[0]!.params).toEqual({ names: ['a', 'b'] });
    expect(result.notes[1]!.params).toEqual({ names: ['c'] });
  });

  it('turns array items into prefixItems and additionalItems into items; drops additionalItems that had no effect', () => {
    const result = importForm(
      form({
        type: 'object',
        properties: {
          tuple: { type: 'array', items: [{ type: 'string' }], additionalItems: false },
          open: { type: 'array', items: [{ type: 'string' }] },
          list: { type: 'array', items: { type: 'string' }, additionalItems: { type: 'number' } },
        },
      }),
    );
    expect(schemaOf(result).properties).toEqual({
      tuple: { type: 'array', prefixItems: [{ type: 'string' }], items: false },
      open: { type: 'array', prefixItems: [{ type: 'string' }] },
      list: { type: 'array', items: { type: 'string' } },
    });
    expect(pairs(result.notes)).toEqual([
      '/schema/properties/tuple/prefixItems FW_IMPORT_PREFIX_ITEMS',
      '/schema/properties/tuple/items FW_IMPORT_ADDITIONAL_ITEMS',
      '/schema/properties/open/prefixItems FW_IMPORT_PREFIX_ITEMS',
      '/schema/properties/list FW_IMPORT_KEYWORD_DROPPED',
    ]);
  });

  it('drops draft-04/06/07 $schema anywhere and keeps 2020-12', () => {
    const result = importForm(
      form({
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: {
          a: { $schema: 'http://json-schema.org/draft-04/schema#', type: 'string' },
          b: { $schema: 'https://json-schema.org/draft-06/schema', type: 'string' },
          c: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'string' },
        },
      }),
    );
    expect(schemaOf(result)).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' }, c: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'string' } },
    });
    expect(pairs(result.notes)).toEqual([
      '/schema FW_IMPORT_SCHEMA_DIALECT',
      '/schema/properties/a FW_IMPORT_SCHEMA_DIALECT',
      '/schema/properties/b FW_IMPORT_SCHEMA_DIALECT',
    ]);
    expect(result.notes[0]!.params).toEqual({ dialect: 'http://json-schema.org/draft-07/schema#' });
  });

  it('renames draft-04 id to $id and plain-name ids to $anchor; a field named id stays', () => {
    const result = importForm(
      form({
        id: 'https://example.com/person',
        type: 'object',
        properties: {
          id: { type: 'string' },
          home: { id: '#address', type: 'object' },
          work: { $id: '#office', type: 'object' },
          back: { $ref: '#address' },
        },
      }),
    );
    expect(schemaOf(result)).toEqual({
      $id: 'https://example.com/person',
      type: 'object',
      properties: {
        id: { type: 'string' },
        home: { $anchor: 'address', type: 'object' },
        work: { $anchor: 'office', type: 'object' },
        back: { $ref: '#address' },
      },
    });
    expect(pairs(result.notes)).toEqual([
      '/schema/$id FW_IMPORT_ID',
      '/schema/properties/home/$anchor FW_IMPORT_ANCHOR',
      '/schema/properties/work/$anchor FW_IMPORT_ANCHOR',
    ]);
    // The converted schema compiles, and the reference finds its anchor.
    const compiled = compileDefinition(result.definition);
    expect(compiled.validator.validate({ back: 'not an object' }).map((p) => p.code)).toEqual(['FW_VAL_TYPE']);
    expect(() => compileDefinition(importForm(form({ id: 'https://example.com/person', type: 'object' })).definition)).not.toThrow();
  });

  it('turns boolean exclusive bounds into numbers and drops those that had no effect', () => {
    const result = importForm(
      form({
        type: 'object',
        properties: {
          a: { type: 'number', maximum: 10, exclusiveMaximum: true, minimum: 0, exclusiveMinimum: true },
          b: { type: 'number', maximum: 10, exclusiveMaximum: false },
          c: { type: 'number', exclusiveMinimum: true },
          d: { type: 'number', exclusiveMinimum: 3 },
        },
      }),
    );
    expect(schemaOf(result).properties).toEqual({
      a: { type: 'number', exclusiveMaximum: 10, exclusiveMinimum: 0 },
      b: { type: 'number', maximum: 10 },
      c: { type: 'number' },
      d: { type: 'number', exclusiveMinimum: 3 },
    });
    expect(pairs(result.notes)).toEqual([
      '/schema/properties/a/exclusiveMaximum FW_IMPORT_EXCLUSIVE_BOUND',
      '/schema/properties/a/exclusiveMinimum FW_IMPORT_EXCLUSIVE_BOUND',
      '/schema/properties/b FW_IMPORT_KEYWORD_DROPPED',
      '/schema/properties/c FW_IMPORT_KEYWORD_DROPPED',
    ]);
    expect(result.notes[0]!.message.en).toBe('"exclusiveMaximum: true" with "maximum: 10" became "exclusiveMaximum: 10"');
  });

  it('walks every subschema: properties, items, applicators, conditionals, not, maps and $defs', () => {
    const bound = () => ({ type: 'number', maximum: 1, exclusiveMaximum: true });
    const result = importForm(
      form({
        type: 'object',
        properties: { p: bound(), list: { type: 'array', items: bound(), contains: bound() } },
        patternProperties: { '^x': bound() },
        additionalProperties: bound(),
        propertyNames: { maxLength: 5, not: { const: 'x', definitions: {} } },
        allOf: [bound()],
        anyOf: [bound()],
        oneOf: [bound()],
        if: bound(),
        then: bound(),
        else: bound(),
        not: bound(),
        dependencies: { p: bound() },
        definitions: { d: bound() },
        $defs: { e: bound() },
      }),
    );
    expect(pairs(result.notes)).toEqual([
      '/schema/properties/p/exclusiveMaximum FW_IMPORT_EXCLUSIVE_BOUND',
      '/schema/properties/list/items/exclusiveMaximum FW_IMPORT_EXCLUSIVE_BOUND',
      '/schema/properties/list/contains/exclusiveMaximum FW_IMPORT_EXCLUSIVE_BOUND',
      '/schema/patternProperties/^x/exclusiveMaximum FW_IMPORT_EXCLUSIVE_BOUND',
      '/schema/additionalProperties/exclusiveMaximum FW_IMPORT_EXCLUSIVE_BOUND',
      '/schema/propertyNames/not/$defs FW_IMPORT_DEFINITIONS',
      '/schema/allOf/0/exclusiveMaximum FW_IMPORT_EXCLUSIVE_BOUND',
      '/schema/anyOf/0/exclusiveMaximum FW_IMPORT_EXCLUSIVE_BOUND',
      '/schema/oneOf/0/exclusiveMaximum FW_IMPORT_EXCLUSIVE_BOUND',
      '/schema/if/exclusiveMaximum FW_IMPORT_EXCLUSIVE_BOUND',
      '/schema/then/exclusiveMaximum FW_IMPORT_EXCLUSIVE_BOUND',
      '/schema/else/exclusiveMaximum FW_IMPORT_EXCLUSIVE_BOUND',
      '/schema/not/exclusiveMaximum FW_IMPORT_EXCLUSIVE_BOUND',
      '/schema/dependentSchemas FW_IMPORT_DEPENDENT_SCHEMAS',
      '/schema/dependentSchemas/p/exclusiveMaximum FW_IMPORT_EXCLUSIVE_BOUND',
      '/schema/$defs FW_IMPORT_DEFINITIONS',
      '/schema/$defs/d/exclusiveMaximum FW_IMPORT_EXCLUSIVE_BOUND',
      '/schema/$defs/e/exclusiveMaximum FW_IMPORT_EXCLUSIVE_BOUND',
    ]);
  });

  it('leaves values that are not schemas alone: enum, const, default, examples', () => {
    const value = { definitions: { a: 1 }, items: [1, 2], dependencies: { a: ['b'] }, exclusiveMaximum: true };
    const result = importForm(form({ type: 'object', properties: { v: { const: value, default: value, examples: [value], enum: [value] } } }));
    expect(schemaOf(result).properties).toEqual({ v: { const: value, default: value, examples: [value], enum: [value] } });
    expect(result.notes).toEqual([]);
  });

  it('changes nothing in the input and shares no object with it', () => {
    const input = deepFreeze(
      form(
        { type: 'object', definitions: { a: { type: 'string', enum: ['x'] } }, properties: { a: { $ref: '#/definitions/a' }, t: { type: 'array', items: [{ type: 'string' }] } } },
        { uiSchema: { a: { 'ui:widget': 'radio' } }, formData: { a: 'x' } },
      ),
    );
    const before = JSON.stringify(input);
    const result = importForm(input);
    expect(JSON.stringify(input)).toBe(before);
    const inputObjects = new Set<unknown>();
    const collect = (v: unknown) => {
      if (v !== null && typeof v === 'object') {
        inputObjects.add(v);
        Object.values(v).forEach(collect);
      }
    };
    collect(input);
    const shared: unknown[] = [];
    const check = (v: unknown) => {
      if (v !== null && typeof v === 'object') {
        if (inputObjects.has(v)) shared.push(v);
        Object.values(v).forEach(check);
      }
    };
    check(result);
    expect(shared).toEqual([]);
  });

  it('keeps a property named __proto__ as a property, not as a prototype', () => {
    const input = JSON.parse('{"key":"imported","title":"t","schema":{"type":"object","definitions":{"__proto__":{"type":"string"}},"properties":{"__proto__":{"$ref":"#/definitions/__proto__"}}}}');
    const schema = schemaOf(importForm(input));
    expect(Object.getPrototypeOf(schema.properties)).toBe(Object.prototype);
    expect(Object.keys(schema.properties as object)).toEqual(['__proto__']);
    expect(getAt(schema, '/properties/__proto__/$ref')).toBe('#/$defs/__proto__');
    expect(Object.keys(schema.$defs as object)).toEqual(['__proto__']);
  });
});

describe('importForm: react-jsonschema-form forms', () => {
  it('makes a record module: uiSchema becomes ui, formData a test expecting the example to be valid', async () => {
    const result = importForm({
      key: 'contact-form',
      title: { 'zh-CN': '联系人', en: 'Contact' },
      schema: { type: 'object', required: ['name'], properties: { name: { type: 'string', title: '姓名' }, age: { type: 'integer', minimum: 0 } } },
      uiSchema: { 'ui:order': ['age', 'name'], name: { 'ui:autofocus': true } },
      formData: { name: '张三', age: 30 },
    });
    expect(result.definition).toEqual({
      key: 'contact-form',
      kind: 'record',
      title: { 'zh-CN': '联系人', en: 'Contact' },
      schema: { type: 'object', required: ['name'], properties: { name: { type: 'string', title: '姓名' }, age: { type: 'integer', minimum: 0 } } },
      ui: { 'ui:order': ['age', 'name'], name: { 'ui:autofocus': true } },
      tests: [{ name: IMPORTED_EXAMPLE_TEST, data: { name: '张三', age: 30 }, expect: { valid: true } }],
    });
    expect(pairs(result.notes)).toEqual(['/tests/0 FW_IMPORT_EXAMPLE_TEST']);
    const run = await runDefinitionTests(compileDefinition(result.definition));
    expect(run).toMatchObject({ passed: 1, failed: 0 });
  });

  it('takes a text title as the zh-CN title, or the schema title when none is given', () => {
    expect(importForm(form({ type: 'object' }, { title: 'Registration' })).definition.title).toEqual({ 'zh-CN': 'Registration' });
    const fromSchema = importForm({ key: 'imported', schema: { type: 'object', title: '登记表' } });
    expect(fromSchema.definition.title).toEqual({ 'zh-CN': '登记表' });
    expect(pairs(fromSchema.notes)).toEqual(['/title FW_IMPORT_TITLE_FROM_SCHEMA']);
  });

  it('refuses a missing or malformed key, title, schema or uiSchema, each at its path', () => {
    expect(importRefusal({ schema: { type: 'object' } })).toEqual(['/key FW_VAL_REQUIRED', '/title FW_VAL_REQUIRED']);
    expect(importRefusal({ key: 'Bad Key', title: 7, schema: [], uiSchema: 'x' })).toEqual([
      '/key FW_VAL_PATTERN',
      '/schema FW_IMPORT_NOT_AN_OBJECT',
      '/uiSchema FW_IMPORT_NOT_AN_OBJECT',
      '/title FW_IMPORT_TITLE',
    ]);
    expect(importRefusal({ key: 'k', title: 't', schema: { type: 'object' } })).toEqual(['/key FW_VAL_PATTERN']);
    expect(importRefusal({ key: 'ok-key', title: { en: 'only English' } })).toEqual(['/schema FW_VAL_REQUIRED', '/title FW_IMPORT_TITLE']);
    expect(importRefusal('a form')).toEqual([' FW_IMPORT_NOT_AN_OBJECT']);
    expect(importRefusal(null)).toEqual([' FW_IMPORT_NOT_AN_OBJECT']);
  });

  it('refuses a root that is not an object; infers "type": "object" for a root with properties only', () => {
    expect(importRefusal(form({ type: 'array', items: { type: 'string' } }))).toEqual(['/schema FW_DEF_SCHEMA_ROOT']);
    expect(importRefusal(form({ type: 'string' }))).toEqual(['/schema FW_DEF_SCHEMA_ROOT']);
    expect(importRefusal(form({ title: 'nothing' }))).toEqual(['/schema FW_DEF_SCHEMA_ROOT']);
    expect(importRefusal(form({ type: ['object', 'null'], properties: {} }))).toEqual(['/schema FW_DEF_SCHEMA_ROOT']);
    const inferred = importForm(form({ title: 'T', properties: { a: { type: 'string' } } }));
    expect(schemaOf(inferred)).toEqual({ type: 'object', title: 'T', properties: { a: { type: 'string' } } });
    expect(pairs(inferred.notes)).toEqual(['/schema/type FW_IMPORT_ROOT_TYPE']);
  });

  it('skips an empty or non-object example, and notes the keys it does not import', () => {
    const empty = importForm(form({ type: 'object' }, { formData: {}, extraErrors: {}, liveSettings: { validate: true } }));
    expect(empty.definition.tests).toBeUndefined();
    expect(pairs(empty.notes)).toEqual([' FW_IMPORT_EXAMPLE_SKIPPED', ' FW_IMPORT_IGNORED_KEY', ' FW_IMPORT_IGNORED_KEY']);
    expect(empty.notes.slice(1).map((n) => n.params)).toEqual([{ key: 'extraErrors' }, { key: 'liveSettings' }]);
    expect(pairs(importForm(form({ type: 'object' }, { formData: 1234 })).notes)).toEqual([' FW_IMPORT_EXAMPLE_SKIPPED']);
  });
});

describe('importForm: Formwork definitions', () => {
  it('returns the definition as it is, without its version', () => {
    const definition = {
      key: 'plain',
      kind: 'record',
      version: 3,
      title: { 'zh-CN': '简单' },
      schema: { type: 'object', properties: { a: { type: 'string' } } },
      rules: [],
      anything: 'left to compileDefinition',
    };
    const result = importForm(definition);
    const { version: _version, ...rest } = definition;
    expect(result.definition).toEqual(rest);
    expect(pairs(result.notes)).toEqual([' FW_IMPORT_VERSION']);
    expect(result.notes[0]!.params).toEqual({ version: 3 });
  });

  it('converts draft-07 spellings in its schema and moves its English titles with them', () => {
    const result = importForm({
      key: 'legacy',
      kind: 'record',
      title: { 'zh-CN': '旧表单' },
      schema: { type: 'object', definitions: { person: { type: 'object', title: '人员', properties: { name: { type: 'string', title: '姓名' } } } }, properties: { who: { $ref: '#/definitions/person' } } },
      i18n: { en: { '/definitions/person': 'Person', '/definitions/person/properties/name': 'Name', '/properties/who': 'Who' } },
    });
    expect(result.definition.i18n).toEqual({ en: { '/$defs/person': 'Person', '/$defs/person/properties/name': 'Name', '/properties/who': 'Who' } });
    expect(pairs(result.notes)).toEqual([
      '/schema/$defs FW_IMPORT_DEFINITIONS',
      '/schema/properties/who/$ref FW_IMPORT_REF',
      '/i18n/en/~1$defs~1person FW_IMPORT_TRANSLATION_MOVED',
      '/i18n/en/~1$defs~1person~1properties~1name FW_IMPORT_TRANSLATION_MOVED',
    ]);
    expect(result.notes[2]!.params).toEqual({ from: '/definitions/person', to: '/$defs/person' });
    const compiled = compileDefinition(result.definition);
    expect(compiled.fieldLabel('/who/name')).toEqual({ 'zh-CN': '姓名', en: 'Name' });
  });

  it('still needs a valid key and an object schema; a code list keeps its non-object root', () => {
    expect(importRefusal({ kind: 'record', schema: 'x' })).toEqual(['/key FW_VAL_REQUIRED', '/schema FW_IMPORT_NOT_AN_OBJECT']);
    const codelist = importForm({ key: 'grades', kind: 'codelist', title: { 'zh-CN': '等级' }, schema: { type: 'string', enum: ['a'] } });
    expect(codelist.definition.schema).toEqual({ type: 'string', enum: ['a'] });
    expect(codelist.notes).toEqual([]);
  });

  it('reports notes with codes of the catalogue and messages in both locales', () => {
    const result = importForm(
      form({ $schema: 'http://json-schema.org/draft-07/schema#', id: 'urn:x', type: 'object', definitions: {}, properties: { a: { type: 'array', items: [{}], additionalItems: {} } }, dependencies: { a: ['b'], b: {} } }),
    );
    for (const note of result.notes) {
      expect(IMPORT_NOTE_CODES).toContain(note.code);
      expect(note.message['zh-CN']).not.toMatch(/\{[a-z]+\}/i);
      expect(note.message.en).not.toMatch(/\{[a-z]+\}/i);
    }
  });
});

// ------------------------------------------------------------------------------------------------
// The rjsf playground samples (test/conformance/rjsf-samples, see SOURCE.md there)
// ------------------------------------------------------------------------------------------------

type SampleExpectation = (
  | {
      /** Every note of the import, `path code`, in order. */
      notes: string[];
      /** Refused by compileDefinition under the current policy: its problems and why (the same when published as it is). */
      compile?: { problems: string[]; why: string };
      /** The imported example test fails: the example's errors, and why. */
      example?: { errors: string[]; why: string };
    }
  | { refused: string[]; why: string }
) & {
  /** The errors of the sample's formData (any object, even empty) dry-run against the published sample. */
  dryRun?: string[];
};

/**
 * What each sample gives, imported and published as it is (draft-07 spellings and all). The
 * `compile` and `example` lists are meant to shrink as the policy or the import learn more; a
 * sample that starts to pass fails this test until its entry goes. docs/schema-policy.md lists
 * the same outcomes for people.
 */
const SAMPLES: Record<string, SampleExpectation> = {
  additionalProperties: { notes: ['/tests/0 FW_IMPORT_EXAMPLE_TEST'] },
  allOf: { notes: [' FW_IMPORT_EXAMPLE_SKIPPED'] },
  alternatives: {
    notes: [
      '/schema/$defs FW_IMPORT_DEFINITIONS',
      '/schema/properties/currentColor/$ref FW_IMPORT_REF',
      '/schema/properties/colorMask/items/$ref FW_IMPORT_REF',
      '/schema/properties/toggleMask/$ref FW_IMPORT_REF',
      '/schema/properties/colorPalette/items/$ref FW_IMPORT_REF',
      '/tests/0 FW_IMPORT_EXAMPLE_TEST',
    ],
  },
  anyOf: { notes: [' FW_IMPORT_EXAMPLE_SKIPPED'] },
  arrays: {
    notes: [
      '/schema/$defs FW_IMPORT_DEFINITIONS',
      '/schema/properties/fixedItemsList/prefixItems FW_IMPORT_PREFIX_ITEMS',
      '/schema/properties/fixedItemsList/items FW_IMPORT_ADDITIONAL_ITEMS',
      '/schema/properties/minItemsList/items/$ref FW_IMPORT_REF',
      '/schema/properties/fixedNoToolbar/prefixItems FW_IMPORT_PREFIX_ITEMS',
      '/schema/properties/fixedNoToolbar/items FW_IMPORT_ADDITIONAL_ITEMS',
      '/tests/0 FW_IMPORT_EXAMPLE_TEST',
    ],
  },
  bundledSchema: { notes: ['/schema/type FW_IMPORT_ROOT_TYPE'] },
  constField: { notes: [' FW_IMPORT_EXAMPLE_SKIPPED'] },
  // Compiles; publishing refuses it for its ui:field "geo" (test/browser/rjsf-samples.test.ts).
  custom: { notes: ['/tests/0 FW_IMPORT_EXAMPLE_TEST'] },
  customArray: { refused: ['/schema FW_DEF_SCHEMA_ROOT'], why: 'the root is an array: a record is an object of fields' },
  customField: {
    notes: [
      '/schema/$defs FW_IMPORT_DEFINITIONS',
      '/schema/properties/mySpecialStringField/$ref FW_IMPORT_REF',
      '/schema/properties/mySpecialStringArray/items/$ref FW_IMPORT_REF',
      '/tests/0 FW_IMPORT_EXAMPLE_TEST',
    ],
  },
  customFieldAnyOf: { notes: [' FW_IMPORT_EXAMPLE_SKIPPED'], dryRun: ['/city FW_VAL_REQUIRED'] },
  customObject: { notes: ['/tests/0 FW_IMPORT_EXAMPLE_TEST'] },
  date: { notes: [' FW_IMPORT_EXAMPLE_SKIPPED'] },
  defaults: {
    notes: [
      '/schema/properties/valuesInFormData/$ref FW_IMPORT_REF',
      '/schema/properties/noValuesInFormData/$ref FW_IMPORT_REF',
      '/schema/$defs FW_IMPORT_DEFINITIONS',
      '/tests/0 FW_IMPORT_EXAMPLE_TEST',
    ],
  },
  enumObjects: {
    notes: [
      '/schema/$defs FW_IMPORT_DEFINITIONS',
      '/schema/properties/location/$ref FW_IMPORT_REF',
      '/schema/properties/locationRadio/$ref FW_IMPORT_REF',
      '/schema/properties/multiSelect/items/$ref FW_IMPORT_REF',
      '/schema/properties/checkboxes/items/$ref FW_IMPORT_REF',
      '/tests/0 FW_IMPORT_EXAMPLE_TEST',
    ],
  },
  errorSchema: {
    notes: ['/tests/0 FW_IMPORT_EXAMPLE_TEST'],
    example: { errors: ['/firstName FW_VAL_REQUIRED'], why: 'firstName is required and left to its schema default ("Chuck"), which rjsf fills in and Formwork does not' },
    dryRun: ['/firstName FW_VAL_REQUIRED'],
  },
  errors: {
    notes: ['/tests/0 FW_IMPORT_EXAMPLE_TEST'],
    example: {
      errors: ['/firstName FW_VAL_MIN_LENGTH', '/firstName FW_VAL_PATTERN', '/active FW_VAL_TYPE', '/skills/1 FW_VAL_MIN_LENGTH', '/multipleChoicesList FW_VAL_MAX_ITEMS'],
      why: 'the sample shows errors on purpose',
    },
    dryRun: ['/firstName FW_VAL_MIN_LENGTH', '/firstName FW_VAL_PATTERN', '/active FW_VAL_TYPE', '/skills/1 FW_VAL_MIN_LENGTH', '/multipleChoicesList FW_VAL_MAX_ITEMS'],
  },
  examples: { notes: [] },
  fallback: { refused: ['/schema FW_DEF_SCHEMA_ROOT'], why: 'the root has no type and no properties (rjsf shows a fallback widget)' },
  files: {
    notes: [' FW_IMPORT_EXAMPLE_SKIPPED'],
    compile: { problems: ['/schema/properties/file/format FW_DEF_UNKNOWN_FORMAT', '/schema/properties/files/items/format FW_DEF_UNKNOWN_FORMAT', '/schema/properties/filesAccept/format FW_DEF_UNKNOWN_FORMAT'], why: 'format "data-url" (rjsf\'s file widget) is not a known format' },
  },
  ifThenElse: { notes: [' FW_IMPORT_EXAMPLE_SKIPPED'], dryRun: ['/food FW_VAL_REQUIRED', '/water FW_VAL_REQUIRED', '/animal FW_VAL_REQUIRED'] },
  large: {
    notes: [
      '/schema/$defs FW_IMPORT_DEFINITIONS',
      '/schema/properties/choice1/$ref FW_IMPORT_REF',
      '/schema/properties/choice2/$ref FW_IMPORT_REF',
      '/schema/properties/choice3/$ref FW_IMPORT_REF',
      '/schema/properties/choice4/$ref FW_IMPORT_REF',
      '/schema/properties/choice5/$ref FW_IMPORT_REF',
      '/schema/properties/choice6/$ref FW_IMPORT_REF',
      '/schema/properties/choice7/$ref FW_IMPORT_REF',
      '/schema/properties/choice8/$ref FW_IMPORT_REF',
      '/schema/properties/choice9/$ref FW_IMPORT_REF',
      '/schema/properties/choice10/$ref FW_IMPORT_REF',
      ' FW_IMPORT_EXAMPLE_SKIPPED',
    ],
  },
  layoutGrid: {
    notes: [
      '/schema/properties/person/$ref FW_IMPORT_REF',
      '/schema/properties/employment/oneOf/0/$ref FW_IMPORT_REF',
      '/schema/properties/employment/oneOf/1/$ref FW_IMPORT_REF',
      '/schema/properties/employment/oneOf/2/$ref FW_IMPORT_REF',
      '/schema/$defs FW_IMPORT_DEFINITIONS',
      '/schema/$defs/Person/properties/name/$ref FW_IMPORT_REF',
      '/schema/$defs/Person/properties/race/$ref FW_IMPORT_REF',
      '/schema/$defs/Person/properties/address/$ref FW_IMPORT_REF',
      '/schema/$defs/Address/properties/state/$ref FW_IMPORT_REF',
      '/schema/$defs/Location/properties/state/$ref FW_IMPORT_REF',
      '/schema/$defs/Company/properties/location/$ref FW_IMPORT_REF',
      '/schema/$defs/Education/properties/location/$ref FW_IMPORT_REF',
    ],
  },
  nested: { notes: ['/tests/0 FW_IMPORT_EXAMPLE_TEST'] },
  null: { notes: [' FW_IMPORT_EXAMPLE_SKIPPED'], dryRun: ['/firstName FW_VAL_REQUIRED'] },
  nullable: {
    notes: ['/tests/0 FW_IMPORT_EXAMPLE_TEST'],
    example: { errors: ['/firstName FW_VAL_REQUIRED'], why: 'firstName is required and left to its schema default ("Chuck"), which rjsf fills in and Formwork does not' },
    dryRun: ['/firstName FW_VAL_REQUIRED'],
  },
  numbers: { notes: ['/tests/0 FW_IMPORT_EXAMPLE_TEST'] },
  oneOf: { notes: [' FW_IMPORT_EXAMPLE_SKIPPED'], dryRun: ['/lorem FW_VAL_REQUIRED'] },
  optionalDataControls: { notes: ['/schema/type FW_IMPORT_ROOT_TYPE'] },
  options: {
    notes: ['/tests/0 FW_IMPORT_EXAMPLE_TEST'],
    example: { errors: ['/firstName FW_VAL_REQUIRED'], why: 'firstName is required and left to its schema default ("Chuck"), which rjsf fills in and Formwork does not' },
    dryRun: ['/firstName FW_VAL_REQUIRED'],
  },
  ordering: { notes: ['/tests/0 FW_IMPORT_EXAMPLE_TEST'] },
  patternProperties: {
    notes: ['/tests/0 FW_IMPORT_EXAMPLE_TEST'],
  },
  propertyDependencies: {
    notes: [
      '/schema/properties/unidirectional/dependentRequired FW_IMPORT_DEPENDENT_REQUIRED',
      '/schema/properties/bidirectional/dependentRequired FW_IMPORT_DEPENDENT_REQUIRED',
      '/tests/0 FW_IMPORT_EXAMPLE_TEST',
    ],
  },
  propertyNames: { notes: ['/tests/0 FW_IMPORT_EXAMPLE_TEST'] },
  references: {
    notes: [
      '/schema/$defs FW_IMPORT_DEFINITIONS',
      '/schema/$defs/node/properties/children/items/oneOf/1/$ref FW_IMPORT_REF',
      '/schema/properties/billing_address/$ref FW_IMPORT_REF',
      '/schema/properties/shipping_address/$ref FW_IMPORT_REF',
      '/schema/properties/tree/$ref FW_IMPORT_REF',
      '/schema/properties/contact/oneOf/0/$ref FW_IMPORT_REF',
      '/schema/properties/contact/oneOf/1/$ref FW_IMPORT_REF',
      '/tests/0 FW_IMPORT_EXAMPLE_TEST',
    ],
    example: { errors: ['/contact FW_VAL_ONE_OF'], why: 'contact matches both oneOf options (personType and companyType have the same shape); oneOf wants exactly one' },
    dryRun: ['/contact FW_VAL_ONE_OF'],
  },
  schemaDependencies: {
    notes: [
      '/schema/properties/billingDetails/dependentSchemas FW_IMPORT_DEPENDENT_SCHEMAS',
      '/schema/properties/petOwner/$ref FW_IMPORT_REF',
      '/schema/properties/petOwners/items/$ref FW_IMPORT_REF',
      '/schema/properties/householdMembers/prefixItems FW_IMPORT_PREFIX_ITEMS',
      '/schema/properties/householdMembers/prefixItems/0/$ref FW_IMPORT_REF',
      '/schema/properties/householdMembers/items FW_IMPORT_ADDITIONAL_ITEMS',
      '/schema/properties/householdMembers/items/$ref FW_IMPORT_REF',
      '/schema/$defs FW_IMPORT_DEFINITIONS',
      '/schema/$defs/person/dependentSchemas FW_IMPORT_DEPENDENT_SCHEMAS',
      '/tests/0 FW_IMPORT_EXAMPLE_TEST',
    ],
  },
  simple: {
    notes: ['/tests/0 FW_IMPORT_EXAMPLE_TEST'],
    example: { errors: ['/firstName FW_VAL_REQUIRED'], why: 'firstName is required and left to its schema default ("Chuck"), which rjsf fills in and Formwork does not' },
    dryRun: ['/firstName FW_VAL_REQUIRED'],
  },
  single: { refused: ['/schema FW_DEF_SCHEMA_ROOT'], why: 'the root is a single string' },
  validation: { notes: [' FW_IMPORT_EXAMPLE_SKIPPED'], dryRun: ['/firstName FW_VAL_REQUIRED'] },
  // Compiles; publishing refuses it for its ui:widget "toggle" (test/browser/rjsf-samples.test.ts).
  widgets: { notes: ['/tests/0 FW_IMPORT_EXAMPLE_TEST'] },
};

const samplesDir = path.resolve(import.meta.dirname, '../conformance/rjsf-samples');
const sampleFiles = readdirSync(samplesDir).filter((f) => f.endsWith('.json')).sort();

interface Sample {
  sample: string;
  schema: unknown;
  uiSchema?: unknown;
  formData?: unknown;
}

function sampleInput(file: string): Record<string, unknown> {
  const sample = JSON.parse(readFileSync(path.join(samplesDir, file), 'utf8')) as Sample;
  const name = file.replace(/\.json$/, '');
  const input: Record<string, unknown> = {
    key: `rjsf-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
    title: sample.sample,
    schema: sample.schema,
    uiSchema: sample.uiSchema,
  };
  if ('formData' in sample) input.formData = sample.formData;
  return input;
}

/** Every draft-07 spelling left anywhere in a schema, by schema pointer. */
function draft07Leftovers(schema: unknown): string[] {
  const found: string[] = [];
  walkSchema(schema, ({ node, pointer }) => {
    if (typeof node === 'boolean') return;
    for (const keyword of ['definitions', 'dependencies', 'additionalItems'] as const) {
      if (keyword in node) found.push(`${pointer}/${keyword}`);
    }
    if (Array.isArray(node.items)) found.push(`${pointer}/items`);
    if (typeof node.id === 'string') found.push(`${pointer}/id`);
    if (typeof node.exclusiveMaximum === 'boolean' || typeof node.exclusiveMinimum === 'boolean') found.push(`${pointer}/exclusive`);
    if (node.$schema !== undefined && node.$schema !== 'https://json-schema.org/draft/2020-12/schema') found.push(`${pointer}/$schema`);
  });
  // References anywhere, walked or not.
  for (const [, ref] of JSON.stringify(schema).matchAll(/"\$ref":"([^"]*)"/g)) {
    if (/#\/(.*\/)?(definitions|dependencies|additionalItems)(\/|$)|\/items\/\d/.test(ref!)) found.push(`$ref ${ref}`);
  }
  return found;
}

/**
 * Counts draft-07 spellings in an original schema, by the note code each must produce: a naive
 * scan of every object outside enum/const/default/examples, independent of the importer's walk.
 */
function countSpellings(schema: unknown): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (code: string) => (counts[code] = (counts[code] ?? 0) + 1);
  const visit = (value: unknown, parentKey: string | undefined) => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach((v) => visit(v, undefined));
    const node = value as Record<string, unknown>;
    const isSchemaNode = parentKey !== 'properties' && parentKey !== 'definitions' && parentKey !== '$defs' && parentKey !== 'dependencies' && parentKey !== 'patternProperties';
    if (isSchemaNode) {
      if (typeof node.definitions === 'object') add('FW_IMPORT_DEFINITIONS');
      if (typeof node.$ref === 'string' && node.$ref.includes('#/definitions/')) add('FW_IMPORT_REF');
      if (node.dependencies !== null && typeof node.dependencies === 'object') {
        const values = Object.values(node.dependencies);
        if (values.some(Array.isArray)) add('FW_IMPORT_DEPENDENT_REQUIRED');
        if (values.some((v) => !Array.isArray(v))) add('FW_IMPORT_DEPENDENT_SCHEMAS');
      }
      if (Array.isArray(node.items)) add('FW_IMPORT_PREFIX_ITEMS');
      if (Array.isArray(node.items) && node.additionalItems !== undefined) add('FW_IMPORT_ADDITIONAL_ITEMS');
    }
    for (const [key, inner] of Object.entries(node)) {
      if (!['enum', 'const', 'default', 'examples'].includes(key)) visit(inner, key);
    }
  };
  visit(schema, undefined);
  return counts;
}

/** The server's pattern checker (publish runs it): the samples are checked as publishing checks them. */
const publishOptions = { patternChecker: recheckPatternChecker };

/** A sample as published through the API: its schema and uiSchema as they are, draft-07 spellings and all. */
function sampleDefinition(file: string): { definition: Record<string, unknown>; formData: unknown } {
  const input = sampleInput(file);
  const definition: Record<string, unknown> = { key: input.key, kind: 'record', title: { 'zh-CN': input.title }, schema: input.schema };
  if (input.uiSchema !== undefined) definition.ui = input.uiSchema;
  return { definition, formData: input.formData };
}

describe('importForm: the rjsf playground samples', () => {
  it('has an expectation for every sample, and a sample for every expectation', () => {
    expect(sampleFiles).toHaveLength(40);
    expect(sampleFiles.map((f) => f.replace(/\.json$/, ''))).toEqual(Object.keys(SAMPLES).sort());
  });

  for (const file of sampleFiles) {
    const name = file.replace(/\.json$/, '');
    const expected = SAMPLES[name]!;
    const refusedAtPublish = 'refused' in expected ? expected.refused : expected.compile?.problems;
    const why = 'refused' in expected ? expected.why : expected.compile?.why;
    it(`${name}: ${refusedAtPublish ? `refused at publish (${why})` : 'published as it is, its draft-07 spellings converted as the import converts them; its formData dry-runs as expected'}`, async () => {
      const { definition, formData } = sampleDefinition(file);
      let compiled: ReturnType<typeof compileDefinition> | undefined;
      try {
        compiled = compileDefinition(definition, publishOptions);
      } catch (error) {
        if (!(error instanceof DefinitionError)) throw error;
        expect(pairs(error.problems)).toEqual(refusedAtPublish ?? []);
      }
      if (refusedAtPublish) expect(compiled, 'expected a refusal').toBeUndefined();
      if (!compiled || 'refused' in expected) return;
      // The compile converts exactly what the import converts, to the same schema.
      const imported = importForm(sampleInput(file));
      expect(pairs(compiled.notes)).toEqual(pairs(imported.notes.filter((n) => n.path.startsWith('/schema'))));
      expect(compiled.definition.schema).toEqual(imported.definition.schema);
      if (formData === null || typeof formData !== 'object' || Array.isArray(formData)) return;
      const outcome = await evaluate(compiled, formData);
      expect(pairs(outcome.errors), 'the dry run of formData').toEqual(expected.dryRun ?? []);
    });
  }

  for (const file of sampleFiles) {
    const name = file.replace(/\.json$/, '');
    const expected = SAMPLES[name]!;
    if ('refused' in expected) {
      it(`${name}: refused (${expected.why})`, () => {
        expect(importRefusal(sampleInput(file))).toEqual(expected.refused);
      });
      continue;
    }
    it(`${name}: imported without draft-07 spellings, every conversion noted at its path${expected.compile ? '; refused by compileDefinition' : '; compiled'}`, async () => {
      const input = sampleInput(file);
      const result = importForm(input);
      expect(pairs(result.notes)).toEqual(expected.notes);

      const schema = schemaOf(result);
      expect(draft07Leftovers(schema)).toEqual([]);
      // The notes account for every spelling of the original, counted independently …
      const noted: Record<string, number> = {};
      for (const n of result.notes) if (!/EXAMPLE|ROOT_TYPE/.test(n.code)) noted[n.code] = (noted[n.code] ?? 0) + 1;
      expect(noted).toEqual(countSpellings(input.schema));
      // … and each one names a place that holds what it says.
      for (const n of result.notes) {
        const at = getAt(result.definition, n.path);
        if (n.code === 'FW_IMPORT_DEFINITIONS') expect(n.path.endsWith('/$defs') && typeof at === 'object').toBe(true);
        if (n.code === 'FW_IMPORT_REF') expect(at).toBe(n.params!.to);
        if (n.code === 'FW_IMPORT_REF') expect(String(at)).toMatch(/^#\/\$defs\//);
        if (n.code === 'FW_IMPORT_PREFIX_ITEMS') expect(Array.isArray(at)).toBe(true);
        if (n.code === 'FW_IMPORT_ADDITIONAL_ITEMS') expect(getAt(result.definition, n.path.replace(/\/items$/, '/prefixItems'))).toBeInstanceOf(Array);
        if (n.code.startsWith('FW_IMPORT_DEPENDENT_')) expect(typeof at).toBe('object');
        if (n.code === 'FW_IMPORT_ROOT_TYPE') expect(at).toBe('object');
        if (n.code === 'FW_IMPORT_EXAMPLE_TEST') expect(at).toEqual({ name: IMPORTED_EXAMPLE_TEST, data: input.formData, expect: { valid: true } });
      }
      expect(result.definition.ui).toEqual(input.uiSchema);

      let compiled: ReturnType<typeof compileDefinition> | undefined;
      try {
        compiled = compileDefinition(result.definition, publishOptions);
      } catch (error) {
        if (!(error instanceof DefinitionError)) throw error;
        expect(pairs(error.problems), 'compile refusal').toEqual(expected.compile?.problems ?? []);
      }
      if (expected.compile) expect(compiled, 'expected a compile refusal').toBeUndefined();
      if (!compiled) return;
      // Only a non-empty example became a test.
      const example = result.definition.tests?.[0];
      if (!example) return;
      const outcome = await evaluate(compiled, example.data);
      expect(pairs(outcome.errors), 'the example').toEqual(expected.example?.errors ?? []);
      const run = await runDefinitionTests(compiled);
      expect(run.failed, 'the imported example test').toBe(expected.example ? 1 : 0);
    });
  }
});
