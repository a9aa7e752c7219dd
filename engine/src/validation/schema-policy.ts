/**
 * The safety policy for record schemas written by designers: what a hostile or careless
 * definition must not get into production. Every finding is a problem at its JSON Pointer.
 */
import { problem, type Problem } from '../errors/problem.js';
import { getAt, joinPointer } from '../pointer/json-pointer.js';
import { KNOWN_FORMATS } from './ajv-factory.js';
import { checkNodeKeywords, keywordPointer } from './keyword-rules.js';
import { CODELIST_SCHEME, DRAFT_2020_12, KNOWN_KEYWORDS } from './keywords.js';
import type { PatternChecker } from './pattern-checker.js';
import { indexSchemaRefs } from './schema-refs.js';
import { checkUnevaluatedGaps } from './unevaluated-gaps.js';
import { uniqueItemsBound } from './unique-bound.js';
import { isPlainObject, walkSchema } from './walk-schema.js';

export interface SchemaLimits {
  /** Deepest nesting of subschemas. */
  maxDepth: number;
  /** Most subschemas in one schema. */
  maxNodes: number;
  /** Longest `pattern`. */
  maxPatternLength: number;
  /** Most items an array with `uniqueItems` may hold, by `maxItems` or by its items' allowed values (the check is quadratic). */
  maxUniqueItems: number;
}

export const DEFAULT_SCHEMA_LIMITS: SchemaLimits = {
  maxDepth: 32,
  maxNodes: 20_000,
  maxPatternLength: 1_000,
  maxUniqueItems: 2_000,
};

export interface SchemaPolicyOptions {
  patternChecker: PatternChecker;
  limits?: Partial<SchemaLimits>;
  /** URIs of schemas supplied alongside (code lists): references to them are not remote. */
  knownUris?: readonly string[];
  /** The schemas supplied alongside, by URI (code lists): they bound the values of items that reference them. */
  externals?: Readonly<Record<string, unknown>>;
}

