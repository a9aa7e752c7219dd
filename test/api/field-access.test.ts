/**
 * Field access by state, role and unit (README "Field access"), end to end: the inspected
 * unit cannot rewrite what the inspectors set on a rectification task (403 at each path, nothing
 * written), a new clue may hold only its registration stage, a step writes only what it asks for,
 * and fields hidden from a caller are left out of everything they read — the record, lists, its
 * history and its documents — while a caller allowed to see them does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { publishBundled } from '../../runtime/src/modules/bundled.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
let hq: string;
const t: Record<string, string> = {};
const inAMonth = new Date(Date.now() + 8 * 3_600_000 + 30 * 86_400_000).toISOString().slice(0, 10);

type Body = { code?: string; errors?: { path: string; code: string; message: string }[]; data: Record<string, unknown>; version: number; state: string; fieldAccess?: Record<string, string> };
const create = (token: string, key: string, data: object) => call(instance, token, { method: 'POST', url: `/api/modules/${key}/records`, payload: { data } });
const get = async (token: string, id: string) => (await call(instance, token, { method: 'GET', url: `/api/records/${id}` })).json() as Body;
const act = (token: string, id: string, action: string, body: object = {}) => call(instance, token, { method: 'POST', url: `/api/records/${id}/actions/${action}`, payload: body });
const patch = (token: string, id: string, data: object, version: number) =>
  call(instance, token, { method: 'PATCH', url: `/api/records/${id}`, payload: { data }, headers: { 'if-match': `"${version}"` } });
const paths = (body: Body) => (body.errors ?? []).map((e) => `${e.path} ${e.code}`).sort();

/** A secret field only leaders see, editable by officers only while drafting; published in the test. */
const memo = {
  key: 'memo-access',
  kind: 'record',
  title: { 'zh-CN': '内部备忘', en: 'Internal memo' },
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      subject: { type: 'string', title: '事项' },
      secret: { type: 'string', title: '内部意见' },
      items: { type: 'array', title: '明细', items: { type: 'object', additionalProperties: false, properties: { name: { type: 'string', title: '名称' }, cost: { type: 'number', title: '金额' } } } },
    },
  },
  exports: [{ name: 'memos', title: { 'zh-CN': '内部备忘' }, columns: [{ code: 'ID', source: '@id' }, { code: 'SUBJECT', source: '/subject' }, { code: 'SECRET', source: '/secret' }] }],
  workflow: {
    initial: 'draft',
    states: { draft: { title: { 'zh-CN': '草稿', en: 'Draft' }, draft: true }, done: { title: { 'zh-CN': '已办结', en: 'Done' }, final: true } },
    transitions: [{ action: 'finish', title: { 'zh-CN': '办结', en: 'Finish' }, from: 'draft', to: 'done', roles: ['officer'] }],
    access: [
      { fields: ['/secret'], roles: ['leader'], access: 'edit' },
      { fields: ['/secret'], access: 'hidden' },
      { fields: ['/items/*/cost'], roles: ['leader'], access: 'edit' },
      { fields: ['/items/*/cost'], access: 'read' },
    ],
  },
};

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  hq = await login(instance);
  await publishBundled(instance.ctx);
  await seedOrganisation(instance, hq);
  const people: [string, string[], string][] = [
    ['x-officer', ['officer'], 'X111'],
    ['x-leader', ['leader'], 'X111'],
    ['x-both', ['officer', 'leader'], 'X111'],
    ['p1-officer', ['officer'], 'P1'],
    ['p1-leader', ['leader'], 'P1'],
    ['x-exporter', ['exporter'], 'X111'],
    ['x-lead-exporter', ['exporter', 'leader'], 'X111'],
  ];
  for (const [username, roles, unitCode] of people) {
    await createUser(instance, { username, roles, unitCode });
    t[username] = await login(instance, username);
  }
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('the inspectors’ fields on a rectification task', () => {
  let taskId: string;
  beforeAll(async () => {
    const finding = await create(t['p1-officer']!, 'inspection-finding', { round: '2026年第二轮巡察', targetUnit: 'X111', category: 'integrity-risk', severity: 'grave', description: '公务接待超标准。' });
    expect(finding.statusCode, finding.body).toBe(201);
    const id = finding.json().id as string;
    expect((await act(t['p1-leader']!, id, 'confirm')).statusCode).toBe(200);
    const assigned = await act(t['p1-leader']!, id, 'assignRectification', { data: { rectificationDue: inAMonth, rectificationRequirement: '严格执行接待标准。' } });
    expect(assigned.statusCode, assigned.body).toBe(200);
    taskId = assigned.json().data.rectificationRecordId;
  });

  it('are read-only to the inspected unit: a PATCH of any of them is 403 at each path and writes nothing', async () => {
    const before = await get(t['x-officer']!, taskId);
    expect(before.data).toMatchObject({ requirement: '严格执行接待标准。', severity: 'grave', dueDate: inAMonth });
    expect(before.fieldAccess).toMatchObject({ '/requirement': 'read', '/severity': 'read', '/dueDate': 'read', '/problem': 'read', '/verificationNote': 'read' });

    const response = await patch(t['x-officer']!, taskId, { dueDate: '2027-12-31', severity: 'general', requirement: '无', measures: '整改措施' }, before.version);
    expect(response.statusCode).toBe(403);
    const body = response.json() as Body;
    expect(body.code).toBe('FW_REC_FIELD_LOCKED');
    expect(paths(body)).toEqual(['/dueDate FW_REC_FIELD_LOCKED', '/requirement FW_REC_FIELD_LOCKED', '/severity FW_REC_FIELD_LOCKED']);
    expect(body.errors!.find((e) => e.path === '/dueDate')!.message).toContain('整改期限');

    const after = await get(t['x-officer']!, taskId);
    expect(after.version).toBe(before.version);
    expect(after.data).toEqual(before.data);
    const rows = (await instance.db.sequelize.query(`SELECT count(*)::int AS n FROM record_history WHERE record_id = :id`, { replacements: { id: taskId }, type: 'SELECT' })) as { n: number }[];
    expect(rows[0]!.n).toBe(1);
  });

  it('leaves what the unit reports on editable, and a step cannot smuggle a locked field in', async () => {
    const before = await get(t['x-officer']!, taskId);
    const saved = await patch(t['x-officer']!, taskId, { measures: '修订接待管理办法' }, before.version);
    expect(saved.statusCode, saved.body).toBe(200);
    const smuggled = await act(t['x-officer']!, taskId, 'start', { data: { dueDate: '2027-12-31' } });
    expect(smuggled.statusCode).toBe(403);
    expect(paths(smuggled.json())).toEqual(['/dueDate FW_REC_FIELD_LOCKED']);
    expect((await get(t['x-officer']!, taskId)).state).toBe('assigned');
    const started = await act(t['x-officer']!, taskId, 'start');
    expect(started.statusCode, started.body).toBe(200);
    // The unit's leader reports done: progress and completion date are the step's own fields.
    const done = await act(t['x-leader']!, taskId, 'reportDone', { data: { progress: [{ reportedOn: inAMonth.slice(0, 8) + '01', text: '已完成' }], completedOn: inAMonth.slice(0, 8) + '01', verificationNote: '自评合格' } });
    expect(done.statusCode).toBe(403);
    expect(paths(done.json())).toEqual(['/verificationNote FW_REC_FIELD_LOCKED']);
  });
});

