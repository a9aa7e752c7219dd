/**
 * A report template's settings as the report tab edits them with pickers: the period type, the
 * unit levels that fill it, the deadline (an ISO 8601 duration after the period ends, offered as
 * days or months), whether it may be submitted before the period ends, the approved states, and per figure (a number field outside repeating tables,
 * by its data pointer) how it rolls up and how it is pre-filled from another module's records.
 * Settings equal to their default are left out, so a template stays as short as it was written.
 */
import { periodContaining, previousPeriod, type Period } from '../../../runtime/web/kit/engine';
import { allFields, fullTitle } from './fields';
import { codelistOf } from './field-kinds';
import { readOptions, optionsPointer } from './options';
import { copy, isObj, type Draft, type Obj } from './paths';

export type PeriodType = 'month' | 'quarter' | 'half' | 'year';
export type Aggregate = 'sum' | 'avg' | 'min' | 'max' | 'count' | 'none';
export type ConditionOperator = 'equal' | 'notEqual' | 'in' | 'notIn';

export const PERIOD_TYPES: readonly PeriodType[] = ['month', 'quarter', 'half', 'year'];
export const AGGREGATES: readonly Aggregate[] = ['sum', 'avg', 'min', 'max', 'count', 'none'];
export const OPERATORS: readonly ConditionOperator[] = ['equal', 'notEqual', 'in', 'notIn'];
/** Unit levels: 1 HQ, 2 province, 3 city, 4 county. */
export const LEVELS = [1, 2, 3, 4] as const;

/** A pre-fill query (see the meta-model's `Prefill`). */
export interface Prefill {
  module: string;
  op: 'count' | 'sum';
  field?: string;
  dateField: string;
  where?: { path: string; operator: ConditionOperator; value: unknown }[];
  states?: string[];
  scope?: 'subtree' | 'unit';
}

/** A figure's report settings. */
export interface FigureSettings {
  aggregate?: Aggregate;
  prefill?: Prefill;
}

/** The report spec (`report`) of a definition, read loosely (a draft may be incomplete). */
export interface ReportSettings {
  period: PeriodType;
  levels: number[];
  deadline?: string;
  /** Whether a report may be submitted before its period's last day (default: no). */
  submitBeforeEnd?: boolean;
  approved?: string[];
  fields: Record<string, FigureSettings>;
}

/** The report spec of a draft, with the meta-model's defaults where it says nothing. */
export function readReport(draft: Draft): ReportSettings {
  const report = isObj(draft.report) ? draft.report : {};
  return {
    period: PERIOD_TYPES.includes(report.period as PeriodType) ? (report.period as PeriodType) : 'month',
    levels: Array.isArray(report.levels) ? report.levels.filter((l): l is number => typeof l === 'number') : [],
    ...(typeof report.deadline === 'string' ? { deadline: report.deadline } : {}),
    ...(report.submitBeforeEnd === true ? { submitBeforeEnd: true } : {}),
    ...(Array.isArray(report.approved) ? { approved: report.approved.filter((s): s is string => typeof s === 'string') } : {}),
    fields: isObj(report.fields) ? (report.fields as Record<string, FigureSettings>) : {},
  };
}

/** Sets report settings (`undefined` removes one; levels are kept sorted; no approved states and no early submission mean the defaults). */
export function setReport(before: Draft, patch: Partial<Omit<ReportSettings, 'fields'>>): Draft {
  const draft = copy(before);
  const report: Obj = isObj(draft.report) ? draft.report : {};
  for (const [key, value] of Object.entries(patch)) {
    const empty = value === undefined || (key === 'approved' && Array.isArray(value) && value.length === 0) || (key === 'submitBeforeEnd' && value === false);
    if (empty) delete report[key];
    else report[key] = key === 'levels' ? [...(value as number[])].sort((a, b) => a - b) : value;
  }
  draft.report = report;
  return draft;
}

/** A deadline as the pickers show it: a number of days or months (undefined: some other duration). */
export function readDeadline(duration: string | undefined): { amount: number; unit: 'D' | 'M' } | undefined {
  const match = /^P(\d{1,3})([DM])$/.exec(duration ?? 'P15D');
  return match ? { amount: Number(match[1]), unit: match[2] as 'D' | 'M' } : undefined;
}

