/**
 * CsvRows turns PostgreSQL's CSV (rows ending in LF) into RFC 4180's (CRLF) and counts the rows,
 * whatever the chunks a stream cuts it into: a line break inside a quoted cell stays as it is,
 * quotes escaped as "" included.
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvRows } from '../../runtime/src/datasets/dataset-copy.js';
import { csvLine } from '../../runtime/src/datasets/dataset-rows.js';

async function through(chunks: Buffer[]): Promise<{ text: string; rows: number; heard: number }> {
  const out: Buffer[] = [];
  let heard = 0;
  const transform = new CsvRows((n) => (heard += n));
  await pipeline(Readable.from(chunks), transform, new Writable({ write: (chunk: Buffer, _e, done) => (out.push(chunk), done()) }));
  return { text: Buffer.concat(out).toString('utf8'), rows: transform.rows, heard };
}

describe('CsvRows', () => {
  it('ends each row with CRLF and counts it, line breaks and quotes inside cells kept, however the bytes are cut', async () => {
    const cell = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.constantFrom('"', '""', '\n', 'a\nb', '"\n"', ',', '中文'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 6 }), async (rows, cuts) => {
        const crlf = rows.map(csvLine).join('');
        // What COPY writes: the same rows ending in LF (a cell's own line breaks are inside quotes).
        const lf = Buffer.from(rows.map((r) => csvLine(r).slice(0, -2) + '\n').join(''), 'utf8');
        const points = [...new Set(cuts.map((c) => (lf.length === 0 ? 0 : c % lf.length)))].sort((a, b) => a - b);
        const chunks = [0, ...points, lf.length].slice(1).map((end, i, all) => lf.subarray(i === 0 ? 0 : all[i - 1], end)).filter((c) => c.length > 0);
        const { text, rows: counted, heard } = await through(chunks);
        expect(text).toBe(crlf);
        expect(counted).toBe(rows.length);
        expect(heard).toBe(rows.length);
      }),
      { numRuns: 300 },
    );
  });
});
