/**
 * checkUi: a definition's `ui` (react-jsonschema-form's uiSchema) checked against what the
 * workspace form can show, so no form is published that the workspace cannot render. rjsf throws
 * while rendering — and the form shows only a notice — for a `ui:widget` it has no widget of that
 * name for, or whose name it knows only for other types ("updown" on a text); a `ui:field` it has
 * no field of that name for is silently replaced by the default control, so the control the
 * designer chose never shows. Each is refused at the `ui:widget` / `ui:field` it names, with a
 * message saying which names fit. See docs/schema-policy.md.
 *
 * A publication check (runtime/src/modules/definition-check.ts), not part of compileDefinition:
 * versions published before it keep loading on the server and in the browser.
 *
 * The names are the kit's (runtime/web/kit/form/widgets.tsx) and rjsf's standard ones
 * (@rjsf/utils getWidget, @rjsf/core widgets and fields); test/web/ui-names.test.ts keeps these
 * lists equal to what the kit registers.
 */
import { problem, type Problem } from '../errors/problem.js';
import type { FormLayout } from './generated/module-definition.js';
import { checkFormLayout, checkNodeLayout, propertyNames } from './check-layout.js';
import { escapeSegment, getAt } from '../pointer/json-pointer.js';
import { isPlainObject } from '../validation/walk-schema.js';

/** The widget names rjsf maps by field type (its getWidget's table): other types have none of them. */
export const WIDGETS_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  boolean: ['checkbox', 'radio', 'select', 'hidden'],
  string: ['text', 'password', 'email', 'hostname', 'ipv4', 'ipv6', 'uri', 'data-url', 'radio', 'select', 'textarea', 'hidden', 'date', 'datetime', 'date-time', 'alt-date', 'alt-datetime', 'time', 'color', 'file'],
  number: ['text', 'select', 'updown', 'range', 'radio', 'hidden'],
  integer: ['text', 'select', 'updown', 'range', 'radio', 'hidden'],
  array: ['select', 'checkboxes', 'files', 'hidden'],
};

/** Widgets registered by component name (rjsf's and the antd theme's): rjsf uses them for any type. */
export const REGISTERED_WIDGETS: readonly string[] = [
  'AltDateWidget',
  'AltDateTimeWidget',
  'CheckboxWidget',
  'CheckboxesWidget',
  'ColorWidget',
  'DateWidget',
  'DateTimeWidget',
  'EmailWidget',
  'FileWidget',
  'HiddenWidget',
  'PasswordWidget',
  'RadioWidget',
  'RangeWidget',
  'RatingWidget',
  'SelectWidget',
  'TextWidget',
  'TextareaWidget',
  'TimeWidget',
  'UpDownWidget',
  'URLWidget',
];

/** The kit's own widgets and the field types each holds (both keep a text). */
export const KIT_WIDGETS: Readonly<Record<string, readonly string[]>> = { unit: ['string'], attachment: ['string'] };

/** The fields rjsf registers by name (for `ui:field`). */
export const REGISTERED_FIELDS: readonly string[] = [
  'AnyOfField',
  'ArrayField',
  'BooleanField',
  'CyclicSchemaField',
  'FallbackField',
  'LayoutGridField',
  'LayoutHeaderField',
  'LayoutMultiSchemaField',
  'NumberField',
  'ObjectField',
  'OneOfField',
  'OptionalDataControlsField',
  'SchemaField',
  'StringField',
  'NullField',
];

type Node = Record<string, unknown>;

/** Keywords whose subschemas apply to the same value (their properties are the value's too). */
const IN_PLACE = ['allOf', 'anyOf', 'oneOf'] as const;
const IN_PLACE_ONE = ['if', 'then', 'else'] as const;
/** How far references and in-place subschemas are followed for one ui node. */
const MAX_HOPS = 16;

/**
 * The problems of a definition's `ui` against its record schema (2020-12, code lists supplied
 * by URI), each at '/ui/…/ui:widget' or '/ui/…/ui:field' — or, for the form's layout, where
 * the layout names it (check-layout.ts).
 */
