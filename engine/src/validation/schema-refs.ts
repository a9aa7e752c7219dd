/**
 * Where each `$ref` of a schema lands, resolved the way JSON Schema 2020-12 reads it: against
 * the base URI of the nearest `$id`, by JSON Pointer fragment or by `$anchor`. Nothing is
 * fetched; a reference that leaves the schema resolves to nothing. Used by the schema policy (to
 * follow references without data in between) and by the web kit (to re-point every reference to
 * a plain '#/…' pointer, the only kind react-jsonschema-form resolves).
 */
import { getAt, parsePointer, unescapeSegment } from '../pointer/json-pointer.js';
import { walkSchema, type SchemaNode } from './walk-schema.js';

/** The base URI of a schema without `$id`: never fetched, only used to resolve relative references. */
export const DEFAULT_BASE_URI = 'https://formwork.invalid/record';

/** A subschema a reference lands on, and its JSON Pointer from the schema root. */
export interface RefTarget {
  node: SchemaNode;
  pointer: string;
}

/** The references of one schema, indexed once. */
export interface SchemaRefs {
  /** The subschema `ref` lands on when written in the subschema at `from` (a pointer); undefined if outside the schema. */
  resolve(ref: string, from: string): RefTarget | undefined;
  /** The base URI in force at a subschema (by pointer). */
  baseOf(pointer: string): string | undefined;
}

/** Indexes every schema resource (`$id`) and anchor of a schema. */
export function indexSchemaRefs(schema: unknown): SchemaRefs {
  const resources = new Map<string, RefTarget>();
  const anchors = new Map<string, RefTarget>();
  const bases = new Map<string, string>();
  const rootBase = idOf(schema) !== undefined ? resolveUri(idOf(schema)!, DEFAULT_BASE_URI) : DEFAULT_BASE_URI;
  walkSchema(schema, ({ node, pointer }) => {
    const parent = pointer === '' ? rootBase : nearest(bases, pointer);
    const id = pointer === '' ? undefined : idOf(node);
    const base = id !== undefined ? resolveUri(id, parent) : pointer === '' ? rootBase : parent;
    bases.set(pointer, base);
    if (pointer === '' || id !== undefined) resources.set(withoutFragment(base), { node, pointer });
    if (typeof node === 'object' && typeof node.$anchor === 'string') anchors.set(`${withoutFragment(base)}#${node.$anchor}`, { node, pointer });
  });
  // The root is also reachable by the default base, whatever its own $id says.
  if (!resources.has(DEFAULT_BASE_URI) && isObjectOrBoolean(schema)) resources.set(DEFAULT_BASE_URI, { node: schema, pointer: '' });

  return {
    baseOf: (pointer) => bases.get(pointer),
    resolve(ref, from) {
      const base = bases.get(from) ?? rootBase;
      const hash = ref.indexOf('#');
      const uri = hash < 0 ? ref : ref.slice(0, hash);
      const fragment = hash < 0 ? '' : ref.slice(hash + 1);
      const absolute = uri === '' ? withoutFragment(base) : withoutFragment(resolveUri(uri, base));
      const resource = resources.get(absolute);
      if (!resource) return undefined;
      let decoded: string;
      try {
        decoded = decodeURIComponent(fragment);
      } catch {
        return undefined;
      }
      if (decoded === '') return resource;
      if (!decoded.startsWith('/')) return anchors.get(`${absolute}#${decoded}`);
      const node = getAt(resource.node, parsePointer(decoded));
      if (!isObjectOrBoolean(node)) return undefined;
      const segments = decoded.slice(1).split('/').map(unescapeSegment);
      return { node, pointer: resource.pointer + segments.map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join('') };
    },
  };
}

function idOf(node: unknown): string | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const id = (node as Record<string, unknown>).$id;
  return typeof id === 'string' && !id.startsWith('#') ? id : undefined;
}

function isObjectOrBoolean(value: unknown): value is SchemaNode {
  return typeof value === 'boolean' || (value !== null && typeof value === 'object' && !Array.isArray(value));
}

/**
 * The base URI of the schema enclosing `pointer`: subschemas sit one (`/items`) or two
 * (`/properties/x`) segments below it, and the walk records parents before children.
 */
function nearest(bases: Map<string, string>, pointer: string): string {
  let at = pointer;
  do {
    at = at.slice(0, at.lastIndexOf('/'));
    const found = bases.get(at);
    if (found !== undefined) return found;
  } while (at !== '');
  return DEFAULT_BASE_URI;
}

function withoutFragment(uri: string): string {
  return uri.replace(/#.*$/, '');
}

/** Resolves a URI reference against a base; an unparsable pair keeps the reference as it is. */
export function resolveUri(reference: string, base: string): string {
  try {
    return new URL(reference, base).href;
  } catch {
    return reference;
  }
}
