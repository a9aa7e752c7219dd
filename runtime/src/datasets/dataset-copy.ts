/**
 * CSV exports written by PostgreSQL itself: each column of a dataset becomes an SQL expression
 * with the same meaning as the cell planRows() makes in JavaScript (dataset-rows.ts) — value →
 * code maps, titles, lists joined with ";", China-time moments, formula injection neutralised —
 * and `COPY (SELECT …) TO STDOUT WITH (FORMAT csv)` streams the rows, which Node only passes on
 * (line ends made CRLF, rows counted). A differential test holds both paths to the same cells.
 *
 * Not every dataset can go this way: a column of objects (JSON text would be spaced differently),
 * a column naming another module's records by their key (looked up per batch, import-refs.ts)
 * or a module that hides fields from some readers (field access is decided per record in
 * JavaScript) takes the JavaScript path. Numbers are written as PostgreSQL prints them, which
 * is how JavaScript prints them for every number between 1e-6 and 1e21.
 */
import { Transform, type TransformCallback } from 'node:stream';
import pg from 'pg';
import type { Labels, PlannedColumn } from './dataset-rows.js';
import { neutralise } from './dataset-rows.js';
import { parsePointer } from '../../../engine/src/index.js';

/** An SQL literal for a text (pg's own escaping; E'' form when it holds a backslash). */
export const literal = (text: string): string => pg.escapeLiteral(text);

/** A value as an SQL literal: text, a moment, a list of texts, or NULL. */
export function sqlValue(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return `ARRAY[${value.map((v) => literal(String(v))).join(',')}]::text[]`;
  if (value instanceof Date) return literal(value.toISOString());
  if (typeof value === 'number') return String(value);
  return literal(String(value));
}

/** Whether a dataset's columns can all be written by PostgreSQL (see the top of this file). */
export function copyable(columns: readonly PlannedColumn[]): boolean {
  return columns.every((c) => c.type !== 'object' && c.source !== '@row' && !c.ref);
}

/** A text that starts like a formula gets a leading apostrophe (neutralise() in SQL). */
const neutraliseSql = (text: string) => `regexp_replace(${text}, '^([=+@\\t\\r-])', '''\\1')`;

/** A constant cell: written as JavaScript would write it (neutralised when text; an empty text is an empty cell, as NULL is). */
function constant(value: unknown): string {
  const safe = neutralise(value);
  return safe === null || safe === undefined || safe === '' ? 'NULL' : literal(String(safe));
}

/** The value → code map's keys as an SQL list, and each key's code. */
function mapCases(column: PlannedColumn, key: string, result: (code: string | number) => string): string | null {
  const entries = Object.entries(column.map ?? {}).filter((e): e is [string, string | number] => e[1] !== undefined);
  if (entries.length === 0) return null;
  return `CASE ${key} ${entries.map(([k, code]) => `WHEN ${literal(k)} THEN ${result(code)}`).join(' ')} END`;
}

/** The title of a coded value, or the value itself: `code === option.code` (strict, as in JavaScript). */
function titleFor(column: PlannedColumn, code: string | number, raw: boolean): string {
  const option = column.codes.find((c) => c.code === code);
  const title = option ? option.title['zh-CN'] : code;
  return raw ? literal(String(title)) : constant(title);
}

type Scalar = 'string' | 'number' | 'boolean';

/**
 * One scalar's cell, `text` its text and `type` its JSON type (not neutralised when `raw`, for a
 * list's items). Codes: the map's code, else the value; titles: the title of that code, else it.
 */
function scalarCell(column: PlannedColumn, text: string, type: Scalar, title: boolean, raw: boolean): string {
  const keys = Object.keys(column.map ?? {}).filter((k) => column.map![k] !== undefined);
  const mapped = mapCases(column, text, (code) => (title ? titleFor(column, code, raw) : raw ? literal(String(code)) : constant(code)));
  const own = raw || type !== 'string' || column.source.startsWith('@') ? text : neutraliseSql(text);
  let unmapped = own;
  if (title) {
    // A value the map does not name is looked up as it is (texts among text codes, numbers among numbers).
    const cases = column.codes.filter((c) => typeof c.code === type).map((c) => `WHEN ${literal(String(c.code))} THEN ${raw ? literal(c.title['zh-CN']) : constant(c.title['zh-CN'])}`);
    if (cases.length > 0) unmapped = `CASE ${text} ${cases.join(' ')} ELSE ${own} END`;
  }
  if (!mapped) return unmapped;
  return `CASE WHEN ${text} IN (${keys.map(literal).join(',')}) THEN ${mapped} ELSE ${unmapped} END`;
}

/**
 * Each scalar type's branch of a CASE on a value's JSON type; `text` is the value as text. An
 * empty text is written as NULL (COPY would quote it; JavaScript writes an empty cell): only a
 * text can be empty — numbers and booleans never are, nor constants (see constant()).
 */
