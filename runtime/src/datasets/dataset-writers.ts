/**
 * Export formats, each written row by row to a stream that may be slow to drain (back-pressure
 * respected): CSV in UTF-8 with a byte-order mark (Excel in China opens it as UTF-8), XLSX
 * through exceljs' streaming writer, and JSON lines. Texts are neutralised against formula
 * injection in CSV and XLSX alike.
 */
import type { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvLine, neutralise, rowObject } from './dataset-rows.js';

export interface RowWriter {
  contentType: string;
  start(out: PassThrough, header: string[]): Promise<void>;
  /** A batch of rows, written as one chunk where the format allows. */
  rows(rows: unknown[][]): Promise<void>;
  end(): Promise<void>;
}

/** Writes a chunk, waiting when the stream asks to. */
function write(out: PassThrough, chunk: string): Promise<void> {
  return out.write(chunk) ? Promise.resolve() : new Promise((resolve) => out.once('drain', () => resolve()));
}

function csvWriter(): RowWriter {
  let out: PassThrough;
  return {
    contentType: 'text/csv; charset=utf-8',
    async start(stream, header) {
      out = stream;
      await write(out, '\ufeff' + csvLine(header));
    },
    rows: (rows) => write(out, rows.map(csvLine).join('')),
    async end() {
      out.end();
    },
  };
}

function jsonlWriter(): RowWriter {
  let out: PassThrough;
  let header: string[];
  return {
    contentType: 'application/x-ndjson; charset=utf-8',
    async start(stream, names) {
      out = stream;
      header = names;
    },
    rows: (rows) => write(out, rows.map((cells) => JSON.stringify(rowObject(header, cells)) + '\n').join('')),
    async end() {
      out.end();
    },
  };
}

function xlsxWriter(sheetTitle: string): RowWriter {
  let book: ExcelJS.stream.xlsx.WorkbookWriter;
  let sheet: ExcelJS.Worksheet;
  let out: PassThrough;
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    async start(stream, header) {
      out = stream;
      book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
      // Sheet names: at most 31 characters, none of : \ / ? * [ ].
      sheet = book.addWorksheet(sheetTitle.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'data');
      const row = sheet.addRow(header);
      row.font = { bold: true };
      row.commit();
    },
    async rows(rows) {
      for (const cells of rows) sheet.addRow(cells.map((cell) => neutralise(cell) ?? null)).commit();
      if (out.writableNeedDrain) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    },
    async end() {
      sheet.commit();
      await book.commit();
    },
  };
}

export function writerFor(format: 'csv' | 'xlsx' | 'jsonl', title: string): RowWriter {
  if (format === 'xlsx') return xlsxWriter(title);
  if (format === 'jsonl') return jsonlWriter();
  return csvWriter();
}
