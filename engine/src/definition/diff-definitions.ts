/**
 * diffDefinitions: what publishing a definition would change, for a designer about to publish —
 * fields (at any depth), rules, workflow states and transitions, the report template and the
 * rest of the definition, each as added / removed / changed with before and after values.
 *
 * Compared as they take effect, not as they are spelt: a missing workflow is the default one,
 * a rule's priority is the one it runs at, a state's `draft` defaults as the compiler says, and
 * lists whose order means nothing (roles, required fields, levels …) compare as sets.
 *
 * Pure and deterministic: the order of every list follows the `after` definition (schema
 * property order, rule order, state and transition order), with removed entries in the order
 * of `before`; attributes come in a fixed order.
 */
import moduleSchema from '../../../definitions/meta/module.schema.json' with { type: 'json' };
import { getAt, joinPointer } from '../pointer/json-pointer.js';
import { priorityOf } from '../rules/rule-set.js';
import { CODELIST_SCHEME } from '../validation/keywords.js';
import { isPlainObject } from '../validation/walk-schema.js';
import { DEFAULT_REPORT_WORKFLOW } from './compile-module.js';
import { canonicalJson } from './fingerprint.js';
import type { LocalizedText, ModuleDefinition, ReportField, Rule, Transition, Workflow } from './generated/module-definition.js';

/** One attribute that differs; `before` / `after` are absent where the attribute is. */
export interface AttributeChange {
  attribute: string;
  before?: unknown;
  after?: unknown;
}

/** A title in the product's locales, either of which may be missing. */
export interface FieldTitle {
  'zh-CN'?: string;
  en?: string;
}

/**
 * A field: a schema property at any depth, named by the JSON Pointer of its value in record
 * data. Array items are the segment `-` (every item: `/items/-/amount`); the positions of a
 * tuple (`prefixItems`) are their index (`/pair/0`). Properties declared under allOf / anyOf /
 * oneOf / then / else / dependentSchemas and behind local `$ref`s are fields at the place of
 * the data they describe; `patternProperties` and `additionalProperties` name no field. A
 * recursive `$ref` is followed once. Fields come depth first in schema order: a field, then
 * the fields inside it.
 */
export interface FieldChange {
  pointer: string;
  /** Schema pointer of its first declaration (in `after`, or in `before` when removed). */
  schemaPointer: string;
  /** zh-CN from the schema's `title`, en from `i18n.en`. */
  title?: FieldTitle;
  type?: string | string[];
  /** Changed fields only: what differs, in a fixed attribute order (see {@link FIELD_ATTRIBUTES}, then `ui:` keys). */
  changes?: AttributeChange[];
}

/** A rule, by name. Changed: `conditions`, `event`, `priority` (the effective one), `description`. */
export interface RuleChange {
  name: string;
  description?: LocalizedText;
  changes?: AttributeChange[];
}

/** A workflow state, by name. Changed: `title`, `draft`, `final`, `deadline` (effective values). */
export interface StateChange {
  name: string;
  title?: LocalizedText;
  changes?: AttributeChange[];
}

/**
 * A transition, identified by the state it leaves and its action: a transition leaving several
 * states is one entry per state. Changed: `title`, `to`, `roles`, `requires`, `condition`,
 * `comment`, `handoff`.
 */
export interface TransitionChange {
  from: string;
  action: string;
  title?: LocalizedText;
  to?: string;
  changes?: AttributeChange[];
}

/** A report field setting (aggregate, prefill), by data pointer. */
export interface ReportFieldChange {
  pointer: string;
  /** Added or removed: the setting. */
  setting?: ReportField;
  /** Changed: `aggregate`, `prefill`. */
  changes?: AttributeChange[];
}

/** A code of a code list (kind `codelist`), by value. */
export interface CodeChange {
  value: unknown;
  /** Added / removed: its title. */
  title?: string;
  /** Retitled: the titles before and after. */
  before?: string;
  after?: string;
}

export interface AddedRemovedChanged<T> {
  added: T[];
  removed: T[];
  changed: T[];
}

