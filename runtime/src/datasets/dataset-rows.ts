/**
 * One exported row, cell by cell: a column's value taken from the record (a data pointer or a
 * record attribute), mapped to its dataset code or titled, and made safe for spreadsheets
 * (formula injection neutralised as OWASP advises). Pure.
 */
import { getAt, parsePointer } from '../../../engine/src/index.js';
import type { DatasetColumn } from '../api/datasets.js';

/** What a row is built from. */
export interface RowSource {
  id: string;
  unitCode: string;
  state: string;
  createdAt: Date;
  updatedAt: Date;
  moduleVersion: number;
  /** The record's own unit's path (field access: where the caller stands to it). */
  unitPath?: string;
  data: unknown;
  /** A linked table's row: the item's position in its list, from 1 (`@row`). */
  row?: number;
}

/** A column as the export plans it: its codebook entry and its value → code map. */
export interface PlannedColumn extends DatasetColumn {
  map?: Readonly<Record<string, string | number | undefined>>;
  /** A column naming another module's records, with the field its new records are linked back at. */
  ref?: { module: string; key: string; link?: string };
}

export type Labels = 'codes' | 'titles' | 'both';

/** A moment as ISO 8601 in China time (+08:00), to the second. */
export function chinaIso(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
}

/** The raw value of a column in a record. */
export function sourceValue(record: RowSource, source: string): unknown {
  switch (source) {
    case '@id':
      return record.id;
    case '@unitCode':
      return record.unitCode;
    case '@state':
      return record.state;
    case '@createdAt':
      return chinaIso(record.createdAt);
    case '@updatedAt':
      return chinaIso(record.updatedAt);
    case '@moduleVersion':
      return record.moduleVersion;
    case '@row':
      return record.row;
    default:
      return getAt(record.data, source);
  }
}

/** A value as the dataset writes it: its mapped code (the column's `map`), lists joined with ";". */
function codeOf(value: unknown, column: PlannedColumn): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map((v) => codeOf(v, column)).join(';');
  if (typeof value === 'object') return JSON.stringify(value);
  const mapped = column.map?.[String(value)];
  return mapped ?? value;
}

/** The title of a coded value (lists: each title, joined with ";"); the value itself when it has none. */
function titleOf(value: unknown, column: PlannedColumn): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map((v) => titleOf(v, column)).join(';');
  const code = codeOf(value, column);
  const option = column.codes.find((c) => c.code === code);
  return option ? option.title['zh-CN'] : code;
}

/** The header of a row: column codes or Chinese titles; with `both`, a `<CODE>_TITLE` column beside each coded one. */
export function headerOf(columns: readonly PlannedColumn[], labels: Labels, header: 'codes' | 'titles'): string[] {
  return columns.flatMap((c) => {
    const name = header === 'titles' ? c.title['zh-CN'] : c.code;
    if (labels === 'both' && c.codes.length > 0) return [name, header === 'titles' ? `${c.title['zh-CN']}（名称）` : `${c.code}_TITLE`];
    return [name];
  });
}

/**
 * The type of each cell a header names (see headerOf): a column's own type, but titles are
 * text, and codes take the type they share (numbers, booleans, or text when mixed). Parquet
 * declares its columns with them.
 */
export function cellTypes(columns: readonly PlannedColumn[], labels: Labels): DatasetColumn['type'][] {
  return columns.flatMap((c): DatasetColumn['type'][] => {
    if (c.codes.length === 0) return [c.type === 'array' || c.type === 'object' ? 'string' : c.type];
    const codes = c.codes.map((o) => o.code);
    const codeType = c.type === 'array' ? 'string' : codes.every((x) => typeof x === 'number' && Number.isInteger(x)) ? 'integer' : codes.every((x) => typeof x === 'number') ? 'number' : codes.every((x) => typeof x === 'boolean') ? 'boolean' : 'string';
    if (labels === 'codes') return [codeType];
    return labels === 'titles' ? ['string'] : [codeType, 'string'];
  });
}

/** Reads a data pointer's value, its segments parsed once. */
function reader(source: string): (record: RowSource) => unknown {
  if (source.startsWith('@')) return (record) => sourceValue(record, source);
  const segments = parsePointer(source);
  return (record) => {
    let node: unknown = record.data;
    for (const segment of segments) {
      if (node === null || typeof node !== 'object') return undefined;
      node = (node as Record<string, unknown>)[segment];
    }
    return node;
  };
}

/**
 * The cells of a row as one function, planned once per export: each column's reader, code and
 * title lookups prepared, so a row costs property reads and no parsing.
 */
export function planRows(columns: readonly PlannedColumn[], labels: Labels): (record: RowSource) => unknown[] {
  const cells = columns.flatMap((c): ((record: RowSource) => unknown)[] => {
    const read = reader(c.source);
    const plain = !c.map && c.codes.length === 0;
    const code = plain
      ? (record: RowSource) => {
          const value = read(record);
          return value === undefined || value === null ? null : typeof value === 'object' ? codeOf(value, c) : value;
        }
      : (record: RowSource) => codeOf(read(record), c);
    if (c.codes.length === 0 || labels === 'codes') return [code];
    const title = (record: RowSource) => titleOf(read(record), c);
    return labels === 'titles' ? [title] : [code, title];
  });
  return (record) => cells.map((cell) => cell(record));
}

/** The row as a JSON object keyed by the header. */
export function rowObject(header: readonly string[], cells: readonly unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  header.forEach((name, i) => (row[name] = cells[i] ?? null));
  return row;
}

/**
 * A text a spreadsheet will not run as a formula: one starting with =, +, -, @, a tab or a
 * carriage return gets a leading apostrophe (OWASP "CSV injection"). Numbers stay numbers.
 */
export function neutralise(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One CSV line (RFC 4180, CRLF), every text neutralised. */
export function csvLine(cells: readonly unknown[]): string {
  return (
    cells
      .map((cell) => {
        const safe = neutralise(cell);
        if (safe === null || safe === undefined) return '';
        const text = String(safe);
        return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      })
      .join(',') + '\r\n'
  );
}
