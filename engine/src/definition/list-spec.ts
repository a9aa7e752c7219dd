/**
 * A module's `list` block: how its records are named (the title of inbox rows, list rows and
 * search) and listed (columns, default order), checked against the record schema and with
 * defaults filled in; and how a record's title and cells read, as pure functions of its data.
 */
import { problem, type Problem } from '../errors/problem.js';
import { escapeSegment, getAt } from '../pointer/json-pointer.js';
import { periodName } from '../report/period.js';
import type { ListColumn, ModuleDefinition } from './generated/module-definition.js';

/** What a title part may name besides a data field. */
export const TITLE_TOKENS = ['@module', '@period', '@unit'] as const;
/** What a list may be ordered by besides a declared column. */
export const SORT_BUILTINS = ['createdAt', 'updatedAt', 'deadlineAt', 'period'] as const;
/** Joins the parts of a title. */
export const TITLE_SEPARATOR = ' · ';

/** A list column with its defaults. */
export type ListColumnSettings = Readonly<Omit<ListColumn, 'unit' | 'sum'> & { unit: boolean; sum: boolean }>;

/** A module's list settings, defaults filled in. */
export interface ListSettings {
  /** Title parts: data pointers and @module, @period, @unit. */
  readonly title: readonly string[];
  /** The data pointers of the title: what text search (q) matches, with the period and unit name when the title holds them. */
  readonly titleFields: readonly string[];
  /**
   * The title fields a record's search text is made of: those no access rule hides from anyone
   * (the stored text is the same for every searcher, so a hidden word must not be in it).
   */
  readonly searchFields?: readonly string[];
  /** Declared columns (none: the list shows the first fields of the form). */
  readonly columns: readonly ListColumnSettings[];
  /** The declared default order; undefined: newest first. */
  readonly sort: { readonly by: string; readonly order: 'asc' | 'desc' } | undefined;
}

/** What the list check asks of the record schema. */
export interface ListEnv {
  fieldExists(pointer: string): boolean;
  isNumericField(pointer: string): boolean;
  fieldOptions(pointer: string): readonly unknown[];
  fieldType(pointer: string): { type: string; format?: string } | undefined;
}

const isPointer = (part: string) => part.startsWith('/');

/** The list settings of a compiled definition; a record module without a title is named by its first plain text field. */
export function listSettings(definition: Pick<ModuleDefinition, 'kind' | 'list' | 'schema' | 'ui'>, env: ListEnv): ListSettings {
  const spec = definition.list ?? {};
  const title = spec.title ?? defaultTitle(definition, env);
  return {
    title,
    titleFields: title.filter(isPointer),
    columns: (spec.columns ?? []).map((c) => ({ ...c, unit: c.unit ?? false, sum: c.sum ?? false })),
    sort: spec.sort ? { by: spec.sort.by, order: spec.sort.order ?? 'desc' } : undefined,
  };
}

/** Reports: the template, period and unit; records: the first top-level text field that is not a code or a date. */
function defaultTitle(definition: Pick<ModuleDefinition, 'kind' | 'schema' | 'ui'>, env: ListEnv): string[] {
  if (definition.kind === 'report') return ['@module', '@period', '@unit'];
  const properties = Object.keys(((definition.schema as { properties?: object }).properties ?? {}) as object);
  const order = ((definition.ui as Record<string, unknown> | undefined)?.['ui:order'] ?? []) as unknown[];
  const ordered = [...order.filter((n): n is string => typeof n === 'string' && properties.includes(n)), ...properties];
  const first = ordered.find((name) => {
    const pointer = `/${escapeSegment(name)}`;
    const type = env.fieldType(pointer);
    return type?.type === 'string' && type.format === undefined && env.fieldOptions(pointer).length === 0;
  });
  return first === undefined ? ['@module'] : [`/${escapeSegment(first)}`];
}