/** What {@link diffDefinitions} returns. Every list is empty when nothing differs. */
export interface DefinitionDiff {
  fields: AddedRemovedChanged<FieldChange>;
  rules: AddedRemovedChanged<RuleChange>;
  workflow: {
    /** `initial`, when the initial state changes. */
    changes: AttributeChange[];
    states: AddedRemovedChanged<StateChange>;
    transitions: AddedRemovedChanged<TransitionChange>;
  };
  report: {
    /** `period`, `levels`, `deadline`, `approved`. */
    settings: AttributeChange[];
    fields: AddedRemovedChanged<ReportFieldChange>;
  };
  other: {
    /**
     * The rest, by attribute: top-level keys (`key`, `kind`, `title`, `description`, `migration`,
     * `codelists` …), `facts/<name>`, the root's `ui:` options (`ui:order` …),
     * `exports/<name>`, `links/<name>`, `documents/<name>`, and `tests` (the number of test
     * cases, reported whenever the tests differ). English titles (`i18n`) show in field titles.
     */
    changes: AttributeChange[];
    /** Code lists: codes added, removed and retitled. */
    codes: { added: CodeChange[]; removed: CodeChange[]; retitled: CodeChange[] };
  };
}

/** The schema attributes a field change reports, in order; `ui:` keys of the field follow, sorted. */
export const FIELD_ATTRIBUTES = [
  'title',
  'description',
  'type',
  'codelist',
  'required',
  'options',
  'format',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'default',
  'readOnly',
] as const;

/**
 * Compares two definitions; `before === null` (nothing published yet) makes everything added.
 * Neither is changed. Meant for definitions that passed the meta-model; anything missing is
 * read as empty, never refused.
 */
export function diffDefinitions(before: ModuleDefinition | null, after: ModuleDefinition): DefinitionDiff {
  return {
    fields: diffFields(before, after),
    rules: diffRules(before?.rules ?? [], after.rules ?? []),
    workflow: diffWorkflow(before ? effectiveWorkflow(before) : undefined, effectiveWorkflow(after)),
    report: diffReport(before, after),
    other: { changes: diffOther(before, after), codes: diffCodes(before, after) },
  };
}

// --- Fields -------------------------------------------------------------------------------------

type SchemaNode = Record<string, unknown> | boolean;

interface Candidate {
  node: SchemaNode;
  /** Schema pointer. */
  pointer: string;
  /**
   * Applies only under a condition: reached through anyOf / oneOf / then / else /
   * dependentSchemas, or declared inside such a branch. Its `required` makes nothing required,
   * and its attributes count only where no unconditional declaration has them.
   */
  conditional: boolean;
}

interface FieldRecord {
  pointer: string;
  schemaPointer: string;
  attributes: Map<string, unknown>;
}

/** Deepest data nesting followed: a schema deeper than any real form is not walked further. */
const MAX_FIELD_DEPTH = 64;

function diffFields(before: ModuleDefinition | null, after: ModuleDefinition): AddedRemovedChanged<FieldChange> {
  const old = before ? collectFields(before) : new Map<string, FieldRecord>();
  const now = collectFields(after);
  const result: AddedRemovedChanged<FieldChange> = { added: [], removed: [], changed: [] };
  for (const [pointer, field] of now) {
    const previous = old.get(pointer);
    if (!previous) {
      result.added.push(fieldSummary(field));
      continue;
    }
    const changes = diffAttributes(previous.attributes, field.attributes, attributeOrder(previous.attributes, field.attributes));
    if (changes.length > 0) result.changed.push({ ...fieldSummary(field), changes });
  }
  for (const [pointer, field] of old) {
    if (!now.has(pointer)) result.removed.push(fieldSummary(field));
  }
  return result;
}

function fieldSummary(field: FieldRecord): FieldChange {
  const out: FieldChange = { pointer: field.pointer, schemaPointer: field.schemaPointer };
  const title = field.attributes.get('title') as FieldTitle | undefined;
  const type = field.attributes.get('type') as string | string[] | undefined;
  if (title !== undefined) out.title = title;
  if (type !== undefined) out.type = type;
  return out;
}

