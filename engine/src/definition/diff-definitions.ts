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
import { priorityOf } from '../rules/rule-set.js';
import { isPlainObject } from '../validation/walk-schema.js';
import { DEFAULT_REPORT_WORKFLOW } from './compile-module.js';
import { diffFields, optionsOf } from './diff-fields.js';
export { FIELD_ATTRIBUTES } from './diff-fields.js';
import { canonicalJson } from './fingerprint.js';
import { asSet, diffAttributes, diffNamed, same, withValues } from './diff-helpers.js';
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
    /** `period`, `levels`, `deadline`, `submitBeforeEnd`, `approved`. */
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
    /**
     * Code lists: codes added, removed and retitled; deprecated (retired: still valid for the
     * records that hold them, no longer offered) and reinstated (offered again).
     */
    codes: { added: CodeChange[]; removed: CodeChange[]; retitled: CodeChange[]; deprecated: CodeChange[]; reinstated: CodeChange[] };
  };
}


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
      ['submitBeforeEnd', spec ? (spec.submitBeforeEnd ?? false) : undefined],
      ['approved', asSet(spec?.approved)],
    ]);
  const settingChanges = diffAttributes(settings(old), settings(now), ['period', 'levels', 'deadline', 'submitBeforeEnd', 'approved']).map((change) =>
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
  const codes = (definition: ModuleDefinition | null) => {
    if (definition?.kind !== 'codelist') return [];
    const retired = retiredCodes(definition.schema);
    return (optionsOf([{ node: definition.schema, pointer: '', conditional: false }]) ?? []).map((c) => ({ ...c, retired: retired.has(canonicalJson(c.value)) }));
  };
  const old = new Map(codes(before).map((c) => [canonicalJson(c.value), c]));
  const now = new Map(codes(after).map((c) => [canonicalJson(c.value), c]));
  const result: DefinitionDiff['other']['codes'] = { added: [], removed: [], retitled: [], deprecated: [], reinstated: [] };
  const plain = ({ retired: _r, ...code }: { value: unknown; title?: string; retired: boolean }): CodeChange => code;
  for (const [id, code] of now) {
    const previous = old.get(id);
    if (!previous) {
      result.added.push(plain(code));
      continue;
    }
    if (previous.title !== code.title) result.retitled.push(withTitles(code.value, previous.title, code.title));
    if (!previous.retired && code.retired) result.deprecated.push(plain(code));
    if (previous.retired && !code.retired) result.reinstated.push(plain(code));
  }
  for (const [id, code] of old) if (!now.has(id)) result.removed.push(plain(code));
  return result;
}

/** The codes of a code list marked `"deprecated": true` (by canonical JSON of their value). */
function retiredCodes(schema: unknown): Set<string> {
  const list = isPlainObject(schema) ? (schema.oneOf ?? schema.anyOf) : undefined;
  if (!Array.isArray(list)) return new Set();
  return new Set(list.filter((o) => isPlainObject(o) && o.deprecated === true && o.const !== undefined).map((o) => canonicalJson((o as Record<string, unknown>).const)));
}

function withTitles(value: unknown, before: string | undefined, after: string | undefined): CodeChange {
  const out: CodeChange = { value };
  if (before !== undefined) out.before = before;
  if (after !== undefined) out.after = after;
  return out;
}