const scalarBranches = (column: PlannedColumn, text: string, title: boolean, raw: boolean) =>
  (['string', 'number', 'boolean'] as const)
    .map((type) => {
      const cell = scalarCell(column, text, type, title, raw);
      return `WHEN '${type}' THEN ${type === 'string' && !raw ? `NULLIF(${cell}, '')` : cell}`;
    })
    .join(' ');

/** A list item's cell (`e`, jsonb): a scalar's, nothing for null, JSON for anything else. */
const itemCell = (column: PlannedColumn, title: boolean) => `CASE jsonb_typeof(e) ${scalarBranches(column, `(e #>> '{}')`, title, true)} WHEN 'null' THEN '' ELSE e::text END`;

/**
 * A data value's cell from the inner query's jsonb value of it (`j`): scalars, a list's items
 * joined with ";", an object as its JSON; nothing for null or absent.
 */
function dataCell(column: PlannedColumn, j: string, title: boolean): string {
  const list = `(SELECT string_agg(${itemCell(column, title)}, ';' ORDER BY n) FROM jsonb_array_elements(${j}) WITH ORDINALITY AS items(e, n))`;
  return `CASE jsonb_typeof(${j}) ${scalarBranches(column, `(${j} #>> '{}')`, title, false)} WHEN 'array' THEN NULLIF(${neutraliseSql(list)}, '') WHEN 'object' THEN ${j}::text END`;
}

/**
 * A data pointer as SQL: a chain of `->` by key (PostgreSQL reads it far faster than `#>` with
 * a path), or `#>` when a segment is a number (`->` with a text key finds nothing in a list).
 */
function jsonPath(pointer: string): string {
  const segments = parsePointer(pointer);
  if (segments.some((segment) => /^\d+$/.test(segment))) return `r.data #> ${sqlValue(segments)}`;
  return `r.data${segments.map((segment) => ` -> ${literal(segment)}`).join('')}`;
}

/** A moment as chinaIso() writes it: China time to the second, with its offset. */
const chinaMoment = (column: string) => `to_char(${column} AT TIME ZONE INTERVAL '+08:00', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"')`;

/**
 * A record attribute's cell, from the inner query's columns. Unit codes and state names cannot
 * start like a formula (their patterns: a letter or digit first), so they are not neutralised.
 */
function attributeCell(column: PlannedColumn, title: boolean): string {
  switch (column.source) {
    case '@id':
      return 'x.id::text';
    case '@createdAt':
      return chinaMoment('x.created_at');
    case '@updatedAt':
      return chinaMoment('x.updated_at');
    case '@moduleVersion':
      return scalarCell(column, 'x.module_version::text', 'number', title, false);
    case '@unitCode':
      return scalarCell(column, 'x.unit_code', 'string', title, false);
    default:
      return scalarCell(column, 'x.state', 'string', title, false);
  }
}

/**
 * The SELECT of a COPY: the inner query's data values (each read once, as jsonb `j0`, `j1` …)
 * and the outer cells, in header order (see headerOf: with `both`, a title cell beside each coded one).
 */
export function copySelect(columns: readonly PlannedColumn[], labels: Labels): { values: string[]; cells: string[] } {
  const values: string[] = [];
  const cells = columns.flatMap((column) => {
    const i = values.length;
    if (!column.source.startsWith('@')) values.push(`${jsonPath(column.source)} AS j${i}`);
    // Attributes are never empty (ids, times, codes and state names; constants are NULL when empty).
    const cell = (title: boolean) => (column.source.startsWith('@') ? attributeCell(column, title) : dataCell(column, `x.j${i}`, title));
    if (column.codes.length === 0 || labels === 'codes') return [cell(false)];
    return labels === 'titles' ? [cell(true)] : [cell(false), cell(true)];
  });
  return { values, cells };
}

/**
 * PostgreSQL's CSV made RFC 4180's: each row ends with CRLF (COPY ends them with LF; a line
 * break inside a quoted cell is left as it is), and the rows are counted as they pass.
 */
export class CsvRows extends Transform {
  private quoted = false;
  rows = 0;

  constructor(private readonly onRows: (rows: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const parts: Buffer[] = [];
    let start = 0;
    let rows = 0;
    // The next quote is looked for once per quote, not once per line (most rows have none).
    let quote = chunk.indexOf(0x22);
    for (let i = 0; i < chunk.length; ) {
      if (this.quoted) {
        if (quote === -1) break;
        this.quoted = false;
        i = quote + 1;
        quote = chunk.indexOf(0x22, i);
        continue;
      }
      const line = chunk.indexOf(0x0a, i);
      if (line !== -1 && (quote === -1 || line < quote)) {
        parts.push(chunk.subarray(start, line), CRLF);
        start = i = line + 1;
        rows++;
      } else if (quote !== -1) {
        this.quoted = true;
        i = quote + 1;
        quote = chunk.indexOf(0x22, i);
      } else break;
    }
    parts.push(chunk.subarray(start));
    this.rows += rows;
    if (rows > 0) this.onRows(rows);
    done(null, Buffer.concat(parts));
  }
}

const CRLF = Buffer.from('\r\n');
