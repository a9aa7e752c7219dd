/**
 * What a rule's condition can be about, as the rule builder offers it: the record's fields by
 * their labels (nested sections included; a repeating table as a whole), the context (state by
 * its title, unit level, the user's roles, days in state, overdue, today, period) and the named
 * facts the definition declares — each with its type, which decides the operators offered, and
 * its allowed values (options and code lists by their titles, states, levels, roles).
 *
 * A subject's id says where its value comes from: `data:/receivedOn`, `context:/daysInState`,
 * `fact:openForCadre` (or `fact:previous/cases/filed` for a path into a named fact).
 */
import { DEFAULT_REPORT_WORKFLOW, fieldOptions, META_SCHEMAS, MODULE_SCHEMA_ID } from '../../../runtime/web/kit/engine';
import { ROLE_NAMES, type Locale } from '../../../runtime/web/kit/i18n';
import { allFields, fullTitle } from './fields';
import { englishOf, isObj, type Draft } from './paths';

/** How a subject's values compare, which decides its operators and value editor. */
export type SubjectType = 'number' | 'date' | 'text' | 'code' | 'codes' | 'boolean' | 'rows' | 'object' | 'roles' | 'level' | 'any';

/** One allowed value, by its title. */
export interface SubjectOption {
  value: string | number | boolean;
  label: string;
}

/** Something a condition can test. */
export interface Subject {
  id: string;
  label: string;
  group: 'field' | 'context' | 'fact';
  type: SubjectType;
  options?: SubjectOption[];
}

/** Unit levels (1 = HQ), the organisation's four. */
export const LEVEL_NAMES: Readonly<Record<number, readonly [string, string]>> = {
  1: ['总部', 'HQ'],
  2: ['省级', 'Province'],
  3: ['市级', 'City'],
  4: ['县级', 'County'],
};

const pick = (locale: Locale, pair: readonly [string, string]) => (locale === 'en' ? pair[1] : pair[0]);
const text = (locale: Locale, value: unknown): string | undefined => {
  if (!isObj(value)) return undefined;
  const zh = typeof value['zh-CN'] === 'string' ? value['zh-CN'] : undefined;
  const en = typeof value.en === 'string' ? value.en : undefined;
  return locale === 'en' ? (en ?? zh) : zh;
};

/** The workflow a definition runs: its own, or the one its kind gets by default. */
export function workflowOf(draft: Draft): Record<string, unknown> {
  if (isObj(draft.workflow)) return draft.workflow;
  if (draft.kind === 'report') return DEFAULT_REPORT_WORKFLOW as unknown as Record<string, unknown>;
  const meta = META_SCHEMAS.find((m) => m.$id === MODULE_SCHEMA_ID) as { properties?: { workflow?: { default?: unknown } } } | undefined;
  const fallback = meta?.properties?.workflow?.default;
  return isObj(fallback) ? fallback : {};
}

/** The workflow's states as options, by their titles. */
export function stateOptions(draft: Draft, locale: Locale): SubjectOption[] {
  const workflow = workflowOf(draft);
  const states = isObj(workflow.states) ? workflow.states : {};
  return Object.entries(states).map(([key, state]) => ({ value: key, label: (isObj(state) ? text(locale, state.title) : undefined) ?? key }));
}

/** The unit levels as options. */
export const levelOptions = (locale: Locale): SubjectOption[] => Object.entries(LEVEL_NAMES).map(([n, pair]) => ({ value: Number(n), label: pick(locale, pair) }));

/** The roles as options. */
export const roleOptions = (locale: Locale): SubjectOption[] => Object.entries(ROLE_NAMES).map(([role, pair]) => ({ value: role, label: pick(locale, pair) }));

const CONTEXT: readonly { path: string; label: readonly [string, string]; type: SubjectType }[] = [
  { path: '/state', label: ['当前状态', 'State'], type: 'code' },
  { path: '/unit/level', label: ['办理单位层级', 'Unit level'], type: 'level' },
  { path: '/user/roles', label: ['当前用户的角色', "User's roles"], type: 'roles' },
  { path: '/daysInState', label: ['在当前状态的天数', 'Days in state'], type: 'number' },
  { path: '/overdue', label: ['已逾期', 'Overdue'], type: 'boolean' },
  { path: '/today', label: ['今天', 'Today'], type: 'date' },
  { path: '/period', label: ['报告期', 'Period'], type: 'text' },
];

/** The context subjects (what the runtime knows when a rule runs). */
export function contextSubjects(draft: Draft, locale: Locale): Subject[] {
  return CONTEXT.map((c) => ({
    id: `context:${c.path}`,
    label: pick(locale, c.label),
    group: 'context' as const,
    type: c.type,
    ...(c.path === '/state' ? { options: stateOptions(draft, locale) } : c.path === '/unit/level' ? { options: levelOptions(locale) } : c.path === '/user/roles' ? { options: roleOptions(locale) } : {}),
  }));
}

