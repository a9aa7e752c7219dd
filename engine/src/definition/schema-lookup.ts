/**
 * Answers "which subschemas describe the data at this JSON Pointer?" so a definition's rules,
 * workflow and exports can be checked against the fields that really exist. Local `$ref`s are
 * followed; a place reached through a reference that cannot be followed is treated as unknown
 * (accepted) rather than refused.
 */
import { escapeSegment, getAt, parsePointer } from '../pointer/json-pointer.js';
import { isPlainObject } from '../validation/walk-schema.js';

type Node = Record<string, unknown> | boolean;

/** A subschema and its JSON Pointer inside the root schema. */
export interface Candidate {
  node: Node;
  pointer: string;
}

/** The result of a lookup: the candidate subschemas, or 'unknown' when it cannot be told. */
export type Lookup = { found: Candidate[] } | 'unknown';

export function lookupDataPointer(root: unknown, pointer: string, externals: Externals = {}): Lookup {
  let current: Candidate[] = [{ node: root as Node, pointer: '' }];
  for (const segment of parsePointer(pointer)) {
    const expanded = expand(root, current, externals);
    if (expanded === 'unknown') return 'unknown';
    const next: Candidate[] = [];
    for (const candidate of expanded) {
      if (candidate.node === true) next.push({ node: true, pointer: candidate.pointer });
      else if (candidate.node !== false) next.push(...childSchemas(candidate.node, candidate.pointer, segment));
    }
    if (next.length === 0) return { found: [] };
    current = next;
  }
  const expanded = expand(root, current, externals);
  return expanded === 'unknown' ? 'unknown' : { found: expanded };
}

/** Schemas referenced by URI (code lists), by URI. */
export type Externals = Readonly<Record<string, unknown>>;

/** Whether the pointer names a field the schema declares. */
export function fieldExists(root: unknown, pointer: string, externals: Externals = {}): boolean {
  const result = lookupDataPointer(root, pointer, externals);
  return result === 'unknown' || result.found.length > 0;
}

/** The first titled subschema at the data pointer: its title and schema pointer. */
export function fieldTitle(root: unknown, pointer: string, externals: Externals = {}): { title: string; schemaPointer: string } | undefined {
  const result = lookupDataPointer(root, pointer, externals);
  if (result === 'unknown') return undefined;
  for (const { node, pointer: schemaPointer } of result.found) {
    if (isPlainObject(node) && typeof node.title === 'string') return { title: node.title, schemaPointer };
  }
  return undefined;
}

/** Whether some candidate declares one of the given types / formats (unknown → true). */
export function fieldHasType(root: unknown, pointer: string, types: string[], formats: string[] = [], externals: Externals = {}): boolean {
  const result = lookupDataPointer(root, pointer, externals);
  if (result === 'unknown') return true;
  return result.found.some(({ node }) => {
    if (!isPlainObject(node)) return node === true;
    const declared = Array.isArray(node.type) ? node.type : [node.type];
    const typeOk = declared.some((t) => types.includes(String(t)));
    if (formats.length === 0) return typeOk;
    return typeOk && typeof node.format === 'string' && formats.includes(node.format);
  });
}

function childSchemas(node: Record<string, unknown>, at: string, segment: string): Candidate[] {
  const out: Candidate[] = [];
  const properties = node.properties;
  if (isPlainObject(properties) && Object.prototype.hasOwnProperty.call(properties, segment)) {
    out.push({ node: properties[segment] as Node, pointer: `${at}/properties/${escapeSegment(segment)}` });
  }
  if (isPlainObject(node.patternProperties)) {
    for (const [source, sub] of Object.entries(node.patternProperties)) {
      try {
        if (new RegExp(source, 'u').test(segment)) {
          out.push({ node: sub as Node, pointer: `${at}/patternProperties/${escapeSegment(source)}` });
        }
      } catch {
        /* an invalid pattern is reported by the schema policy */
      }
    }
  }
  const additional = node.additionalProperties;
  if (out.length === 0 && additional !== undefined && additional !== false && !isPlainObject(properties)) {
    out.push({ node: additional as Node, pointer: `${at}/additionalProperties` });
  }
  if (/^(0|[1-9][0-9]*)$/.test(segment)) {
    const index = Number(segment);
    const prefix = node.prefixItems;
    if (Array.isArray(prefix) && index < prefix.length) out.push({ node: prefix[index] as Node, pointer: `${at}/prefixItems/${index}` });
    else if (node.items !== undefined && node.items !== false) out.push({ node: node.items as Node, pointer: `${at}/items` });
  }
  return out;
}