function attributeOrder(a: Map<string, unknown>, b: Map<string, unknown>): string[] {
  const ui = [...new Set([...a.keys(), ...b.keys()].filter((k) => k.startsWith('ui:')))].sort();
  return [...FIELD_ATTRIBUTES, ...ui];
}

/** Every field of a definition's record schema, in schema order, by data pointer. */
function collectFields(definition: ModuleDefinition): Map<string, FieldRecord> {
  const fields = new Map<string, FieldRecord>();
  const root = definition.schema as unknown;
  // A code list's schema is one value, not an object of fields.
  if (definition.kind === 'codelist' || !isPlainObject(root)) return fields;
  const titlesEn = (definition.i18n?.en ?? {}) as Record<string, string | undefined>;
  visit([{ node: root, pointer: '', conditional: false }], '', definition.ui, new Set(), 0);
  return fields;

  function visit(candidates: Candidate[], dataPointer: string, ui: unknown, onPath: Set<unknown>, depth: number): void {
    const all = expand(root, candidates, true);
    if (depth >= MAX_FIELD_DEPTH || all.some((c) => onPath.has(c.node))) return;
    const path = new Set([...onPath, ...all.map((c) => c.node)]);

    const children = new Map<string, { candidates: Candidate[]; required: boolean; ui: unknown }>();
    const childAt = (segment: string, uiNode: unknown) => {
      let entry = children.get(segment);
      if (!entry) children.set(segment, (entry = { candidates: [], required: false, ui: uiNode }));
      return entry;
    };
    for (const candidate of all) {
      const node = candidate.node;
      if (!isPlainObject(node)) continue;
      if (isPlainObject(node.properties)) {
        for (const [name, sub] of Object.entries(node.properties)) {
          const entry = childAt(name, isPlainObject(ui) ? ui[name] : undefined);
          entry.candidates.push({ node: sub as SchemaNode, pointer: joinPointer(candidate.pointer, 'properties', name), conditional: candidate.conditional });
        }
      }
      const uiItems = isPlainObject(ui) ? ui.items : undefined;
      if (Array.isArray(node.prefixItems)) {
        node.prefixItems.forEach((sub, i) => {
          const entry = childAt(String(i), Array.isArray(uiItems) ? uiItems[i] : uiItems);
          entry.candidates.push({ node: sub as SchemaNode, pointer: joinPointer(candidate.pointer, 'prefixItems', i), conditional: candidate.conditional });
        });
      }
      if (node.items !== undefined && node.items !== false) {
        const entry = childAt('-', Array.isArray(uiItems) ? undefined : uiItems);
        entry.candidates.push({ node: node.items as SchemaNode, pointer: joinPointer(candidate.pointer, 'items'), conditional: candidate.conditional });
      }
    }
    // Only an unconditional `required` makes a field required; it may name a property that
    // another candidate (an allOf branch, a $ref) declares, so it is read once all are known.
    for (const candidate of all) {
      if (!isPlainObject(candidate.node) || candidate.conditional || !Array.isArray(candidate.node.required)) continue;
      for (const name of candidate.node.required) {
        const entry = typeof name === 'string' ? children.get(name) : undefined;
        if (entry) entry.required = true;
      }
    }
    for (const [segment, child] of children) {
      const pointer = joinPointer(dataPointer, segment);
      // What always applies speaks first; a declaration under a condition fills in the rest.
      const expanded = expand(root, child.candidates, false);
      const own = [...expanded.filter((c) => !c.conditional), ...expanded.filter((c) => c.conditional)];
      fields.set(pointer, { pointer, schemaPointer: child.candidates[0]!.pointer, attributes: describe(own, child.required, child.ui) });
      visit(child.candidates, pointer, child.ui, path, depth + 1);
    }
  }

  /** The attributes of a field from its declarations (and what they apply in place): the first that says wins. */
  function describe(own: Candidate[], required: boolean, ui: unknown): Map<string, unknown> {
    const attributes = new Map<string, unknown>();
    const first = (keyword: string): { value: unknown; pointer: string } | undefined => {
      for (const c of own) {
        if (isPlainObject(c.node) && c.node[keyword] !== undefined) return { value: c.node[keyword], pointer: c.pointer };
      }
      return undefined;
    };
    const title = first('title');
    const en = title ? titlesEn[title.pointer] : undefined;
    if (title !== undefined || en !== undefined) {
      const text: FieldTitle = {};
      if (typeof title?.value === 'string') text['zh-CN'] = title.value;
      if (en !== undefined) text.en = en;
      attributes.set('title', text);
    }
    const ref = first('$ref')?.value;
    if (typeof ref === 'string' && ref.startsWith(CODELIST_SCHEME)) attributes.set('codelist', ref.slice(CODELIST_SCHEME.length));
    attributes.set('required', required);
    const options = optionsOf(own);
    if (options !== undefined) attributes.set('options', options);
    for (const keyword of FIELD_ATTRIBUTES) {
      if (keyword === 'title' || keyword === 'codelist' || keyword === 'required' || keyword === 'options') continue;
      const found = first(keyword);
      if (found !== undefined) attributes.set(keyword, found.value);
    }
    if (isPlainObject(ui)) {
      for (const [key, value] of Object.entries(ui)) if (key.startsWith('ui:')) attributes.set(key, value);
    }
    return attributes;
  }
}