/** A field's full title (sections and tables it lies in) in a language; English falls back to Chinese. */
export function fieldTitleIn(draft: Draft, schemaPointer: string, locale: Locale): string {
  if (locale !== 'en') return fullTitle(draft, schemaPointer);
  const en = englishOf(draft);
  const chinese = fullTitle(draft, schemaPointer).split(' › ');
  const steps = [...schemaPointer.matchAll(/\/properties\/[^/]+/g)].map((m) => schemaPointer.slice(0, m.index + m[0].length));
  return chinese.map((title, i) => (steps[i] !== undefined ? (en[steps[i]!] ?? title) : title)).join(' › ');
}

/** The type of a record field, from its builder kind and schema. */
function fieldType(kind: string, schema: Record<string, unknown>): SubjectType {
  switch (kind) {
    case 'number':
    case 'integer':
      return 'number';
    case 'date':
    case 'datetime':
      return 'date';
    case 'single':
    case 'codelist':
      return 'code';
    case 'multiple':
      return 'codes';
    case 'boolean':
      return 'boolean';
    case 'group':
    case 'table':
      return 'rows';
    case 'section':
      return 'object';
    case 'advanced':
      return schema.type === 'number' || schema.type === 'integer' ? 'number' : schema.type === 'array' ? 'rows' : schema.type === 'object' ? 'object' : 'any';
    default:
      return 'text';
  }
}

/** The options of a field (its own list or its code list), by title; retired codes left out. */
function optionsOf(draft: Draft, data: string, codelists: Record<string, unknown>, multiple: boolean): SubjectOption[] {
  const at = multiple ? `${data}/0` : data;
  return fieldOptions(draft.schema, at, codelists)
    .filter((o) => !o.deprecated)
    .map((o) => ({ value: o.code, label: o.title ?? String(o.code) }));
}

/**
 * The record's fields a condition can test: every field not inside a repeating group or table
 * (a row's cells are reached through expressions: counts and column sums).
 */
export function fieldSubjects(draft: Draft, codelists: Record<string, unknown> = {}, locale: Locale = 'zh-CN'): Subject[] {
  return allFields(draft)
    .filter((f) => !f.data.includes('/-'))
    .map((f) => {
      const type = fieldType(f.kind, f.schema);
      const options = type === 'code' || type === 'codes' ? optionsOf(draft, f.data, codelists, type === 'codes') : undefined;
      return { id: `data:${f.data}`, label: fieldTitleIn(draft, f.pointer, locale), group: 'field' as const, type, ...(options ? { options } : {}) };
    });
}

const FACT_TYPES: Record<string, SubjectType> = { recordCount: 'number', recordSum: 'number', recordLookup: 'any', previousPeriod: 'object' };
const FACT_NAMES: Record<string, readonly [string, string]> = {
  recordCount: ['记录数', 'Record count'],
  recordSum: ['记录合计', 'Record sum'],
  recordLookup: ['查找的记录', 'Looked-up record'],
  previousPeriod: ['上期报表', 'Previous period'],
};

/** The named facts the definition declares, by their descriptions; a previous period's number fields too. */
export function factSubjects(draft: Draft, locale: Locale): Subject[] {
  const facts = isObj(draft.facts) ? draft.facts : {};
  const out: Subject[] = [];
  for (const [name, declaration] of Object.entries(facts)) {
    if (!isObj(declaration)) continue;
    const provider = String(declaration.provider);
    const label = text(locale, declaration.description) ?? `${pick(locale, FACT_NAMES[provider] ?? ['数据', 'Fact'])}（${name}）`;
    out.push({ id: `fact:${name}`, label, group: 'fact', type: FACT_TYPES[provider] ?? 'any' });
    if (provider === 'previousPeriod') {
      for (const field of fieldSubjects(draft, {}, locale)) {
        if (field.type === 'number') out.push({ id: `fact:${name}${field.id.slice(5)}`, label: `${label} › ${field.label}`, group: 'fact', type: 'number' });
      }
    }
  }
  return out;
}

/** Every subject of a definition, fields first. */
export function allSubjects(draft: Draft, locale: Locale, codelists: Record<string, unknown> = {}): Subject[] {
  return [...fieldSubjects(draft, codelists, locale), ...contextSubjects(draft, locale), ...factSubjects(draft, locale)];
}

/** A subject's id parsed: the fact and the path into it. */
export function parseSubjectId(id: string): { fact: string; path?: string } {
  if (id.startsWith('data:')) return { fact: 'data', path: id.slice(5) };
  if (id.startsWith('context:')) return { fact: 'context', path: id.slice(8) };
  const rest = id.startsWith('fact:') ? id.slice(5) : id;
  const slash = rest.indexOf('/');
  return slash < 0 ? { fact: rest } : { fact: rest.slice(0, slash), path: rest.slice(slash) };
}

/** The id of a fact and an optional path into it. */
export function subjectId(fact: string, path: string | undefined): string {
  if (fact === 'data' || fact === 'context') return `${fact}:${path ?? ''}`;
  return `fact:${fact}${path ?? ''}`;
}
