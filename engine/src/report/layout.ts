/**
 * A report template's layout: its fields in form order (the UI schema's `ui:order` where given,
 * else the schema's), nested objects as titled sections, and how each field rolls up the tree.
 * Roll-ups, their spreadsheets and the status views all read the template through this.
 */
import type { ReportField, ReportSpec } from '../definition/generated/module-definition.js';
import { escapeSegment, getAt } from '../pointer/json-pointer.js';
import { isPlainObject } from '../validation/walk-schema.js';

export type Aggregate = NonNullable<ReportField['aggregate']>;

export interface LayoutEntry {
  pointer: string;
  kind: 'section' | 'field';
  /** Nesting depth: 0 for top-level entries. */
  depth: number;
  label: { 'zh-CN': string; en: string };
  /** Fields: whether the schema declares a number or integer. */
  numeric?: boolean;
  /** Fields: whether the schema admits nothing but numbers (and null) there. */
  numbersOnly?: boolean;
  /** Fields: how the field rolls up ('none': it does not). */
  aggregate?: Aggregate;
  prefill?: ReportField['prefill'];
}

type Label = (pointer: string) => { 'zh-CN': string; en: string } | undefined;

const MAX_DEPTH = 8;

/** The layout of a report schema; `label` gives each pointer's localised title. */
export function reportLayout(schema: unknown, ui: unknown, spec: ReportSpec | undefined, label: Label): LayoutEntry[] {
  const out: LayoutEntry[] = [];
  const fields = spec?.fields ?? {};
  walk(schema, ui, '', 0);
  return out;

  function walk(node: unknown, uiNode: unknown, pointer: string, depth: number): void {
    const resolved = resolve(schema, node);
    const properties = propertiesOf(schema, resolved);
    const order = orderOf(Object.keys(properties), isPlainObject(uiNode) ? uiNode['ui:order'] : undefined);
    for (const name of order) {
      const child = resolve(schema, properties[name]);
      const at = `${pointer}/${escapeSegment(name)}`;
      const title = label(at) ?? { 'zh-CN': name, en: name };
      const childUi = isPlainObject(uiNode) ? uiNode[name] : undefined;
      if (isPlainObject(child) && typeIs(child, 'object') && depth < MAX_DEPTH) {
        out.push({ pointer: at, kind: 'section', depth, label: title });
        walk(child, childUi, at, depth + 1);
        continue;
      }
      if (isPlainObject(child) && typeIs(child, 'array')) continue;
      const numeric = isPlainObject(child) && (typeIs(child, 'number') || typeIs(child, 'integer'));
      const numbersOnly = numeric && onlyNumbers(child as Record<string, unknown>);
      const declared = fields[at];
      const aggregate: Aggregate = declared?.aggregate ?? (numeric ? 'sum' : 'none');
      out.push({ pointer: at, kind: 'field', depth, label: title, numeric, numbersOnly, aggregate, ...(declared?.prefill ? { prefill: declared.prefill } : {}) });
    }
  }
}

/** The fields that roll up (aggregate other than none), in layout order. */
export function rollupFields(layout: readonly LayoutEntry[]): LayoutEntry[] {
  return layout.filter((e) => e.kind === 'field' && e.aggregate !== 'none');
}

function typeIs(node: Record<string, unknown>, type: string): boolean {
  if (Array.isArray(node.type)) return node.type.includes(type);
  if (node.type === type) return true;
  return type === 'object' && node.type === undefined && isPlainObject(node.properties);
}

/** A plain typed schema whose every type is a number, an integer or null. */
function onlyNumbers(node: Record<string, unknown>): boolean {
  const types = Array.isArray(node.type) ? node.type : [node.type];
  const combinators = ['anyOf', 'oneOf', 'allOf', 'if', 'then', 'else', 'not', '$dynamicRef'].some((k) => k in node);
  return !combinators && types.length > 0 && types.every((t) => t === 'number' || t === 'integer' || t === 'null');
}

/** Follows local references (a few hops at most). */
function resolve(root: unknown, node: unknown): unknown {
  let current = node;
  for (let hops = 0; hops < 8 && isPlainObject(current) && typeof current.$ref === 'string' && current.$ref.startsWith('#'); hops++) {
    const target = decodeURIComponent(current.$ref.slice(1));
    const found = target === '' ? root : getAt(root, target);
    if (found === undefined) return current;
    const { $ref: _ref, ...rest } = current;
    current = isPlainObject(found) ? { ...found, ...rest } : found;
  }
  return current;
}

/** A node's properties, with those of its allOf parts. */
function propertiesOf(root: unknown, node: unknown): Record<string, unknown> {
  if (!isPlainObject(node)) return {};
  const own = isPlainObject(node.properties) ? node.properties : {};
  const parts = Array.isArray(node.allOf) ? node.allOf.map((p) => propertiesOf(root, resolve(root, p))) : [];
  return Object.assign({}, ...parts, own) as Record<string, unknown>;
}

/** rjsf's ui:order: listed names first, '*' standing for the rest in schema order. */
function orderOf(names: string[], order: unknown): string[] {
  if (!Array.isArray(order)) return names;
  const listed = order.filter((n): n is string => typeof n === 'string' && (n === '*' || names.includes(n)));
  const rest = names.filter((n) => !listed.includes(n));
  const star = listed.indexOf('*');
  if (star < 0) return [...listed, ...rest];
  return [...listed.slice(0, star), ...rest, ...listed.slice(star + 1)];
}
