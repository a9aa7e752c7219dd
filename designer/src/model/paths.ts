/**
 * Where a field lives in a definition. The builder names a field by the JSON Pointer of its
 * schema node (`/properties/cases/properties/filed`, `/properties/rows/items/properties/amount`);
 * from it follow the pointer of its value in record data (`/cases/filed`, `/rows/-/amount`: what
 * rules and report settings use), its place in the uiSchema (rjsf's nesting: `cases.filed`,
 * `rows.items.amount`) and its English title (`i18n.en` keyed by the schema pointer).
 */
import { compilePointer, escapeSegment, getAt, parsePointer } from '../../../runtime/web/kit/engine';

/** A definition as edited: any JSON object (it may be incomplete or invalid while edited). */
export type Draft = Record<string, unknown>;
/** A JSON object. */
export type Obj = Record<string, unknown>;

export const isObj = (value: unknown): value is Obj => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The object at a pointer of a document, or undefined. */
export function objAt(document: unknown, pointer: string): Obj | undefined {
  const found = getAt(document, pointer);
  return isObj(found) ? found : undefined;
}

/** The object at a path of a document, made (and put in place) when missing. */
export function ensureObj(document: Obj, path: readonly string[]): Obj {
  let node = document;
  for (const part of path) {
    if (!isObj(node[part])) node[part] = {};
    node = node[part] as Obj;
  }
  return node;
}

/** A field's schema pointer inside a container (an object schema: `''`, `/properties/s`, `/properties/r/items`). */
export const childPointer = (container: string, name: string) => `${container}/properties/${escapeSegment(name)}`;

/** The container (object schema) a field's schema pointer lies in, and the field's name. */
export function parentOf(pointer: string): { container: string; name: string } {
  const parts = parsePointer(pointer);
  if (parts.length < 2 || parts[parts.length - 2] !== 'properties') throw new TypeError(`not a field pointer: ${pointer}`);
  return { container: compilePointer(parts.slice(0, -2)), name: parts[parts.length - 1]! };
}

/** The pointer of a field's value in record data: `properties` dropped, array `items` as `-`. */
export function dataPointer(schemaPointer: string): string {
  const parts = parsePointer(schemaPointer);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === 'properties' && i + 1 < parts.length) out.push(parts[++i]!);
    else if (parts[i] === 'items') out.push('-');
  }
  return compilePointer(out);
}

/** The schema pointer of a data pointer, when every step is a plain property or array items. */
export function schemaPointerOf(schema: unknown, data: string): string | undefined {
  let at = '';
  for (const part of parsePointer(data)) {
    const node = objAt(schema, at);
    if (!node) return undefined;
    if ((part === '-' || /^\d+$/.test(part)) && isObj(node.items)) at += '/items';
    else if (isObj(node.properties) && part in node.properties) at += `/properties/${escapeSegment(part)}`;
    else return undefined;
  }
  return at;
}

/** The path of a schema node's entry in the uiSchema (rjsf nests ui by property name and `items`). */
export function uiPath(schemaPointer: string): string[] {
  const parts = parsePointer(schemaPointer);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === 'properties' && i + 1 < parts.length) out.push(parts[++i]!);
    else if (parts[i] === 'items') out.push('items');
  }
  return out;
}

/** A definition's schema (an empty object when it has none yet). */
export const schemaOf = (draft: Draft): Obj => (isObj(draft.schema) ? draft.schema : {});

/** A definition's uiSchema node for a schema node (undefined when it has none). */
export function uiOf(draft: Draft, schemaPointer: string): Obj | undefined {
  let node: unknown = draft.ui;
  for (const part of uiPath(schemaPointer)) node = isObj(node) ? node[part] : undefined;
  return isObj(node) ? node : undefined;
}

/** A definition's English titles (`i18n.en`), keyed by schema pointer. */
export const englishOf = (draft: Draft): Record<string, string> => {
  const i18n = isObj(draft.i18n) ? draft.i18n : {};
  return isObj(i18n.en) ? (i18n.en as Record<string, string>) : {};
};

/** Re-keys every entry of a map whose key is `from` or below it to lie below `to` instead (`to` undefined: drops them). */
export function moveKeys<T>(map: Record<string, T>, from: string, to: string | undefined): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(map)) {
    const inside = key === from || key.startsWith(`${from}/`);
    if (!inside) out[key] = value;
    else if (to !== undefined) out[to + key.slice(from.length)] = value;
  }
  return out;
}

/** A deep copy of a draft to edit (every edit returns a new definition; history keeps the old ones). */
export const copy = <T>(value: T): T => structuredClone(value);
