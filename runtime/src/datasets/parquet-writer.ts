/**
 * Parquet export through hyparquet-writer: rows gathered into row groups of ROW_GROUP rows, each
 * encoded (snappy) and sent to the stream as soon as it is complete, so an export never holds
 * more than one row group. Column types follow the dataset's: text UTF8, integers INT64,
 * numbers DOUBLE, booleans BOOLEAN, dates DATE, moments TIMESTAMP (milliseconds, UTC). A cell
 * that is not of its column's type (a record stored under an older schema) is written as its
 * text in a text column and as null in any other.
 */
import type { PassThrough } from 'node:stream';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { DatasetColumn } from '../api/datasets.js';
import type { RowWriter } from './dataset-writers.js';

/** Rows per row group: large enough for good compression, small enough to hold in memory. */
export const ROW_GROUP = 20_000;

type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

/** The schema element of one column. */
function elementOf(name: string, type: DatasetColumn['type']): SchemaElement {
  const optional = { name, repetition_type: 'OPTIONAL' } as const;
  switch (type) {
    case 'integer':
      return { ...optional, type: 'INT64' };
    case 'number':
      return { ...optional, type: 'DOUBLE' };
    case 'boolean':
      return { ...optional, type: 'BOOLEAN' };
    case 'date':
      return { ...optional, type: 'INT32', converted_type: 'DATE' };
    case 'date-time':
      return { ...optional, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' };
    default:
      return { ...optional, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
  }
}

const DAY = 86_400_000;

/** A cell as its Parquet column stores it (null when it is not of that type). */
export function parquetValue(value: unknown, type: DatasetColumn['type']): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : null;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date': {
      const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
      return Number.isNaN(ms) ? null : Math.floor(ms / DAY);
    }
    case 'date-time': {
      const ms = typeof value === 'string' ? Date.parse(value) : NaN;
      return Number.isNaN(ms) ? null : BigInt(ms);
    }
    default:
      return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/**
 * A hyparquet byte writer that hands its bytes to a stream instead of growing one buffer: a
 * chunk when it passes 1 MB, and at the end of every row group (waiting while the stream is full).
 */
function streamSink(out: PassThrough): ByteWriter {
  const sink = new ByteWriter();
  const grow = sink.ensure.bind(sink);
  const drain = (): boolean => {
    if (sink.index === 0) return true;
    // The buffer is reused once its bytes are handed on: they are copied first.
    const ok = out.write(Buffer.from(sink.buffer.slice(0, sink.index)));
    sink.index = 0;
    return ok;
  };
  sink.ensure = (size: number) => {
    if (sink.index > 1_000_000) drain();
    grow(size);
  };
  Object.assign(sink, {
    flush: () => (drain() ? undefined : new Promise<void>((resolve) => out.once('drain', () => resolve()))),
    finish: () => void drain(),
  });
  return sink;
}

export function parquetWriter(): RowWriter {
  let out: PassThrough;
  let writer: ParquetWriter;
  let header: string[];
  let types: readonly DatasetColumn['type'][];
  let pending: unknown[][] = [];
  const writeGroup = async () => {
    if (pending.length === 0) return;
    const rows = pending;
    pending = [];
    const columnData = header.map((name, i) => ({ name, data: rows.map((r) => parquetValue(r[i], types[i]!)) }));
    await writer.write({ columnData, rowGroupSize: rows.length });
  };
  return {
    contentType: 'application/vnd.apache.parquet',
    async start(stream, names, cellTypes) {
      out = stream;
      header = uniqueNames(names);
      types = cellTypes;
      writer = new ParquetWriter({
        writer: streamSink(out),
        schema: [{ name: 'root', num_children: header.length }, ...header.map((name, i) => elementOf(name, types[i] ?? 'string'))],
        createdBy: 'formwork',
      });
    },
    async rows(rows) {
      pending.push(...rows);
      if (pending.length >= ROW_GROUP) await writeGroup();
    },
    async end() {
      await writeGroup();
      await writer.finish();
      out.end();
    },
  };
}

/** Parquet needs distinct column names: a repeated one gets "_2", "_3" … */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name}_${n}`;
  });
}
