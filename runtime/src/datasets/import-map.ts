/**
 * An import row made into record data through the dataset's columns: the header matched by
 * column code or Chinese title, each cell turned back into the value the record stores (the
 * column's value → code map reversed, a title accepted for its code, numbers, booleans and
 * dates read from text or Excel), empty cells omitted. Pure.
 */
import { getAt, setAt } from '../../../engine/src/index.js';
import type { PlannedColumn } from './dataset-rows.js';

/** A problem of one cell, before it is numbered with its row. */
export interface CellProblem {
  column: string;
  code: 'FW_DATASET_IMPORT_TYPE' | 'FW_DATASET_IMPORT_CODE' | 'FW_DATASET_IMPORT_REF_UNKNOWN' | 'FW_DATASET_IMPORT_REF_AMBIGUOUS';
  params: Record<string, unknown>;
}

/** What a header names: a column, a `<CODE>_TITLE` / `名称（名称）` column an export wrote beside a coded one (ignored), or nothing known. */
export type HeaderMatch = { column: PlannedColumn } | { ignored: true } | { unknown: string };

/** The columns a header names, in order; unknown names listed. */
export function matchHeader(header: readonly string[], columns: readonly PlannedColumn[]): { matches: HeaderMatch[]; unknown: string[] } {
  const find = (name: string) => columns.find((c) => c.code === name) ?? columns.find((c) => c.title['zh-CN'] === name);
  const matches = header.map((name): HeaderMatch => {
    const column = find(name);
    if (column) return { column };
    const base = name.endsWith('_TITLE') ? find(name.slice(0, -6)) : name.endsWith('（名称）') ? find(name.slice(0, -4)) : undefined;
    if (base && base.codes.length > 0) return { ignored: true };
    if (name === '') return { ignored: true };
    return { unknown: name };
  });
  return { matches, unknown: matches.flatMap((m) => ('unknown' in m ? [m.unknown] : [])) };
}

/**
 * The header's matches with a chosen mapping laid over them: a file column the mapping names
 * fills the column whose code it gives, or nothing (null); the others keep their match. Codes
 * the dataset does not have are listed.
 */
export function applyMapping(header: readonly string[], matches: readonly HeaderMatch[], columns: readonly PlannedColumn[], mapping: Readonly<Record<string, string | null>>): { matches: HeaderMatch[]; unknownTargets: string[] } {
  const unknownTargets: string[] = [];
  const mapped = header.map((name, i): HeaderMatch => {
    if (!Object.hasOwn(mapping, name)) return matches[i]!;
    const target = mapping[name];
    if (target === null || target === undefined) return { ignored: true };
    const column = columns.find((c) => c.code === target);
    if (column) return { column };
    unknownTargets.push(target);
    return { unknown: name };
  });
  for (const target of Object.values(mapping)) if (typeof target === 'string' && !columns.some((c) => c.code === target) && !unknownTargets.includes(target)) unknownTargets.push(target);
  return { matches: mapped, unknownTargets };
}

/**
 * Each row's fields that the file leaves empty filled with their column's `importDefault`, in
 * place (a cell that could not be read keeps its problem instead).
 */
export function applyDefaults(columns: readonly PlannedColumn[], rows: readonly { data: Record<string, unknown>; problems: readonly CellProblem[] }[]): void {
  const defaults = columns.filter((c) => c.importDefault !== undefined && c.source.startsWith('/'));
  for (const row of rows) {
    for (const column of defaults) {
      if (getAt(row.data, column.source) === undefined && !row.problems.some((p) => p.column === column.code)) setAt(row.data, column.source, column.importDefault);
    }
  }
}

/** One row as a record's data, the unit it names (@unitCode) and the record it names (@id), with the problems of its cells. */
export function rowData(cells: Record<string, unknown>, header: readonly string[], matches: readonly HeaderMatch[]): { data: Record<string, unknown>; unitCode?: string; recordId?: string; problems: CellProblem[] } {
  const data: Record<string, unknown> = {};
  const problems: CellProblem[] = [];
  let unitCode: string | undefined;
  let recordId: string | undefined;
  header.forEach((name, i) => {
    const match = matches[i]!;
    if (!('column' in match)) return;
    const column = match.column;
    const raw = cells[name];
    if (isEmpty(raw)) return;
    if (column.source === '@unitCode') unitCode = String(raw).trim();
    if (column.source === '@id') recordId = String(raw).trim();
    if (column.source.startsWith('@')) return;
    const value = cellToValue(raw, column);
    if ('problem' in value) problems.push({ column: column.code, ...value.problem });
    else setAt(data, column.source, value.value);
  });
  return { data, ...(unitCode ? { unitCode } : {}), ...(recordId ? { recordId } : {}), problems };
}

const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

type Read = { value: unknown } | { problem: Omit<CellProblem, 'column'> };