describe('a clue’s stages', () => {
  it('a new clue may hold only its registration stage', async () => {
    const response = await create(t['x-officer']!, 'discipline-case', { cadreName: '赵六', summary: '违规收受礼品。', verificationReport: '已核实', sanctionKind: 'party-warning' });
    expect(response.statusCode).toBe(403);
    expect(paths(response.json())).toEqual(['/sanctionKind FW_REC_FIELD_LOCKED', '/verificationReport FW_REC_FIELD_LOCKED']);
    const rows = (await instance.db.sequelize.query(`SELECT count(*)::int AS n FROM records WHERE module_key = 'discipline-case'`, { type: 'SELECT' })) as { n: number }[];
    expect(rows[0]!.n).toBe(0);
  });

  it('shows a registered clue without its later stages, and the step set of disposal as read-only once reached', async () => {
    const created = await create(t['x-officer']!, 'discipline-case', { cadreId: '320101198001010011', cadreName: '赵六', source: 'letter', category: 'integrity', summary: '违规收受礼品。', receivedOn: '2026-11-01' });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const registered = await get(t['x-officer']!, id);
    expect(registered.fieldAccess).toMatchObject({ '/verificationReport': 'hidden', '/sanctionKind': 'hidden', '/disposal': 'hidden' });
    expect(registered.fieldAccess!['/summary']).toBeUndefined();
    expect((await act(t['x-officer']!, id, 'register')).statusCode).toBe(200);
    const talked = await act(t['x-leader']!, id, 'talk');
    expect(talked.statusCode, talked.body).toBe(200);
    const talking = talked.json() as Body;
    expect(talking.data.disposal).toBe('talk');
    expect(talking.fieldAccess).toMatchObject({ '/summary': 'read', '/disposal': 'read', '/verificationReport': 'hidden' });
    // Registration is fixed now: a step may not rewrite it.
    const rewrite = await act(t['x-leader']!, id, 'verify', { data: { summary: '改写' } });
    expect(rewrite.statusCode).toBe(403);
    expect(paths(rewrite.json())).toEqual(['/summary FW_REC_FIELD_LOCKED']);
  });
});