/** Checks a record schema against the policy; `base` prefixes every path (e.g. '/schema'). */
export function checkSchemaPolicy(schema: unknown, base: string, options: SchemaPolicyOptions): Problem[] {
  const limits = { ...DEFAULT_SCHEMA_LIMITS, ...options.limits };
  const problems: Problem[] = [];
  const ids = collectIds(schema);
  for (const uri of [...(options.knownUris ?? []), ...Object.keys(options.externals ?? {})]) ids.add(uri);
  const refs = indexSchemaRefs(schema);
  let nodes = 0;
  let tooDeep = false;

  walkSchema(schema, ({ node, pointer, depth }) => {
    nodes += 1;
    if (depth > limits.maxDepth && !tooDeep) {
      tooDeep = true;
      problems.push(problem(base + pointer, 'FW_DEF_TOO_DEEP', { limit: limits.maxDepth }));
    }
    if (typeof node === 'boolean') return;
    const at = (keyword: string) => base + joinPointer(pointer, keyword);

    for (const [keyword, value] of Object.entries(node)) {
      if (keyword === '$data') {
        problems.push(problem(at(keyword), 'FW_DEF_DATA_REF'));
        continue;
      }
      const unsupported = UNSUPPORTED_KEYWORDS[keyword];
      if (unsupported) {
        problems.push(problem(at(keyword), 'FW_DEF_UNSUPPORTED_KEYWORD', { keyword, reason: unsupported }));
        continue;
      }
      if (!KNOWN_KEYWORDS.has(keyword)) {
        problems.push(problem(at(keyword), 'FW_DEF_UNKNOWN_KEYWORD', { keyword }));
        continue;
      }
      if (isPlainObject(value) && '$data' in value && !['properties', 'patternProperties', '$defs', 'dependentSchemas'].includes(keyword)) {
        problems.push(problem(at(keyword), 'FW_DEF_DATA_REF'));
      }
    }

    problems.push(...checkNodeKeywords(node, pointer, keywordPointer(base, pointer), refs));
    const dialect = node.$schema;
    if (dialect !== undefined && String(dialect).replace(/#$/, '') !== DRAFT_2020_12) {
      problems.push(problem(at('$schema'), 'FW_DEF_SCHEMA_DIALECT', { expected: DRAFT_2020_12 }));
    }
    for (const keyword of ['$ref', '$dynamicRef'] as const) {
      const ref = node[keyword];
      if (typeof ref === 'string' && isRemote(ref, ids)) {
        problems.push(problem(at(keyword), 'FW_DEF_REMOTE_REF', { ref }));
      }
    }
    if (typeof node.pattern === 'string') checkPattern(node.pattern, at('pattern'));
    if (isPlainObject(node.patternProperties)) {
      for (const source of Object.keys(node.patternProperties)) {
        checkPattern(source, base + joinPointer(pointer, 'patternProperties', source));
      }
    }
    if (typeof node.format === 'string' && !KNOWN_FORMATS.has(node.format)) {
      problems.push(problem(at('format'), 'FW_DEF_UNKNOWN_FORMAT', { format: node.format }));
    }
    if (node.uniqueItems === true) {
      const max = typeof node.maxItems === 'number' ? node.maxItems : Infinity;
      const bound = Math.min(max, uniqueItemsBound(node, pointer, refs, options.externals) ?? Infinity);
      if (bound > limits.maxUniqueItems) problems.push(problem(at('uniqueItems'), 'FW_DEF_UNBOUNDED_UNIQUE', { limit: limits.maxUniqueItems }));
    }
  });
  problems.push(...checkUnevaluatedGaps(schema, base, refs));

  const cycle = findReferenceCycle(schema);
  if (cycle) problems.push(problem(base + cycle[0], 'FW_DEF_REF_CYCLE', { cycle: cycle.map((p) => p || '#').join(' → ') }));
  if (nodes > limits.maxNodes) {
    problems.unshift(problem(base, 'FW_DEF_TOO_MANY_NODES', { count: nodes, limit: limits.maxNodes }));
  }
  return problems;

  function checkPattern(source: string, path: string): void {
    if (source.length > limits.maxPatternLength) {
      problems.push(problem(path, 'FW_DEF_INVALID_PATTERN', { reason: `longer than ${limits.maxPatternLength} characters` }));
      return;
    }
    try {
      new RegExp(source, 'u');
    } catch (error) {
      problems.push(problem(path, 'FW_DEF_INVALID_PATTERN', { reason: (error as Error).message }));
      return;
    }
    const verdict = options.patternChecker.check(source, 'u');
    if (!verdict.safe) problems.push(problem(path, 'FW_DEF_UNSAFE_PATTERN', { reason: verdict.reason, pattern: source }));
  }
}

/**
 * Keywords of 2020-12 that Formwork refuses: its validator (ajv 8) implements them only in
 * part (wrong results, and stack overflows on some schemas), and forms do not need them.
 */
const UNSUPPORTED_KEYWORDS: Record<string, string> = {
  $dynamicRef: 'dynamic references are for extending meta-schemas; use $ref',
  $dynamicAnchor: 'dynamic references are for extending meta-schemas; use $anchor',
};

/** Keywords that apply their subschema to the same instance (no data is consumed). */
const IN_PLACE = ['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else'] as const;

/**
 * A cycle of local references through in-place applicators only (e.g. a $ref to itself)
 * makes validation recurse forever on any data; recursion through properties or items is
 * fine (it ends with the data). Returns the schema pointers of one cycle, if any.
 */
function findReferenceCycle(schema: unknown): string[] | undefined {
  const nodes = new Map<unknown, string>();
  const anchors = new Map<string, unknown>();
  walkSchema(schema, ({ node, pointer }) => {
    nodes.set(node, pointer);
    if (typeof node === 'object' && typeof node.$anchor === 'string') anchors.set(node.$anchor, node);
  });
  const next = (node: unknown): unknown[] => {
    if (!isPlainObject(node)) return [];
    const out: unknown[] = [];
    for (const keyword of IN_PLACE) {
      const value = node[keyword];
      if (Array.isArray(value)) out.push(...value);
      else if (value !== undefined) out.push(value);
    }
    if (isPlainObject(node.dependentSchemas)) out.push(...Object.values(node.dependentSchemas));
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith('#')) {
      const fragment = decodeURIComponent(ref.slice(1));
      const target = fragment === '' ? schema : fragment.startsWith('/') ? getAt(schema, fragment) : anchors.get(fragment);
      if (target !== undefined) out.push(target);
    }
    return out.filter((n) => nodes.has(n));
  };
  // Iterative depth-first search: a long chain of references must not exhaust the call stack.
  const state = new Map<unknown, 'open' | 'done'>();
  for (const start of nodes.keys()) {
    if (state.has(start)) continue;
    const path: unknown[] = [start];
    const pending: unknown[][] = [next(start)];
    state.set(start, 'open');
    while (path.length > 0) {
      const children = pending[pending.length - 1]!;
      const child = children.pop();
      if (child === undefined) {
        state.set(path.pop(), 'done');
        pending.pop();
        continue;
      }
      const s = state.get(child);
      if (s === 'open') return path.slice(path.indexOf(child)).map((n) => nodes.get(n)!);
      if (s === undefined) {
        state.set(child, 'open');
        path.push(child);
        pending.push(next(child));
      }
    }
  }
  return undefined;
}

/** Absolute `$id`s declared inside the schema (without fragments). */
function collectIds(schema: unknown): Set<string> {
  const ids = new Set<string>();
  walkSchema(schema, ({ node }) => {
    if (typeof node === 'object' && typeof node.$id === 'string') ids.add(node.$id.replace(/#.*$/, ''));
  });
  return ids;
}

/** A reference with a URI scheme that no `$id` inside the schema declares points outside it. */
function isRemote(ref: string, ids: Set<string>): boolean {
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(ref)) return false;
  // A code list not supplied is reported as unknown by the compiler, not as remote.
  if (ref.startsWith(CODELIST_SCHEME)) return false;
  return !ids.has(ref.replace(/#.*$/, ''));
}
