/**
 * Every text of a definition in both languages, side by side: the template's name and
 * description, each field's label and help, each option, each rule's message and description,
 * each workflow state and action. Chinese lives where the definition keeps it (schema titles,
 * localised texts); English in the same localised text, or — for what the schema holds — in
 * `i18n.en` keyed by schema pointer (a help text under its description's pointer).
 */
import { allFields, fullTitle } from './fields';
import { optionsPointer } from './options';
import { copy, englishOf, ensureObj, isObj, objAt, schemaOf, schemaPointerOf, type Draft, type Obj } from './paths';

/** What a text is. */
export type TextKind = 'module' | 'summary' | 'label' | 'help' | 'option' | 'message' | 'rule' | 'state' | 'action';

/** One text in both languages, and how to change either. */
export interface TextEntry {
  id: string;
  kind: TextKind;
  /** Where it is, for the designer (a field's full title, a rule's name …). */
  where: string;
  zh: string;
  en: string;
  set(draft: Draft, lang: 'zh-CN' | 'en', text: string): Draft;
}

/** A text of the schema: Chinese at the node's key, English in i18n.en at `english`. */
function schemaText(id: string, kind: TextKind, where: string, draft: Draft, node: string, key: 'title' | 'description', english: string): TextEntry {
  const owner = objAt(schemaOf(draft), node) ?? {};
  return {
    id,
    kind,
    where,
    zh: typeof owner[key] === 'string' ? (owner[key] as string) : '',
    en: englishOf(draft)[english] ?? '',
    set(before, lang, text) {
      const after = copy(before);
      if (lang === 'en') {
        const en = ensureObj(after, ['i18n', 'en']) as Record<string, string>;
        if (text.trim() === '') delete en[english];
        else en[english] = text;
      } else {
        const target = objAt(schemaOf(after), node);
        if (target) target[key] = text;
      }
      return after;
    },
  };
}

/** A localised text (`{ zh-CN, en }`) at a path of the definition. */
function localisedText(id: string, kind: TextKind, where: string, draft: Draft, path: (string | number)[]): TextEntry {
  const read = (d: Draft) => path.reduce<unknown>((n, p) => (isObj(n) || Array.isArray(n) ? (n as Record<string, unknown>)[p] : undefined), d);
  const text = read(draft);
  return {
    id,
    kind,
    where,
    zh: isObj(text) && typeof text['zh-CN'] === 'string' ? text['zh-CN'] : '',
    en: isObj(text) && typeof text.en === 'string' ? text.en : '',
    set(before, lang, value) {
      const after = copy(before);
      const parent = path.slice(0, -1).reduce<unknown>((n, p) => (n as Record<string, unknown>)[p], after) as Record<string | number, unknown>;
      const last = path[path.length - 1]!;
      const current = isObj(parent[last]) ? { ...(parent[last] as Obj) } : {};
      if (lang === 'en' && value.trim() === '') delete current.en;
      else current[lang] = value;
      parent[last] = current;
      return after;
    },
  };
}

function fieldTexts(draft: Draft): TextEntry[] {
  const out: TextEntry[] = [];
  for (const field of allFields(draft)) {
    const where = fullTitle(draft, field.pointer);
    out.push(schemaText(`label:${field.pointer}`, 'label', where, draft, field.pointer, 'title', field.pointer));
    if (typeof field.schema.description === 'string') out.push(schemaText(`help:${field.pointer}`, 'help', where, draft, field.pointer, 'description', `${field.pointer}/description`));
    const at = optionsPointer(draft, field.pointer);
    const options = objAt(schemaOf(draft), at)?.oneOf;
    if (Array.isArray(options)) {
      options.forEach((option, i) => {
        if (isObj(option) && 'const' in option) out.push(schemaText(`option:${at}/${i}`, 'option', where, draft, `${at}/oneOf/${i}`, 'title', `${at}/oneOf/${i}`));
      });
    }
  }
  return out;
}

function codeTexts(draft: Draft): TextEntry[] {
  const options = schemaOf(draft).oneOf;
  if (!Array.isArray(options)) return [];
  return options.map((option, i) => schemaText(`option:/${i}`, 'option', String(isObj(option) ? option.const : i), draft, `/oneOf/${i}`, 'title', `/oneOf/${i}`));
}

/**
 * Where a rule is, as a designer reads it: the full title of the field its event concerns
 * (the one it sets, checks, requires or hides first), else its name.
 */
function ruleWhere(draft: Draft, rule: Obj, i: number): string {
  const params = isObj(rule.event) && isObj(rule.event.params) ? rule.event.params : {};
  const path = typeof params.path === 'string' ? params.path : Array.isArray(params.paths) && typeof params.paths[0] === 'string' ? params.paths[0] : undefined;
  const field = path !== undefined ? schemaPointerOf(schemaOf(draft), path) : undefined;
  return field ? fullTitle(draft, field) : String(rule.name ?? i + 1);
}

function ruleTexts(draft: Draft): TextEntry[] {
  const out: TextEntry[] = [];
  (Array.isArray(draft.rules) ? draft.rules : []).forEach((rule, i) => {
    if (!isObj(rule)) return;
    const name = ruleWhere(draft, rule, i);
    if (isObj(rule.description)) out.push(localisedText(`rule:${i}`, 'rule', name, draft, ['rules', i, 'description']));
    const params = isObj(rule.event) && isObj(rule.event.params) ? rule.event.params : undefined;
    if (isObj(params?.message)) out.push(localisedText(`message:${i}`, 'message', name, draft, ['rules', i, 'event', 'params', 'message']));
  });
  return out;
}

function workflowTexts(draft: Draft): TextEntry[] {
  const workflow = isObj(draft.workflow) ? draft.workflow : undefined;
  if (!workflow) return [];
  const out: TextEntry[] = [];
  for (const [name, state] of Object.entries(isObj(workflow.states) ? workflow.states : {})) {
    if (isObj(state) && isObj(state.title)) out.push(localisedText(`state:${name}`, 'state', name, draft, ['workflow', 'states', name, 'title']));
  }
  (Array.isArray(workflow.transitions) ? workflow.transitions : []).forEach((transition, i) => {
    if (isObj(transition) && isObj(transition.title)) out.push(localisedText(`action:${i}`, 'action', String(transition.action ?? i), draft, ['workflow', 'transitions', i, 'title']));
  });
  return out;
}

/** Every text of a definition (see the file header), in the order a reader meets them. */
export function translationEntries(draft: Draft): TextEntry[] {
  const module = [localisedText('module:title', 'module', '', draft, ['title'])];
  if (isObj(draft.description)) module.push(localisedText('module:description', 'summary', '', draft, ['description']));
  const body = draft.kind === 'codelist' ? codeTexts(draft) : fieldTexts(draft);
  return [...module, ...body, ...ruleTexts(draft), ...workflowTexts(draft)];
}