/** The values a field allows, with their titles: enum, const, or a oneOf / anyOf of consts. */
function optionsOf(own: Candidate[]): { value: unknown; title?: string }[] | undefined {
  for (const { node } of own) {
    if (!isPlainObject(node)) continue;
    if (Array.isArray(node.enum)) return node.enum.map((value) => ({ value }));
    if (node.const !== undefined) return [{ value: node.const }];
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const list = node[keyword];
      if (Array.isArray(list) && list.length > 0 && list.every((o) => isPlainObject(o) && o.const !== undefined)) {
        return (list as Record<string, unknown>[]).map((o) => (typeof o.title === 'string' ? { value: o.const, title: o.title } : { value: o.const }));
      }
    }
  }
  return undefined;
}

/**
 * Candidates and what they apply in place, breadth first: local `$ref`s and allOf keep a
 * candidate's standing; anyOf, oneOf, then, else and dependentSchemas (in that order) make it
 * conditional and are followed only `withConditional`. Code list references are not followed
 * (their schemas are not here).
 */
function expand(root: unknown, start: Candidate[], withConditional: boolean): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<unknown>();
  const queue = [...start];
  while (queue.length > 0) {
    const candidate = queue.shift()!;
    if (seen.has(candidate.node)) continue;
    seen.add(candidate.node);
    out.push(candidate);
    const { node, pointer, conditional } = candidate;
    if (!isPlainObject(node)) continue;
    if (typeof node.$ref === 'string' && (node.$ref === '#' || node.$ref.startsWith('#/'))) {
      let target: string | undefined;
      try {
        target = decodeURIComponent(node.$ref.slice(1));
      } catch {
        target = undefined;
      }
      const resolved = target === undefined ? undefined : target === '' ? root : getAt(root, target);
      if (isPlainObject(resolved) || typeof resolved === 'boolean') queue.push({ node: resolved, pointer: target!, conditional });
    }
    if (Array.isArray(node.allOf)) node.allOf.forEach((sub, i) => queue.push({ node: sub as SchemaNode, pointer: joinPointer(pointer, 'allOf', i), conditional }));
    if (!withConditional) continue;
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      const list = node[keyword];
      if (Array.isArray(list)) list.forEach((sub, i) => queue.push({ node: sub as SchemaNode, pointer: joinPointer(pointer, keyword, i), conditional: true }));
    }
    for (const keyword of ['then', 'else'] as const) {
      if (node[keyword] !== undefined) queue.push({ node: node[keyword] as SchemaNode, pointer: joinPointer(pointer, keyword), conditional: true });
    }
    if (isPlainObject(node.dependentSchemas)) {
      for (const [name, sub] of Object.entries(node.dependentSchemas)) {
        queue.push({ node: sub as SchemaNode, pointer: joinPointer(pointer, 'dependentSchemas', name), conditional: true });
      }
    }
  }
  return out;
}

