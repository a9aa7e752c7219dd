/** A definition's fields as the builder shows them: in form order, nested in sections and rows. */
import { escapeSegment, getAt, parsePointer } from '../../../runtime/web/kit/engine';
import { containerOf, kindOf, type FieldKind } from './field-kinds';
import { childPointer, dataPointer, isObj, objAt, schemaOf, uiOf, type Draft, type Obj } from './paths';

/** One field of a definition. */
export interface FieldNode {
  /** The property name (the key in record data). */
  name: string;
  /** Schema pointer: the builder's address of the field. */
  pointer: string;
  /** Where its value is in record data (rules and report settings use this). */
  data: string;
  kind: FieldKind;
  schema: Obj;
  ui: Obj | undefined;
  required: boolean;
  /** Its Chinese title (the name when it has none). */
  title: string;
  /** Containers: the schema pointer of the object holding its fields, and those fields. */
  container?: string;
  children?: FieldNode[];
}

/** rjsf's `ui:order`: the names it lists first, `*` standing for the rest in schema order. */
export function orderNames(names: readonly string[], order: unknown): string[] {
  if (!Array.isArray(order)) return [...names];
  const listed = order.filter((n): n is string => typeof n === 'string' && (n === '*' || names.includes(n)));
  const rest = names.filter((n) => !listed.includes(n));
  const star = listed.indexOf('*');
  if (star < 0) return [...listed, ...rest];
  return [...listed.slice(0, star), ...rest, ...listed.slice(star + 1)];
}

/** The property names of a container in form order. */
export function fieldNames(draft: Draft, container: string): string[] {
  const node = objAt(schemaOf(draft), container);
  const properties = isObj(node?.properties) ? node.properties : {};
  return orderNames(Object.keys(properties), uiOf(draft, container)?.['ui:order']);
}

/** The fields of a container (`''`: the form itself), in form order, with what they hold. */
export function listFields(draft: Draft, container = ''): FieldNode[] {
  const schema = schemaOf(draft);
  const holder = objAt(schema, container);
  const required = Array.isArray(holder?.required) ? (holder.required as unknown[]) : [];
  return fieldNames(draft, container).map((name) => {
    const pointer = childPointer(container, name);
    const node = objAt(schema, pointer) ?? {};
    const ui = uiOf(draft, pointer);
    const kind = kindOf(node, ui);
    const inner = containerOf(pointer, kind);
    return {
      name,
      pointer,
      data: dataPointer(pointer),
      kind,
      schema: node,
      ui,
      required: required.includes(name),
      title: typeof node.title === 'string' && node.title !== '' ? node.title : name,
      ...(inner !== undefined ? { container: inner, children: listFields(draft, inner) } : {}),
    };
  });
}

/** Every field at every depth, depth first in form order. */
export function allFields(draft: Draft): FieldNode[] {
  const out: FieldNode[] = [];
  const visit = (nodes: FieldNode[]) => {
    for (const node of nodes) {
      out.push(node);
      if (node.children) visit(node.children);
    }
  };
  visit(listFields(draft));
  return out;
}

/** One field by its schema pointer. */
export function findField(draft: Draft, pointer: string): FieldNode | undefined {
  return allFields(draft).find((f) => f.pointer === pointer);
}

/** Whether a schema pointer names a container the builder can put fields in. */
export function isContainer(draft: Draft, container: string): boolean {
  if (container === '') return true;
  const node = getAt(schemaOf(draft), container);
  return isObj(node) && (node.type === 'object' || isObj(node.properties));
}

/** A field's title with the sections and tables it lies in (`立案审查 › 立案`). */
export function fullTitle(draft: Draft, pointer: string): string {
  const schema = schemaOf(draft);
  const parts = parsePointer(pointer);
  const titles: string[] = [];
  let at = '';
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === 'properties' && parts[i + 1] !== undefined) {
      const name = parts[++i]!;
      at += `/properties/${escapeSegment(name)}`;
      const node = objAt(schema, at);
      titles.push(typeof node?.title === 'string' && node.title !== '' ? node.title : name);
    } else {
      at += `/${escapeSegment(parts[i]!)}`;
    }
  }
  return titles.join(' › ');
}

/** The number fields a sum may add up (plain, or a column of a repeating table), with their full titles. */
export function numberFields(draft: Draft): { pointer: string; data: string; title: string }[] {
  return allFields(draft)
    .filter((f) => f.kind === 'number' || f.kind === 'integer')
    .filter((f) => (f.data.match(/\/-\//g) ?? []).length <= 1)
    .map((f) => ({ pointer: f.pointer, data: f.data, title: fullTitle(draft, f.pointer) }));
}
