/**
 * Rules about one schema node's keywords that ajv's strict mode used to enforce with a thrown
 * message at '/schema'. Formwork refuses only what is meaningless (a keyword that cannot take
 * effect, a field no data can ever fill) or unsafe (a shape ajv cannot compile), each at the
 * keyword's own pointer with a message that says how to fix it; everything else strict mode
 * refused (an `if` without `then`/`else`, `minContains` without `contains`, a property that also
 * matches a pattern) is valid JSON Schema and is accepted. See docs/schema-policy.md.
 */
import { problem, type Problem } from '../errors/problem.js';
import { joinPointer } from '../pointer/json-pointer.js';
import type { SchemaRefs } from './schema-refs.js';
import { isPlainObject } from './walk-schema.js';

/**
 * Names a record's data can never carry: request bodies with them are refused (prototype
 * pollution), so a field so named could never be filled.
 */
export const RESERVED_PROPERTY_NAMES: ReadonlySet<string> = new Set(['__proto__']);

/** The problems of the object schema node at `pointer`; `at(keyword…)` is the full pointer of one of its keywords. */
export function checkNodeKeywords(node: Record<string, unknown>, pointer: string, at: (...segments: (string | number)[]) => string, refs: SchemaRefs): Problem[] {
  const problems: Problem[] = [];
  // `then`/`else` only take effect under an `if`.
  for (const keyword of ['then', 'else'] as const) {
    if (keyword in node && !('if' in node)) problems.push(problem(at(keyword), 'FW_DEF_IGNORED_KEYWORD', { keyword, needs: 'if' }));
  }
  if (typeof node.minContains === 'number' && typeof node.maxContains === 'number' && node.minContains > node.maxContains && 'contains' in node) {
    problems.push(problem(at('minContains'), 'FW_DEF_CONTAINS_RANGE', { min: node.minContains, max: node.maxContains }));
  }
  if (Array.isArray(node.enum) && node.enum.length === 0) problems.push(problem(at('enum'), 'FW_DEF_EMPTY_ENUM'));
  if (refBesideIdLoops(node, pointer, refs)) problems.push(problem(at('$ref'), 'FW_DEF_REF_BESIDE_ID', { ref: node.$ref }));
  if (node.discriminator !== undefined) problems.push(...checkDiscriminator(node, at));
  problems.push(...reservedNames(node, at));
  return problems;
}

/**
 * ajv 8 recurses without end compiling an embedded resource (a subschema with its own `$id`) whose
 * `$ref`, beside that `$id`, points by JSON Pointer into the resource itself. The same reference
 * one level down (in an allOf) compiles.
 */
function refBesideIdLoops(node: Record<string, unknown>, pointer: string, refs: SchemaRefs): boolean {
  if (pointer === '' || typeof node.$id !== 'string' || node.$id.startsWith('#') || typeof node.$ref !== 'string') return false;
  if (!/#\//.test(node.$ref)) return false;
  const target = refs.resolve(node.$ref, pointer);
  return target !== undefined && target.pointer.startsWith(pointer + '/');
}

/**
 * OpenAPI's `discriminator` is kept as an annotation (Formwork reads it to explain either-or
 * errors): it must name the property that tells the branches of a sibling oneOf/anyOf apart.
 */
function checkDiscriminator(node: Record<string, unknown>, at: (...segments: (string | number)[]) => string): Problem[] {
  const value = node.discriminator;
  const hasBranches = Array.isArray(node.oneOf) || Array.isArray(node.anyOf);
  if (!isPlainObject(value) || typeof value.propertyName !== 'string' || value.propertyName === '' || !hasBranches) {
    return [problem(at('discriminator'), 'FW_DEF_DISCRIMINATOR')];
  }
  return [];
}

/** Property names no record can carry, wherever the node names a property. */
function reservedNames(node: Record<string, unknown>, at: (...segments: (string | number)[]) => string): Problem[] {
  const problems: Problem[] = [];
  for (const keyword of ['properties', 'dependentRequired', 'dependentSchemas'] as const) {
    const map = node[keyword];
    if (!isPlainObject(map)) continue;
    for (const name of Object.keys(map)) {
      if (RESERVED_PROPERTY_NAMES.has(name)) problems.push(problem(at(keyword, name), 'FW_DEF_RESERVED_NAME', { name }));
    }
  }
  if (Array.isArray(node.required)) {
    node.required.forEach((name, i) => {
      if (typeof name === 'string' && RESERVED_PROPERTY_NAMES.has(name)) problems.push(problem(at('required', i), 'FW_DEF_RESERVED_NAME', { name }));
    });
  }
  return problems;
}

/** A pointer builder for the keywords of the node at `pointer`, under `base`. */
export function keywordPointer(base: string, pointer: string): (...segments: (string | number)[]) => string {
  return (...segments) => base + joinPointer(pointer, ...segments);
}
