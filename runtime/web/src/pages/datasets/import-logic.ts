/** The import wizard's pure logic: files → content types, rejected rows → lines with column titles → CSV. */
import type { DatasetColumn, RowProblem } from '../../../kit/contract';

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
