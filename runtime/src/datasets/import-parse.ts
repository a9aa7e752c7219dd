/**
 * An import file read into a table: its header and each row's cells by header name, numbered
 * as a spreadsheet shows them (the header is row 1). CSV (UTF-8, BOM optional), XLSX (the
 * first sheet) or JSON lines (the keys of each object are the header). Pure but for XLSX's
 * asynchronous reader.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { FormworkError, problem } from '../../../engine/src/index.js';
import { isBadText } from '../platform/http/input-guard.js';

export type ImportFormat = 'csv' | 'xlsx' | 'jsonl';

export interface ImportTable {
  header: string[];
  rows: { row: number; cells: Record<string, unknown> }[];
}

/** Rows beyond this are refused (a file this large is split or sent by the CLI in parts). */
export const MAX_IMPORT_ROWS = 100_000;

/** The format a Content-Type declares (undefined: not one an import reads). */
export function formatOf(contentType: string): ImportFormat | undefined {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (type === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') return 'xlsx';
  if (type === 'application/x-ndjson' || type === 'application/jsonl' || type === 'application/x-jsonlines') return 'jsonl';
  return undefined;
}

/** The format a file name suggests (for the CLI). */
export function formatOfFile(name: string): ImportFormat | undefined {
  const ext = name.toLowerCase().split('.').pop();
  return ext === 'csv' ? 'csv' : ext === 'xlsx' ? 'xlsx' : ext === 'jsonl' || ext === 'ndjson' ? 'jsonl' : undefined;
}

export const CONTENT_TYPES: Record<ImportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jsonl: 'application/x-ndjson',
};

const unreadable = (reason: string) => new FormworkError('FW_DATASET_IMPORT_FORMAT', { reason });

/** UTF-8 text (a BOM dropped); NUL characters and invalid UTF-8 refused with the line. */
export function utf8Text(body: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw unreadable('不是 UTF-8 编码的文本（Excel 请另存为「CSV UTF-8」）');
  }
  text = text.replace(/^\uFEFF/, '');
  // eslint-disable-next-line no-control-regex -- NUL characters are what is refused
  const nul = text.search(/\u0000/);
  if (nul >= 0) {
    const line = text.slice(0, nul).split('\n').length;
    throw new FormworkError('FW_REQ_BAD_TEXT', {}, [problem(`/lines/${line}`, 'FW_REQ_BAD_TEXT')]);
  }
  return text;
}

export async function parseImport(body: Buffer, format: ImportFormat): Promise<ImportTable> {
  const table = format === 'csv' ? csvTable(utf8Text(body)) : format === 'jsonl' ? jsonlTable(utf8Text(body)) : await xlsxTable(body);
  if (table.header.length === 0) throw unreadable('文件没有表头行');
  if (table.rows.length > MAX_IMPORT_ROWS) throw new FormworkError('FW_REQ_TOO_MANY_ROWS', { count: table.rows.length, limit: MAX_IMPORT_ROWS });
  return table;
}

function csvTable(text: string): ImportTable {
  let records: string[][];
  try {
    records = parseCsv(text, { relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    throw unreadable(`CSV 无法解析（${(error as Error).message}）`);
  }
  const [header = [], ...lines] = records;
  const names = header.map((h) => h.trim());
  const rows: ImportTable['rows'] = [];
  lines.forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    rows.push({ row: i + 2, cells: Object.fromEntries(names.map((name, j) => [name, cells[j] ?? ''])) });
  });
  return { header: names, rows };
}

function jsonlTable(text: string): ImportTable {
  const header: string[] = [];
  const rows: ImportTable['rows'] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw unreadable(`第 ${i + 1} 行不是 JSON`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw unreadable(`第 ${i + 1} 行不是 JSON 对象`);
    for (const key of Object.keys(parsed)) {
      if (isBadText(key)) throw unreadable(`第 ${i + 1} 行的键含有不允许的字符`);
      if (!header.includes(key)) header.push(key);
    }
    for (const value of Object.values(parsed)) if (typeof value === 'string' && isBadText(value)) throw unreadable(`第 ${i + 1} 行含有不允许的字符`);
    // Each line is a row; the header line of a spreadsheet has no counterpart, so line 1 is row 2.
    rows.push({ row: i + 2, cells: parsed as Record<string, unknown> });
  });
  return { header, rows };
}

async function xlsxTable(body: Buffer): Promise<ImportTable> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(body as unknown as ArrayBuffer);
  } catch (error) {
    throw unreadable(`不是 XLSX 文件（${(error as Error).message}）`);
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw unreadable('XLSX 文件没有工作表');
  const header: string[] = [];
  const rows: ImportTable['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const values: unknown[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => (values[col - 1] = cellValue(cell.value)));
    if (header.length === 0) {
      for (let i = 0; i < values.length; i += 1) header.push(String(values[i] ?? '').trim());
      return;
    }
    const bad = values.findIndex((v) => typeof v === 'string' && isBadText(v));
    if (bad >= 0) throw new FormworkError('FW_REQ_BAD_TEXT', {}, [problem(`/rows/${number}/${bad + 1}`, 'FW_REQ_BAD_TEXT')]);
    const cells = Object.fromEntries(header.map((name, i) => [name, values[i] ?? '']));
    if (Object.values(cells).every((v) => v === '' || v === null)) return;
    rows.push({ row: number, cells });
  });
  return { header, rows };
}

/** A cell's value: text, number, boolean or date (formulas as their results, rich text as its text). */
function cellValue(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return '';
  if (value instanceof Date || typeof value !== 'object') return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('text' in value) return value.text;
  if ('result' in value) return cellValue(value.result as ExcelJS.CellValue);
  if ('error' in value) return '';
  return String(value);
}
