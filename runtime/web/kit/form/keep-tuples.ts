/**
 * rjsf drops fixed-position lists from the data on an edit elsewhere. In a form with conditional
 * parts nested in it (a `dependencies` or `if` below the root), every edit "sanitizes" the data
 * for the schema as it now resolves, and its sanitizer drops any list whose `items` is a list of
 * positions — "tuple validations" it does not handle — so typing a name emptied a household list.
 * {@link keepTuples} puts such a list back when the edit was not inside it.
 *
 * Pure: works on the schema as rendered (render-schema.ts: fixed positions are list-form `items`,
 * references root pointers).
 */
import type { RJSFSchema } from '@rjsf/utils';

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Where fixed-position lists may be in the data: pointers with `*` for any list item. */
export function tuplePointers(schema: RJSFSchema): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const resolve = (ref: string): unknown => {
    if (!ref.startsWith('#')) return undefined;
    const pointer = decodeURIComponent(ref.slice(1));
    return pointer.split('/').slice(1).reduce<unknown>((n, s) => (isNode(n) || Array.isArray(n) ? (n as Node)[s.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), schema);
  };
  const walk = (node: unknown, at: string, depth: number) => {
    if (!isNode(node) || depth > 24) return;
    if (typeof node.$ref === 'string') {
      if (seen.has(`${at}${node.$ref}`)) return;
      seen.add(`${at}${node.$ref}`);
      walk(resolve(node.$ref), at, depth + 1);
    }
    if (Array.isArray(node.items)) {
      found.add(at);
      node.items.forEach((item, i) => walk(item, `${at}/${i}`, depth + 1));
      walk(node.additionalItems, `${at}/*`, depth + 1);
    } else {
      walk(node.items, `${at}/*`, depth + 1);
    }
    if (isNode(node.properties)) for (const [name, sub] of Object.entries(node.properties)) walk(sub, `${at}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1);
    for (const keyword of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(node[keyword])) for (const sub of node[keyword] as unknown[]) walk(sub, at, depth + 1);
    for (const keyword of ['if', 'then', 'else', 'additionalProperties']) walk(node[keyword], keyword === 'additionalProperties' ? `${at}/*` : at, depth + 1);
    if (isNode(node.dependencies)) for (const sub of Object.values(node.dependencies)) walk(sub, at, depth + 1);
  };
  walk(schema, '', 0);
  return [...found];
}

/** The data pointers of `data` that a pattern (with `*` segments) names. */
function expand(pattern: string, data: unknown): string[] {
  let places: { pointer: string; value: unknown }[] = [{ pointer: '', value: data }];
  for (const segment of pattern.split('/').slice(1)) {
    places = places.flatMap(({ pointer, value }) => {
      if (segment === '*') {
        if (Array.isArray(value)) return value.map((v, i) => ({ pointer: `${pointer}/${i}`, value: v }));
        if (isNode(value)) return Object.entries(value).map(([k, v]) => ({ pointer: `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, value: v }));
        return [];
      }
      const name = segment.replace(/~1/g, '/').replace(/~0/g, '~');
      const next = Array.isArray(value) ? value[Number(name)] : isNode(value) ? value[name] : undefined;
      return next === undefined ? [] : [{ pointer: `${pointer}/${segment}`, value: next }];
    });
  }
  return places.map((p) => p.pointer);
}

const segmentsOf = (pointer: string) => pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

function getAt(data: unknown, pointer: string): unknown {
  return segmentsOf(pointer).reduce<unknown>((n, s) => (Array.isArray(n) ? n[Number(s)] : isNode(n) ? n[s] : undefined), data);
}

/**
 * `after` with every fixed-position list that `before` held and rjsf dropped put back, unless
 * the edit (`changedId`, rjsf's id of the edited field, `root_a_b`) was inside it. `after` is
 * returned as it is when nothing was dropped.
 */
export function keepTuples(patterns: readonly string[], before: unknown, after: unknown, changedId: string | undefined): unknown {
  let out = after;
  for (const pattern of patterns) {
    for (const pointer of expand(pattern, before)) {
      const kept = getAt(before, pointer);
      if (!Array.isArray(kept) || getAt(out, pointer) !== undefined) continue;
      const id = ['root', ...segmentsOf(pointer)].join('_');
      if (changedId !== undefined && (changedId === id || changedId.startsWith(`${id}_`))) continue;
      out = setAt(out, segmentsOf(pointer), kept);
    }
  }
  return out;
}

/** A copy of `data` with the value at the segments set, the objects on the way copied. */
function setAt(data: unknown, segments: string[], value: unknown): unknown {
  if (segments.length === 0) return value;
  const [head, ...rest] = segments as [string, ...string[]];
  if (Array.isArray(data)) {
    const copy = [...data];
    copy[Number(head)] = setAt(copy[Number(head)], rest, value);
    return copy;
  }
  const copy: Node = isNode(data) ? { ...data } : {};
  Object.defineProperty(copy, head, { value: setAt(copy[head], rest, value), enumerable: true, writable: true, configurable: true });
  return copy;
}