export function checkUi(ui: unknown, schema: unknown, externals: Readonly<Record<string, unknown>> = {}): Problem[] {
  if (!isPlainObject(ui)) return [];
  const problems: Problem[] = [];
  const env = { root: schema, externals, problems };
  // Its shape is the meta-model's (checked when the definition compiled).
  if (isPlainObject(ui['ui:layout'])) problems.push(...checkFormLayout(ui['ui:layout'] as unknown as FormLayout, propertyNames(expand([schema], env))));
  visit(ui, [schema], '/ui', env);
  return problems;
}

interface Env {
  root: unknown;
  externals: Readonly<Record<string, unknown>>;
  problems: Problem[];
}

function visit(ui: Node, schemas: unknown[], at: string, env: Env): void {
  const nodes = expand(schemas, env);
  checkNames(ui, nodes, at, env);
  for (const [key, value] of Object.entries(ui)) {
    if (key.startsWith('ui:') || !isPlainObject(value) && !Array.isArray(value)) continue;
    const here = `${at}/${escapeSegment(key)}`;
    const properties = nodes.flatMap((n) => (isPlainObject(n.properties) && key in n.properties ? [n.properties[key]] : []));
    if (properties.length > 0) {
      if (isPlainObject(value)) visit(value, properties, here, env);
      continue;
    }
    if (key === 'items' || key === 'additionalItems') visitItems(key, value, nodes, here, env);
    else if (isPlainObject(value)) {
      // A property only patternProperties or additionalProperties describe.
      const others = nodes.flatMap((n) => [...patternMatches(n, key), ...(isPlainObject(n.additionalProperties) ? [n.additionalProperties] : [])]);
      if (others.length > 0) visit(value, others, here, env);
    }
  }
}

/** `items` (one ui for every item, or a list by position) and `additionalItems` of a list. */
function visitItems(key: string, value: unknown, nodes: Node[], at: string, env: Env): void {
  const prefix = nodes.flatMap((n) => (Array.isArray(n.prefixItems) ? [n.prefixItems as unknown[]] : []));
  const rest = nodes.flatMap((n) => (n.items !== undefined ? [n.items] : []));
  if (key === 'additionalItems') {
    if (isPlainObject(value) && rest.length > 0) visit(value, rest, at, env);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((entry, i) => {
      const positional = prefix.flatMap((list) => (i < list.length ? [list[i]] : []));
      if (isPlainObject(entry) && positional.length > 0) visit(entry, positional, `${at}/${i}`, env);
    });
  } else if (isPlainObject(value)) {
    const all = [...prefix.flat(), ...rest];
    if (all.length > 0) visit(value, all, at, env);
  }
}

function patternMatches(node: Node, name: string): unknown[] {
  if (!isPlainObject(node.patternProperties)) return [];
  return Object.entries(node.patternProperties).flatMap(([source, sub]) => {
    try {
      return new RegExp(source, 'u').test(name) ? [sub] : [];
    } catch {
      return [];
    }
  });
}

/** The schemas that describe the same value: each, what it references, and its in-place subschemas. */
function expand(schemas: unknown[], env: Env): Node[] {
  const out: Node[] = [];
  const seen = new Set<unknown>();
  const add = (node: unknown, hops: number) => {
    if (!isPlainObject(node) || seen.has(node) || hops > MAX_HOPS) return;
    seen.add(node);
    out.push(node);
    if (typeof node.$ref === 'string') add(resolveRef(node.$ref, env), hops + 1);
    for (const keyword of IN_PLACE) if (Array.isArray(node[keyword])) for (const sub of node[keyword] as unknown[]) add(sub, hops + 1);
    for (const keyword of IN_PLACE_ONE) add(node[keyword], hops + 1);
    if (isPlainObject(node.dependentSchemas)) for (const sub of Object.values(node.dependentSchemas)) add(sub, hops + 1);
  };
  for (const schema of schemas) add(schema, 0);
  return out;
}

function resolveRef(ref: string, env: Env): unknown {
  if (env.externals[ref] !== undefined) return env.externals[ref];
  if (ref === '#') return env.root;
  if (ref.startsWith('#/')) return getAt(env.root, decodeURIComponent(ref.slice(1)));
  return undefined;
}

/** The field type rjsf renders for these schemas (its getSchemaType on the first that says), if any. */
function fieldType(nodes: Node[]): string | undefined {
  for (const node of nodes) {
    let type = node.type;
    if (Array.isArray(type)) type = type.length === 2 && type.includes('null') ? type.find((t) => t !== 'null') : type[0];
    if (typeof type === 'string') return type;
  }
  for (const node of nodes) {
    if (node.const !== undefined && node.const !== null) return Array.isArray(node.const) ? 'array' : typeof node.const === 'object' ? 'object' : typeof node.const;
    if (Array.isArray(node.enum)) return 'string';
    if (node.properties || node.additionalProperties || node.patternProperties) return 'object';
  }
  return undefined;
}

