/**
 * Export formats, each written row by row to a stream that may be slow to drain (back-pressure
 * respected): CSV in UTF-8 with a byte-order mark (Excel in China opens it as UTF-8), XLSX
 * through exceljs' streaming writer, JSON lines, and Parquet (row groups as they fill). Texts are
 * neutralised against formula injection in CSV and XLSX alike. A dataset with linked tables
 * (repeating groups) is a zip of one file per table, or one sheet per table in XLSX.
 */
import { PassThrough, Transform, type TransformCallback, type Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { ZipArchive } from 'archiver';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { DatasetColumn } from '../api/datasets.js';
import { csvLine, neutralise, rowObject } from './dataset-rows.js';
import { parquetWriter } from './parquet-writer.js';

export type ExportFormat = 'csv' | 'xlsx' | 'jsonl' | 'parquet';
/** How CSV text is encoded: UTF-8 with a byte-order mark, or GB18030 (older Excel and WPS set to the Chinese code page). */
export type CsvEncoding = 'utf-8' | 'gb18030';

export interface RowWriter {
  contentType: string;
  /** Begins the file: its header and each header cell's type (Parquet declares its columns with them). */
  start(out: PassThrough, header: string[], types: readonly DatasetColumn['type'][]): Promise<void>;
  /** A batch of rows, written as one chunk where the format allows. */
  rows(rows: unknown[][]): Promise<void>;
  /** Ends the file and the stream. */
  end(): Promise<void>;
  /** Where a CSV writer writes (its rows may come from elsewhere: see ExportTable.csv). */
  readonly target?: Writable;
}

/** One table of an export: the dataset's own rows, or a linked table's. */
export interface ExportTable {
  /** The file's name in a zip, without extension: the dataset's or the linked table's code. */
  name: string;
  /** The sheet's name in XLSX: its Chinese title. */
  sheet: string;
  header: string[];
  types: DatasetColumn['type'][];
  /** The rows, batch by batch, read when the table's turn comes. */
  batches(): AsyncIterable<unknown[][]>;
  /**
   * The same rows as CSV (no header) written to `out` by PostgreSQL (see dataset-copy.ts), when
   * the table can be: a CSV export then takes it instead of the batches.
   */
  csv?: (out: Writable, onRows: (rows: number) => void) => Promise<void>;
}

/** Writes a chunk, waiting when the stream asks to. */
export function write(out: Writable, chunk: string | Buffer): Promise<void> {
  return out.write(chunk) ? Promise.resolve() : new Promise((resolve) => out.once('drain', () => resolve()));
}

/** UTF-8 text (strings or bytes, a character possibly split between chunks) re-encoded as GB18030. */
class Gb18030 extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    done(null, iconv.encode(this.decoder.write(chunk), 'gb18030'));
  }
  override _flush(done: TransformCallback): void {
    done(null, iconv.encode(this.decoder.end(), 'gb18030'));
  }
}

function csvWriter(encoding: CsvEncoding): RowWriter {
  let out: Writable;
  return {
    contentType: `text/csv; charset=${encoding}`,
    async start(stream, header) {
      out = stream;
      if (encoding === 'gb18030') {
        out = new Gb18030();
        out.pipe(stream);
      }
      await write(out, (encoding === 'utf-8' ? '\ufeff' : '') + csvLine(header));
    },
    get target() {
      return out;
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

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Sheet names: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (title: string) => title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'data';

/** One workbook, a sheet per table, each written and committed before the next (exceljs streams a sheet at a time). */
async function writeXlsx(out: PassThrough, tables: readonly ExportTable[], onRows: (table: number, rows: number) => void): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const used = new Set<string>();
  for (const [i, table] of tables.entries()) {
    let name = sheetName(table.sheet);
    for (let n = 2; used.has(name); n++) name = `${sheetName(table.sheet).slice(0, 28)}(${n})`;
    used.add(name);
    const sheet = book.addWorksheet(name);
    const head = sheet.addRow(table.header);
    head.font = { bold: true };
    head.commit();
    for await (const rows of table.batches()) {
      for (const cells of rows) sheet.addRow(cells.map((cell) => neutralise(cell) ?? null)).commit();
      onRows(i, rows.length);
      if (out.writableNeedDrain) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    sheet.commit();
  }
  await book.commit();
}

function rowWriter(format: Exclude<ExportFormat, 'xlsx'>, encoding: CsvEncoding): RowWriter {
  if (format === 'jsonl') return jsonlWriter();
  if (format === 'parquet') return parquetWriter();
  return csvWriter(encoding);
}

/** Writes one table through a row writer to a stream (which the writer ends). */
async function writeTable(out: PassThrough, format: Exclude<ExportFormat, 'xlsx'>, table: ExportTable, onRows: (rows: number) => void, encoding: CsvEncoding): Promise<void> {
  const writer = rowWriter(format, encoding);
  await writer.start(out, table.header, table.types);
  if (format === 'csv' && table.csv) await table.csv(writer.target!, onRows);
  else {
    for await (const rows of table.batches()) {
      await writer.rows(rows);
      onRows(rows.length);
    }
  }
  await writer.end();
}

/** What an export is sent as: the format's own type, or a zip when linked tables make it several files. */
export function contentTypeOf(format: ExportFormat, tables: number, encoding: CsvEncoding = 'utf-8'): { contentType: string; extension: string } {
  if (format === 'xlsx') return { contentType: XLSX_TYPE, extension: 'xlsx' };
  if (tables > 1) return { contentType: 'application/zip', extension: 'zip' };
  return { contentType: rowWriter(format, encoding).contentType, extension: format };
}

/**
 * Writes the tables of an export to `out` and ends it: one file, one workbook with a sheet per
 * table, or a zip (streamed by archiver) with one file per table. `onRows(table, n)` hears of
 * each batch written.
 */
export async function writeTables(out: PassThrough, format: ExportFormat, tables: readonly ExportTable[], onRows: (table: number, rows: number) => void, encoding: CsvEncoding = 'utf-8'): Promise<void> {
  if (format === 'xlsx') return writeXlsx(out, tables, onRows);
  if (tables.length === 1) return writeTable(out, format, tables[0]!, (n) => onRows(0, n), encoding);
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const done = new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    out.on('error', reject);
    out.on('finish', () => resolve());
  });
  zip.pipe(out);
  for (const [i, table] of tables.entries()) {
    // Entries are zipped one after another: this one's rows are written as archiver reads them.
    const entry = new PassThrough();
    zip.append(entry, { name: `${table.name}.${format}` });
    await writeTable(entry, format, table, (n) => onRows(i, n), encoding);
  }
  await zip.finalize();
  await done;
}