/** Expands candidates through allOf/anyOf/oneOf/if-then-else/dependentSchemas and local $ref. */
function expand(root: unknown, candidates: Candidate[], externals: Externals): Candidate[] | 'unknown' {
  const out: Candidate[] = [];
  const seen = new Set<unknown>();
  const queue = [...candidates];
  while (queue.length > 0) {
    const candidate = queue.shift()!;
    const { node, pointer } = candidate;
    if (seen.has(node)) continue;
    seen.add(node);
    out.push(candidate);
    if (!isPlainObject(node)) continue;
    for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = node[keyword];
      if (Array.isArray(list)) list.forEach((sub, i) => queue.push({ node: sub as Node, pointer: `${pointer}/${keyword}/${i}` }));
    }
    for (const keyword of ['then', 'else'] as const) {
      if (node[keyword] !== undefined) queue.push({ node: node[keyword] as Node, pointer: `${pointer}/${keyword}` });
    }
    if (isPlainObject(node.dependentSchemas)) {
      for (const [name, sub] of Object.entries(node.dependentSchemas)) {
        queue.push({ node: sub as Node, pointer: `${pointer}/dependentSchemas/${escapeSegment(name)}` });
      }
    }
    for (const keyword of ['$ref', '$dynamicRef'] as const) {
      const ref = node[keyword];
      if (typeof ref !== 'string') continue;
      if (externals[ref] !== undefined) {
        queue.push({ node: externals[ref] as Node, pointer: '' });
        continue;
      }
      if (!ref.startsWith('#/') && ref !== '#') return 'unknown';
      const target = decodeURIComponent(ref.slice(1));
      const resolved = target === '' ? root : getAt(root, target);
      if (resolved === undefined) return 'unknown';
      queue.push({ node: resolved as Node, pointer: target });
    }
  }
  return out;
}

/**
 * How a value is shown to people: the title of its code when the field's schema lists codes
 * with titles (oneOf/anyOf of const + title, as code lists do), else the value itself.
 */
export function codeTitle(root: unknown, pointer: string, value: unknown, externals: Externals = {}): string | undefined {
  const result = lookupDataPointer(root, pointer, externals);
  if (result === 'unknown') return undefined;
  for (const { node } of result.found) {
    if (!isPlainObject(node)) continue;
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const list = node[keyword];
      if (!Array.isArray(list)) continue;
      for (const option of list) {
        if (isPlainObject(option) && option.const === value && typeof option.title === 'string') return option.title;
      }
    }
  }
  return undefined;
}

/** One allowed value of a field: its code, title, and whether it is retired (deprecated). */
export interface FieldOption {
  code: string | number | boolean;
  title: string | undefined;
  deprecated: boolean;
}

/** The allowed values a field declares (oneOf/anyOf consts with titles, or enum), in order; none for free fields. */
export function fieldOptions(root: unknown, pointer: string, externals: Externals = {}): FieldOption[] {
  const result = lookupDataPointer(root, pointer, externals);
  if (result === 'unknown') return [];
  for (const { node } of result.found) {
    if (!isPlainObject(node)) continue;
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const list = node[keyword];
      if (!Array.isArray(list)) continue;
      const options = list.filter((o): o is Record<string, unknown> => isPlainObject(o) && 'const' in o);
      if (options.length > 0) {
        return options.map((o) => ({ code: o.const as FieldOption['code'], title: typeof o.title === 'string' ? o.title : undefined, deprecated: o.deprecated === true }));
      }
    }
    if (Array.isArray(node.enum)) return node.enum.filter((v) => v !== null).map((v) => ({ code: v as FieldOption['code'], title: undefined, deprecated: false }));
  }
  return [];
}

/** The JSON type a field declares (and its format), the first candidate that says; undefined when unknown. */
export function fieldType(root: unknown, pointer: string, externals: Externals = {}): { type: string; format?: string } | undefined {
  const result = lookupDataPointer(root, pointer, externals);
  if (result === 'unknown') return undefined;
  for (const { node } of result.found) {
    if (!isPlainObject(node)) continue;
    const declared = (Array.isArray(node.type) ? node.type : [node.type]).find((t) => typeof t === 'string' && t !== 'null');
    const type = typeof declared === 'string' ? declared : 'const' in node ? typeof node.const : undefined;
    if (type) return typeof node.format === 'string' ? { type, format: node.format } : { type };
    const options = fieldOptions(root, pointer, externals);
    if (options.length > 0) return { type: typeof options[0]!.code };
  }
  return undefined;
}
