/**
 * The shapes where ajv 8 answers `unevaluatedItems` / `unevaluatedProperties` wrongly (found by
 * the official JSON-Schema-Test-Suite, test/engine/json-schema-suite.test.ts): what a subschema
 * applied to the same data evaluated is lost when it is
 * - a `contains` (its matched items are never counted as evaluated),
 * - an `if` without a `then` that has rules (its annotations are dropped, or counted when it fails),
 * - an `items` inside a conditional branch (anyOf, oneOf, if, then, else, dependentSchemas, not).
 * A silently wrong answer is worse than a refusal, so each is refused at publish, at the
 * unevaluated keyword, naming the subschema that causes it.
 */
import { problem, type Problem } from '../errors/problem.js';
import { joinPointer } from '../pointer/json-pointer.js';
import type { SchemaRefs } from './schema-refs.js';
import { isPlainObject, walkSchema, type SchemaNode } from './walk-schema.js';

/** A subschema applied to the same data as the node that starts the walk. */
interface InPlace {
  node: Record<string, unknown>;
  pointer: string;
  /** Reached through a branch that applies only under a condition. */
  conditional: boolean;
}

const ALWAYS = ['allOf'] as const;
const CONDITIONAL = ['anyOf', 'oneOf'] as const;
const CONDITIONAL_ONE = ['if', 'then', 'else', 'not'] as const;

/** Checks every node with unevaluatedItems/unevaluatedProperties; `base` prefixes every path. */
export function checkUnevaluatedGaps(schema: unknown, base: string, refs: SchemaRefs): Problem[] {
  const problems: Problem[] = [];
  walkSchema(schema, ({ node, pointer }) => {
    if (typeof node === 'boolean') return;
    const keywords = (['unevaluatedItems', 'unevaluatedProperties'] as const).filter((k) => k in node);
    if (keywords.length === 0) return;
    const closure = inPlaceClosure(node, pointer, refs);
    for (const keyword of keywords) {
      const at = base + joinPointer(pointer, keyword);
      const bareIf = closure.find((c) => 'if' in c.node && !hasRules(c.node.then));
      if (bareIf) problems.push(problem(at, 'FW_DEF_UNEVALUATED_IF', { keyword, at: base + joinPointer(bareIf.pointer, 'if') }));
      if (keyword !== 'unevaluatedItems') continue;
      const contains = closure.find((c) => 'contains' in c.node);
      if (contains) problems.push(problem(at, 'FW_DEF_UNEVALUATED_CONTAINS', { at: base + joinPointer(contains.pointer, 'contains') }));
      const nested = closure.find((c) => c.conditional && 'items' in c.node);
      if (nested) problems.push(problem(at, 'FW_DEF_UNEVALUATED_NESTED_ITEMS', { at: base + joinPointer(nested.pointer, 'items') }));
    }
  });
  return problems;
}

/** The node and every object subschema applied to the same data, following local references. */
function inPlaceClosure(start: Record<string, unknown>, pointer: string, refs: SchemaRefs): InPlace[] {
  const out: InPlace[] = [];
  const seen = new Set<unknown>();
  const visit = (node: SchemaNode | unknown, at: string, conditional: boolean) => {
    if (!isPlainObject(node) || seen.has(node)) return;
    seen.add(node);
    out.push({ node, pointer: at, conditional });
    for (const keyword of ALWAYS) each(node[keyword], (sub, i) => visit(sub, joinPointer(at, keyword, i), conditional));
    for (const keyword of CONDITIONAL) each(node[keyword], (sub, i) => visit(sub, joinPointer(at, keyword, i), true));
    for (const keyword of CONDITIONAL_ONE) if (keyword in node) visit(node[keyword], joinPointer(at, keyword), true);
    if (isPlainObject(node.dependentSchemas)) {
      for (const [name, sub] of Object.entries(node.dependentSchemas)) visit(sub, joinPointer(at, 'dependentSchemas', name), true);
    }
    if (typeof node.$ref === 'string') {
      const target = refs.resolve(node.$ref, at);
      if (target) visit(target.node, target.pointer, conditional);
    }
  };
  visit(start, pointer, false);
  return out;
}

function each(value: unknown, f: (sub: unknown, i: number) => void): void {
  if (Array.isArray(value)) value.forEach(f);
}

/** ajv skips a `then` that is absent, `true` or has no assertion keyword — and drops the if's annotations with it. */
function hasRules(then: unknown): boolean {
  if (!isPlainObject(then)) return false;
  return Object.keys(then).some((k) => !ANNOTATIONS.has(k));
}

const ANNOTATIONS = new Set(['$schema', '$id', '$anchor', '$comment', '$defs', 'title', 'description', 'default', 'deprecated', 'readOnly', 'writeOnly', 'examples', 'contentEncoding', 'contentMediaType']);
