/**
 * importForm: draft-07 spellings rewritten to 2020-12 (each one a note at its place in the
 * result), and the envelope of rjsf forms and Formwork definitions.
 */
import { describe, expect, it } from 'vitest';
import {
  compileDefinition,
  DefinitionError,
  getAt,
  IMPORT_NOTE_CODES,
  IMPORTED_EXAMPLE_TEST,
  importForm,
  runDefinitionTests,
  type ImportResult,
} from '../../engine/src/index.js';
import { pairs, refusal } from './helpers.js';

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
    // The engine's ajv (strict) does not know $anchor yet, though the policy allows it: the
    // conversion is right, the compile refusal is the engine's (expected here so it shows).
    expect(pairs(refusal(result.definition))).toEqual(['/schema FW_DEF_COMPILE']);
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
