/**
 * Lists a unit can work through, over the shipped modules: record titles and cells, text
 * search (a Chinese substring of a subject), sorting with consistent pages, totals; the inbox
 * naming each task and letting finished ones go; bulk approval with a bad row; withdrawing a
 * draft; and an empty create.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundled } from '../../runtime/src/modules/bundled.js';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

const CASES = 'discipline-case';
const REPORT = 'enforcement-quarterly';
const HOUR = 3_600_000;

interface Item {
  id: string;
  title: string;
  cells: Record<string, string>;
  state: string;
  version: number;
  data: Record<string, unknown>;
}
interface Page {
  items: Item[];
  nextCursor: string | null;
  totals: { count: number; sums: Record<string, number | null> };
}

let db: TestDatabase;
let instance: Instance;
let hq: string;
const t: Record<string, string> = {};

/** The title a code list gives a code, read from the shipped definition (not from the product). */
function codeTitle(codelist: string, code: string): string {
  const def = JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../../definitions/modules/${codelist}/definition.json`), 'utf8')) as { schema: { oneOf: { const: string; title: string }[] } };
  return def.schema.oneOf.find((o) => o.const === code)!.title;
}

/** Last quarter in China time, worked out here. */
function lastQuarter(now: Date): { key: string; year: number; q: number } {
  const local = new Date(now.getTime() + 8 * HOUR);
  let year = local.getUTCFullYear();
  let q = Math.floor(local.getUTCMonth() / 3);
  if (q === 0) {
    q = 4;
    year -= 1;
  }
  return { key: `${year}Q${q}`, year, q };
}

const cases: { name: string; summary: string; receivedOn: string; category: string }[] = [
  { name: '张建华', summary: '反映其违规收受管理对象礼金礼卡', receivedOn: '2025-03-02', category: 'integrity' },
  { name: '李文明', summary: '反映其工作日午间饮酒', receivedOn: '2025-01-15', category: 'work' },
  { name: '王晓东', summary: '反映其插手工程项目招投标', receivedOn: '2025-05-20', category: 'integrity' },
  { name: '赵立新', summary: '反映其违规发放津贴补贴', receivedOn: '2025-02-10', category: 'mass' },
];
const created: Record<string, Item> = {};

const list = async (token: string, key: string, query: string) => {
  const response = await call(instance, token, { method: 'GET', url: `/api/modules/${key}/records?${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Page;
};
const newCase = async (token: string, c: (typeof cases)[number]) => {
  const data = { cadreId: '110101198001010011', cadreName: c.name, cadreGrade: 'general', source: 'letter', receivedOn: c.receivedOn, category: c.category, summary: c.summary };
  const response = await call(instance, token, { method: 'POST', url: `/api/modules/${CASES}/records`, payload: { data } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as Item;
};

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  hq = await login(instance);
  await seedOrganisation(instance, hq);
  for (const unit of [
    { code: 'X112', name: '甲省一市二县', parentCode: 'C11' },
    { code: 'X113', name: '甲省一市三县', parentCode: 'C11' },
  ]) {
    expect((await call(instance, hq, { method: 'POST', url: '/api/units', payload: unit })).statusCode).toBe(201);
  }
  await publishBundled(instance.ctx);
  const users: [string, string, string][] = [
    ['x1-officer', 'officer', 'X111'],
    ['x2-officer', 'officer', 'X112'],
    ['x3-officer', 'officer', 'X113'],
    ['c-leader', 'leader', 'C11'],
    ['c-officer', 'officer', 'C11'],
    ['p2-officer', 'officer', 'P2'],
  ];
  for (const [username, role, unitCode] of users) {
    await createUser(instance, { username, roles: [role], unitCode });
    t[username] = await login(instance, username);
  }
  for (const c of cases) created[c.name] = await newCase(t['x1-officer']!, c);
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('record titles and list columns', () => {
  it('names each record by its module’s title fields and shows its columns with codes by their titles', async () => {
    const page = await list(t['c-leader']!, CASES, 'limit=50');
    const zhang = page.items.find((i) => i.id === created['张建华']!.id)!;
    expect(zhang.title).toBe('张建华 · 反映其违规收受管理对象礼金礼卡');
    expect(zhang.cells['/cadreName']).toBe('张建华');
    expect(zhang.cells['/category']).toBe(codeTitle('disciplines', 'integrity'));
    expect(zhang.cells['/receivedOn']).toBe('2025-03-02');
    // A raw code is shown nowhere in the cells.
    expect(Object.values(zhang.cells)).not.toContain('integrity');
  });
});

describe('text search over the titles', () => {
  it('finds a record by a three-character Chinese substring of its subject, and only it', async () => {
    const page = await list(t['x1-officer']!, CASES, `q=${encodeURIComponent('收受管')}`);
    expect(page.items.map((i) => i.id)).toEqual([created['张建华']!.id]);
    expect(page.totals.count).toBe(1);
    // By the cadre's name (two characters) too; wildcards are taken literally.
    expect((await list(t['x1-officer']!, CASES, `q=${encodeURIComponent('晓东')}`)).items.map((i) => i.id)).toEqual([created['王晓东']!.id]);
    expect((await list(t['x1-officer']!, CASES, `q=${encodeURIComponent('%')}`)).items).toEqual([]);
  });

  it('is scoped like every list: another province finds nothing', async () => {
    const page = await list(t['p2-officer']!, CASES, `q=${encodeURIComponent('收受管')}`);
    expect(page.items).toEqual([]);
    expect(page.totals.count).toBe(0);
  });

  it('follows an edit of the title fields', async () => {
    const li = created['李文明']!;
    const patched = await call(instance, t['x1-officer']!, { method: 'PATCH', url: `/api/records/${li.id}`, headers: { 'if-match': String(li.version) }, payload: { data: { summary: '反映其公车私用问题' } } });
    expect(patched.statusCode, patched.body).toBe(200);
    created['李文明'] = patched.json() as Item;
    expect((await list(t['x1-officer']!, CASES, `q=${encodeURIComponent('公车私')}`)).items.map((i) => i.id)).toEqual([li.id]);
    expect((await list(t['x1-officer']!, CASES, `q=${encodeURIComponent('午间饮')}`)).items).toEqual([]);
  });
});

describe('sorting, pages and totals', () => {
  it('orders by a declared column both ways, and pages through the order without a gap or a repeat', async () => {
    const byDate = (order: 'asc' | 'desc') => [...cases].sort((a, b) => (order === 'asc' ? 1 : -1) * a.receivedOn.localeCompare(b.receivedOn)).map((c) => created[c.name]!.id);
    expect((await list(t['x1-officer']!, CASES, 'sort=/receivedOn&order=asc')).items.map((i) => i.id)).toEqual(byDate('asc'));
    // The module's default order is its declared one: latest received first.
    expect((await list(t['x1-officer']!, CASES, '')).items.map((i) => i.id)).toEqual(byDate('desc'));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await list(t['x1-officer']!, CASES, `sort=/receivedOn&order=asc&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.totals.count).toBe(cases.length);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(byDate('asc'));
  });

  it('refuses an order that is not a list column, and a cursor of another order', async () => {
    const bad = await call(instance, t['x1-officer']!, { method: 'GET', url: `/api/modules/${CASES}/records?sort=/summary` });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'FW_REC_BAD_QUERY', errors: [{ path: '/sort', code: 'FW_REC_BAD_QUERY' }] });
    const first = await list(t['x1-officer']!, CASES, 'sort=/receivedOn&limit=1');
    const mixed = await call(instance, t['x1-officer']!, { method: 'GET', url: `/api/modules/${CASES}/records?sort=createdAt&limit=1&cursor=${first.nextCursor}` });
    expect(mixed.statusCode).toBe(422);
    expect(mixed.json().code).toBe('FW_REC_BAD_QUERY');
  });

  it('totals count every record of the filter, and sum the columns declared with sum', async () => {
    const integrity = await list(t['c-leader']!, CASES, `filter=${encodeURIComponent(JSON.stringify({ category: 'integrity' }))}&limit=1`);
    expect(integrity.items).toHaveLength(1);
    expect(integrity.totals).toEqual({ count: cases.filter((c) => c.category === 'integrity').length, sums: {} });
    const gifts = [
      [120, 80.5],
      [300],
    ];
    for (const [i, values] of gifts.entries()) {
      const data = { cadreId: `11010119800101001${i}`, cadreName: `干部${i}`, position: '科长', gifts: values.map((value) => ({ handedInOn: '2025-04-01', description: '礼品', value })) };
      const response = await call(instance, t['x1-officer']!, { method: 'POST', url: '/api/modules/integrity-archive/records', payload: { data } });
      expect(response.statusCode, response.body).toBe(201);
    }
    const archives = await list(t['c-leader']!, 'integrity-archive', 'limit=1');
    expect(archives.totals).toEqual({ count: 2, sums: { '/giftTotal': gifts.flat().reduce((a, b) => a + b, 0) } });
  });
});

describe('withdrawing a draft', () => {
  it('withdraws a never-submitted draft: gone from lists and reads, kept in its history and the audit log', async () => {
    const draft = await newCase(t['x1-officer']!, { name: '钱多多', summary: '误建的线索', receivedOn: '2025-06-01', category: 'work' });
    const missing = await call(instance, t['x1-officer']!, { method: 'DELETE', url: `/api/records/${draft.id}` });
    expect(missing.statusCode).toBe(428);
    const stale = await call(instance, t['x1-officer']!, { method: 'DELETE', url: `/api/records/${draft.id}`, headers: { 'if-match': String(draft.version + 1) } });
    expect(stale.statusCode).toBe(409);
    const done = await call(instance, t['x1-officer']!, { method: 'DELETE', url: `/api/records/${draft.id}`, headers: { 'if-match': String(draft.version) } });
    expect(done.statusCode, done.body).toBe(204);

    const page = await list(t['c-leader']!, CASES, 'limit=100');
    expect(page.items.map((i) => i.id)).not.toContain(draft.id);
    expect(page.totals.count).toBe(cases.length);
    expect((await list(t['x1-officer']!, CASES, `q=${encodeURIComponent('误建的')}`)).items).toEqual([]);
    expect((await call(instance, t['x1-officer']!, { method: 'GET', url: `/api/records/${draft.id}` })).statusCode).toBe(404);
    const history = await call(instance, t['x1-officer']!, { method: 'GET', url: `/api/records/${draft.id}/history` });
    expect(history.statusCode).toBe(200);
    expect((history.json() as { kind: string; actor: string }[]).map((h) => [h.kind, h.actor])).toEqual([
      ['create', 'x1-officer'],
      ['withdraw', 'x1-officer'],
    ]);
    const audit = await call(instance, hq, { method: 'GET', url: `/api/audit?action=record.withdraw` });
    expect((audit.json() as { items: { target: string; actor: string; outcome: string }[] }).items).toContainEqual(
      expect.objectContaining({ target: `record:${draft.id}`, actor: 'x1-officer', outcome: 'ok' }),
    );
  });

  it('refuses a record that left its first state, and one of another unit', async () => {
    const registered = created['赵立新']!;
    const moved = await call(instance, t['x1-officer']!, { method: 'POST', url: `/api/records/${registered.id}/actions/register` });
    expect(moved.statusCode, moved.body).toBe(200);
    const version = (moved.json() as Item).version;
    const refused = await call(instance, t['x1-officer']!, { method: 'DELETE', url: `/api/records/${registered.id}`, headers: { 'if-match': String(version) } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('FW_REC_NOT_WITHDRAWABLE');
    const other = await newCase(t['x2-officer']!, { name: '孙大圣', summary: '另一县的线索', receivedOn: '2025-06-01', category: 'work' });
    const foreign = await call(instance, t['x1-officer']!, { method: 'DELETE', url: `/api/records/${other.id}`, headers: { 'if-match': String(other.version) } });
    expect(foreign.statusCode).toBe(404);
    expect((await call(instance, t['x2-officer']!, { method: 'GET', url: `/api/records/${other.id}` })).statusCode).toBe(200);
  });
});

describe('saving an untouched form', () => {
  it('creates nothing: an empty create is 422 FW_REC_EMPTY', async () => {
    const before = (await list(t['x1-officer']!, CASES, 'limit=1')).totals.count;
    for (const data of [{}, { cadreName: '  ', gifts: [] }]) {
      const response = await call(instance, t['x1-officer']!, { method: 'POST', url: `/api/modules/${CASES}/records`, payload: { data } });
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({ code: 'FW_REC_EMPTY', errors: [{ path: '/data', code: 'FW_REC_EMPTY' }] });
    }
    expect((await list(t['x1-officer']!, CASES, 'limit=1')).totals.count).toBe(before);
  });
});

describe('the dashboard period', () => {
  it('counts the records whose matter’s date falls in the period, withdrawn drafts never', async () => {
    const stats = async (query: string) => {
      const response = await call(instance, t['x1-officer']!, { method: 'GET', url: `/api/modules/${CASES}/stats?by=state&${query}` });
      expect(response.statusCode, response.body).toBe(200);
      return (response.json() as { total: number }).total;
    };
    const inRange = (from: string, to: string) => cases.filter((c) => c.receivedOn >= from && c.receivedOn <= to).length;
    expect(await stats('from=2025-01-01&to=2025-03-31')).toBe(inRange('2025-01-01', '2025-03-31'));
    expect(await stats('from=2025-05-01&to=2025-05-31')).toBe(inRange('2025-05-01', '2025-05-31'));
    // The withdrawn draft (received 2025-06-01) is counted nowhere.
    expect(await stats('from=2025-06-01')).toBe(0);
    expect(await stats('')).toBe(cases.length);
    const bad = await call(instance, t['x1-officer']!, { method: 'GET', url: `/api/modules/${CASES}/stats?by=state&from=2025-04-01&to=2025-03-01` });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'FW_REC_BAD_QUERY', errors: [{ path: '/from' }] });
  });
});

describe('reports: the inbox and bulk approval', () => {
  const period = lastQuarter(new Date());
  const reports: Record<string, Item> = {};
  const officers: Record<string, string> = { X111: 'x1-officer', X112: 'x2-officer', X113: 'x3-officer' };

  beforeAll(async () => {
    const assigned = await call(instance, t['c-leader']!, {
      method: 'POST',
      url: `/api/reports/${REPORT}/periods/${period.key}/assign`,
      payload: { unitCodes: Object.keys(officers), dueAt: '2099-12-31' },
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    for (const r of (assigned.json() as { records: { id: string; unitCode: string }[] }).records) {
      const token = t[officers[r.unitCode]!]!;
      const report = (await call(instance, token, { method: 'GET', url: `/api/records/${r.id}` })).json() as Item & { prefill: Record<string, number> };
      const carriedOver = Math.max(0, (report.prefill['/cases/closed'] ?? 0) - (report.prefill['/cases/filed'] ?? 0)) + 1;
      const filled = await call(instance, token, {
        method: 'PATCH',
        url: `/api/records/${r.id}`,
        headers: { 'if-match': String(report.version) },
        payload: { data: { cases: { carriedOver }, other: { firstForm: 3, recoveredLoss: 1.5 } } },
      });
      expect(filled.statusCode, filled.body).toBe(200);
      reports[r.unitCode] = filled.json() as Item;
    }
    // Two are submitted; X113's stays being filled.
    for (const unit of ['X111', 'X112']) {
      const submitted = await call(instance, t[officers[unit]!]!, { method: 'POST', url: `/api/records/${reports[unit]!.id}/actions/submit` });
      expect(submitted.statusCode, submitted.body).toBe(200);
    }
  });

  it('names each task in the inbox by report, period and unit', async () => {
    const inbox = (await call(instance, t['c-leader']!, { method: 'GET', url: '/api/inbox' })).json() as { tasks: { id: string; title: string }[] };
    const task = inbox.tasks.find((x) => x.id === reports.X111!.id)!;
    expect(task.title).toBe(`纪律审查工作情况季度统计表 · ${period.year}年第${period.q}季度 · 甲省一市一县`);
    // The leader finds the county's report by its unit's name.
    const found = await list(t['c-leader']!, REPORT, `q=${encodeURIComponent('一市二县')}`);
    expect(found.items.map((i) => i.id)).toEqual([reports.X112!.id]);
  });

  it('approves many with one comment: each record on its own, a bad row reported and left as it was, approved tasks gone from the inbox', async () => {
    const ids = [reports.X111!.id, reports.X113!.id, reports.X112!.id];
    const response = await call(instance, t['c-leader']!, { method: 'POST', url: '/api/records/actions/approve', payload: { ids, comment: '数据核实无误' } });
    expect(response.statusCode, response.body).toBe(200);
    const answer = response.json() as { done: number; failed: number; results: { id: string; ok: boolean; status: number; state?: string; code?: string; message?: string }[] };
    expect(answer.done).toBe(2);
    expect(answer.failed).toBe(1);
    expect(answer.results.map((r) => [r.id, r.ok, r.status, r.state ?? r.code])).toEqual([
      [reports.X111!.id, true, 200, 'approved'],
      // Still being filled at the county, which holds it: not the leader's to approve.
      [reports.X113!.id, false, 409, 'FW_WF_ACTION_NOT_AVAILABLE'],
      [reports.X112!.id, true, 200, 'approved'],
    ]);
    expect(answer.results[1]!.message).toMatch(/填报中/);
    const bad = (await call(instance, t['x3-officer']!, { method: 'GET', url: `/api/records/${reports.X113!.id}` })).json() as Item;
    expect([bad.state, bad.version]).toEqual([reports.X113!.state, reports.X113!.version]);

    for (const id of [reports.X111!.id, reports.X112!.id]) {
      const history = (await call(instance, t['c-leader']!, { method: 'GET', url: `/api/records/${id}/history` })).json() as { action: string | null; comment: string | null }[];
      expect(history.at(-1)).toMatchObject({ action: 'approve', comment: '数据核实无误' });
    }
    const audit = (await call(instance, hq, { method: 'GET', url: '/api/audit?action=record.transition&actor=c-leader' })).json() as { items: { target: string; details: { action?: string } }[] };
    const approvals = audit.items.filter((a) => a.details.action === 'approve').map((a) => a.target);
    expect(approvals.sort()).toEqual([`record:${reports.X111!.id}`, `record:${reports.X112!.id}`].sort());

    const inbox = (await call(instance, t['c-leader']!, { method: 'GET', url: '/api/inbox' })).json() as { tasks: { id: string }[] };
    expect(inbox.tasks.map((x) => x.id)).not.toContain(reports.X111!.id);
    expect(inbox.tasks.map((x) => x.id)).not.toContain(reports.X112!.id);
  });

  it('returns many with one comment, the comment required as for one', async () => {
    const again = await call(instance, t['x3-officer']!, { method: 'POST', url: `/api/records/${reports.X113!.id}/actions/submit` });
    expect(again.statusCode, again.body).toBe(200);
    const noComment = await call(instance, t['c-leader']!, { method: 'POST', url: '/api/records/actions/return', payload: { ids: [reports.X113!.id] } });
    expect((noComment.json() as { results: { status: number; code: string }[] }).results).toEqual([expect.objectContaining({ status: 422, code: 'FW_REC_INVALID' })]);
    const returned = await call(instance, t['c-leader']!, { method: 'POST', url: '/api/records/actions/return', payload: { ids: [reports.X113!.id], comment: '请补充说明' } });
    expect((returned.json() as { results: { ok: boolean; state: string }[] }).results).toEqual([expect.objectContaining({ ok: true, state: 'draft' })]);
    const bodyless = await call(instance, t['c-leader']!, { method: 'POST', url: '/api/records/actions/approve', payload: { ids: [] } });
    expect(bodyless.statusCode).toBe(422);
  });
});
