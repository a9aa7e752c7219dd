/**
 * The schema rjsf renders, from the JSON Schema 2020-12 schema the server validates.
 *
 * react-jsonschema-form implements the draft-07 spellings of conditional and positional
 * keywords, not their 2020-12 successors: it shows a dependent question for `dependencies`
 * but not for `dependentSchemas`, marks `dependencies` lists required but not
 * `dependentRequired`, renders list-form `items` as fixed positions but treats `prefixItems` as
 * an unknown keyword, and resolves embedded `$id`s only in part (a module using them threw
 * "Could not find a definition"). {@link renderSchema} rewrites the published schema into the
 * equivalent spellings rjsf does implement — the same meaning, so what the form shows is what
 * the server asks for:
 *
 * - `dependentSchemas` and `dependentRequired` → `dependencies` (a name in both: its required
 *   list joins the schema's `required`);
 * - `prefixItems` → list-form `items`, and the `items` beside it → `additionalItems`;
 * - every `$ref` (to an embedded `$id`, an `$anchor` or a pointer inside an embedded resource)
 *   → a JSON Pointer from the root (`#/…`), the targets' new places included, and `$id`,
 *   `$anchor` and `$schema` removed, so rjsf only ever looks a pointer up.
 *
 * Validation does not use this schema: the engine validates the data in the browser against the
 * published 2020-12 schema, exactly as the server does. rjsf's own validator only decides what
 * to show (which `if` branch, which `oneOf` option) on this draft-07 rendering.
 *
 * Pure: the input is never changed and nothing in the result shares an object with it.
 */
import type { RJSFSchema } from '@rjsf/utils';

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Keywords whose value is one subschema. */
const ONE = ['additionalProperties', 'items', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties', 'additionalItems'];
/** Keywords whose value is a list of subschemas. */
const LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
/** Keywords whose value maps names to subschemas. */
const MAP = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];

/** The base of a root without `$id`: never fetched, only used to resolve relative references. */
const ROOT_BASE = 'https://formwork.invalid/record-schema';