/** Every path of `list` names a field; sums are numeric; the order is a column or a built-in; @period only in reports. */
export function checkList(definition: Pick<ModuleDefinition, 'kind' | 'list'>, env: ListEnv): Problem[] {
  const spec = definition.list;
  if (!spec) return [];
  const problems: Problem[] = [];
  (spec.title ?? []).forEach((part, i) => {
    if (isPointer(part) && !env.fieldExists(part)) problems.push(problem(`/list/title/${i}`, 'FW_DEF_UNKNOWN_FIELD', { pointer: part }));
    if (part === '@period' && definition.kind !== 'report') problems.push(problem(`/list/title/${i}`, 'FW_DEF_LIST_PERIOD'));
  });
  const seen = new Set<string>();
  (spec.columns ?? []).forEach((column, i) => {
    const at = `/list/columns/${i}`;
    if (!env.fieldExists(column.path)) problems.push(problem(`${at}/path`, 'FW_DEF_UNKNOWN_FIELD', { pointer: column.path }));
    else if (column.sum && !env.isNumericField(column.path)) problems.push(problem(`${at}/sum`, 'FW_DEF_NOT_A_NUMBER', { pointer: column.path }));
    if (seen.has(column.path)) problems.push(problem(`${at}/path`, 'FW_DEF_DUPLICATE', { name: column.path }));
    seen.add(column.path);
    if (column.module !== undefined && column.unit) problems.push(problem(`${at}/unit`, 'FW_DEF_LIST_COLUMN_REF', { pointer: column.path }));
  });
  const by = spec.sort?.by;
  if (by !== undefined) {
    if (isPointer(by) ? !seen.has(by) : by === 'period' && definition.kind !== 'report') {
      problems.push(problem('/list/sort/by', 'FW_DEF_LIST_SORT', { by, allowed: [...seen, ...SORT_BUILTINS.filter((b) => b !== 'period' || definition.kind === 'report')].join('、') }));
    }
  }
  return problems;
}

/** How a code reads (its title), for one field. */
export type CodeTitler = (pointer: string, value: unknown) => string | undefined;

/** What a title names besides the data. */
export interface TitleContext {
  moduleTitle: string;
  period?: string | null;
  unitName?: string;
  locale?: 'zh-CN' | 'en';
}

/** A record's title: its parts as people read them, the empty ones left out. */
export function recordTitle(settings: ListSettings, data: unknown, codeTitle: CodeTitler, context: TitleContext, fieldType?: ListEnv['fieldType']): string {
  const parts = settings.title.map((part) => {
    if (part === '@module') return context.moduleTitle;
    if (part === '@period') return context.period ? periodName(context.period, context.locale) : '';
    if (part === '@unit') return context.unitName ?? '';
    return cellText(getAt(data, part), codeTitle(part, getAt(data, part)), fieldType?.(part)?.format);
  });
  return parts.filter((p) => p !== '').join(TITLE_SEPARATOR);
}

/** The text search (q) matches for a record's data: each title field's value, and a code's title beside its code. */
export function searchText(settings: ListSettings, data: unknown, codeTitle: CodeTitler): string {
  const words: string[] = [];
  for (const pointer of settings.searchFields ?? settings.titleFields) {
    const value = getAt(data, pointer);
    if (typeof value === 'string' || typeof value === 'number') words.push(String(value));
    const title = value === undefined ? undefined : codeTitle(pointer, value);
    if (title) words.push(title);
  }
  return words.join(' ');
}

/**
 * One value as a cell or title part shows it: a code's title, a date as it is, an instant in
 * China time to the minute (YYYY-MM-DD HH:mm), yes/no, a list as its length; nothing raw.
 */
export function cellText(value: unknown, title?: string, format?: string): string {
  if (value === undefined || value === null || value === '') return '';
  if (title) return title;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return `${value.length} 项`;
  if (typeof value === 'object') return '';
  if (format === 'date-time' && typeof value === 'string') return chinaMinute(value);
  return String(value);
}

/** An instant as China time to the minute; text that is no instant comes back as it is. */
export function chinaMinute(iso: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  return new Date(at + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
