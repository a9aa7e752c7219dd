/**
 * checkLayout: a form's layout declarations checked against its record schema at publish —
 * `ui:layout` (the sections, tabs or steps of the whole form; its shape is the meta-model's
 * FormLayout) names top-level fields, each once, in groups with distinct keys, and sits at the
 * top of `ui`; `ui:options.layout` asks for a layout the field can take ("table": a list of
 * objects, "grid": an object holding fields). Each problem at the place it names.
 */
import type { FormLayout } from './generated/module-definition.js';
import { problem, type Problem } from '../errors/problem.js';
import { parsePointer } from '../pointer/json-pointer.js';
import { isPlainObject } from '../validation/walk-schema.js';

type Node = Record<string, unknown>;

/** The `ui:options.layout` values the kit's form lays out, and the field type each needs. */
export const FIELD_LAYOUTS: Readonly<Record<string, 'array' | 'object'>> = { table: 'array', grid: 'object' };

/** Checks `ui:layout` at the root of `ui` against the root's properties (`names`: the fields the form shows at the top). */
export function checkFormLayout(layout: FormLayout, names: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const keys = new Map<string, string>();
  const fields = new Map<string, string>();
  layout.groups.forEach((group, g) => {
    const at = `/ui/ui:layout/groups/${g}`;
    const other = keys.get(group.key);
    if (other !== undefined) problems.push(problem(`${at}/key`, 'FW_DEF_UI_LAYOUT_DUPLICATE', { name: group.key, other }));
    else keys.set(group.key, `${at}/key`);
    group.fields.forEach((pointer, f) => {
      const here = `${at}/fields/${f}`;
      const segments = safeSegments(pointer);
      if (segments?.length !== 1 || !names.includes(segments[0]!)) {
        problems.push(problem(here, 'FW_DEF_UI_LAYOUT_FIELD', { group: group.title, pointer, example: names[0] ?? 'name' }));
        return;
      }
      const seen = fields.get(pointer);
      if (seen !== undefined) problems.push(problem(here, 'FW_DEF_UI_LAYOUT_DUPLICATE', { name: pointer, other: seen }));
      else fields.set(pointer, here);
    });
  });
  return problems;
}

/** Problems of one ui node's layout settings: `ui:layout` away from the root, a `ui:options.layout` its field cannot take. */
export function checkNodeLayout(ui: Node, type: string | undefined, at: string): Problem[] {
  const problems: Problem[] = [];
  if (at !== '/ui' && 'ui:layout' in ui) problems.push(problem(`${at}/ui:layout`, 'FW_DEF_UI_LAYOUT_PLACE'));
  const options = isPlainObject(ui['ui:options']) ? ui['ui:options'] : {};
  if (!('layout' in options)) return problems;
  const layout = options.layout;
  const wanted = typeof layout === 'string' ? FIELD_LAYOUTS[layout] : undefined;
  if (wanted === undefined) {
    problems.push(problem(`${at}/ui:options/layout`, 'FW_DEF_UI_LAYOUT_OPTION', { layout: String(layout), fit: { 'zh-CN': '表单只有 table（表格行）和 grid（统计表）两种布局', en: 'the form knows only table (rows of a list) and grid (a statistical table)' } }));
  } else if (type !== undefined && type !== wanted) {
    const fit =
      wanted === 'array'
        ? { 'zh-CN': 'table 只能用于重复表格（对象的列表）', en: 'table fits only a repeating table (a list of objects)' }
        : { 'zh-CN': 'grid 只能用于含字段的分组（对象）', en: 'grid fits only a section holding fields (an object)' };
    problems.push(problem(`${at}/ui:options/layout`, 'FW_DEF_UI_LAYOUT_OPTION', { layout: String(layout), fit }));
  }
  return problems;
}

/** The top-level names of a schema node set (its own and its in-place subschemas' properties). */
export function propertyNames(nodes: readonly Node[]): string[] {
  return [...new Set(nodes.flatMap((n) => (isPlainObject(n.properties) ? Object.keys(n.properties) : [])))];
}

/** A pointer's segments, or undefined when it is not one. */
function safeSegments(pointer: string): string[] | undefined {
  try {
    return parsePointer(pointer);
  } catch {
    return undefined;
  }
}