const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** A pointer as a URI fragment (what rjsf decodes with decodeURIComponent). */
const fragment = (pointer: string) => '#' + encodeURI(pointer).replace(/#/g, '%23');

/** Sets a member, even one named like an Object.prototype member (`__proto__`). */
function put(target: Node, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function resolveUri(ref: string, base: string): string {
  try {
    return new URL(ref, base).href;
  } catch {
    return ref;
  }
}

const withoutFragment = (uri: string) => uri.replace(/#.*$/, '');

interface PendingRef {
  holder: Node;
  /** The reference resolved against its base. */
  absolute: string;
}

/** What the walk learns: where resources and anchors are (old pointers), and old → new pointers. */
interface Index {
  resources: Map<string, string>;
  anchors: Map<string, string>;
  moved: Map<string, string>;
  refs: PendingRef[];
}

/** The schema rjsf renders for a published 2020-12 schema (see the file header). */
export function renderSchema(schema: unknown): RJSFSchema {
  if (!isNode(schema)) return schema as RJSFSchema;
  const index: Index = { resources: new Map(), anchors: new Map(), moved: new Map(), refs: [] };
  const out = convert(schema, '', '', ROOT_BASE, index) as Node;
  for (const { holder, absolute } of index.refs) {
    const target = locate(absolute, index);
    if (target !== undefined) holder.$ref = fragment(target);
  }
  return out as RJSFSchema;
}

/** The new pointer of a reference's target, or undefined when it is not in the schema. */
function locate(absolute: string, index: Index): string | undefined {
  const hash = absolute.indexOf('#');
  const uri = hash < 0 ? absolute : absolute.slice(0, hash);
  const frag = hash < 0 ? '' : decodeURIComponent(absolute.slice(hash + 1));
  let old: string | undefined;
  if (frag === '' || frag.startsWith('/')) {
    const resource = index.resources.get(uri);
    if (resource !== undefined) old = resource + frag;
  } else {
    old = index.anchors.get(`${uri}#${frag}`);
  }
  return old === undefined ? undefined : movedPointer(old, index.moved);
}

/** Where an old pointer is now: the longest walked prefix moved, the rest kept. */
function movedPointer(old: string, moved: Map<string, string>): string {
  let prefix = old;
  let rest = '';
  for (;;) {
    const now = moved.get(prefix);
    if (now !== undefined) return now + rest;
    if (prefix === '') return old;
    const cut = prefix.lastIndexOf('/');
    rest = prefix.slice(cut) + rest;
    prefix = prefix.slice(0, cut);
  }
}

function convert(node: unknown, oldAt: string, newAt: string, parentBase: string, index: Index): unknown {
  if (!isNode(node)) return structuredClone(node);
  index.moved.set(oldAt, newAt);
  let base = parentBase;
  if (typeof node.$id === 'string') {
    base = withoutFragment(resolveUri(node.$id, parentBase));
    index.resources.set(base, oldAt);
  } else if (oldAt === '') {
    index.resources.set(base, '');
  }
  if (typeof node.$anchor === 'string') index.anchors.set(`${base}#${node.$anchor}`, oldAt);

  const out: Node = {};
  const sub = (value: unknown, oldPath: string, newPath: string) => convert(value, oldPath, newPath, base, index);
  const prefix = Array.isArray(node.prefixItems);
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === '$id' || keyword === '$anchor' || keyword === '$schema' || keyword === '$dynamicAnchor') continue;
    const oldKey = `${oldAt}/${escape(keyword)}`;
    if (keyword === 'prefixItems' && Array.isArray(value)) {
      put(out, 'items', value.map((v, i) => sub(v, `${oldKey}/${i}`, `${newAt}/items/${i}`)));
    } else if (keyword === 'items' && prefix) {
      put(out, 'additionalItems', sub(value, oldKey, `${newAt}/additionalItems`));
    } else if ((keyword === 'dependentSchemas' || keyword === 'dependentRequired') && isNode(value)) {
      if (!isNode(out.dependencies)) put(out, 'dependencies', {});
      const dependencies = out.dependencies as Node;
      for (const [name, dependent] of Object.entries(value)) {
        // A name with a dependent schema too: its list joins that schema (joinDependencies).
        if (keyword === 'dependentRequired' && isNode(node.dependentSchemas) && name in node.dependentSchemas) continue;
        const oldPath = `${oldKey}/${escape(name)}`;
        const newPath = `${newAt}/dependencies/${escape(name)}`;
        put(dependencies, name, keyword === 'dependentSchemas' ? sub(dependent, oldPath, newPath) : structuredClone(dependent));
      }
    } else if (ONE.includes(keyword)) {
      put(out, keyword, sub(value, oldKey, `${newAt}/${escape(keyword)}`));
    } else if (LIST.includes(keyword) && Array.isArray(value)) {
      put(out, keyword, value.map((v, i) => sub(v, `${oldKey}/${i}`, `${newAt}/${escape(keyword)}/${i}`)));
    } else if (MAP.includes(keyword) && isNode(value)) {
      const map: Node = {};
      for (const [name, v] of Object.entries(value)) put(map, name, sub(v, `${oldKey}/${escape(name)}`, `${newAt}/${escape(keyword)}/${escape(name)}`));
      put(out, keyword, map);
    } else {
      put(out, keyword, structuredClone(value));
    }
  }
  if (typeof node.$ref === 'string') index.refs.push({ holder: out, absolute: resolveUri(node.$ref, base) });
  joinDependencies(out, node);
  return out;
}

/** A name with both a dependent schema and a required list: the list joins the schema's `required`. */
function joinDependencies(out: Node, node: Node): void {
  if (!isNode(node.dependentSchemas) || !isNode(node.dependentRequired)) return;
  const dependencies = out.dependencies as Node;
  for (const [name, list] of Object.entries(node.dependentRequired)) {
    const schema = node.dependentSchemas[name];
    if (schema === undefined || !Array.isArray(list)) continue;
    const converted = dependencies[name];
    if (converted === false) continue;
    const target: Node = isNode(converted) ? converted : {};
    const required = Array.isArray(target.required) ? (target.required as unknown[]) : [];
    target.required = [...new Set([...required, ...list])];
    put(dependencies, name, target);
  }
}