function checkNames(ui: Node, nodes: Node[], at: string, env: Env): void {
  env.problems.push(...checkNodeLayout(ui, fieldType(nodes), at));
  const options = isPlainObject(ui['ui:options']) ? ui['ui:options'] : {};
  const widgetAt = 'ui:widget' in ui ? `${at}/ui:widget` : `${at}/ui:options/widget`;
  const widget = 'ui:widget' in ui ? ui['ui:widget'] : options.widget;
  if (widget !== undefined) checkWidget(widget, nodes, widgetAt, env);
  if (Array.isArray(ui['ui:order'])) checkOrder(ui['ui:order'], nodes, `${at}/ui:order`, env);
  const fieldAt = 'ui:field' in ui ? `${at}/ui:field` : `${at}/ui:options/field`;
  const field = 'ui:field' in ui ? ui['ui:field'] : options.field;
  if (field !== undefined && (typeof field !== 'string' || !REGISTERED_FIELDS.includes(field))) {
    env.problems.push(problem(fieldAt, 'FW_DEF_UI_UNKNOWN_FIELD', { field: String(field), allowed: REGISTERED_FIELDS.join('、') }));
  }
}

function checkWidget(widget: unknown, nodes: Node[], at: string, env: Env): void {
  const type = fieldType(nodes);
  const aliases = new Set(Object.values(WIDGETS_BY_TYPE).flat());
  const name = typeof widget === 'string' ? widget : JSON.stringify(widget);
  const allowedFor = (t: string | undefined) => [...(t ? (WIDGETS_BY_TYPE[t] ?? ['hidden']) : []), ...Object.keys(KIT_WIDGETS).filter((k) => t && KIT_WIDGETS[k]!.includes(t))];
  if (typeof widget !== 'string' || (!aliases.has(widget) && !REGISTERED_WIDGETS.includes(widget) && !(widget in KIT_WIDGETS))) {
    const allowed = type ? allowedFor(type) : [...aliases, ...Object.keys(KIT_WIDGETS)];
    env.problems.push(problem(at, 'FW_DEF_UI_UNKNOWN_WIDGET', { widget: name, allowed: allowed.join('、') }));
    return;
  }
  // rjsf ignores a widget on an object or a null field (only "hidden" hides it), and uses one
  // registered by component name for any type; a field it cannot type falls back to a type picker.
  if (type === undefined || type === 'object' || type === 'null' || REGISTERED_WIDGETS.includes(widget) || widget === 'hidden') return;
  const fits = widget in KIT_WIDGETS ? KIT_WIDGETS[widget]!.includes(type) : (WIDGETS_BY_TYPE[type] ?? []).includes(widget);
  if (!fits) env.problems.push(problem(at, 'FW_DEF_UI_WIDGET_TYPE', { widget, type, allowed: allowedFor(type).join('、') }));
}

/**
 * `ui:order` as rjsf's orderProperties reads it: one "*" at most, and without one every field
 * the object may show — its own, its branches' and dependents', keys added under
 * additionalProperties — must be listed, or rjsf shows a configuration error instead of the fields.
 */
function checkOrder(order: unknown[], nodes: Node[], at: string, env: Env): void {
  const wildcards = order.filter((name) => name === '*').length;
  if (wildcards > 1) {
    env.problems.push(problem(at, 'FW_DEF_UI_ORDER_WILDCARD', { count: wildcards }));
    return;
  }
  if (wildcards === 1 || nodes.length === 0) return;
  const listed = new Set(order);
  const missing = [...new Set(nodes.flatMap((n) => (isPlainObject(n.properties) ? Object.keys(n.properties) : [])))].filter((name) => !listed.has(name));
  const open = nodes.some((n) => isPlainObject(n.additionalProperties) || n.additionalProperties === true || isPlainObject(n.patternProperties));
  if (missing.length > 0 || open) env.problems.push(problem(at, 'FW_DEF_UI_ORDER', { missing: [...missing, ...(open ? ['…'] : [])].join('、') }));
}
