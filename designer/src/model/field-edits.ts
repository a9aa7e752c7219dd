/**
 * Editing a definition's fields: add, move (reorder, or into another section or table), rename,
 * remove, and set a field's schema keywords, uiSchema entries, required flag and English title.
 * Each edit returns a new definition and never changes the one it is given. A field's schema,
 * its required flag, its uiSchema, its English titles, its report settings and the builder's own
 * sum rules go with it when it moves; every other rule is left exactly as it is.
 */
import { escapeSegment } from '../../../runtime/web/kit/engine';
import { fieldTemplate, type FieldKind } from './field-kinds';
import { newFieldKey } from './field-keys';
import { fieldNames } from './fields';
import { childPointer, copy, dataPointer, ensureObj, englishOf, isObj, moveKeys, objAt, parentOf, schemaOf, uiPath, type Draft, type Obj } from './paths';
import { remapSumRules } from './sum-rule';

/** An edit's result: the new definition and the field's (new) schema pointer. */
export interface FieldEdit {
  draft: Draft;
  pointer: string;
}

/** The container schema node at a pointer, made into an object with properties when needed. */
function containerNode(draft: Draft, container: string): Obj {
  const schema = (draft.schema = isObj(draft.schema) ? draft.schema : { type: 'object' });
  const node = container === '' ? schema : objAt(schema, container);
  if (!node) throw new TypeError(`no container at ${container}`);
  if (!isObj(node.properties)) node.properties = {};
  return node;
}

/** Sets a container's `ui:order` (always written: stored definitions keep no key order). */
function setOrder(draft: Draft, container: string, names: string[]): void {
  ensureObj(draft, ['ui', ...uiPath(container)])['ui:order'] = names;
}

function setRequiredIn(node: Obj, name: string, on: boolean): void {
  const list = Array.isArray(node.required) ? (node.required as string[]).filter((n) => n !== name) : [];
  if (on) list.push(name);
  if (list.length > 0) node.required = list;
  else delete node.required;
}

/** Takes a field's uiSchema node out of the definition (undefined when it has none). */
function takeUi(draft: Draft, pointer: string): Obj | undefined {
  const path = uiPath(pointer);
  const parent = path.slice(0, -1).reduce<unknown>((n, p) => (isObj(n) ? n[p] : undefined), draft.ui);
  if (!isObj(parent)) return undefined;
  const found = parent[path[path.length - 1]!];
  delete parent[path[path.length - 1]!];
  return isObj(found) ? found : undefined;
}

function putUi(draft: Draft, pointer: string, ui: Obj | undefined): void {
  if (!ui || Object.keys(ui).length === 0) return;
  const path = uiPath(pointer);
  ensureObj(draft, ['ui', ...path.slice(0, -1)])[path[path.length - 1]!] = ui;
}

/** Moves everything keyed by a field's pointers (English titles, report settings, sum rules, the form's layout) to its new place. */
function rekey(draft: Draft, from: string, to: string | undefined): void {
  relayout(draft, dataPointer(from), to === undefined ? undefined : dataPointer(to));
  const en = englishOf(draft);
  if (Object.keys(en).length > 0) (draft.i18n as Obj).en = moveKeys(en, from, to);
  const report = isObj(draft.report) ? draft.report : undefined;
  if (report && isObj(report.fields)) report.fields = moveKeys(report.fields, dataPointer(from), to === undefined ? undefined : dataPointer(to));
  if (to !== undefined) remapSumRules(draft, dataPointer(from), dataPointer(to));
}

/**
 * A top-level field's place in the form's layout (`ui:layout`) follows it: renamed, it keeps its
 * place; moved into a section or removed, it leaves its group — an emptied group goes, and the
 * layout with the last one.
 */
function relayout(draft: Draft, from: string, to: string | undefined): void {
  const ui = isObj(draft.ui) ? draft.ui : undefined;
  const layout = ui && isObj(ui['ui:layout']) ? ui['ui:layout'] : undefined;
  if (!ui || !layout || !Array.isArray(layout.groups)) return;
  const topLevel = (p: string | undefined) => p !== undefined && p.split('/').length === 2;
  const groups = (layout.groups as unknown[]).flatMap((group) => {
    if (!isObj(group) || !Array.isArray(group.fields)) return [group];
    const fields = (group.fields as unknown[]).flatMap((f) => (f === from ? (topLevel(to) ? [to] : []) : [f]));
    return fields.length > 0 ? [{ ...group, fields }] : [];
  });
  if (groups.length > 0) layout.groups = groups;
  else delete ui['ui:layout'];
}

/** Adds a field of a kind to a container at a position; its key comes from its label. */
export function addField(before: Draft, container: string, kind: Exclude<FieldKind, 'advanced'>, index: number, title: string, codelist = ''): FieldEdit {
  const draft = copy(before);
  const node = containerNode(draft, container);
  const names = fieldNames(draft, container);
  const name = newFieldKey(title, names);
  const template = fieldTemplate(kind, title, codelist);
  (node.properties as Obj)[name] = template.schema;
  const pointer = childPointer(container, name);
  putUi(draft, pointer, template.ui);
  names.splice(Math.max(0, Math.min(index, names.length)), 0, name);
  setOrder(draft, container, names);
  return { draft, pointer };
}

/**
 * Moves a field to a position in a container (the same one: a reorder), under a new name if
 * given. A name taken in the target gets a number added.
 */
