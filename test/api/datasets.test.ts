/**
 * Datasets (the `exports` of module definitions): listed with their codebooks, exported as CSV,
 * XLSX and JSON lines with codes or titles, filtered by the dataset's own date, states and the
 * caller's subtree, formula injection neutralised, every export audited.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countDatasetRows, datasetBatches } from '../../runtime/src/datasets/dataset-store.js';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
const t: Record<string, string> = {};
const INJECTION = '=HYPERLINK("http://evil.example","点我")';

const definition = {
  key: 'ds-form',
  kind: 'record',
  title: { 'zh-CN': '测试登记' },
  schema: {
    type: 'object',
    properties: {
      title: { type: 'string', title: '标题', maxLength: 200 },
      kind: { type: 'string', title: '来源', oneOf: [{ const: 'letter', title: '来信' }, { const: 'visit', title: '来访' }, { const: 'old', title: '旧渠道', deprecated: true }] },
      on: { type: 'string', format: 'date', title: '受理日期' },
      amount: { type: 'number', title: '金额' },
    },
  },
  exports: [
    {
      name: 'ds-rows',
      title: { 'zh-CN': '测试明细', en: 'Test rows' },
      dateField: '/on',
      columns: [
        { code: 'ID', source: '@id' },
        { code: 'UNIT', source: '@unitCode' },
        { code: 'STATE', source: '@state' },
        { code: 'TITLE', source: '/title' },
        { code: 'KIND', source: '/kind', map: { letter: '01', visit: '02', old: '09' } },
        { code: 'ON', source: '/on' },
        { code: 'AMOUNT', source: '/amount' },
      ],
    },
  ],
};

const exportOf = (token: string, query: string) => call(instance, token, { method: 'GET', url: `/api/datasets/ds-rows?${query}` });
const csvRows = (body: string): string[][] => parseCsv(body.replace(/^\ufeff/, ''), { relax_column_count: true });

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  const hq = await login(instance);
  await seedOrganisation(instance, hq);
  const published = await call(instance, hq, { method: 'POST', url: '/api/modules/ds-form/versions', payload: definition });
  expect(published.statusCode, published.body).toBe(201);
  for (const [name, roles, unit] of [['c11-officer', ['officer'], 'C11'], ['c21-officer', ['officer'], 'C21'], ['p1-exporter', ['exporter'], 'P1'], ['hq-exporter', ['exporter'], 'HQ']] as const) {
    await createUser(instance, { username: name, roles: [...roles], unitCode: unit });
    t[name] = await login(instance, name);
  }
  const rows = [
    ['c11-officer', { title: '三月来信', kind: 'letter', on: '2026-03-05', amount: 1.5 }],
    ['c11-officer', { title: INJECTION, kind: 'visit', on: '2026-03-31' }],
    ['c11-officer', { title: '四月, "引号"', kind: 'letter', on: '2026-04-01', amount: 20 }],
    ['c21-officer', { title: '乙省的', kind: 'visit', on: '2026-03-10' }],
  ] as const;
  for (const [who, data] of rows) {
    const created = await call(instance, t[who]!, { method: 'POST', url: '/api/modules/ds-form/records', payload: { data } });
    expect(created.statusCode, created.body).toBe(201);
  }
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('datasets', () => {
  it('are listed with their codebooks: types, titles, codes (mapped) and the workflow’s states', async () => {
    const list = await call(instance, t['p1-exporter']!, { method: 'GET', url: '/api/datasets' });
    expect(list.statusCode).toBe(200);
    const dataset = (list.json() as { name: string }[]).find((d) => d.name === 'ds-rows') as unknown as { columns: { code: string; type: string; title: { 'zh-CN': string }; codes: { code: string; title: { 'zh-CN': string }; deprecated: boolean }[] }[]; dateField: string };
    expect(dataset.dateField).toBe('/on');
    const byCode = Object.fromEntries(dataset.columns.map((c) => [c.code, c]));
    expect(byCode.KIND).toMatchObject({ type: 'string', title: { 'zh-CN': '来源' } });
    expect(byCode.KIND!.codes).toEqual([
      { code: '01', title: { 'zh-CN': '来信', en: '来信' }, deprecated: false },
      { code: '02', title: { 'zh-CN': '来访', en: '来访' }, deprecated: false },
      { code: '09', title: { 'zh-CN': '旧渠道', en: '旧渠道' }, deprecated: true },
    ]);
    expect(byCode.ON!.type).toBe('date');
    expect(byCode.AMOUNT!.type).toBe('number');
    expect(byCode.STATE!.codes.map((c) => c.code)).toContain('draft');
    // Officers import into datasets, so they read the codebooks too (but export nothing).
    expect((await call(instance, t['c11-officer']!, { method: 'GET', url: '/api/datasets' })).statusCode).toBe(200);
    expect((await exportOf(t['c11-officer']!, 'format=csv')).statusCode).toBe(403);
  });

  it('exports the caller’s subtree as CSV with a BOM, codes mapped, texts quoted and formulas neutralised', async () => {
    const response = await exportOf(t['p1-exporter']!, 'format=csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toContain(encodeURIComponent('测试明细.csv'));
    expect(response.body.startsWith('\ufeffID,UNIT,STATE,TITLE,KIND,ON,AMOUNT\r\n')).toBe(true);
    const rows = csvRows(response.body).slice(1);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r[1] === 'C11')).toBe(true);
    expect(rows.map((r) => r[4])).toEqual(['01', '02', '01']);
    expect(response.body).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(response.body).toContain('"四月, ""引号"""');
  });

  it('exports titles, or codes and titles side by side, under code or Chinese headers', async () => {
    const titles = csvRows((await exportOf(t['p1-exporter']!, 'labels=titles&header=titles')).body);
    expect(titles[0]).toEqual(['记录编号', '单位代码', '办理状态', '标题', '来源', '受理日期', '金额']);
    expect(titles[1]![4]).toBe('来信');
    expect(titles[1]![2]).not.toBe('draft');
    const both = csvRows((await exportOf(t['p1-exporter']!, 'labels=both')).body);
    expect(both[0]).toEqual(['ID', 'UNIT', 'STATE', 'STATE_TITLE', 'TITLE', 'KIND', 'KIND_TITLE', 'ON', 'AMOUNT']);
    expect([both[1]![5], both[1]![6]]).toEqual(['01', '来信']);
  });

  it('filters by the dataset’s own date (period, from/to), by states and by a unit of the subtree', async () => {
    const march = csvRows((await exportOf(t['hq-exporter']!, 'period=2026-03')).body).slice(1);
    expect(march.map((r) => r[5]).sort()).toEqual(['2026-03-05', '2026-03-10', '2026-03-31']);
    const quarter = csvRows((await exportOf(t['hq-exporter']!, 'period=2026Q2')).body).slice(1);
    expect(quarter.map((r) => r[5])).toEqual(['2026-04-01']);
    const range = csvRows((await exportOf(t['hq-exporter']!, 'from=2026-03-06&to=2026-03-31')).body).slice(1);
    expect(range.map((r) => r[5]).sort()).toEqual(['2026-03-10', '2026-03-31']);
    const unit = csvRows((await exportOf(t['hq-exporter']!, 'unit=C21')).body).slice(1);
    expect(unit.map((r) => r[1])).toEqual(['C21']);
    expect(csvRows((await exportOf(t['hq-exporter']!, 'state=submitted')).body)).toHaveLength(1);
    expect((await exportOf(t['p1-exporter']!, 'unit=C21')).statusCode).toBe(404);
    const badPeriod = await exportOf(t['p1-exporter']!, 'period=2026-13');
    expect(badPeriod.statusCode).toBe(422);
    expect(badPeriod.json().code).toBe('FW_DATASET_PERIOD');
    expect((await call(instance, t['p1-exporter']!, { method: 'GET', url: '/api/datasets/nope' })).json().code).toBe('FW_DATASET_NOT_FOUND');
  });

  it('exports XLSX and JSON lines that read back, neutralised alike', async () => {
    const xlsx = await exportOf(t['p1-exporter']!, 'format=xlsx&labels=titles');
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('测试明细');
    expect(sheet.getRow(1).values).toEqual([undefined, 'ID', 'UNIT', 'STATE', 'TITLE', 'KIND', 'ON', 'AMOUNT']);
    const titles = [2, 3, 4].map((r) => sheet.getRow(r).getCell(4).value);
    expect(titles).toContain(`'${INJECTION}`);
    expect(sheet.getRow(2).getCell(7).value).toBe(1.5);

    const jsonl = await exportOf(t['p1-exporter']!, 'format=jsonl');
    const lines = jsonl.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ UNIT: 'C11', KIND: '01', ON: '2026-03-05', AMOUNT: 1.5 });
  });

  it('gives one row’s JSON Schema and the codebook as a spreadsheet', async () => {
    const schema = (await call(instance, t['p1-exporter']!, { method: 'GET', url: '/api/datasets/ds-rows/schema.json' })).json();
    expect(schema.properties.KIND).toEqual({ title: '来源', type: ['string', 'null'], enum: ['01', '02', '09', null] });
    expect(schema.properties.ON).toMatchObject({ type: ['string', 'null'], format: 'date' });
    const codebook = await call(instance, t['p1-exporter']!, { method: 'GET', url: '/api/datasets/ds-rows/codebook?format=xlsx' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(codebook.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['字段', '代码']);
    const codeRows: unknown[][] = [];
    book.getWorksheet('代码')!.eachRow((row) => codeRows.push((row.values as unknown[]).slice(1)));
    expect(codeRows).toContainEqual(['KIND', '01', '来信', '来信']);
    expect(codeRows).toContainEqual(['KIND', '09', '旧渠道', '旧渠道', '是']);
  });

  it('reads every record exactly once across keyset batches (microsecond timestamps included)', async () => {
    const [root] = (await instance.db.sequelize.query("SELECT path::text AS path FROM units WHERE code = 'HQ'"))[0] as { path: string }[];
    const seen: string[] = [];
    const filter = { moduleKey: 'ds-form', scopePath: root!.path, states: null, dateField: '/on', from: null, to: null };
    for await (const batch of datasetBatches(instance.db.sequelize, filter, 1)) seen.push(...batch.map((r) => r.id));
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    expect(await countDatasetRows(instance.db.sequelize, filter)).toBe(4);
  });

  it('audits every export with its filter and the rows written', async () => {
    await exportOf(t['p1-exporter']!, 'period=2026-03&labels=both');
    // The audit entry is written once the stream ends.
    await new Promise((r) => setTimeout(r, 100));
    const [rows] = await instance.db.sequelize.query("SELECT actor, details FROM audit_log WHERE action = 'dataset.export' ORDER BY seq DESC LIMIT 1");
    expect(rows).toEqual([{ actor: 'p1-exporter', details: expect.objectContaining({ dataset: 'ds-rows', period: '2026-03', labels: 'both', rows: 2, unit: 'P1' }) }]);
  });
});