// --- Rules --------------------------------------------------------------------------------------

function diffRules(before: readonly Rule[], after: readonly Rule[]): AddedRemovedChanged<RuleChange> {
  const describe = (rule: Rule) =>
    new Map<string, unknown>([
      ['description', rule.description],
      ['priority', priorityOf(rule)],
      ['conditions', rule.conditions],
      ['event', rule.event],
    ]);
  const summary = (rule: Rule): RuleChange => (rule.description ? { name: rule.name, description: rule.description } : { name: rule.name });
  return diffNamed(
    before.map((r) => [r.name, r] as const),
    after.map((r) => [r.name, r] as const),
    summary,
    (a, b) => diffAttributes(describe(a), describe(b), ['conditions', 'event', 'priority', 'description']),
  );
}

// --- Workflow -----------------------------------------------------------------------------------

const RECORD_DEFAULT_WORKFLOW = moduleSchema.properties.workflow.default as unknown as Workflow;

/** The workflow a definition runs: its own, or the default the compiler gives its kind. */
function effectiveWorkflow(definition: ModuleDefinition): Workflow | undefined {
  if (definition.workflow) return definition.workflow;
  if (definition.kind === 'report') return DEFAULT_REPORT_WORKFLOW;
  if (definition.kind === 'record') return RECORD_DEFAULT_WORKFLOW;
  return undefined;
}

function diffWorkflow(before: Workflow | undefined, after: Workflow | undefined): DefinitionDiff['workflow'] {
  const changes = diffAttributes(new Map([['initial', before?.initial]]), new Map([['initial', after?.initial]]), ['initial']);
  const states = (workflow: Workflow | undefined) =>
    Object.entries(workflow?.states ?? {}).flatMap(([name, state]) => (state ? [[name, { name, state, initial: workflow!.initial }] as const] : []));
  type StateEntry = ReturnType<typeof states>[number][1];
  const describeState = ({ name, state, initial }: StateEntry) =>
    new Map<string, unknown>([
      ['title', state.title],
      ['draft', state.draft ?? name === initial],
      ['final', state.final ?? false],
      ['deadline', state.deadline],
    ]);
  const stateDiff = diffNamed(
    states(before),
    states(after),
    ({ name, state }): StateChange => ({ name, title: state.title }),
    (a, b) => diffAttributes(describeState(a), describeState(b), ['title', 'draft', 'final', 'deadline']),
  );

  const transitions = (workflow: Workflow | undefined) =>
    (workflow?.transitions ?? []).flatMap((t) => (Array.isArray(t.from) ? t.from : [t.from]).map((from) => [`${from}\u0000${t.action}`, { from, t }] as const));
  type TransitionEntry = ReturnType<typeof transitions>[number][1];
  const describeTransition = ({ t }: TransitionEntry) =>
    new Map<string, unknown>([
      ['title', t.title],
      ['to', t.to],
      ['roles', asSet(t.roles)],
      ['requires', asSet(t.requires)],
      ['condition', t.condition],
      ['comment', t.comment],
      ['handoff', t.handoff],
    ]);
  const transitionDiff = diffNamed(
    transitions(before),
    transitions(after),
    ({ from, t }: TransitionEntry): TransitionChange => ({ from, action: t.action, title: t.title, to: t.to }),
    (a, b) => asWritten(diffAttributes(describeTransition(a), describeTransition(b), TRANSITION_ATTRIBUTES), a.t, b.t),
  );
  return { changes, states: stateDiff, transitions: transitionDiff };
}

const TRANSITION_ATTRIBUTES = ['title', 'to', 'roles', 'requires', 'condition', 'comment', 'handoff'];

