/**
 * The inspection hand-over (组办数据对接): a team's file of findings, numbered by the team, and
 * its file of the clues it hands over, each naming its finding by that number. The clues become
 * clue records linked both ways (the clue carries its finding, the finding its clue, as 「移交线索」
 * links them); a number naming no finding, or one outside the importer's subtree, is a row error;
 * a dry run writes nothing; importing the file again creates nothing twice; an export writes the
 * number back; `ref` columns naming what does not exist are refused at publish.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { publishBundled } from '../../runtime/src/modules/bundled.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
const t: Record<string, string> = {};

interface Result {
  accepted: number;
  created: number;
  updated: number;
  alreadyImported: number;
  rejectedRows: number;
  written: boolean;
  rejected: { row: number; column?: string; code: string; message: string }[];
}

const importFile = async (dataset: string, csv: string, query = '', token = t['p1-officer']!): Promise<Result> => {
  const response = await call(instance, token, { method: 'POST', url: `/api/datasets/${dataset}/import${query}`, payload: csv, headers: { 'content-type': 'text/csv' } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Result;
};

interface Row {
  id: string;
  unit_code: string;
  state: string;
  data: Record<string, unknown>;
}
const rowsOf = async (module: string): Promise<Row[]> => {
  const [rows] = await instance.db.sequelize.query('SELECT id, unit_code, state, data FROM records WHERE module_key = $1 ORDER BY created_at, id', { bind: [module] });
  return rows as Row[];
};
const findingNo = (no: string) => async () => (await rowsOf('inspection-finding')).find((r) => r.data.teamRef === no)!;

const FINDINGS = [
  '问题编号,巡察轮次,被巡察单位代码,问题类别,严重程度,问题描述,涉及人员证件号,涉及人员姓名,涉及人员层级,涉嫌违反纪律',
  '2026-2-001,2026年第二轮巡察,X111,廉洁风险突出,较重,公务接待超标准。,320101198303030044,周明,general,廉洁纪律',
  '2026-2-002,2026年第二轮巡察,X111,廉洁风险突出,严重,违规发放津贴补贴。,320101198404040055,吴刚,general,廉洁纪律',
  '2026-2-003,2026年第二轮巡察,X111,leadership,一般,学习制度落实不到位。,,,,',
].join('\r\n');

const CLUES = [
  '问题编号,被反映人证件号,被反映人姓名,干部层级,违反纪律类别,受理日期,主要问题',
  '2026-2-001,320101198303030044,周明,general,廉洁纪律,2026-07-01,接受管理对象宴请，公务接待超标准。',
  '2026-2-002,320101198404040055,吴刚,general,廉洁纪律,2026-07-01,违规发放津贴补贴，涉及金额较大。',
  '2026-2-404,320101198505050066,郑强,general,廉洁纪律,2026-07-01,编号不存在的问题所移交的线索。',
  '2026-9-001,320101198606060077,钱进,general,廉洁纪律,2026-07-01,另一省份巡察组发现的问题。',
].join('\r\n');

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  const hq = await login(instance);
  await publishBundled(instance.ctx);
  await seedOrganisation(instance, hq);
  for (const [username, role, unitCode] of [['p1-officer', 'officer', 'P1'], ['p1-leader', 'leader', 'P1'], ['p1-exporter', 'exporter', 'P1'], ['p2-officer', 'officer', 'C21']] as const) {
    await createUser(instance, { username, roles: [role], unitCode });
    t[username] = await login(instance, username);
  }
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('the inspection hand-over', () => {
  it('imports the team’s findings with their numbers; the number is the findings dataset’s import key', async () => {
    const result = await importFile('inspection-findings', FINDINGS);
    expect(result).toMatchObject({ created: 3, rejectedRows: 0 });
    expect((await findingNo('2026-2-001')()).data).toMatchObject({ teamRef: '2026-2-001', cadreName: '周明' });
    // Another province's team: a finding outside P1's subtree.
    const other = await importFile('inspection-findings', ['问题编号,巡察轮次,被巡察单位代码,问题类别,严重程度,问题描述', '2026-9-001,2026年第二轮巡察,C21,leadership,一般,乙省发现的问题。'].join('\r\n'), '', t['p2-officer']!);
    expect(other).toMatchObject({ created: 1, rejectedRows: 0 });
    // A corrected findings file updates by number instead of creating the finding again.
    const corrected = await importFile('inspection-findings', FINDINGS.replace('学习制度落实不到位。', '学习制度落实不到位，会议记录缺失。'));
    expect(corrected).toMatchObject({ created: 0, updated: 1, alreadyImported: 2 });
    expect((await rowsOf('inspection-finding')).length).toBe(4);
  });

  it('the codebook says which column names findings, and by which field, and what an empty source becomes', async () => {
    const codebook = (await call(instance, t['p1-officer']!, { method: 'GET', url: '/api/datasets/inspection-clues/codebook' })).json();
    expect(codebook.columns.find((c: { code: string }) => c.code === 'FINDING_NO')).toMatchObject({ title: { 'zh-CN': '问题编号' }, ref: { module: 'inspection-finding', key: '/teamRef' } });
    // The team's file need not say that its clues come from the inspection: the column's default does.
    expect(codebook.columns.find((c: { code: string }) => c.code === 'SOURCE')).toMatchObject({ importDefault: 'inspection' });
    const findings = (await call(instance, t['p1-officer']!, { method: 'GET', url: '/api/datasets/inspection-findings/codebook' })).json();
    expect(findings.importKey).toBe('FINDING_NO');
  });

  it('a dry run of the clues file names the rows whose finding is unknown or out of reach, and writes nothing', async () => {
    const result = await importFile('inspection-clues', CLUES, '?dryRun=true');
    expect(result).toMatchObject({ accepted: 2, created: 0, rejectedRows: 2, written: false });
    expect(result.rejected.map((r) => [r.row, r.column, r.code])).toEqual([
      [4, 'FINDING_NO', 'FW_DATASET_IMPORT_REF_UNKNOWN'],
      [5, 'FINDING_NO', 'FW_DATASET_IMPORT_REF_UNKNOWN'],
    ]);
    expect(result.rejected[0]!.message).toBe('「问题编号」为「2026-2-404」的巡察发现问题不存在或不在您的管辖范围内');
    expect(await rowsOf('discipline-case')).toEqual([]);
    expect((await findingNo('2026-2-001')()).data.clueRecordId).toBeUndefined();
  });

  it('imports the clues as records linked to their findings both ways', async () => {
    const result = await importFile('inspection-clues', CLUES);
    expect(result).toMatchObject({ created: 2, rejectedRows: 2, written: true });
    const clues = await rowsOf('discipline-case');
    expect(clues).toHaveLength(2);
    for (const [no, name] of [['2026-2-001', '周明'], ['2026-2-002', '吴刚']] as const) {
      const finding = await findingNo(no)();
      const clue = clues.find((c) => c.data.cadreName === name)!;
      expect(clue).toMatchObject({ unit_code: 'P1', state: 'registered', data: { findingId: finding.id, source: 'inspection', category: 'integrity' } });
      expect(finding.data.clueRecordId).toBe(clue.id);
      expect(finding.state).toBe('recorded');
    }
    // The link back is in the finding's history, and the clue's page names its finding (by the team's number).
    const finding = await findingNo('2026-2-001')();
    const clue = (await call(instance, t['p1-officer']!, { method: 'GET', url: `/api/records/${finding.data.clueRecordId as string}` })).json();
    expect(clue.links.finding).toEqual([expect.objectContaining({ id: finding.id, key: 'inspection-finding', data: expect.objectContaining({ '/teamRef': '2026-2-001', '/round': '2026年第二轮巡察' }) })]);
    const history = (await call(instance, t['p1-officer']!, { method: 'GET', url: `/api/records/${finding.id}/history` })).json() as { kind: string; changes: { path: string }[] }[];
    expect(history.some((h) => h.kind === 'update' && h.changes.some((c) => c.path === '/clueRecordId'))).toBe(true);
    const [audits] = await instance.db.sequelize.query("SELECT details FROM audit_log WHERE action = 'record.update' AND target = $1", { bind: [`record:${finding.id}`] });
    expect((audits as { details: Record<string, unknown> }[])[0]?.details).toMatchObject({ import: 'inspection-clues', row: 2, linked: finding.data.clueRecordId });
  });

  it('importing the clues file again creates nothing twice, and the finding’s own hand-over then creates no second clue', async () => {
    const again = await importFile('inspection-clues', CLUES);
    expect(again).toMatchObject({ created: 0, alreadyImported: 2, rejectedRows: 2 });
    expect(await rowsOf('discipline-case')).toHaveLength(2);
    const finding = await findingNo('2026-2-001')();
    for (const action of ['confirm', 'handClue']) {
      const response = await call(instance, t['p1-leader']!, { method: 'POST', url: `/api/records/${finding.id}/actions/${action}`, payload: {} });
      expect(response.statusCode, response.body).toBe(200);
    }
    expect(await rowsOf('discipline-case')).toHaveLength(2);
    expect((await findingNo('2026-2-001')()).data.clueRecordId).toBe(finding.data.clueRecordId);
  });

  it('an export of the clues writes the team’s finding numbers back, and imports again as it is', async () => {
    const response = await call(instance, t['p1-exporter']!, { method: 'GET', url: '/api/datasets/inspection-clues?format=csv' });
    expect(response.statusCode, response.body).toBe(200);
    const lines = response.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]!.split(',')[0]).toBe('FINDING_NO');
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(['2026-2-001', '2026-2-002']);
    const again = await importFile('inspection-clues', response.body);
    expect(again).toMatchObject({ created: 0, rejectedRows: 0 });
  });

  it('refuses at publish a ref column naming an unknown module, a field that is no key, or an unknown link field', async () => {
    const hq = await login(instance);
    const definition = {
      key: 'ref-bad',
      kind: 'record',
      title: { 'zh-CN': '引用测试' },
      schema: { type: 'object', properties: { finding: { type: 'string', title: '问题' }, other: { type: 'string', title: '其他' } } },
      exports: [
        {
          name: 'ref-bad-rows',
          title: { 'zh-CN': '引用测试' },
          columns: [
            { code: 'A', source: '/finding', ref: { module: 'no-such-module', key: '/teamRef' } },
            { code: 'B', source: '/other', ref: { module: 'inspection-finding', key: '/round', link: '/nothing' } },
            { code: 'C', source: '@id', ref: { module: 'inspection-finding', key: '/teamRef' } },
          ],
        },
      ],
    };
    const response = await call(instance, hq, { method: 'POST', url: '/api/modules/ref-bad/versions', payload: definition });
    expect(response.statusCode).toBe(422);
    const errors = (response.json().errors as { path: string; code: string }[]).map((e) => [e.path, e.code]);
    expect(errors).toEqual(expect.arrayContaining([['/exports/0/columns/2/source', 'FW_DEF_DATASET_REF_SOURCE']]));
    const fixed = structuredClone(definition);
    fixed.exports[0]!.columns.pop();
    const second = await call(instance, hq, { method: 'POST', url: '/api/modules/ref-bad/versions', payload: fixed });
    expect(second.statusCode).toBe(422);
    expect((second.json().errors as { path: string; code: string }[]).map((e) => [e.path, e.code])).toEqual([
      ['/exports/0/columns/0/ref/module', 'FW_DEF_DATASET_REF_MODULE'],
      ['/exports/0/columns/1/ref/key', 'FW_DEF_DATASET_REF_KEY'],
      ['/exports/0/columns/1/ref/link', 'FW_DEF_DATASET_REF_LINK'],
    ]);
  });
});