/** The duration of a number of days or months. */
export const writeDeadline = (amount: number, unit: 'D' | 'M') => `P${Math.max(0, Math.round(amount))}${unit}`;

/** A number field a report can roll up and pre-fill. */
export interface Figure {
  /** Its data pointer: the key of its settings under `report.fields`. */
  pointer: string;
  /** Its schema pointer (the builder's address of the field, where problems are placed). */
  field: string;
  /** Its title with the sections it lies in. */
  title: string;
  settings: FigureSettings;
}

/** The template's figures: its number fields outside repeating groups and tables, in form order. */
export function reportFigures(draft: Draft): Figure[] {
  const fields = readReport(draft).fields;
  return allFields(draft)
    .filter((f) => (f.kind === 'number' || f.kind === 'integer') && !f.data.includes('/-'))
    .map((f) => ({ pointer: f.data, field: f.pointer, title: fullTitle(draft, f.pointer), settings: fields[f.data] ?? {} }));
}

/**
 * Sets a figure's settings: `aggregate` sum (the default) and no pre-fill leave it out of
 * `report.fields` altogether.
 */
export function setFigure(before: Draft, pointer: string, settings: FigureSettings): Draft {
  const draft = copy(before);
  const report: Obj = isObj(draft.report) ? draft.report : {};
  const fields: Obj = isObj(report.fields) ? report.fields : {};
  const entry: FigureSettings = {};
  if (settings.aggregate !== undefined && settings.aggregate !== 'sum') entry.aggregate = settings.aggregate;
  if (settings.prefill) entry.prefill = cleanPrefill(settings.prefill);
  if (Object.keys(entry).length === 0) delete fields[pointer];
  else fields[pointer] = entry;
  if (Object.keys(fields).length === 0) delete report.fields;
  else report.fields = fields;
  draft.report = report;
  return draft;
}

/** A pre-fill without its empty parts (no summed field for a count, no empty lists, scope subtree by default). */
function cleanPrefill(prefill: Prefill): Prefill {
  const out: Prefill = { module: prefill.module, op: prefill.op, dateField: prefill.dateField };
  if (prefill.op === 'sum' && prefill.field) out.field = prefill.field;
  if (prefill.where && prefill.where.length > 0) out.where = prefill.where;
  if (prefill.states && prefill.states.length > 0) out.states = prefill.states;
  if (prefill.scope === 'unit') out.scope = 'unit';
  return out;
}

/** The pointers under `report.fields` that name no field of the template (left by edits in the JSON view). */
export function staleFigures(draft: Draft): string[] {
  const known = new Set(allFields(draft).map((f) => f.data));
  return Object.keys(readReport(draft).fields).filter((p) => !known.has(p));
}

/** Removes the settings of fields the template no longer has (their pointers would be refused). */
export function dropStaleFigures(before: Draft): Draft {
  const stale = new Set(staleFigures(before));
  if (stale.size === 0) return before;
  const draft = copy(before);
  const report = draft.report as Obj;
  const kept = Object.fromEntries(Object.entries(readReport(before).fields).filter(([p]) => !stale.has(p)));
  if (Object.keys(kept).length === 0) delete report.fields;
  else report.fields = kept;
  return draft;
}

/** A field of a source module a pre-fill may name. */
export interface SourceField {
  pointer: string;
  title: string;
  /** The values it can hold, when it is a choice (its options, or `codelist` to load). */
  options?: { value: string; title: string }[];
  codelist?: string;
  boolean?: boolean;
  /** Whether it holds numbers (a condition's value is then a number, not a text). */
  number?: boolean;
}

/** A condition value typed as text, read as the field holds it: numbers for a number field, a list for in / not in. */
export function conditionValue(text: string, field: SourceField | undefined, many: boolean): unknown {
  const one = (s: string) => (field?.number && s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s.trim());
  return many ? text.split(/[、,，]/).map((s) => s.trim()).filter(Boolean).map(one) : one(text);
}

