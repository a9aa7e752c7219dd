import { joinPointer } from '../pointer/json-pointer.js';
import { SCHEMA_ARRAY_KEYWORDS, SCHEMA_KEYWORDS, SCHEMA_MAP_KEYWORDS } from './keywords.js';

/** A schema node: an object schema or a boolean schema. */
export type SchemaNode = Record<string, unknown> | boolean;

export interface SchemaVisit {
  node: SchemaNode;
  /** JSON Pointer of the node inside the walked schema. */
  pointer: string;
  /** Nesting depth of subschemas (the root is 0). */
  depth: number;
}

/**
 * Visits every subschema of a JSON Schema, depth first, knowing where 2020-12 keeps
 * subschemas (so values of `enum`, `const`, `default` … are never mistaken for schemas).
 */
export function walkSchema(schema: unknown, visit: (v: SchemaVisit) => void, pointer = '', depth = 0): void {
  if (typeof schema === 'boolean') {
    visit({ node: schema, pointer, depth });
    return;
  }
  if (!isPlainObject(schema)) return;
  visit({ node: schema, pointer, depth });
  for (const keyword of SCHEMA_MAP_KEYWORDS) {
    const map = schema[keyword];
    if (!isPlainObject(map)) continue;
    for (const [name, sub] of Object.entries(map)) walkSchema(sub, visit, joinPointer(pointer, keyword, name), depth + 1);
  }
  for (const keyword of SCHEMA_KEYWORDS) {
    if (keyword in schema) walkSchema(schema[keyword], visit, joinPointer(pointer, keyword), depth + 1);
  }
  for (const keyword of SCHEMA_ARRAY_KEYWORDS) {
    const list = schema[keyword];
    if (!Array.isArray(list)) continue;
    list.forEach((sub, i) => walkSchema(sub, visit, joinPointer(pointer, keyword, i), depth + 1));
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
