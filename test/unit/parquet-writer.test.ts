/** The Parquet writer: row groups streamed as they fill, values of the wrong type as null (or text), read back with hyparquet. */
import { PassThrough } from 'node:stream';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { ROW_GROUP, parquetValue, parquetWriter } from '../../runtime/src/datasets/parquet-writer.js';

async function written(rows: unknown[][], header = ['N', 'T']): Promise<{ file: ArrayBuffer; chunks: number }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => out.on('end', resolve));
  const writer = parquetWriter();
  await writer.start(out, header, ['integer', 'string']);
  for (let i = 0; i < rows.length; i += 5_000) await writer.rows(rows.slice(i, i + 5_000));
  await writer.end();
  await done;
  const all = Buffer.concat(chunks);
  return { file: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer, chunks: chunks.length };
}

describe('parquet writer', () => {
  it('streams a row group each time one fills, and the file reads back whole', async () => {
    const rows = Array.from({ length: ROW_GROUP * 2 + 7 }, (_, i) => [i, `第${i}行`]);
    const { file, chunks } = await written(rows);
    const metadata = parquetMetadata(file);
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([ROW_GROUP, ROW_GROUP, 7]);
    // The header, each row group and the footer went out as they were ready, not as one buffer at the end.
    expect(chunks).toBeGreaterThanOrEqual(3);
    const back = await parquetReadObjects({ file, rowStart: ROW_GROUP * 2, rowEnd: ROW_GROUP * 2 + 2 });
    expect(back).toEqual([{ N: BigInt(ROW_GROUP * 2), T: `第${ROW_GROUP * 2}行` }, { N: BigInt(ROW_GROUP * 2 + 1), T: `第${ROW_GROUP * 2 + 1}行` }]);
  });

  it('names a repeated header cell apart (titles may repeat)', async () => {
    const { file } = await written([[1, 'a']], ['同名', '同名']);
    expect(parquetMetadata(file).schema.slice(1).map((e) => e.name)).toEqual(['同名', '同名_2']);
  });

  it('converts each cell to its column’s type; a value of another type is null, or its text in a text column', () => {
    expect(parquetValue(3, 'integer')).toBe(3n);
    expect(parquetValue(3.5, 'integer')).toBeNull();
    expect(parquetValue('3', 'number')).toBeNull();
    expect(parquetValue('2026-03-05', 'date')).toBe(Date.UTC(2026, 2, 5) / 86_400_000);
    expect(parquetValue('2026-3-5', 'date')).toBeNull();
    expect(parquetValue('2026-03-05T10:00:00+08:00', 'date-time')).toBe(BigInt(Date.UTC(2026, 2, 5, 2)));
    expect(parquetValue('yes', 'boolean')).toBeNull();
    expect(parquetValue(12, 'string')).toBe('12');
    expect(parquetValue({ a: 1 }, 'string')).toBe('{"a":1}');
    expect(parquetValue(undefined, 'string')).toBeNull();
  });
});
