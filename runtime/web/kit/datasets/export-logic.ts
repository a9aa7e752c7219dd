/** Dataset exports, shared by every screen that offers one: options → query string, a record list's filters → export options, periods, column types in words. */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import type { DatasetColumn, DatasetView, ExportQuery } from '../contract';

dayjs.extend(utc);

/** What an export asks for (the query of `GET /api/datasets/{name}`). */
export interface ExportOptions {
  format: ExportQuery['format'];
  labels: 'codes' | 'titles' | 'both';
  header: 'codes' | 'titles';
  /** CSV only: UTF-8 (with a byte-order mark) or GB18030. */
  encoding?: 'utf-8' | 'gb18030' | undefined;
  unit?: string | undefined;
  /** Workflow states (none: every state the dataset has). */
  states?: readonly string[] | undefined;
  /** A year (2026), half (2026H1), quarter (2026Q3) or month (2026-07). */
  period?: string | undefined;
  /** Days (YYYY-MM-DD), inclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

/** The defaults: an Excel workbook, values as both codes and names, Chinese headers. */
export const DEFAULT_EXPORT: ExportOptions = { format: 'xlsx', labels: 'both', header: 'titles' };

/** The query string of an export (what is unset left out), starting with `?`. */
export function exportQuery(options: ExportOptions): string {
  const search = new URLSearchParams({ format: options.format, labels: options.labels, header: options.header });
  if (options.format === 'csv' && options.encoding === 'gb18030') search.set('encoding', 'gb18030');
  if (options.unit) search.set('unit', options.unit);
  if (options.states && options.states.length > 0) search.set('state', options.states.join(','));
  if (options.period) search.set('period', options.period);
  if (options.from) search.set('from', options.from);
  if (options.to) search.set('to', options.to);
  return `?${search.toString()}`;
}

/** The file an export downloads as: the format's own, or a zip of one file per table when linked tables make it several (Excel: a sheet per table). */
export function exportExtension(format: ExportOptions['format'], dataset: Pick<DatasetView, 'tables'>): string {
  return format !== 'xlsx' && dataset.tables.length > 0 ? 'zip' : format;
}

/** The address of an export. */
export function exportPath(dataset: string, options: ExportOptions): string {
  return `/api/datasets/${encodeURIComponent(dataset)}${exportQuery(options)}`;
}

/** A moment as its day in China time (UTC+8). */
export function chinaDay(iso: string): string {
  return dayjs(iso).utcOffset(480).format('YYYY-MM-DD');
}

/** Which of a record list's filters an export of a dataset applies, and which it cannot. */
export interface AppliedFilters {
  options: Pick<ExportOptions, 'unit' | 'states' | 'from' | 'to'>;
  /** The list's date range filters the creation time, but the dataset filters its own date field. */
  datesDropped: boolean;
  /** The list filters by fields (code lists) an export does not filter by. */
  fieldsDropped: boolean;
}

/**
 * A record list's filters (its query string: state, unit, from/to of the creation time, filter)
 * as export options: unit and state as they are (a state the dataset leaves out is dropped), the
 * creation dates only when the dataset's own date is the creation time.
 */
export function filtersOfList(search: URLSearchParams, dataset: Pick<DatasetView, 'dateField' | 'states'>): AppliedFilters {
  const options: AppliedFilters['options'] = {};
  const unit = search.get('unit');
  if (unit) options.unit = unit;
  const state = search.get('state');
  if (state && (!dataset.states || dataset.states.includes(state))) options.states = [state];
  const from = search.get('from');
  const to = search.get('to');
  const hasDates = Boolean(from || to);
  const datesApply = hasDates && dataset.dateField === '@createdAt';
  if (datesApply && from) options.from = chinaDay(from);
  if (datesApply && to) options.to = chinaDay(to);
  let fieldsDropped = false;
  try {
    fieldsDropped = Object.keys(JSON.parse(search.get('filter') ?? '{}') as object).length > 0;
  } catch {
    fieldsDropped = false;
  }
  return { options, datesDropped: hasDates && !datesApply, fieldsDropped };
}

/** A period as the API takes it, from its kind and a day in it (undefined for none). */
export function periodOf(kind: 'none' | 'year' | 'half' | 'quarter' | 'month', day: string | undefined): string | undefined {
  if (kind === 'none' || !day) return undefined;
  const d = dayjs(day);
  const year = d.year();
  if (kind === 'year') return String(year);
  if (kind === 'half') return `${year}H${d.month() < 6 ? 1 : 2}`;
  if (kind === 'quarter') return `${year}Q${Math.floor(d.month() / 3) + 1}`;
  return d.format('YYYY-MM');
}

/** Column types in words. */
const TYPE_WORDS: Record<DatasetColumn['type'], readonly [string, string]> = {
  string: ['文本', 'Text'],
  integer: ['整数', 'Whole number'],
  number: ['数值', 'Number'],
  boolean: ['是/否', 'Yes/no'],
  date: ['日期', 'Date'],
  'date-time': ['日期时间', 'Date and time'],
  array: ['多项', 'List'],
  object: ['组合', 'Group'],
};

/** A column's type in words. */
export function typeWords(type: DatasetColumn['type'], locale: 'zh-CN' | 'en'): string {
  return TYPE_WORDS[type][locale === 'en' ? 1 : 0];
}