/** Lists compared as sets are reported as they were written. */
function asWritten(changes: AttributeChange[], before: Transition, after: Transition): AttributeChange[] {
  return changes.map((change) => {
    if (change.attribute !== 'roles' && change.attribute !== 'requires') return change;
    return withValues(change.attribute, before[change.attribute], after[change.attribute]);
  });
}

// --- Report -------------------------------------------------------------------------------------

function diffReport(before: ModuleDefinition | null, after: ModuleDefinition): DefinitionDiff['report'] {
  const old = before?.report;
  const now = after.report;
  const settings = (spec: ModuleDefinition['report']) =>
    new Map<string, unknown>([
      ['period', spec?.period],
      ['levels', asSet(spec?.levels)],
      ['deadline', spec?.deadline],
      ['approved', asSet(spec?.approved)],
    ]);
  const settingChanges = diffAttributes(settings(old), settings(now), ['period', 'levels', 'deadline', 'approved']).map((change) =>
    change.attribute === 'levels' || change.attribute === 'approved' ? withValues(change.attribute, old?.[change.attribute], now?.[change.attribute]) : change,
  );
  const fields = (spec: ModuleDefinition['report']) => Object.entries(spec?.fields ?? {}).flatMap(([pointer, field]) => (field ? [[pointer, { pointer, field }] as const] : []));
  const describe = ({ field }: { field: ReportField }) => new Map<string, unknown>([['aggregate', field.aggregate], ['prefill', field.prefill]]);
  return {
    settings: settingChanges,
    fields: diffNamed<{ pointer: string; field: ReportField }, ReportFieldChange>(
      fields(old),
      fields(now),
      ({ pointer, field }) => ({ pointer, setting: field }),
      (a, b) => diffAttributes(describe(a), describe(b), ['aggregate', 'prefill']),
      ({ pointer }) => ({ pointer }),
    ),
  };
}

// --- Everything else ----------------------------------------------------------------------------

/** Keys with a section of their own (or assigned at publish: version). */
const SECTIONED = new Set(['schema', 'i18n', 'rules', 'workflow', 'report', 'version']);
const NAMED_LISTS = ['exports', 'links', 'documents'] as const;
const META_ORDER = Object.keys(moduleSchema.properties);

function diffOther(before: ModuleDefinition | null, after: ModuleDefinition): AttributeChange[] {
  const old = (before ?? {}) as Record<string, unknown>;
  const now = after as unknown as Record<string, unknown>;
  const extra = [...new Set([...Object.keys(old), ...Object.keys(now)])].filter((k) => !META_ORDER.includes(k)).sort();
  const changes: AttributeChange[] = [];
  for (const key of [...META_ORDER, ...extra]) {
    if (SECTIONED.has(key)) continue;
    if (key === 'ui') {
      const uiKeys = (ui: unknown) => (isPlainObject(ui) ? Object.keys(ui).filter((k) => k.startsWith('ui:')) : []);
      const names = [...new Set([...uiKeys(old.ui), ...uiKeys(now.ui)])].sort();
      const pick = (ui: unknown) => new Map(names.map((n) => [n, isPlainObject(ui) ? ui[n] : undefined]));
      changes.push(...diffAttributes(pick(old.ui), pick(now.ui), names));
    } else if (key === 'facts') {
      changes.push(...diffMap('facts', old.facts, now.facts));
    } else if ((NAMED_LISTS as readonly string[]).includes(key)) {
      const byName = (list: unknown) => Object.fromEntries((Array.isArray(list) ? list : []).map((e: { name: string }) => [e.name, e]));
      changes.push(...diffMap(key, byName(old[key]), byName(now[key])));
    } else if (key === 'tests') {
      const count = (tests: unknown) => (Array.isArray(tests) ? tests.length : 0);
      if (!same(old.tests ?? [], now.tests ?? [])) changes.push(withValues('tests', before ? count(old.tests) : undefined, count(now.tests)));
    } else {
      changes.push(...diffAttributes(new Map([[key, old[key]]]), new Map([[key, now[key]]]), [key]));
    }
  }
  return changes;
}

