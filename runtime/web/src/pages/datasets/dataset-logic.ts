/** The dataset screens' pure logic: export options → query string, a list's filters → export options, rejected rows → CSV, import files → content types. */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import type { DatasetColumn, DatasetView, RowProblem } from '../../../kit/contract';

dayjs.extend(utc);

/** What an export asks for (the query of `GET /api/datasets/{name}`). */
export interface ExportOptions {
  format: 'csv' | 'xlsx' | 'jsonl';
  labels: 'codes' | 'titles' | 'both';
  header: 'codes' | 'titles';
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
  if (options.unit) search.set('unit', options.unit);
  if (options.states && options.states.length > 0) search.set('state', options.states.join(','));
  if (options.period) search.set('period', options.period);
  if (options.from) search.set('from', options.from);
  if (options.to) search.set('to', options.to);
  return `?${search.toString()}`;
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

/** How an import file is sent: its content type by the name's ending (undefined: not a file the import reads). */
export function importContentType(fileName: string): string | undefined {
  const name = fileName.toLowerCase();
  if (name.endsWith('.csv')) return 'text/csv; charset=utf-8';
  if (name.endsWith('.xlsx')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'application/x-ndjson';
  return undefined;
}

/** One cell of CSV, quoted when it must be; a text a spreadsheet would run as a formula gets an apostrophe (OWASP). */
function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV: UTF-8 with a byte-order mark and CRLF lines, so Excel opens it in Chinese. */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** A rejected row as the screen and the download show it. */
export interface RejectedLine {
  key: string;
  row: number;
  column: string;
  message: string;
}

/** The rejected rows with their columns' titles (the code when the dataset has no such column; blank for a whole row). */
export function rejectedLines(rejected: readonly RowProblem[], columns: readonly DatasetColumn[], locale: 'zh-CN' | 'en'): RejectedLine[] {
  const titles = new Map(columns.map((c) => [c.code, (locale === 'en' ? c.title.en : undefined) ?? c.title['zh-CN']]));
  return rejected.map((problem, index) => ({
    key: `${problem.row}-${problem.column ?? ''}-${index}`,
    row: problem.row,
    column: problem.column ? (titles.get(problem.column) ?? problem.column) : '',
    message: problem.message,
  }));
}

/** The rejected rows as a CSV file's text (行号, 列, 问题 or their English). */
export function rejectedCsv(lines: readonly RejectedLine[], header: readonly [string, string, string]): string {
  return toCsv([header, ...lines.map((l) => [l.row, l.column, l.message])]);
}