/** A cell as the record stores it. */
export function cellToValue(raw: unknown, column: PlannedColumn): Read {
  const text = typeof raw === 'string' ? unneutralise(raw.trim()) : raw;
  if (column.type === 'array') {
    const items = Array.isArray(text) ? text : String(text).split(/[;；]/).map((s) => s.trim()).filter(Boolean);
    const out: unknown[] = [];
    for (const item of items) {
      const read = column.codes.length > 0 ? decode(item, column) : { value: item };
      if ('problem' in read) return read;
      out.push(read.value);
    }
    return { value: out };
  }
  if (column.codes.length > 0) return decode(text, column);
  return typed(text, column);
}

/** An export's neutralised text ('=…) read back as it was. */
export function unneutralise(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

const TYPE_NAMES: Record<string, string> = { integer: '整数', number: '数字', boolean: '是/否', date: '日期（YYYY-MM-DD）', 'date-time': '日期时间', object: 'JSON 对象' };

function typed(value: unknown, column: PlannedColumn): Read {
  const wrong = (): Read => ({ problem: { code: 'FW_DATASET_IMPORT_TYPE', params: { column: column.title, value: String(value instanceof Date ? value.toISOString() : value), expected: TYPE_NAMES[column.type] ?? column.type } } });
  switch (column.type) {
    case 'integer':
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value.replace(/,/g, '')) ? Number(value.replace(/,/g, '')) : NaN;
      if (!Number.isFinite(n) || (column.type === 'integer' && !Number.isInteger(n))) return wrong();
      return { value: n };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { value };
      const b = BOOLEANS[String(value).trim().toLowerCase()];
      return b === undefined ? wrong() : { value: b };
    }
    case 'date': {
      const day = dayOf(value);
      return day ? { value: day } : wrong();
    }
    case 'date-time': {
      if (value instanceof Date) return { value: wallTime(value) };
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return { value };
      return wrong();
    }
    case 'object': {
      if (typeof value === 'object' && value !== null) return { value };
      try {
        const parsed: unknown = JSON.parse(String(value));
        return typeof parsed === 'object' && parsed !== null ? { value: parsed } : wrong();
      } catch {
        return wrong();
      }
    }
    default:
      return { value: value instanceof Date ? dayOf(value) : typeof value === 'string' ? value : String(value) };
  }
}

const BOOLEANS: Record<string, boolean> = { 是: true, 否: false, true: true, false: false, 1: true, 0: false, y: true, n: false, yes: true, no: false };

/** Excel's day 0 (serial dates count from 1899-12-30, its leap-year bug included). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * A day as YYYY-MM-DD: from text (2026-03-05, 2026/3/5, 2026年3月5日), an Excel serial number, or
 * an Excel date (which carries the wall-clock time it shows, i.e. China time, as UTC).
 */
export function dayOf(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  if (typeof value === 'number') return value > 0 && value < 2_958_466 ? new Date(EXCEL_EPOCH + Math.floor(value) * 86_400_000).toISOString().slice(0, 10) : undefined;
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(String(value).trim());
  if (!match) return undefined;
  const [, y, m, d] = match;
  const day = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day ? day : undefined;
}

/** An Excel date-time (China wall-clock time carried as UTC) as ISO 8601 with +08:00. */
function wallTime(date: Date): string {
  return date.toISOString().slice(0, 19) + '+08:00';
}

/** A coded cell: its dataset code (the column's map reversed) or its title, as the value the record stores. */
function decode(value: unknown, column: PlannedColumn): Read {
  const text = String(value instanceof Date ? dayOf(value) : value).trim();
  const option = column.codes.find((c) => String(c.code) === text) ?? column.codes.find((c) => c.title['zh-CN'] === text || c.title.en === text);
  if (!option) {
    const allowed = column.codes.filter((c) => !c.deprecated).map((c) => `${c.code}（${c.title['zh-CN']}）`).join('、');
    return { problem: { code: 'FW_DATASET_IMPORT_CODE', params: { column: column.title, value: text, allowed } } };
  }
  const stored = Object.entries(column.map ?? {}).find(([, code]) => String(code) === String(option.code))?.[0] ?? option.code;
  return { value: typeof stored === 'string' ? storedType(stored, column) : stored };
}

/** A map's key is text; a numeric or boolean field stores it as its type. */
function storedType(key: string, column: PlannedColumn): unknown {
  if (column.type === 'integer' || column.type === 'number') return Number(key);
  if (column.type === 'boolean') return key === 'true';
  return key;
}

/** The column whose field a problem's path lies in (the deepest source that is a prefix). */
export function columnOfPath(path: string, columns: readonly PlannedColumn[]): string | undefined {
  let best: PlannedColumn | undefined;
  for (const c of columns) {
    if (c.source.startsWith('@')) continue;
    if ((path === c.source || path.startsWith(`${c.source}/`)) && (!best || c.source.length > best.source.length)) best = c;
  }
  return best?.code;
}
