/**
 * Import keys: a dataset's `importKey` column makes a row an update of the record it names (in
 * the importer's subtree only) instead of a create — by record id (an export edited and imported
 * back) or by a data field (a team's own reference). Duplicate keys in a file, unknown or
 * ambiguous keys, records no longer drafts: row errors. Re-importing changes nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
const t: Record<string, string> = {};

const definition = {
  key: 'key-form',
  kind: 'record',
  title: { 'zh-CN': '键导入测试' },
  schema: {
    type: 'object',
    properties: {
      ref: { type: 'string', title: '组内编号' },
      title: { type: 'string', title: '标题', maxLength: 20 },
      amount: { type: 'number', title: '金额' },
    },
  },
  exports: [
    { name: 'key-by-id', title: { 'zh-CN': '按编号更新' }, importKey: 'ID', columns: [{ code: 'ID', source: '@id' }, { code: 'UNIT', source: '@unitCode' }, { code: 'TITLE', source: '/title' }, { code: 'AMOUNT', source: '/amount' }] },
    { name: 'key-by-ref', title: { 'zh-CN': '按组内编号更新' }, importKey: 'REF', columns: [{ code: 'REF', source: '/ref' }, { code: 'TITLE', source: '/title' }, { code: 'AMOUNT', source: '/amount' }] },
  ],
};

interface Result {
  accepted: number;
  created: number;
  updated: number;
  alreadyImported: number;
  rejectedRows: number;
  rejected: { row: number; column?: string; code: string; message: string }[];
}

const importCsv = async (dataset: string, csv: string, query = '', token = t['p1-officer']!): Promise<Result> => {
  const response = await call(instance, token, { method: 'POST', url: `/api/datasets/${dataset}/import${query}`, payload: csv, headers: { 'content-type': 'text/csv' } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Result;
};
const create = async (token: string, data: Record<string, unknown>): Promise<string> => {
  const response = await call(instance, token, { method: 'POST', url: '/api/modules/key-form/records', payload: { data } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
};
const record = async (id: string) => (await call(instance, t['p1-officer']!, { method: 'GET', url: `/api/records/${id}` })).json();
const count = async () => ((await instance.db.sequelize.query("SELECT count(*)::int AS n FROM records WHERE module_key = 'key-form'"))[0] as { n: number }[])[0]!.n;

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  const hq = await login(instance);
  await seedOrganisation(instance, hq);
  const published = await call(instance, hq, { method: 'POST', url: '/api/modules/key-form/versions', payload: definition });
  expect(published.statusCode, published.body).toBe(201);
  for (const [name, roles, unit] of [['p1-officer', ['officer'], 'P1'], ['p2-officer', ['officer'], 'P2']] as const) {
    await createUser(instance, { username: name, roles: [...roles], unitCode: unit });
    t[name] = await login(instance, name);
  }
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('import keys', () => {
  it('a row naming a record by id updates it (its cells merged over the data), audited and in its history; the same file again changes nothing', async () => {
    const id = await create(t['p1-officer']!, { ref: 'A-1', title: '原标题', amount: 5 });
    const before = await count();
    const file = `ID,TITLE\r\n${id.toUpperCase()},新标题\r\n,新建的\r\n`;
    const result = await importCsv('key-by-id', file);
    expect(result).toMatchObject({ accepted: 2, created: 1, updated: 1, rejectedRows: 0 });
    expect(await count()).toBe(before + 1);
    const updated = await record(id);
    expect(updated).toMatchObject({ version: 2, data: { ref: 'A-1', title: '新标题', amount: 5 } });
    const history = (await call(instance, t['p1-officer']!, { method: 'GET', url: `/api/records/${id}/history` })).json();
    expect(history.map((h: { kind: string }) => h.kind)).toEqual(['create', 'update']);
    const [audit] = (await instance.db.sequelize.query("SELECT details FROM audit_log WHERE action = 'record.update' AND target = $1", { bind: [`record:${id}`] }))[0] as { details: unknown }[];
    expect(audit!.details).toEqual({ import: 'key-by-id', row: 2 });

    const again = await importCsv('key-by-id', file);
    expect(again).toMatchObject({ created: 0, updated: 0, alreadyImported: 2 });
    expect((await record(id)).version).toBe(2);
  });

  it('refuses a key given twice in one file, an id outside the subtree or unknown, and an update the record’s state forbids', async () => {
    const mine = await create(t['p1-officer']!, { title: '我的' });
    const theirs = await create(t['p2-officer']!, { title: '乙省的' });
    const submitted = await create(t['p1-officer']!, { title: '已提交' });
    const version = (await record(submitted)).version;
    const act = await call(instance, t['p1-officer']!, { method: 'POST', url: `/api/records/${submitted}/actions/submit`, payload: {}, headers: { 'if-match': String(version) } });
    expect(act.statusCode, act.body).toBe(200);
    const file = ['ID,TITLE', `${mine},一`, `${mine},二`, `${theirs},三`, '00000000-0000-4000-8000-000000000000,四', 'not-an-id,五', `${submitted},六`, `${mine.replace(/^./, 'f')},七`].join('\r\n');
    const result = await importCsv('key-by-id', file, '?dryRun=true');
    const byRow = Object.fromEntries(result.rejected.map((r) => [r.row, r]));
    expect(result.accepted).toBe(1);
    expect(byRow[3]).toMatchObject({ column: 'ID', code: 'FW_DATASET_IMPORT_DUPLICATE_KEY' });
    expect(byRow[3]!.message).toContain('第 2 行');
    for (const row of [4, 5, 6]) expect(byRow[row]).toMatchObject({ column: 'ID', code: 'FW_DATASET_IMPORT_KEY_UNKNOWN' });
    expect(byRow[7]).toMatchObject({ code: 'FW_REC_NOT_EDITABLE' });
    expect(byRow[7]!.message).toContain('已提交');
    // The other unit's record is untouched, whatever the mode.
    expect((await importCsv('key-by-id', file)).updated).toBe(1);
    expect((await record(mine)).data.title).toBe('一');
    const theirsNow = (await call(instance, t['p2-officer']!, { method: 'GET', url: `/api/records/${theirs}` })).json();
    expect(theirsNow).toMatchObject({ version: 1, data: { title: '乙省的' } });
  });

  it('a key on a data field updates the record that has it, creates one when none has, and refuses an ambiguous one', async () => {
    const b1 = await create(t['p1-officer']!, { ref: 'B-1', title: '乙一' });
    await create(t['p1-officer']!, { ref: 'B-2', title: '重一' });
    await create(t['p1-officer']!, { ref: 'B-2', title: '重二' });
    // The same reference in another subtree is not the caller's: it is neither updated nor ambiguous.
    const other = await create(t['p2-officer']!, { ref: 'B-1', title: '乙省同号' });
    const before = await count();
    const result = await importCsv('key-by-ref', 'REF,TITLE,AMOUNT\r\nB-1,乙一改,7\r\nB-2,重改,\r\nB-3,新的,1\r\nB-1,又一次,\r\n');
    expect(result).toMatchObject({ created: 1, updated: 1, rejectedRows: 2 });
    expect(result.rejected.map((r) => [r.row, r.column, r.code])).toEqual([
      [3, 'REF', 'FW_DATASET_IMPORT_KEY_AMBIGUOUS'],
      [5, 'REF', 'FW_DATASET_IMPORT_DUPLICATE_KEY'],
    ]);
    expect(result.rejected[0]!.message).toContain('2 条');
    expect(await count()).toBe(before + 1);
    expect((await record(b1)).data).toEqual({ ref: 'B-1', title: '乙一改', amount: 7 });
    expect((await call(instance, t['p2-officer']!, { method: 'GET', url: `/api/records/${other}` })).json().version).toBe(1);
  });

  it('an update invalid after the merge is a row error at its column; nothing is written in atomic mode', async () => {
    const id = await create(t['p1-officer']!, { ref: 'C-1', title: '短' });
    const result = await importCsv('key-by-ref', 'REF,TITLE\r\nC-1,这是一个超过了二十个字符的标题肯定太长了啊啊\r\nC-2,新\r\n', '?atomic=true');
    expect(result).toMatchObject({ created: 0, updated: 0, rejectedRows: 1 });
    expect(result.rejected[0]).toMatchObject({ row: 2, column: 'TITLE', code: expect.stringMatching(/^FW_VAL_/) });
    expect((await record(id)).version).toBe(1);
  });

  it('the codebook names the key; a key that is no column of the dataset, or a unit code, is refused at publish', async () => {
    const described = (await call(instance, t['p1-officer']!, { method: 'GET', url: '/api/datasets/key-by-ref/codebook' })).json();
    expect(described.importKey).toBe('REF');
    const hq = await login(instance);
    const bad = structuredClone(definition);
    bad.key = 'key-bad';
    bad.exports[0]!.importKey = 'UNIT';
    bad.exports[1]!.importKey = 'NOPE';
    const response = await call(instance, hq, { method: 'POST', url: '/api/modules/key-bad/versions', payload: bad });
    expect(response.statusCode).toBe(422);
    const paths = response.json().errors.filter((e: { code: string }) => e.code === 'FW_DEF_IMPORT_KEY').map((e: { path: string }) => e.path);
    expect(paths).toEqual(['/exports/0/importKey', '/exports/1/importKey']);
  });
});
