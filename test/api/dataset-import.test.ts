/**
 * Dataset imports: rows of CSV, XLSX and JSON lines validated as creates, problems by row and
 * column, titles accepted for codes, dry runs and atomic imports writing nothing, re-imports
 * creating nothing new, units outside the caller's subtree refused per row, unknown columns
 * refusing the file, an export imported back, and every import audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { verifyAuditChain } from '../../runtime/src/audit/audit-store.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
const t: Record<string, string> = {};

const definition = {
  key: 'imp-form',
  kind: 'record',
  title: { 'zh-CN': '导入测试' },
  schema: {
    type: 'object',
    properties: {
      title: { type: 'string', title: '标题', maxLength: 20 },
      kind: { type: 'string', title: '来源', oneOf: [{ const: 'letter', title: '来信' }, { const: 'visit', title: '来访' }] },
      on: { type: 'string', format: 'date', title: '受理日期' },
      amount: { type: 'number', title: '金额' },
      urgent: { type: 'boolean', title: '紧急' },
    },
  },
  exports: [
    {
      name: 'imp-rows',
      title: { 'zh-CN': '导入明细' },
      dateField: '/on',
      columns: [
        { code: 'ID', source: '@id' },
        { code: 'UNIT', source: '@unitCode' },
        { code: 'STATE', source: '@state' },
        { code: 'TITLE', source: '/title' },
        { code: 'KIND', source: '/kind', map: { letter: '01', visit: '02' } },
        { code: 'ON', source: '/on' },
        { code: 'AMOUNT', source: '/amount' },
        { code: 'URGENT', source: '/urgent' },
      ],
    },
  ],
};

interface Result {
  accepted: number;
  created: number;
  alreadyImported: number;
  rejectedRows: number;
  written: boolean;
  rejected: { row: number; column?: string; code: string; message: string }[];
}

const importCsv = (csv: string, query = '', token = t['p1-officer']!, contentType = 'text/csv') =>
  call(instance, token, { method: 'POST', url: `/api/datasets/imp-rows/import${query}`, payload: csv, headers: { 'content-type': contentType } });

async function countRecords(): Promise<number> {
  const [rows] = await instance.db.sequelize.query("SELECT count(*)::int AS n FROM records WHERE module_key = 'imp-form'");
  return (rows as { n: number }[])[0]!.n;
}

async function dataOf(title: string): Promise<{ unit_code: string; data: Record<string, unknown> }[]> {
  const [rows] = await instance.db.sequelize.query("SELECT unit_code, data FROM records WHERE module_key = 'imp-form' AND data->>'title' = $1", { bind: [title] });
  return rows as { unit_code: string; data: Record<string, unknown> }[];
}

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  const hq = await login(instance);
  await seedOrganisation(instance, hq);
  const published = await call(instance, hq, { method: 'POST', url: '/api/modules/imp-form/versions', payload: definition });
  expect(published.statusCode, published.body).toBe(201);
  for (const [name, roles, unit] of [['p1-officer', ['officer'], 'P1'], ['p1-exporter', ['exporter'], 'P1']] as const) {
    await createUser(instance, { username: name, roles: [...roles], unitCode: unit });
    t[name] = await login(instance, name);
  }
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('dataset import', () => {
  const mixed = [
    '\ufeffUNIT,TITLE,KIND,ON,AMOUNT,URGENT',
    'C11,甲一,01,2026-03-05,1.5,是',
    'C11,甲二,来访,2026/3/6,,否',
    'C11,甲三,99,2026-03-07,abc,',
    'C21,甲四,01,,,',
    'C11,这是一个超过了二十个字符的标题，肯定太长了啊啊,02,,,',
  ].join('\r\n');

  it('creates the valid rows and reports each problem with its row, column, code and a Chinese message', async () => {
    const response = await importCsv(mixed);
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json() as Result;
    expect(result).toMatchObject({ accepted: 2, created: 2, alreadyImported: 0, rejectedRows: 3, written: true });
    const byRow = (row: number) => result.rejected.filter((r) => r.row === row);
    expect(byRow(4).map((r) => [r.column, r.code])).toEqual([
      ['KIND', 'FW_DATASET_IMPORT_CODE'],
      ['AMOUNT', 'FW_DATASET_IMPORT_TYPE'],
    ]);
    expect(byRow(4)[0]!.message).toContain('01（来信）、02（来访）');
    expect(byRow(5)).toEqual([expect.objectContaining({ column: 'UNIT', code: 'FW_DATASET_IMPORT_UNIT' })]);
    expect(byRow(6)).toEqual([expect.objectContaining({ column: 'TITLE', code: expect.stringMatching(/^FW_VAL_/) })]);
    // Codes mapped back, titles accepted for codes, numbers, booleans and dates read from text.
    expect(await dataOf('甲一')).toEqual([{ unit_code: 'C11', data: { title: '甲一', kind: 'letter', on: '2026-03-05', amount: 1.5, urgent: true } }]);
    expect(await dataOf('甲二')).toEqual([{ unit_code: 'C11', data: { title: '甲二', kind: 'visit', on: '2026-03-06', urgent: false } }]);
  });

  it('re-importing the same file creates nothing new; a corrected file creates only the corrected rows', async () => {
    const before = await countRecords();
    const again = (await importCsv(mixed)).json() as Result;
    expect(again).toMatchObject({ accepted: 2, created: 0, alreadyImported: 2 });
    expect(await countRecords()).toBe(before);
    const fixed = mixed.replace('甲三,99,2026-03-07,abc', '甲三,02,2026-03-07,3').replace('C21,甲四', 'X111,甲四');
    const corrected = (await importCsv(fixed)).json() as Result;
    expect(corrected).toMatchObject({ created: 2, alreadyImported: 2, rejectedRows: 1 });
    expect(await countRecords()).toBe(before + 2);
    // A row with an unreadable cell is rejected, not taken for the imported row it resembles.
    expect((await importCsv('TITLE\r\n庚\r\n')).json()).toMatchObject({ created: 1 });
    expect((await importCsv('TITLE,AMOUNT\r\n庚,abc\r\n')).json()).toMatchObject({ alreadyImported: 0, rejectedRows: 1 });
  });

  it('a dry run writes nothing and answers what an import would do', async () => {
    const before = await countRecords();
    const result = (await importCsv('标题,来源\r\n乙一,来信\r\n乙二,来访\r\n', '?dryRun=true')).json() as Result;
    expect(result).toMatchObject({ accepted: 2, created: 0, written: false, rejected: [] });
    expect(await countRecords()).toBe(before);
  });

  it('an atomic import writes nothing with one bad row, and every row when all are good', async () => {
    const before = await countRecords();
    const bad = (await importCsv('TITLE,KIND\r\n丙一,01\r\n丙二,07\r\n', '?atomic=true')).json() as Result;
    expect(bad).toMatchObject({ accepted: 1, created: 0, written: false, rejectedRows: 1 });
    expect(await countRecords()).toBe(before);
    const good = (await importCsv('TITLE,KIND\r\n丙一,01\r\n丙二,02\r\n', '?atomic=true&unit=X111')).json() as Result;
    expect(good).toMatchObject({ accepted: 2, created: 2, written: true });
    expect((await dataOf('丙二'))[0]!.unit_code).toBe('X111');
  });

  it('a crash in the middle of an import leaves no partial batch', async () => {
    const records = instance.ctx.records;
    const original = records.insertPreparedMany.bind(records);
    let calls = 0;
    // The batch's statement has run (records, history and audit entries written in the transaction), then the process fails.
    records.insertPreparedMany = async (...args) => {
      const written = await original(...args);
      if (++calls === 1) throw new Error('simulated crash');
      return written;
    };
    const before = await countRecords();
    try {
      for (const query of ['?atomic=true', '']) {
        calls = 0;
        const crashed = await importCsv('TITLE\r\n辛一\r\n辛二\r\n辛三\r\n', query);
        expect(crashed.statusCode).toBe(500);
        expect(await countRecords()).toBe(before);
      }
    } finally {
      records.insertPreparedMany = original;
    }
    const [rows] = await instance.db.sequelize.query("SELECT outcome FROM audit_log WHERE action = 'dataset.import' ORDER BY seq DESC LIMIT 1");
    expect(rows[0]).toMatchObject({ outcome: 'failed' });
    // The same file afterwards imports whole: nothing of the crashed attempts was kept.
    expect((await importCsv('TITLE\r\n辛一\r\n辛二\r\n辛三\r\n')).json()).toMatchObject({ created: 3, alreadyImported: 0 });
  });

  it('writes each created record with its history and its own sealed audit entry, in row order, the chain intact', async () => {
    const titles = ['壬一', '壬二', '壬三', '壬四'];
    const result = (await importCsv(`TITLE,KIND\r\n${titles.map((x, i) => `${x},0${(i % 2) + 1}`).join('\r\n')}\r\n`)).json() as Result;
    expect(result).toMatchObject({ created: 4, rejected: [] });
    const [rows] = await instance.db.sequelize.query(
      `SELECT r.id, r.data->>'title' AS title, h.kind, h.actor, h.to_state, a.seq, a.actor AS audit_actor, a.outcome, a.details, a.mac IS NOT NULL AS sealed
         FROM records r JOIN record_history h ON h.record_id = r.id JOIN audit_log a ON a.target = 'record:' || r.id AND a.action = 'record.create'
        WHERE r.module_key = 'imp-form' AND r.data->>'title' LIKE '壬%' ORDER BY a.seq`,
    );
    const found = rows as { title: string; kind: string; actor: string; to_state: string; audit_actor: string; outcome: string; details: Record<string, unknown>; sealed: boolean }[];
    expect(found.map((r) => r.title)).toEqual(titles);
    for (const [i, r] of found.entries()) {
      expect(r).toMatchObject({ kind: 'create', actor: 'p1-officer', audit_actor: 'p1-officer', outcome: 'ok', details: { import: 'imp-rows', row: i + 2, moduleVersion: 1 } });
    }
    expect(found.every((r) => r.sealed)).toBe(true);
    expect(await verifyAuditChain(instance.db.sequelize)).toMatchObject({ ok: true, sealed: true });
  });

  it('two large imports at once both complete, every record with its own entry, and the chain verifies', async () => {
    const file = (prefix: string) => `TITLE,KIND\r\n${Array.from({ length: 1_200 }, (_, i) => `${prefix}${i},0${(i % 2) + 1}`).join('\r\n')}\r\n`;
    const [a, b] = await Promise.all([importCsv(file('并发甲')), importCsv(file('并发乙'))]);
    expect(a.statusCode, a.body).toBe(200);
    expect(b.statusCode, b.body).toBe(200);
    expect([a.json(), b.json()]).toMatchObject([{ created: 1_200 }, { created: 1_200 }]);
    const [rows] = await instance.db.sequelize.query(
      `SELECT count(*)::int AS n FROM records r JOIN audit_log a ON a.target = 'record:' || r.id AND a.action = 'record.create' WHERE r.module_key = 'imp-form' AND r.data->>'title' LIKE '并发%'`,
    );
    expect(rows[0]).toMatchObject({ n: 2_400 });
    expect(await verifyAuditChain(instance.db.sequelize)).toMatchObject({ ok: true, sealed: true });
  });

  it('reads the file through a chosen column mapping (a column renamed, one ignored); the answer says how each column was read', async () => {
    const mapping = encodeURIComponent(JSON.stringify({ 问题标题: 'TITLE', 备注: null, 来源: 'KIND' }));
    const file = '问题标题,来源,备注,AMOUNT\r\n癸一,来访,随便写,2\r\n';
    // Without the mapping the unknown columns refuse the file.
    expect((await importCsv(file)).statusCode).toBe(422);
    const response = await importCsv(file, `?mapping=${mapping}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      created: 1,
      rejected: [],
      header: [
        { name: '问题标题', column: 'TITLE' },
        { name: '来源', column: 'KIND' },
        { name: '备注', column: null },
        { name: 'AMOUNT', column: 'AMOUNT' },
      ],
    });
    expect((await dataOf('癸一'))[0]!.data).toEqual({ title: '癸一', kind: 'visit', amount: 2 });
    // A mapping may also turn a matched column off.
    const off = (await importCsv('TITLE,AMOUNT\r\n癸二,5\r\n', `?dryRun=true&mapping=${encodeURIComponent(JSON.stringify({ AMOUNT: null }))}`)).json() as Result & { header: unknown };
    expect(off).toMatchObject({ accepted: 1, header: [{ name: 'TITLE', column: 'TITLE' }, { name: 'AMOUNT', column: null }] });
  });

  it('refuses a mapping to a column the dataset does not have (422 naming it, nothing written) and a mapping that is no JSON object of codes (422 FW_REQ_INVALID)', async () => {
    const before = await countRecords();
    const unknown = await importCsv('TITLE,颜色\r\n子一,红\r\n', `?mapping=${encodeURIComponent(JSON.stringify({ 颜色: 'COLOUR' }))}`);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'FW_DATASET_IMPORT_MAPPING', errors: [expect.objectContaining({ path: '/mapping/COLOUR' })] });
    expect(unknown.json().message).toContain('COLOUR');
    for (const bad of ['not json', '[1]', JSON.stringify({ TITLE: 3 })]) {
      const response = await importCsv('TITLE\r\n子二\r\n', `?mapping=${encodeURIComponent(bad)}`);
      expect(response.statusCode, bad).toBe(422);
      expect(response.json()).toMatchObject({ code: 'FW_REQ_INVALID' });
    }
    expect(await countRecords()).toBe(before);
  });

  it('reads JSON lines (keys by code or title)', async () => {
    const jsonl = (await importCsv('{"TITLE":"丁一","KIND":"02","AMOUNT":4}\n{"标题":"丁二","紧急":"true"}\n', '', undefined, 'application/x-ndjson')).json() as Result;
    expect(jsonl).toMatchObject({ created: 2, rejected: [] });
    expect((await dataOf('丁一'))[0]!.data).toEqual({ title: '丁一', kind: 'visit', amount: 4 });
  });

  it('refuses a file naming a column the dataset does not have (422), a body of another format (415) and NUL characters', async () => {
    const unknown = await importCsv('TITLE,颜色\r\n戊,红\r\n');
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'FW_DATASET_IMPORT_COLUMN' });
    expect(unknown.body).toContain('颜色');
    const json = await call(instance, t['p1-officer']!, { method: 'POST', url: '/api/datasets/imp-rows/import', payload: { TITLE: 'x' } });
    expect(json.statusCode).toBe(415);
    const nul = await importCsv('TITLE\r\n戊\u0000\r\n');
    expect(nul.statusCode).toBe(400);
    const notXlsx = await importCsv('not a spreadsheet', '', undefined, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(notXlsx.statusCode).toBe(422);
    expect(notXlsx.json()).toMatchObject({ code: 'FW_DATASET_IMPORT_FORMAT' });
    const huge = await importCsv('TITLE\r\n' + 'x\r\n'.repeat(11 * 1024 * 1024));
    expect(huge.statusCode).toBe(413);
    const outside = await importCsv('TITLE\r\n戊\r\n', '?unit=C21');
    expect(outside.statusCode).toBe(404);
    const exporter = await importCsv('TITLE\r\n戊\r\n', '', t['p1-exporter']);
    expect(exporter.statusCode).toBe(403);
  });

  it('imports an export of the dataset back (XLSX with Chinese titles for headers and values)', async () => {
    const original = { title: '往返', kind: 'visit', on: '2026-05-04', amount: 12.25, urgent: true };
    const created = await call(instance, t['p1-officer']!, { method: 'POST', url: '/api/modules/imp-form/records', payload: { data: original, unitCode: 'C11' } });
    expect(created.statusCode, created.body).toBe(201);
    const exported = await call(instance, t['p1-exporter']!, { method: 'GET', url: '/api/datasets/imp-rows?format=xlsx&labels=titles&header=titles' });
    expect(exported.statusCode).toBe(200);
    const before = await countRecords();
    const response = await call(instance, t['p1-officer']!, {
      method: 'POST',
      url: '/api/datasets/imp-rows/import?atomic=true',
      payload: exported.rawPayload,
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    expect(response.statusCode, response.body).toBe(200);
    // Rows imported before are recognised by their content; the record made by hand is new.
    expect(response.json()).toMatchObject({ accepted: before, created: 1, alreadyImported: before - 1, rejected: [] });
    expect(await dataOf('往返')).toEqual([
      { unit_code: 'C11', data: original },
      { unit_code: 'C11', data: original },
    ]);
  });

  it('audits every import: who, the dataset, the counts, dry run and atomic', async () => {
    await importCsv('TITLE\r\n己\r\n', '?dryRun=true');
    const [rows] = await instance.db.sequelize.query("SELECT actor, target, details FROM audit_log WHERE action = 'dataset.import' ORDER BY seq DESC LIMIT 1");
    expect(rows[0]).toMatchObject({ actor: 'p1-officer', target: 'dataset:imp-rows', details: { dataset: 'imp-rows', rows: 1, accepted: 1, created: 0, dryRun: true, atomic: false } });
  });
});
