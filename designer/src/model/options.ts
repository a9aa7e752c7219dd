/**
 * A choice field's options — `oneOf` of `const` + `title`, on the field (single choice) or on its
 * items (multiple choice) — with their English titles (`i18n.en` at each option's pointer) and
 * whether each is deprecated (`"deprecated": true`: kept valid for records that hold it, no
 * longer offered for new values). Code lists keep their codes the same way, at the schema root.
 */
import { codelistOf, isOptionList } from './field-kinds';
import { copy, englishOf, ensureObj, isObj, moveKeys, objAt, schemaOf, type Draft, type Obj } from './paths';

/** One option as the builder edits it. */
export interface OptionRow {
  value: string;
  title: string;
  en?: string;
  deprecated?: boolean;
}

/** Where a field's options are: the field's node, or its items' for a multiple choice. */
export function optionsPointer(draft: Draft, pointer: string): string {
  const node = objAt(schemaOf(draft), pointer);
  return node?.type === 'array' ? `${pointer}/items` : pointer;
}

/** The options at a schema pointer (a field's or, with `''`, a code list's). */
export function readOptions(draft: Draft, at: string): OptionRow[] {
  const node = objAt(schemaOf(draft), at);
  if (!node || !isOptionList(node)) return [];
  const en = englishOf(draft);
  return (node.oneOf as Obj[]).map((o, i) => ({
    value: String(o.const),
    title: typeof o.title === 'string' ? o.title : String(o.const),
    ...(en[`${at}/oneOf/${i}`] ? { en: en[`${at}/oneOf/${i}`] } : {}),
    ...(o.deprecated === true ? { deprecated: true } : {}),
  }));
}

/**
 * Writes the options at a schema pointer, with their English titles re-keyed to their new
 * positions; a multiple choice's `maxItems` follows the number of options (the safety policy
 * wants a bound on `uniqueItems`). Other keywords of each option (a description …) are kept by value.
 */
export function writeOptions(before: Draft, at: string, rows: readonly OptionRow[]): Draft {
  const draft = copy(before);
  const node = objAt(schemaOf(draft), at);
  if (!node) throw new TypeError(`no options at ${at}`);
  const old = new Map((Array.isArray(node.oneOf) ? (node.oneOf as Obj[]) : []).filter(isObj).map((o) => [String(o.const), o]));
  node.oneOf = rows.map((row) => {
    const { const: _c, title: _t, deprecated: _d, ...rest } = old.get(row.value) ?? {};
    return { ...rest, const: row.value, title: row.title, ...(row.deprecated ? { deprecated: true } : {}) };
  });
  delete node.enum;
  const en = ensureObj(draft, ['i18n', 'en']) as Record<string, string>;
  const kept = moveKeys(en, `${at}/oneOf`, undefined);
  rows.forEach((row, i) => {
    if (row.en) kept[`${at}/oneOf/${i}`] = row.en;
  });
  (draft.i18n as Obj).en = kept;
  if (at.endsWith('/items')) {
    const field = objAt(schemaOf(draft), at.slice(0, -'/items'.length));
    if (field?.uniqueItems === true) field.maxItems = Math.max(1, rows.length);
  }
  return draft;
}

/** Binds a choice field to a code list (`{"$ref": "codelist:<key>"}`), on its items for a multiple choice. */
export function bindCodelist(before: Draft, pointer: string, key: string): Draft {
  const draft = copy(before);
  const at = optionsPointer(draft, pointer);
  const node = objAt(schemaOf(draft), at);
  if (!node) throw new TypeError(`no field at ${pointer}`);
  for (const k of ['oneOf', 'enum', 'type', '$ref']) delete node[k];
  node.$ref = `codelist:${key}`;
  if (isObj(draft.i18n)) draft.i18n.en = moveKeys(englishOf(draft), `${at}/oneOf`, undefined);
  return draft;
}

/** The code list a field (or its items) is bound to. */
export function boundCodelist(draft: Draft, pointer: string): string | undefined {
  const node = objAt(schemaOf(draft), pointer);
  return codelistOf(node) ?? codelistOf(node?.items);
}
