/**
 * The official JSON-Schema-Test-Suite (draft 2020-12, required tests; vendored from
 * ../shared/conformance, see test/conformance/json-schema-test-suite/SOURCE.txt), each group's
 * schema published as a record field and every test case answered two ways: by the engine's
 * validator in the specification's reading (format as annotation, unknown keywords ignored) and
 * through publish + dry-run (Formwork's reading).
 *
 * There is no list of expected failures: every case is answered right, or its group's schema is
 * refused at publish with a Formwork code at the offending keyword, for one of the reasons
 * listed in REFUSALS (docs/schema-policy.md explains each). Formwork's one deliberate difference
 * from the specification's default reading: `format` is asserted (FORMAT_ASSERTED).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileConformanceValidator, compileDefinition, DefinitionError, evaluate, type CompiledModule, type Problem } from '../../engine/src/index.js';

const SUITE = path.resolve(import.meta.dirname, '../conformance/json-schema-test-suite/draft2020-12');

interface Group {
  description: string;
  schema: unknown;
  tests: { description: string; data: unknown; valid: boolean }[];
}

/** Why a suite schema is refused at publish, by code. A refusal with any other code fails the test. */
const REFUSALS: Record<string, string> = {
  FW_DEF_REMOTE_REF: 'it references a schema outside itself (the suite\'s http://localhost:1234 fixtures): Formwork never fetches one',
  FW_DEF_UNRESOLVED_REF: 'it references a place its remote base would provide (same fixtures)',
  FW_DEF_UNSUPPORTED_KEYWORD: '$dynamicRef/$dynamicAnchor: ajv 8 implements them in part (wrong answers, stack overflows)',
  FW_DEF_SCHEMA_DIALECT: 'a custom meta-schema (a remote fixture) as $schema',
  FW_DEF_UNKNOWN_FORMAT: 'a format Formwork does not know (idn-email, idn-hostname, iri, iri-reference): formats are asserted, so an unknown one is refused',
  FW_DEF_UNBOUNDED_UNIQUE: 'uniqueItems on items that can take any value, without maxItems (the check is quadratic)',
  FW_DEF_EMPTY_ENUM: 'an empty enum: no data can pass',
  FW_DEF_IGNORED_KEYWORD: 'then/else without if: they take no effect',
  FW_DEF_CONTAINS_RANGE: 'minContains greater than maxContains: no list can pass',
  FW_DEF_RESERVED_NAME: 'a property named __proto__: the server refuses data with that key',
  FW_DEF_REF_BESIDE_ID: 'an embedded $id with a $ref into itself beside it: ajv 8 overflows its stack',
  FW_DEF_UNEVALUATED_CONTAINS: 'unevaluatedItems with contains: ajv 8 does not count what contains matched',
  FW_DEF_UNEVALUATED_IF: 'unevaluated* with an if that has no then: ajv 8 loses or misplaces the if\'s annotations',
  FW_DEF_UNEVALUATED_NESTED_ITEMS: 'unevaluatedItems with items in a conditional branch: ajv 8 answers wrongly',
};

/** Test cases whose data breaks its format: the specification's default reads format as an annotation, Formwork asserts it. */
const FORMAT_ASSERTED = /only an annotation by default/;

const files = readdirSync(SUITE).filter((f) => f.endsWith('.json')).sort();
const suite = files.map((file) => ({ file, groups: JSON.parse(readFileSync(path.join(SUITE, file), 'utf8')) as Group[] }));

/** A suite schema as the record's field "value"; its local references move with it. */
function recordSchema(schema: unknown): Record<string, unknown> {
  const moved = schema !== null && typeof schema === 'object' && typeof (schema as { $id?: unknown }).$id !== 'string' ? moveRefs(schema, true) : schema;
  return { type: 'object', properties: { value: moved } };
}

