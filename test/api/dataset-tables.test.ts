/**
 * Dataset formats beyond one flat file: repeating groups as linked tables (PARENT_ID + ROW_NO)
 * in a zip of CSV / JSON lines / Parquet files or as extra XLSX sheets, listed in the codebook;
 * Parquet read back with a reader (hyparquet), its columns typed; a definition whose linked
 * table is no list refused at publish.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
const t: Record<string, string> = {};
const INJECTION = '=1+1';

const definition = {
  key: 'tbl-form',
  kind: 'record',
  title: { 'zh-CN': '明细登记' },
  schema: {
    type: 'object',
    properties: {
      title: { type: 'string', title: '标题' },
      on: { type: 'string', format: 'date', title: '受理日期' },
      count: { type: 'integer', title: '件数' },
      urgent: { type: 'boolean', title: '紧急' },
      amount: { type: 'number', title: '金额' },
      lines: {
        type: 'array',
        title: '明细',
        items: {
          type: 'object',
          properties: {
            item: { type: 'string', title: '物品' },
            kind: { type: 'string', title: '类别', oneOf: [{ const: 'cash', title: '现金' }, { const: 'gift', title: '礼品' }] },
            value: { type: 'number', title: '价值' },
          },
        },
      },
    },
  },
  exports: [
    {
      name: 'tbl-rows',
      title: { 'zh-CN': '明细主表', en: 'Main rows' },
      dateField: '/on',
      columns: [
        { code: 'ID', source: '@id' },
        { code: 'UNIT', source: '@unitCode' },
        { code: 'CREATED', source: '@createdAt' },
        { code: 'TITLE', source: '/title' },
        { code: 'ON', source: '/on' },
        { code: 'COUNT', source: '/count' },
        { code: 'URGENT', source: '/urgent' },
        { code: 'AMOUNT', source: '/amount' },
      ],
      repeats: [
        { name: 'LINES', title: { 'zh-CN': '明细行', en: 'Lines' }, source: '/lines', columns: [{ code: 'ITEM', source: '/item' }, { code: 'KIND', source: '/kind', map: { cash: 'C', gift: 'G' } }, { code: 'VALUE', source: '/value' }] },
      ],
    },
    {
      name: 'tbl-flat',
      title: { 'zh-CN': '明细平表' },
      columns: [
        { code: 'TITLE', source: '/title' },
        { code: 'ON', source: '/on' },
        { code: 'COUNT', source: '/count' },
        { code: 'URGENT', source: '/urgent' },
        { code: 'AMOUNT', source: '/amount' },
        { code: 'CREATED', source: '@createdAt' },
      ],
    },
  ],
};

const exportOf = (name: string, query: string) => call(instance, t['p1-exporter']!, { method: 'GET', url: `/api/datasets/${name}?${query}` });
const csvRows = (body: string): string[][] => parseCsv(body.replace(/^\ufeff/, ''), { relax_column_count: true });
const bytes = (payload: Buffer) => payload.buffer.slice(payload.byteOffset, payload.byteOffset + payload.byteLength) as ArrayBuffer;

const ids: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  const hq = await login(instance);
  await seedOrganisation(instance, hq);
  const published = await call(instance, hq, { method: 'POST', url: '/api/modules/tbl-form/versions', payload: definition });
  expect(published.statusCode, published.body).toBe(201);
  for (const [name, roles, unit] of [['c11-officer', ['officer'], 'C11'], ['c21-officer', ['officer'], 'C21'], ['p1-exporter', ['exporter'], 'P1']] as const) {
    await createUser(instance, { username: name, roles: [...roles], unitCode: unit });
    t[name] = await login(instance, name);
  }
  const rows = [
    ['c11-officer', { title: '两行', on: '2026-03-05', count: 2, urgent: true, amount: 1.5, lines: [{ item: '购物卡', kind: 'cash', value: 500 }, { item: INJECTION, kind: 'gift' }] }],
    ['c11-officer', { title: '无明细', on: '2026-03-06', count: 0, urgent: false }],
    ['c11-officer', { title: '一行', on: '2026-04-01', lines: [{ item: '茶叶', kind: 'gift', value: 80.5 }] }],
    ['c21-officer', { title: '乙省的', on: '2026-03-10', lines: [{ item: '不应导出', kind: 'cash' }] }],
  ] as const;
  for (const [who, data] of rows) {
    const created = await call(instance, t[who]!, { method: 'POST', url: '/api/modules/tbl-form/records', payload: { data } });
    expect(created.statusCode, created.body).toBe(201);
    ids[data.title] = created.json().id;
  }
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('linked tables', () => {
  it('are listed in the codebook (JSON and XLSX) with PARENT_ID and ROW_NO first', async () => {
    const dataset = (await call(instance, t['p1-exporter']!, { method: 'GET', url: '/api/datasets/tbl-rows/codebook' })).json();
    expect(dataset.tables).toHaveLength(1);
    expect(dataset.tables[0]).toMatchObject({ name: 'LINES', title: { 'zh-CN': '明细行', en: 'Lines' }, source: '/lines' });
    expect(dataset.tables[0].columns.map((c: { code: string }) => c.code)).toEqual(['PARENT_ID', 'ROW_NO', 'ITEM', 'KIND', 'VALUE']);
    expect(dataset.tables[0].columns[3]).toMatchObject({ title: { 'zh-CN': '类别' }, codes: [{ code: 'C', title: { 'zh-CN': '现金' } }, { code: 'G', title: { 'zh-CN': '礼品' } }] });
    expect(dataset.tables[0].columns[4]).toMatchObject({ title: { 'zh-CN': '价值' }, type: 'number' });
    const flat = (await call(instance, t['p1-exporter']!, { method: 'GET', url: '/api/datasets/tbl-flat/codebook' })).json();
    expect(flat.tables).toEqual([]);

    const xlsx = await call(instance, t['p1-exporter']!, { method: 'GET', url: '/api/datasets/tbl-rows/codebook?format=xlsx' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes(xlsx.rawPayload));
    const fields: unknown[][] = [];
    book.getWorksheet('字段')!.eachRow((row) => fields.push((row.values as unknown[]).slice(1)));
    expect(fields).toContainEqual(['PARENT_ID', '所属记录编号', 'Parent record id', '文本', '@id', 'LINES（明细行）']);
    expect(fields).toContainEqual(['ITEM', '物品', 'item', '文本', '/item', 'LINES（明细行）']);
    const codes: unknown[][] = [];
    book.getWorksheet('代码')!.eachRow((row) => codes.push((row.values as unknown[]).slice(1)));
    expect(codes).toContainEqual(['KIND', 'G', '礼品', '礼品', undefined, 'LINES（明细行）']);
  });

  it('CSV: a zip of the dataset’s file and one per linked table, linked by PARENT_ID and ROW_NO, formulas neutralised', async () => {
    const response = await exportOf('tbl-rows', 'format=csv&labels=both');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toContain(encodeURIComponent('明细主表.zip'));
    const zip = await JSZip.loadAsync(response.rawPayload);
    expect(Object.keys(zip.files).sort()).toEqual(['LINES.csv', 'tbl-rows.csv']);
    const main = csvRows(await zip.file('tbl-rows.csv')!.async('string'));
    expect(main.slice(1).map((r) => r[3]).sort()).toEqual(['一行', '两行', '无明细']);
    const lines = csvRows(await zip.file('LINES.csv')!.async('string'));
    expect(lines[0]).toEqual(['PARENT_ID', 'ROW_NO', 'ITEM', 'KIND', 'KIND_TITLE', 'VALUE']);
    expect(lines.slice(1).sort((a, b) => a.join().localeCompare(b.join()))).toEqual(
      [
        [ids['两行'], '1', '购物卡', 'C', '现金', '500'],
        [ids['两行'], '2', `'${INJECTION}`, 'G', '礼品', ''],
        [ids['一行'], '1', '茶叶', 'G', '礼品', '80.5'],
      ].sort((a, b) => a.join().localeCompare(b.join())),
    );
    // Every PARENT_ID is an exported record (of the caller's subtree only).
    const parents = new Set(main.slice(1).map((r) => r[0]));
    expect(lines.slice(1).every((r) => parents.has(r[0]))).toBe(true);
  });

  it('JSON lines: a zip too; filters apply to the linked table’s records', async () => {
    const response = await exportOf('tbl-rows', 'format=jsonl&period=2026-04');
    const zip = await JSZip.loadAsync(response.rawPayload);
    const lines = (await zip.file('LINES.jsonl')!.async('string')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([{ PARENT_ID: ids['一行'], ROW_NO: 1, ITEM: '茶叶', KIND: 'G', VALUE: 80.5 }]);
  });

  it('XLSX: one sheet per table, titled in Chinese', async () => {
    const response = await exportOf('tbl-rows', 'format=xlsx&labels=titles&header=titles');
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes(response.rawPayload));
    expect(book.worksheets.map((w) => w.name)).toEqual(['明细主表', '明细行']);
    const sheet = book.getWorksheet('明细行')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['所属记录编号', '序号', '物品', '类别', '价值']);
    const rows: unknown[][] = [];
    sheet.eachRow((row, n) => n > 1 && rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toHaveLength(3);
    expect(rows).toContainEqual([ids['两行'], 2, `'${INJECTION}`, '礼品']);
  });

  it('the export’s audit entry counts the rows of each table', async () => {
    await exportOf('tbl-rows', 'format=csv');
    await new Promise((r) => setTimeout(r, 200));
    const [rows] = await instance.db.sequelize.query("SELECT details FROM audit_log WHERE action = 'dataset.export' ORDER BY seq DESC LIMIT 1");
    expect((rows as { details: unknown }[])[0]!.details).toMatchObject({ dataset: 'tbl-rows', format: 'csv', rows: 3, tableRows: { LINES: 3 } });
  });

  it('a linked table whose source is not a list is refused at publish', async () => {
    const hq = await login(instance);
    const bad = structuredClone(definition) as typeof definition;
    bad.key = 'tbl-bad';
    (bad.exports[0]!.repeats![0] as { source: string }).source = '/title';
    (bad.exports[0]!.repeats![0]!.columns[0] as { code: string }).code = 'ROW_NO';
    const response = await call(instance, hq, { method: 'POST', url: '/api/modules/tbl-bad/versions', payload: bad });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toContainEqual(expect.objectContaining({ path: '/exports/0/repeats/0/source', code: 'FW_DEF_NOT_A_LIST' }));
    (bad.exports[0]!.repeats![0] as { source: string }).source = '/lines';
    const again = await call(instance, hq, { method: 'POST', url: '/api/modules/tbl-bad/versions', payload: bad });
    expect(again.json().errors).toContainEqual(expect.objectContaining({ path: '/exports/0/repeats/0/columns/0/code', code: 'FW_DEF_DUPLICATE' }));
  });
});

describe('Parquet', () => {
  it('exports a Parquet file that a reader reads back, each column typed', async () => {
    const response = await exportOf('tbl-flat', 'format=parquet');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.apache.parquet');
    expect(response.headers['content-disposition']).toContain(encodeURIComponent('明细平表.parquet'));
    const file = bytes(response.rawPayload);
    const metadata = parquetMetadata(file);
    expect(Number(metadata.num_rows)).toBe(3);
    const types = Object.fromEntries(metadata.schema.slice(1).map((e) => [e.name, [e.type, e.converted_type]]));
    expect(types).toEqual({ TITLE: ['BYTE_ARRAY', 'UTF8'], ON: ['INT32', 'DATE'], COUNT: ['INT64', undefined], URGENT: ['BOOLEAN', undefined], AMOUNT: ['DOUBLE', undefined], CREATED: ['INT64', 'TIMESTAMP_MILLIS'] });
    const rows = (await parquetReadObjects({ file })).sort((a, b) => String(a.TITLE).localeCompare(String(b.TITLE)));
    const byTitle = Object.fromEntries(rows.map((r) => [r.TITLE, r]));
    expect(byTitle['两行']).toMatchObject({ COUNT: 2n, URGENT: true, AMOUNT: 1.5 });
    expect((byTitle['两行']!.ON as Date).toISOString()).toBe('2026-03-05T00:00:00.000Z');
    expect(byTitle['无明细']).toMatchObject({ COUNT: 0n, URGENT: false, AMOUNT: null });
    expect(byTitle['一行']).toMatchObject({ COUNT: null, URGENT: null });
    const [created] = (await instance.db.sequelize.query('SELECT created_at FROM records WHERE id = $1', { bind: [ids['两行']] }))[0] as { created_at: Date }[];
    expect((byTitle['两行']!.CREATED as Date).getTime()).toBe(Math.floor(new Date(created!.created_at).getTime() / 1000) * 1000);
  });

  it('with linked tables, a zip of Parquet files; titles make coded columns text', async () => {
    const response = await exportOf('tbl-rows', 'format=parquet&labels=titles');
    expect(response.headers['content-type']).toBe('application/zip');
    const zip = await JSZip.loadAsync(response.rawPayload);
    const lines = await zip.file('LINES.parquet')!.async('arraybuffer');
    const rows = await parquetReadObjects({ file: lines });
    expect(rows).toContainEqual({ PARENT_ID: ids['一行'], ROW_NO: 1n, ITEM: '茶叶', KIND: '礼品', VALUE: 80.5 });
    expect(rows).toHaveLength(3);
  });

  it('writes a readable file with no rows', async () => {
    const none = await exportOf('tbl-flat', 'format=parquet&period=2020');
    const file = bytes(none.rawPayload);
    expect(Number(parquetMetadata(file).num_rows)).toBe(0);
    expect(await parquetReadObjects({ file })).toEqual([]);
  });
});