/** What a pre-fill can read of a record module: its date fields, number fields, condition fields and states. */
export interface PrefillSource {
  dates: SourceField[];
  numbers: SourceField[];
  conditions: SourceField[];
  states: StateName[];
}

/** A workflow state with its localised title. */
export interface StateName {
  name: string;
  title: { 'zh-CN': string; en?: string };
}

/** The states of a workflow's `states` map, each with its title (its name when it has none). */
function statesOf(states: Record<string, unknown>): StateName[] {
  return Object.entries(states).map(([name, state]) => {
    const title = isObj(state) && isObj(state.title) && typeof state.title['zh-CN'] === 'string' ? (state.title as StateName['title']) : { 'zh-CN': name };
    return { name, title };
  });
}

/** A published record module's fields and states as a pre-fill source (fields outside repeating groups). */
export function prefillSource(definition: Draft): PrefillSource {
  const plain = allFields(definition).filter((f) => !f.data.includes('/-') && f.kind !== 'section');
  const field = (f: (typeof plain)[number]): SourceField => ({ pointer: f.data, title: fullTitle(definition, f.pointer) });
  const conditions = plain
    .filter((f) => ['single', 'codelist', 'boolean', 'text', 'unit', 'integer'].includes(f.kind))
    .map((f) => {
      const base = field(f);
      if (f.kind === 'boolean') return { ...base, boolean: true };
      if (f.kind === 'integer') return { ...base, number: true };
      const list = codelistOf(f.schema);
      if (list) return { ...base, codelist: list };
      if (f.kind === 'single') return { ...base, options: readOptions(definition, optionsPointer(definition, f.pointer)).map((o) => ({ value: o.value, title: o.title })) };
      return base;
    });
  const workflow = isObj(definition.workflow) && isObj(definition.workflow.states) ? (definition.workflow.states as Record<string, unknown>) : {};
  return {
    dates: plain.filter((f) => f.kind === 'date' || f.kind === 'datetime').map(field),
    numbers: plain.filter((f) => f.kind === 'number' || f.kind === 'integer').map(field),
    conditions,
    states: statesOf(workflow),
  };
}

/** A new pre-fill reading a module: a count of its records by its first date field. */
export function newPrefill(module: string, source: PrefillSource): Prefill {
  return { module, op: 'count', dateField: source.dates[0]?.pointer ?? '' };
}

/** The workflow states of a template itself (for approved states): its own, or the default report workflow's. */
export function templateStates(draft: Draft): StateName[] {
  const workflow = isObj(draft.workflow) && isObj(draft.workflow.states) ? (draft.workflow.states as Record<string, unknown>) : undefined;
  if (!workflow) {
    return [
      { name: 'draft', title: { 'zh-CN': '填报中', en: 'Being filled' } },
      { name: 'submitted', title: { 'zh-CN': '待审核', en: 'Awaiting approval' } },
      { name: 'approved', title: { 'zh-CN': '已审核', en: 'Approved' } },
    ];
  }
  return statesOf(workflow);
}

/** The period containing `now` and the `count - 1` before it, newest first (for the try-it picker). */
export function recentPeriods(type: PeriodType, now: Date, count = 8): Period[] {
  const out = [periodContaining(type, now)];
  while (out.length < count) out.push(previousPeriod(out[out.length - 1]!));
  return out;
}

/** A period in words: 2026年3月 / 2026年第1季度 / 2026年下半年 / 2026年 (English: March 2026, 2026 Q1, 2026 H2, 2026). */
export function periodLabel(period: Period, locale: 'zh-CN' | 'en'): string {
  const { type, year, index } = period;
  if (locale === 'en') {
    if (type === 'month') return new Date(Date.UTC(year, index - 1, 1)).toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
    return type === 'quarter' ? `${year} Q${index}` : type === 'half' ? `${year} H${index}` : String(year);
  }
  if (type === 'month') return `${year}年${index}月`;
  if (type === 'quarter') return `${year}年第${index}季度`;
  if (type === 'half') return `${year}年${index === 1 ? '上' : '下'}半年`;
  return `${year}年`;
}