/** Entries of two maps as `<prefix>/<name>` changes: the order of `after`, then removed names. */
function diffMap(prefix: string, before: unknown, after: unknown): AttributeChange[] {
  const a = isPlainObject(before) ? before : {};
  const b = isPlainObject(after) ? after : {};
  const names = [...Object.keys(b), ...Object.keys(a).filter((n) => !(n in b))];
  return diffAttributes(new Map(Object.entries(a)), new Map(Object.entries(b)), names).map((c) => ({ ...c, attribute: `${prefix}/${c.attribute}` }));
}

function diffCodes(before: ModuleDefinition | null, after: ModuleDefinition): DefinitionDiff['other']['codes'] {
  const codes = (definition: ModuleDefinition | null) =>
    definition?.kind === 'codelist' ? (optionsOf([{ node: definition.schema, pointer: '', conditional: false }]) ?? []) : [];
  const old = new Map(codes(before).map((c) => [canonicalJson(c.value), c]));
  const now = new Map(codes(after).map((c) => [canonicalJson(c.value), c]));
  const result: DefinitionDiff['other']['codes'] = { added: [], removed: [], retitled: [] };
  for (const [id, code] of now) {
    const previous = old.get(id);
    if (!previous) result.added.push(code);
    else if (previous.title !== code.title) result.retitled.push(withTitles(code.value, previous.title, code.title));
  }
  for (const [id, code] of old) if (!now.has(id)) result.removed.push(code);
  return result;
}

function withTitles(value: unknown, before: string | undefined, after: string | undefined): CodeChange {
  const out: CodeChange = { value };
  if (before !== undefined) out.before = before;
  if (after !== undefined) out.after = after;
  return out;
}

// --- Helpers ------------------------------------------------------------------------------------

/**
 * Added / removed / changed entries of two keyed lists: added and changed in the order of
 * `after`, removed in the order of `before`; the first of a repeated key counts.
 */
function diffNamed<E, S extends { changes?: AttributeChange[] }>(
  before: readonly (readonly [string, E])[],
  after: readonly (readonly [string, E])[],
  summary: (entry: E) => S,
  compare: (a: E, b: E) => AttributeChange[],
  changedSummary: (entry: E) => S = summary,
): AddedRemovedChanged<S> {
  const old = firstByKey(before);
  const now = firstByKey(after);
  const result: AddedRemovedChanged<S> = { added: [], removed: [], changed: [] };
  for (const [key, entry] of now) {
    const previous = old.get(key);
    if (previous === undefined) {
      result.added.push(summary(entry));
      continue;
    }
    const changes = compare(previous, entry);
    if (changes.length > 0) result.changed.push({ ...changedSummary(entry), changes });
  }
  for (const [key, entry] of old) if (!now.has(key)) result.removed.push(summary(entry));
  return result;
}

function firstByKey<E>(entries: readonly (readonly [string, E])[]): Map<string, E> {
  const map = new Map<string, E>();
  for (const [key, entry] of entries) if (!map.has(key)) map.set(key, entry);
  return map;
}

/** The attributes that differ, in the given order. */
function diffAttributes(before: Map<string, unknown>, after: Map<string, unknown>, order: readonly string[]): AttributeChange[] {
  const changes: AttributeChange[] = [];
  for (const attribute of order) {
    const a = before.get(attribute);
    const b = after.get(attribute);
    if (!same(a, b)) changes.push(withValues(attribute, a, b));
  }
  return changes;
}

function withValues(attribute: string, before: unknown, after: unknown): AttributeChange {
  const change: AttributeChange = { attribute };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  return change;
}

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** A list whose order means nothing, in a canonical order (undefined stays undefined). */
function asSet(list: readonly unknown[] | undefined): unknown[] | undefined {
  return list === undefined ? undefined : [...new Set(list.map((v) => canonicalJson(v)))].sort();
}