/** '#…' references of the root resource, re-rooted at /properties/value (nested $id resources keep theirs). */
function moveRefs(node: unknown, root = false): unknown {
  if (Array.isArray(node)) return node.map((n) => moveRefs(n));
  if (node === null || typeof node !== 'object') return node;
  if (!root && typeof (node as { $id?: unknown }).$id === 'string') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const moved =
      key === '$ref' && typeof value === 'string' && (value === '#' || value.startsWith('#/'))
        ? `#/properties/value${value.slice(1)}`
        : ['enum', 'const', 'default', 'examples'].includes(key)
          ? value
          : moveRefs(value);
    // defineProperty keeps a property named __proto__ a property.
    Object.defineProperty(out, key, { value: moved, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

type Published = { compiled: CompiledModule } | { problems: Problem[] };
const published = new Map<Group, Published>();

/** Each group's schema published once (or the problems it was refused with). */
function publish(group: Group): Published {
  let result = published.get(group);
  if (!result) {
    try {
      result = { compiled: compileDefinition({ key: 'suite', kind: 'record', title: { 'zh-CN': '测试' }, schema: recordSchema(group.schema) }) };
    } catch (error) {
      if (!(error instanceof DefinitionError)) throw error;
      result = { problems: error.problems };
    }
    published.set(group, result);
  }
  return result;
}

type Conformance = { validate: (data: unknown) => boolean } | { error: Error };
const conformance = new Map<Group, Conformance>();

/** Each group's schema compiled once in the specification's reading (or the error it gave). */
function specReading(group: Group): Conformance {
  let result = conformance.get(group);
  if (!result) {
    try {
      result = { validate: compileConformanceValidator(group.schema as object) };
    } catch (error) {
      result = { error: error as Error };
    }
    conformance.set(group, result);
  }
  return result;
}

/** A schema needs a remote one when ajv, which never fetches, cannot resolve a reference or its $schema. */
function needsRemote(group: Group): boolean {
  const result = specReading(group);
  if (!('error' in result)) return false;
  return (result.error as { missingRef?: string }).missingRef !== undefined || /no schema with key or ref/.test(result.error.message);
}
const usesDynamicRefs = (group: Group) => /"\$dynamic(Ref|Anchor)"/.test(JSON.stringify(group.schema));

describe('JSON-Schema-Test-Suite draft 2020-12', () => {
  for (const { file, groups } of suite) {
    describe(file, () => {
      for (const group of groups) {
        it(group.description, async () => {
          const outcome = publish(group);
          if ('problems' in outcome) {
            for (const p of outcome.problems) {
              expect(REFUSALS[p.code], `${p.path} ${p.code}: not a listed refusal`).toBeDefined();
              // At the keyword that causes it, inside the field's schema.
              expect(p.path.startsWith('/schema/properties/value'), `${p.path} ${p.code}`).toBe(true);
            }
            return;
          }
          const reading = specReading(group);
          if ('error' in reading) throw reading.error;
          for (const test of group.tests) {
            expect(reading.validate(test.data), `spec reading: ${test.description}`).toBe(test.valid);
            const run = await evaluate(outcome.compiled, { value: test.data });
            const expected = FORMAT_ASSERTED.test(test.description) ? false : test.valid;
            expect(run.errors.length === 0, `publish + dry-run: ${test.description} ${JSON.stringify(run.errors.map((e) => e.code))}`).toBe(expected);
          }
        });
      }
    });
  }

  it('refuses at publish every schema that needs a remote schema', () => {
    const groups = suite.flatMap(({ file, groups }) => groups.filter(needsRemote).map((g) => ({ file, g })));
    expect(groups.length).toBeGreaterThan(3);
    for (const { file, g } of groups) expect('problems' in publish(g), `${file} / ${g.description} was accepted`).toBe(true);
  });

  it('refuses at publish every schema using $dynamicRef or $dynamicAnchor', () => {
    const groups = suite.flatMap(({ file, groups }) => groups.filter((g) => usesDynamicRefs(g) && !needsRemote(g)).map((g) => ({ file, g })));
    expect(groups.length).toBeGreaterThan(10);
    for (const { file, g } of groups) {
      const outcome = publish(g);
      expect('problems' in outcome && outcome.problems.map((p) => p.code), `${file} / ${g.description}`).toContain('FW_DEF_UNSUPPORTED_KEYWORD');
    }
  });

  it('publishes and answers the overwhelming majority of the suite', () => {
    const groups = suite.flatMap(({ groups }) => groups);
    const answered = groups.filter((g) => 'compiled' in publish(g));
    expect(answered.flatMap((g) => g.tests).length).toBeGreaterThan(1000);
    // Refused for a reason of Formwork's own, not a remote fixture or dynamic references.
    const ownReasons = groups.filter((g) => 'problems' in publish(g) && !needsRemote(g) && !usesDynamicRefs(g));
    expect(ownReasons.length / groups.length).toBeLessThan(0.1);
  });
});