describe('hidden fields', () => {
  let id: string;
  beforeAll(async () => {
    expect((await call(instance, hq, { method: 'POST', url: '/api/modules/memo-access/versions', payload: memo })).statusCode).toBe(201);
    const created = await create(t['x-both']!, 'memo-access', { subject: '年度检查', secret: '仅领导可见', items: [{ name: '差旅', cost: 300 }] });
    expect(created.statusCode, created.body).toBe(201);
    id = created.json().id;
  });

  it('are not sent to a caller who may not see them — record, list, history — and are to one who may', async () => {
    const officerView = await get(t['x-officer']!, id);
    expect(officerView.data).toEqual({ subject: '年度检查', items: [{ name: '差旅', cost: 300 }] });
    expect(officerView.fieldAccess).toEqual({ '/secret': 'hidden', '/items/*/cost': 'read' });
    const leaderView = await get(t['x-leader']!, id);
    expect(leaderView.data.secret).toBe('仅领导可见');
    expect(leaderView.fieldAccess).toEqual({});

    const list = (await call(instance, t['x-officer']!, { method: 'GET', url: '/api/modules/memo-access/records' })).json() as { items: Body[] };
    expect(list.items.find((r) => (r as unknown as { id: string }).id === id)!.data).not.toHaveProperty('secret');
    const history = (await call(instance, t['x-officer']!, { method: 'GET', url: `/api/records/${id}/history` })).json() as { changes: { path: string }[] }[];
    expect(history[0]!.changes.map((c) => c.path)).toEqual(['/items', '/subject']);
    const leaderHistory = (await call(instance, t['x-leader']!, { method: 'GET', url: `/api/records/${id}/history` })).json() as { changes: { path: string }[] }[];
    expect(leaderHistory[0]!.changes.map((c) => c.path)).toContain('/secret');
  });

  it('leave no trace in search: a title field some rule hides is searchable by nobody, the others by everyone', async () => {
    const { exports: _exports, ...base } = memo;
    const searchMemo = { ...base, key: 'memo-search', list: { title: ['/subject', '/secret'] } };
    expect((await call(instance, hq, { method: 'POST', url: '/api/modules/memo-search/versions', payload: searchMemo })).statusCode).toBe(201);
    const created = await create(t['x-both']!, 'memo-search', { subject: '季度走访', secret: '绝密线索甲' });
    expect(created.statusCode, created.body).toBe(201);
    const found = async (token: string, q: string) => ((await call(instance, token, { method: 'GET', url: `/api/modules/memo-search/records?q=${encodeURIComponent(q)}` })).json() as { items: { id: string }[] }).items.map((i) => i.id);
    for (const who of ['x-officer', 'x-leader']) {
      expect(await found(t[who]!, '季度走')).toEqual([created.json().id]);
      // The stored search text is the same for every searcher: a word only some may read is not in it.
      expect(await found(t[who]!, '密线索')).toEqual([]);
    }
  });

  it('are left out of a dataset export for a caller who may not see them', async () => {
    const rows = async (token: string) => {
      const response = await call(instance, token, { method: 'GET', url: '/api/datasets/memos?format=jsonl' });
      expect(response.statusCode, response.body).toBe(200);
      return response.body.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    };
    const plain = await rows(t['x-exporter']!);
    expect(plain.find((r) => r.ID === id)).toMatchObject({ SUBJECT: '年度检查' });
    expect(plain.find((r) => r.ID === id)!.SECRET ?? null).toBeNull();
    expect((await rows(t['x-lead-exporter']!)).find((r) => r.ID === id)).toMatchObject({ SECRET: '仅领导可见' });
  });

  it('cannot be written by a caller who may not see them, nor a read-only cell of a table row', async () => {
    const current = await get(t['x-officer']!, id);
    const hidden = await patch(t['x-officer']!, id, { secret: '改写' }, current.version);
    expect(hidden.statusCode).toBe(403);
    expect(paths(hidden.json())).toEqual(['/secret FW_REC_FIELD_LOCKED']);
    const cell = await patch(t['x-officer']!, id, { items: [{ name: '差旅', cost: 1 }, { name: '会议', cost: 2 }] }, current.version);
    expect(cell.statusCode).toBe(403);
    expect(paths(cell.json())).toEqual(['/items/0/cost FW_REC_FIELD_LOCKED', '/items/1/cost FW_REC_FIELD_LOCKED']);
    // Renaming a row leaves its read-only cost untouched: allowed. Leaving the hidden field out of a patch keeps it.
    const renamed = await patch(t['x-officer']!, id, { subject: '年度检查（修订）', items: [{ name: '差旅费', cost: 300 }] }, current.version);
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await get(t['x-leader']!, id)).data).toMatchObject({ subject: '年度检查（修订）', secret: '仅领导可见' });
  });
});

describe('publication', () => {
  it('refuses access rules naming fields or states that do not exist, each at its pointer', async () => {
    const bad = structuredClone(memo);
    bad.key = 'memo-bad-access';
    bad.workflow.access = [
      { fields: ['/secret', '/nothing', '/items/*/price'], access: 'read' },
      { fields: ['/subject'], states: ['draft', 'archived'], access: 'hidden' } as (typeof memo.workflow.access)[number],
    ];
    const response = await call(instance, hq, { method: 'POST', url: '/api/modules/memo-bad-access/versions', payload: bad });
    expect(response.statusCode).toBe(422);
    expect(paths(response.json())).toEqual([
      '/workflow/access/0/fields/1 FW_DEF_UNKNOWN_FIELD',
      '/workflow/access/0/fields/2 FW_DEF_UNKNOWN_FIELD',
      '/workflow/access/1/states/1 FW_DEF_UNKNOWN_STATE',
    ]);
  });
});
