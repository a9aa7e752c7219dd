/**
 * The pure side of a form's layout (no React): which group of `ui:layout` shows which top-level
 * field, which group holds a problem's field (to jump there), and the shape of a statistical
 * table (`ui:options.layout: "grid"`): its rows, its columns, and the totals it shows.
 */
import type { FormLayout } from '../engine';

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => v !== null && typeof v === 'object' && !Array.isArray(v);
const segments = (pointer: string) => pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

/** The form's layout, when the uiSchema declares a usable one. */
export function formLayoutOf(uiSchema: unknown): FormLayout | undefined {
  const layout = isNode(uiSchema) ? uiSchema['ui:layout'] : undefined;
  if (!isNode(layout) || !Array.isArray(layout.groups) || !['sections', 'tabs', 'steps'].includes(layout.type as string)) return undefined;
  return layout as unknown as FormLayout;
}

/** One group as the form shows it: the names of its fields, in the order it lists them. */
export interface ShownGroup {
  key: string;
  title: FormLayout['groups'][number]['title'];
  description?: FormLayout['groups'][number]['description'];
  names: string[];
}

/**
 * The groups over the fields the form has (`names`, in form order): each group's own fields; the
 * fields no group lists follow in one untitled group (key ''). Groups naming no such field drop out.
 */
export function groupFields(layout: FormLayout, names: readonly string[]): ShownGroup[] {
  const listed = new Set<string>();
  const groups: ShownGroup[] = layout.groups.map((g) => {
    const own = g.fields.map((p) => segments(p)).filter((s) => s.length === 1 && names.includes(s[0]!) && !listed.has(s[0]!)).map((s) => s[0]!);
    own.forEach((n) => listed.add(n));
    return { key: g.key, title: g.title, ...(g.description ? { description: g.description } : {}), names: own };
  });
  const rest = names.filter((n) => !listed.has(n));
  return [...groups.filter((g) => g.names.length > 0), ...(rest.length > 0 ? [{ key: '', title: { 'zh-CN': '' }, names: rest }] : [])];
}

/** The key of the group showing the field a JSON Pointer names (undefined when none does). */
export function groupOfPointer(layout: FormLayout | undefined, pointer: string): string | undefined {
  const top = segments(pointer)[0];
  if (!layout || top === undefined) return undefined;
  return layout.groups.find((g) => g.fields.some((p) => segments(p)[0] === top && segments(p).length === 1))?.key;
}

/** Whether an error schema (rjsf's, or a part of it) holds any error. */
export function hasErrors(errors: unknown): boolean {
  if (!isNode(errors)) return false;
  return Object.entries(errors).some(([k, v]) => (k === '__errors' ? Array.isArray(v) && v.length > 0 : hasErrors(v)));
}

/** The rjsf id of the control at a JSON Pointer (`/a/0/b` → `root_a_0_b`). */
export const fieldId = (pointer: string) => ['root', ...segments(pointer)].join('_');

/** A statistical table's row: an object of cells, or one figure on its own. */
export interface GridRow {
  name: string;
  title: string;
  /** The names of its cells (a figure on its own has none: it is its own cell). */
  cells: string[];
}

/** A statistical table's shape (see {@link gridShape}). */
export interface GridShape {
  rows: GridRow[];
  /** Matrix: every row holds the same cells under the same titles — one header names the columns. */
  columns?: { name: string; title: string }[];
  /** How many figure columns the table lays out. */
  width: number;
}

const titleOf = (node: unknown, name: string) => (isNode(node) && typeof node.title === 'string' ? node.title : name);
const orderOf = (names: string[], ui: unknown) => {
  const order = isNode(ui) && Array.isArray(ui['ui:order']) ? (ui['ui:order'] as string[]).filter((n) => names.includes(n)) : [];
  return [...order, ...names.filter((n) => !order.includes(n))];
};

/**
 * The rows of an object shown as a statistical table (form schema, code lists inlined): each
 * property in form order is a row — an object is a row of its fields, anything else a row of
 * one. When every row is an object with the same fields under the same titles (the designer's
 * "rows × columns"), those fields are the table's columns.
 */
export function gridShape(schema: unknown, uiSchema: unknown): GridShape {
  const properties = isNode(schema) && isNode(schema.properties) ? schema.properties : {};
  const rows: GridRow[] = orderOf(Object.keys(properties), uiSchema).map((name) => {
    const node = properties[name];
    const inner = isNode(node) && isNode(node.properties) ? node.properties : undefined;
    const rowUi = isNode(uiSchema) ? uiSchema[name] : undefined;
    return { name, title: titleOf(node, name), cells: inner ? orderOf(Object.keys(inner), rowUi) : [] };
  });
  const cellTitles = (row: GridRow) => {
    const inner = (properties[row.name] as Node).properties as Node;
    return row.cells.map((c) => ({ name: c, title: titleOf(inner[c], c) }));
  };
  const first = rows[0];
  const matrix =
    first !== undefined && rows.every((r) => r.cells.length > 0) && rows.every((r) => JSON.stringify(cellTitles(r)) === JSON.stringify(cellTitles(first)));
  const width = Math.max(1, ...rows.map((r) => r.cells.length));
  return matrix ? { rows, columns: cellTitles(first), width } : { rows, width };
}

/** The sum of the numbers among values (empty ones count nothing); undefined when none is a number. */
export function sumOf(values: readonly unknown[]): number | undefined {
  const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (numbers.length === 0) return undefined;
  // Figures with decimals (万元) add without binary noise.
  return Math.round(numbers.reduce((a, b) => a + b, 0) * 1e6) / 1e6;
}

/** A matrix's totals: per row, per column and overall, from the table's data. */
export function gridTotals(shape: GridShape, data: unknown): { rows: (number | undefined)[]; columns: (number | undefined)[]; all: number | undefined } {
  const columns = shape.columns ?? [];
  const at = (row: string, cell: string) => (isNode(data) && isNode(data[row]) ? (data[row] as Node)[cell] : undefined);
  const rows = shape.rows.map((r) => sumOf(columns.map((c) => at(r.name, c.name))));
  const byColumn = columns.map((c) => sumOf(shape.rows.map((r) => at(r.name, c.name))));
  return { rows, columns: byColumn, all: sumOf(rows) };
}

const withOptions = (ui: Node, name: string, options: Node): Node => {
  const node = (ui[name] = isNode(ui[name]) ? ui[name] : {}) as Node;
  node['ui:options'] = { ...(isNode(node['ui:options']) ? node['ui:options'] : {}), ...options };
  return node;
};

/**
 * The uiSchema of an object shown as a table (`uiNode` of `schema`) with what its lines need:
 * each row's title is its line's head, so rows and figures on their own carry no label; a row
 * of fields lays them out in the table's columns (`gridRow`), and under a header of columns its
 * fields carry no label either. Changes `uiNode`.
 */
export function markGrid(schema: Node, uiNode: Node): void {
  const shape = gridShape(schema, uiNode);
  for (const row of shape.rows) {
    if (row.cells.length === 0) {
      withOptions(uiNode, row.name, { label: false });
      continue;
    }
    const rowUi = withOptions(uiNode, row.name, { gridRow: true, label: false });
    if (shape.columns) for (const cell of row.cells) withOptions(rowUi, cell, { label: false });
  }
}
