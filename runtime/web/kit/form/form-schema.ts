/**
 * The schemas a record form renders, derived from a definition: code lists inlined, titles in
 * the caller's language, rule-required fields marked, hidden and computed fields in the
 * uiSchema, and problems placed at their JSON Pointers. Pure functions, no React.
 */
import type { ErrorSchema, RJSFSchema, UiSchema } from '@rjsf/utils';
import type { Loaded } from '../definitions';
import type { Locale } from '../i18n';
import { markGrid } from './layout-model';
import { renderSchema } from './render-schema';

/** A problem on a field (a JSON Pointer), from the engine in the browser or the server's 422. */
export interface FieldProblem {
  path: string;
  code: string;
  message: string;
}

/** The unescaped segments of a JSON Pointer. */
export const segments = (pointer: string) => pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

/** A schema as rjsf sees it: code lists inlined, titles in the language, extra required fields added. */
export function formSchema(
  schema: unknown,
  codelists: Record<string, unknown>,
  titlesEn: Record<string, string> | undefined,
  locale: Locale,
  required: readonly string[] = [],
): RJSFSchema {
  const walk = (node: unknown, at: string): unknown => {
    if (Array.isArray(node)) return node.map((n, i) => walk(n, `${at}/${i}`));
    if (node === null || typeof node !== 'object') return node;
    const source = node as Record<string, unknown>;
    let out: Record<string, unknown> = {};
    if (typeof source.$ref === 'string' && codelists[source.$ref] !== undefined) {
      const { $ref: _ref, ...rest } = source;
      out = { ...(walk(codelists[source.$ref], at) as Record<string, unknown>), ...rest };
      for (const [k, v] of Object.entries(rest)) out[k] = walk(v, `${at}/${k}`);
    } else {
      for (const [k, v] of Object.entries(source)) out[k] = walk(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
    if (locale === 'en' && titlesEn?.[at] && typeof out.title === 'string') out.title = titlesEn[at];
    // English help is keyed by the pointer of the description itself (`…/description`).
    if (locale === 'en' && titlesEn?.[`${at}/description`] && typeof out.description === 'string') out.description = titlesEn[`${at}/description`];
    return out;
  };
  const root = walk(schema, '') as Record<string, unknown>;
  delete root.$schema;
  for (const pointer of required) {
    const parts = segments(pointer);
    let node: Record<string, unknown> | undefined = root;
    for (const part of parts.slice(0, -1)) node = (node?.properties as Record<string, Record<string, unknown>> | undefined)?.[part];
    const last = parts[parts.length - 1];
    if (node && last && node.properties) {
      const list = new Set((node.required as string[] | undefined) ?? []);
      list.add(last);
      node.required = [...list];
    }
  }
  return root as RJSFSchema;
}

/** uiSchema with hidden fields hidden and computed fields read-only. */
export function formUiSchema(ui: unknown, hidden: readonly string[], readonlyPaths: readonly string[], notes: Record<string, string>): UiSchema {
  const out = structuredClone((ui ?? {}) as Record<string, unknown>);
  const at = (pointer: string) => {
    let node = out;
    for (const part of segments(pointer)) node = (node[part] ??= {}) as Record<string, unknown>;
    return node;
  };
  for (const pointer of readonlyPaths) {
    const node = at(pointer);
    node['ui:readonly'] = true;
    if (notes[pointer]) node['ui:help'] = notes[pointer];
  }
  for (const pointer of hidden) at(pointer)['ui:widget'] = 'hidden';
  out['ui:submitButtonOptions'] = { norender: true };
  return out as UiSchema;
}

/**
 * The uiSchema with what a table layout needs: in an array shown as a table
 * (`ui:options.layout: "table"`), each row is one line (`tableRow`) whose fields carry no label
 * (the table's header names them); an object shown as a statistical table
 * (`ui:options.layout: "grid"`) is marked as layout-model.ts's markGrid says. `schema` is the
 * form schema (code lists inlined). Changes `ui`.
 */
export function withTableLayouts(schema: unknown, ui: Record<string, unknown>): Record<string, unknown> {
  const isNode = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  const walk = (node: unknown, uiNode: Record<string, unknown>) => {
    if (!isNode(node)) return;
    if (isNode(node.properties) && isNode(uiNode['ui:options']) && uiNode['ui:options'].layout === 'grid') markGrid(node, uiNode);
    if (isNode(node.properties)) {
      for (const [name, child] of Object.entries(node.properties)) {
        if (!isNode(child)) continue;
        const childUi = (uiNode[name] = isNode(uiNode[name]) ? uiNode[name] : {}) as Record<string, unknown>;
        walk(child, childUi);
      }
    }
    if (isNode(node.items)) {
      const itemsUi = (uiNode.items = isNode(uiNode.items) ? uiNode.items : {}) as Record<string, unknown>;
      const options = isNode(uiNode['ui:options']) ? uiNode['ui:options'] : {};
      if (options.layout === 'table' && isNode(node.items.properties)) {
        itemsUi['ui:options'] = { ...(isNode(itemsUi['ui:options']) ? itemsUi['ui:options'] : {}), tableRow: true, label: false };
        for (const name of Object.keys(node.items.properties)) {
          const cell = (itemsUi[name] = isNode(itemsUi[name]) ? itemsUi[name] : {}) as Record<string, unknown>;
          cell['ui:options'] = { ...(isNode(cell['ui:options']) ? cell['ui:options'] : {}), label: false };
        }
      }
      walk(node.items, itemsUi);
    }
  };
  walk(schema, ui);
  return ui;
}

/** Problems as rjsf's error schema (at their JSON Pointers); root problems are returned apart. */
export function errorSchema(problems: readonly FieldProblem[]): { schema: ErrorSchema; root: FieldProblem[] } {
  const schema: Record<string, unknown> = {};
  const root: FieldProblem[] = [];
  for (const p of problems) {
    const parts = segments(p.path);
    if (parts.length === 0) {
      root.push(p);
      continue;
    }
    let node = schema;
    for (const part of parts) node = (node[part] ??= {}) as Record<string, unknown>;
    const list = ((node.__errors as string[] | undefined) ??= []);
    if (!list.includes(p.message)) list.push(p.message);
  }
  return { schema: schema as ErrorSchema, root };
}

/** Sets the value at a JSON Pointer, making the objects on the way. */
export const setAt = (data: Record<string, unknown>, pointer: string, value: unknown) => {
  const parts = segments(pointer);
  let node = data;
  for (const part of parts.slice(0, -1)) {
    if (node[part] === null || typeof node[part] !== 'object') node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
};
/** The value at a JSON Pointer (undefined when the way is missing). */
export const getAt = (data: unknown, pointer: string) => segments(pointer).reduce<unknown>((n, k) => (n !== null && typeof n === 'object' ? (n as Record<string, unknown>)[k] : undefined), data);

/**
 * The schema of just the fields a workflow step requires (for the action dialog's form), each
 * required, with the definition's `$defs` kept for their references, as rjsf renders it (render-schema.ts).
 */
export function stepSchema(loaded: Loaded, pointers: readonly string[], locale: Locale): RJSFSchema {
  const full = renderSchema(formSchema(loaded.definition.schema, loaded.codelists, loaded.definition.i18n?.en as Record<string, string> | undefined, locale)) as Record<string, unknown>;
  const out: Record<string, unknown> = { type: 'object', properties: {}, required: [] as string[] };
  for (const pointer of pointers) {
    const parts = pointer.split('/').slice(1);
    let from = full;
    let to = out;
    parts.forEach((part, i) => {
      const sub = (from.properties as Record<string, Record<string, unknown>> | undefined)?.[part];
      if (!sub) return;
      const last = i === parts.length - 1;
      const props = to.properties as Record<string, unknown>;
      if (last) {
        props[part] = sub;
        (to.required as string[]).push(part);
      } else {
        props[part] ??= { ...sub, properties: {}, required: [] };
        to = props[part] as Record<string, unknown>;
        from = sub;
      }
    });
  }
  if (full.$defs) out.$defs = full.$defs;
  return out as RJSFSchema;
}