export function moveField(before: Draft, pointer: string, target: string, index: number, newName?: string): FieldEdit {
  const draft = copy(before);
  const { container, name } = parentOf(pointer);
  const from = containerNode(draft, container);
  const schemaNode = (from.properties as Obj)[name];
  if (schemaNode === undefined) throw new TypeError(`no field at ${pointer}`);
  if (target === pointer || target.startsWith(`${pointer}/`)) throw new TypeError('a field cannot move into itself');
  const required = Array.isArray(from.required) && from.required.includes(name);
  const ui = takeUi(draft, pointer);
  const sourceNames = fieldNames(draft, container).filter((n) => n !== name);
  const fromIndex = fieldNames(draft, container).indexOf(name);
  delete (from.properties as Obj)[name];
  setRequiredIn(from, name, false);
  setOrder(draft, container, sourceNames);

  const to = containerNode(draft, target);
  const targetNames = target === container ? sourceNames : fieldNames(draft, target);
  let finalName = newName ?? name;
  if (targetNames.includes(finalName)) finalName = newFieldKey(finalName, targetNames);
  (to.properties as Obj)[finalName] = schemaNode;
  if (required) setRequiredIn(to, finalName, true);
  const moved = childPointer(target, finalName);
  putUi(draft, moved, ui);
  const at = index < 0 ? fromIndex : index;
  targetNames.splice(Math.max(0, Math.min(at, targetNames.length)), 0, finalName);
  setOrder(draft, target, targetNames);
  if (moved !== pointer) rekey(draft, pointer, moved);
  return { draft, pointer: moved };
}

/** Renames a field in place (its data key: records stored under the old name keep it). */
export function renameField(before: Draft, pointer: string, name: string): FieldEdit {
  const { container } = parentOf(pointer);
  return moveField(before, pointer, container, -1, name);
}

/** Removes a field with its uiSchema, English titles and report settings. */
export function removeField(before: Draft, pointer: string): Draft {
  const draft = copy(before);
  const { container, name } = parentOf(pointer);
  const node = containerNode(draft, container);
  delete (node.properties as Obj)[name];
  setRequiredIn(node, name, false);
  takeUi(draft, pointer);
  setOrder(
    draft,
    container,
    fieldNames(draft, container).filter((n) => n !== name),
  );
  rekey(draft, pointer, undefined);
  return draft;
}

/** Sets (or, with undefined, removes) schema keywords of a field. */
export function setFieldSchema(before: Draft, pointer: string, patch: Record<string, unknown>): Draft {
  const draft = copy(before);
  const node = objAt(schemaOf(draft), pointer);
  if (!node) throw new TypeError(`no field at ${pointer}`);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete node[key];
    else node[key] = value;
  }
  return draft;
}

/** Sets (or, with undefined, removes) uiSchema entries of a field (`ui:widget`, `ui:placeholder` …). */
export function setFieldUi(before: Draft, pointer: string, patch: Record<string, unknown>): Draft {
  const draft = copy(before);
  const ui = ensureObj(draft, ['ui', ...uiPath(pointer)]);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete ui[key];
    else ui[key] = value;
  }
  return draft;
}

/** Makes a field required or optional. */
export function setRequired(before: Draft, pointer: string, on: boolean): Draft {
  const draft = copy(before);
  const { container, name } = parentOf(pointer);
  setRequiredIn(containerNode(draft, container), name, on);
  return draft;
}

/** Sets (or, with an empty text, removes) the English text of a schema node (`i18n.en`, by schema pointer). */
export function setEnglish(before: Draft, schemaPointer: string, text: string | undefined): Draft {
  const draft = copy(before);
  const en = ensureObj(draft, ['i18n', 'en']) as Record<string, string>;
  if (text === undefined || text.trim() === '') delete en[schemaPointer];
  else en[schemaPointer] = text;
  return draft;
}

/**
 * Changes a field to another kind, keeping its title, help and required flag (a container's
 * fields are kept when it stays a container).
 */
export function changeKind(before: Draft, pointer: string, kind: Exclude<FieldKind, 'advanced'>, codelist = ''): Draft {
  const draft = copy(before);
  const node = objAt(schemaOf(draft), pointer);
  if (!node) throw new TypeError(`no field at ${pointer}`);
  const template = fieldTemplate(kind, String(node.title ?? ''), codelist);
  const inner = isObj(node.properties) ? node.properties : isObj(node.items) && isObj((node.items as Obj).properties) ? (node.items as Obj).properties : undefined;
  const keep = { title: node.title, ...(node.description !== undefined ? { description: node.description } : {}) };
  for (const key of Object.keys(node)) delete node[key];
  Object.assign(node, template.schema, keep);
  if (inner && kind === 'section') node.properties = inner;
  if (inner && (kind === 'group' || kind === 'table')) (node.items as Obj).properties = inner;
  const oldUi = takeUi(draft, pointer) ?? {};
  const { 'ui:widget': _w, 'ui:options': _o, ...restUi } = oldUi;
  putUi(draft, pointer, { ...restUi, ...template.ui, ...(isObj(oldUi.items) ? { items: oldUi.items } : {}) });
  return draft;
}

/** The schema pointer a field would get under a new name (for checking before renaming). */
export const renamedPointer = (pointer: string, name: string) => `${parentOf(pointer).container}/properties/${escapeSegment(name)}`;
