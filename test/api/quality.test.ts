/**
 * Data quality per unit (GET /api/quality) over a small organisation (HQ → P1 → C11 → X111,
 * P2 → C21): records entered through the API on a test clock, reports assigned, submitted
 * on time and late, records returned, one deadline missed. Every expected figure is worked out
 * here from the records the test created, not read back from the product.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { nudgeWeek } from '../../runtime/src/quality/quality-nudges.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance, testClock } from '../support/instance.js';

const DAY = 86_400_000;
const form = {
  key: 'quality-form',
  kind: 'record',
  title: { 'zh-CN': '质量测试登记' },
  schema: {
    type: 'object',
    properties: {
      name: { title: '名称', type: 'string' },
      matterOn: { title: '受理日期', type: 'string', format: 'date' },
      checked: { title: '已核实', type: 'boolean' },
    },
  },
  rules: [
    {
      name: 'uncheckedWarns',
      conditions: { all: [{ fact: 'data', path: '/checked', operator: 'equal', value: false }] },
      event: { type: 'warning', params: { path: '/checked', code: 'QUALITY_UNCHECKED', message: { 'zh-CN': '尚未核实', en: 'Not checked yet' } } },
    },
  ],
  quality: { matterDate: '/matterOn', entryLimitDays: 5, staleDraftDays: 10 },
  workflow: {
    initial: 'draft',
    states: {
      draft: { title: { 'zh-CN': '草稿' }, draft: true },
      submitted: { title: { 'zh-CN': '已提交' } },
      done: { title: { 'zh-CN': '办结' }, final: true },
    },
    transitions: [
      { action: 'submit', title: { 'zh-CN': '提交' }, from: ['draft'], to: 'submitted', roles: ['officer'] },
      { action: 'return', title: { 'zh-CN': '退回' }, from: ['submitted'], to: 'draft', roles: ['officer'] },
      { action: 'close', title: { 'zh-CN': '办结' }, from: ['submitted'], to: 'done', roles: ['officer'] },
    ],
  },
};
// A report with a workflow of its own: no deadline job runs behind the test's back.
const template = {
  key: 'quality-monthly',
  kind: 'report',
  title: { 'zh-CN': '质量测试月报' },
  schema: { type: 'object', properties: { headcount: { title: '人数', type: 'integer', minimum: 0 } } },
  workflow: {
    initial: 'draft',
    states: { draft: { title: { 'zh-CN': '草稿' }, draft: true }, submitted: { title: { 'zh-CN': '已上报' } }, approved: { title: { 'zh-CN': '已审核' } } },
    transitions: [
      { action: 'submit', title: { 'zh-CN': '上报' }, from: ['draft'], to: 'submitted', roles: ['officer'] },
      { action: 'approve', title: { 'zh-CN': '审核通过' }, from: ['submitted'], to: 'approved', roles: ['leader'] },
    ],
  },
  report: { period: 'month', levels: [3, 4] },
};

const UNITS = ['HQ', 'P1', 'P2', 'C11', 'C21', 'X111'];
const PARENT: Record<string, string | null> = { HQ: null, P1: 'HQ', P2: 'HQ', C11: 'P1', X111: 'C11', C21: 'P2' };
const REPORT_DUE = '2026-06-05T10:00:00.000Z';

let db: TestDatabase;
let instance: Instance;
const clock = testClock('2026-05-25T02:00:00.000Z');
const tokens = new Map<string, string>();
const signedIn = new Set<string>();

/** What the test knows of each record it made. */
interface Made {
  id: string;
  unit: string;
  createdAt: number;
  matterOn?: string;
  state: string;
  touchedAt: number;
  version: number;
  /** Whether its data, as last written, draws the rule's warning. */
  warned: boolean;
  /** When it was handed in (left the draft state). */
  handedIn: number[];
}
const made: Made[] = [];
const reports = new Map<string, { id: string; submittedAt?: number; approved?: boolean }>();
const returnsAt: { unit: string; at: number }[] = [];
const missed: { unit: string; at: number }[] = [];
const overdueNow = new Set<string>();

const userOf = (unit: string, role = 'officer') => `${unit.toLowerCase()}-${role}`;
const as = async (username: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, headers?: Record<string, string>) => {
  const options = { method, url, ...(payload ? { payload } : {}), ...(headers ? { headers } : {}) };
  if (!tokens.has(username)) {
    tokens.set(username, await login(instance, username));
    signedIn.add(username);
  }
  const response = await call(instance, tokens.get(username), options);
  if (response.statusCode !== 401) return response;
  tokens.delete(username);
  return as(username, method, url, payload, headers);
};
const ok = async (username: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, headers?: Record<string, string>) => {
  const response = await as(username, method, url, payload, headers);
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  return response.json();
};
const setClock = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());

async function enter(unit: string, matterOn?: string, checked?: boolean): Promise<Made> {
  const data = { name: `${unit} ${made.length}`, ...(matterOn ? { matterOn } : {}), ...(checked !== undefined ? { checked } : {}) };
  const body = await ok(userOf(unit), 'POST', '/api/modules/quality-form/records', { data });
  const now = clock.now().getTime();
  const record: Made = { id: body.id, unit, createdAt: now, state: 'draft', touchedAt: now, version: body.version, warned: checked === false, handedIn: [], ...(matterOn ? { matterOn } : {}) };
  made.push(record);
  return record;
}
async function act(record: Made, action: string, to: string): Promise<void> {
  const body = await ok(userOf(record.unit), 'POST', `/api/records/${record.id}/actions/${action}`, {});
  if (record.state === 'draft' && to !== 'draft') record.handedIn.push(clock.now().getTime());
  record.state = to;
  record.version = body.version;
  record.touchedAt = clock.now().getTime();
  if (to === 'draft') returnsAt.push({ unit: record.unit, at: clock.now().getTime() });
}

/** The units whose records count in a bucket: a child's subtree, or just the unit itself. */
function subtree(code: string): string[] {
  return UNITS.filter((u) => {
    for (let at: string | null = u; at; at = PARENT[at]!) if (at === code) return true;
    return false;
  });
}
const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY);
function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The measures the test expects for a set of units in June 2026, asked at `now`. */
function expected(units: string[], now: number) {
  const from = Date.parse('2026-06-01T00:00:00+08:00');
  const to = Date.parse('2026-07-01T00:00:00+08:00');
  const inJune = (t: number) => t >= from && t < to;
  const mine = made.filter((r) => units.includes(r.unit));
  const entered = mine.filter((r) => inJune(r.createdAt));
  const lags = entered.filter((r) => r.matterOn).map((r) => daysBetween(r.matterOn!, chinaDay(r.createdAt)));
  const due = [...reports.entries()].filter(([unit]) => units.includes(unit)).map(([, r]) => r);
  const dueAt = Date.parse(REPORT_DUE);
  return {
    records: entered.length,
    lagCounted: lags.length,
    entryLagMedianDays: median(lags),
    lateEntries: lags.filter((d) => d > 5).length,
    overdueNow: mine.filter((r) => overdueNow.has(r.id)).length,
    missedDeadlines: missed.filter((m) => units.includes(m.unit) && inJune(m.at)).length,
    staleDrafts: mine.filter((r) => r.state === 'draft' && r.touchedAt < now - 10 * DAY).length,
    reportsDue: due.length,
    reportsOnTime: due.filter((r) => r.submittedAt !== undefined && r.submittedAt <= dueAt).length,
    reportsLate: due.filter((r) => (r.submittedAt ?? now) > dueAt).length,
    reportsSubmitted: due.filter((r) => r.submittedAt !== undefined).length,
    reportsApproved: due.filter((r) => r.approved).length,
    returned: returnsAt.filter((m) => units.includes(m.unit) && inJune(m.at)).length,
    openWarnings: mine.filter((r) => r.warned && r.state !== 'draft' && r.handedIn.some(inJune)).length,
    users: units.length * 2,
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url, { now: clock.now });
  const admin = await login(instance);
  await seedOrganisation(instance, admin);
  for (const unit of UNITS) for (const role of ['officer', 'leader']) await createUser(instance, { username: userOf(unit, role), roles: [role], unitCode: unit });
  await createUser(instance, { username: 'hq-auditor', roles: ['auditor'], unitCode: 'HQ' });
  await createUser(instance, { username: 'designer', roles: ['designer'], unitCode: 'HQ' });
  tokens.set('admin', admin);
  expect((await as('designer', 'POST', '/api/modules/quality-form/versions', form)).statusCode).toBe(201);
  expect((await as('designer', 'POST', '/api/modules/quality-monthly/versions', template)).statusCode).toBe(201);

  // 25 May: a draft at C11 that nobody touches again; May's report assigned, due 5 June.
  const forgotten = await enter('C11', '2026-05-20');
  const assigned = await ok('hq-officer', 'POST', '/api/reports/quality-monthly/periods/2026-05/assign', { unitCodes: ['C11', 'X111', 'C21'], dueAt: REPORT_DUE });
  for (const r of assigned.records as { id: string; unitCode: string }[]) reports.set(r.unitCode, { id: r.id });
  // 3 June: C11 and X111 report on time.
  setClock('2026-06-03T02:00:00.000Z');
  for (const unit of ['C11', 'X111']) {
    await ok(userOf(unit), 'POST', `/api/records/${reports.get(unit)!.id}/actions/submit`, {});
    reports.get(unit)!.submittedAt = clock.now().getTime();
  }
  // 10 June (10:00 China time): entries with lags of 2, 9, 21, 0 and 3 days, and two without a matter date.
  // Unchecked ones draw a warning: handed in with it (a, c), returned (b), still drafts, or checked before hand-in (f).
  setClock('2026-06-10T02:00:00.000Z');
  const a = await enter('C11', '2026-06-08', false);
  const b = await enter('C11', '2026-06-01', false);
  const c = await enter('X111', '2026-05-20', false);
  await enter('C21', '2026-06-10', false);
  const e = await enter('P1', '2026-06-07');
  await enter('C11');
  const f = await enter('X111', undefined, false);
  const checked = await ok(userOf('X111'), 'PATCH', `/api/records/${f.id}`, { data: { checked: true } }, { 'if-match': String(f.version) });
  f.version = checked.version;
  f.warned = false;
  await act(a, 'submit', 'submitted');
  await act(b, 'submit', 'submitted');
  await act(b, 'return', 'draft');
  await act(c, 'submit', 'submitted');
  await act(f, 'submit', 'submitted');
  // C21 reports late; C11's report is approved.
  await ok(userOf('C21'), 'POST', `/api/records/${reports.get('C21')!.id}/actions/submit`, {});
  reports.get('C21')!.submittedAt = clock.now().getTime();
  await ok(userOf('C11', 'leader'), 'POST', `/api/records/${reports.get('C11')!.id}/actions/approve`, {});
  reports.get('C11')!.approved = true;
  // A deadline missed on 15 June (X111's record, still open) and one in May (the forgotten draft): the deadline worker's rows.
  const sql = instance.db.sequelize;
  await sql.query("UPDATE records SET overdue_at = '2026-06-15T02:00:00Z' WHERE id = $1", { bind: [c.id] });
  overdueNow.add(c.id);
  for (const [record, at] of [
    [c, '2026-06-15T02:00:00Z'],
    [forgotten, '2026-05-30T02:00:00Z'],
  ] as const) {
    await sql.query("INSERT INTO record_history (record_id, at, kind, to_state, job_key) VALUES ($1, $2, 'overdue', $3, 'overdue:test')", { bind: [record.id, at, record.state] });
    missed.push({ unit: record.unit, at: Date.parse(at) });
  }
  // 20 June: P1 touches its draft.
  setClock('2026-06-20T02:00:00.000Z');
  const current = await ok(userOf('P1'), 'GET', `/api/records/${e.id}`);
  const patched = await ok(userOf('P1'), 'PATCH', `/api/records/${e.id}`, { data: { name: 'P1 touched' } }, { 'if-match': String(current.version) });
  e.version = patched.version;
  e.touchedAt = clock.now().getTime();
  setClock('2026-06-25T02:00:00.000Z');
}, 120_000);
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

const measures = (row: Record<string, unknown>) => {
  const { code: _code, name: _name, recordsByModule: _m, lateShare: _s, approvalRate: _a, activeUsers: _u, lastSignInAt: _l, ...rest } = row;
  return rest;
};

describe('GET /api/quality', () => {
  it('gives each child of a unit its subtree’s measures, the unit’s own records and the total', async () => {
    const now = clock.now().getTime();
    const answer = await ok('hq-auditor', 'GET', '/api/quality?period=2026-06');
    expect(answer.unit).toEqual({ code: 'HQ', name: expect.any(String), level: 1 });
    expect(answer.period).toEqual({ key: '2026-06', from: '2026-06-01', to: '2026-06-30' });
    expect(answer.children.map((c: { code: string }) => c.code)).toEqual(['P1', 'P2']);
    expect(measures(answer.children[0])).toEqual(expected(subtree('P1'), now));
    expect(measures(answer.children[1])).toEqual(expected(subtree('P2'), now));
    // HQ also holds the bootstrap admin, the auditor and the designer.
    expect(measures(answer.own)).toEqual({ ...expected(['HQ'], now), users: 2 + 3 });
    expect(measures(answer.total)).toEqual({ ...expected(UNITS, now), users: UNITS.length * 2 + 3 });
    // The figures this test set up, spelt out once.
    expect(answer.children[0]).toMatchObject({
      records: 6,
      recordsByModule: { 'quality-form': 6 },
      lagCounted: 4,
      entryLagMedianDays: 6,
      lateEntries: 2,
      lateShare: 0.5,
      overdueNow: 1,
      missedDeadlines: 1,
      staleDrafts: 3,
      reportsDue: 2,
      reportsOnTime: 2,
      reportsApproved: 1,
      approvalRate: 0.5,
      returned: 1,
      openWarnings: 2,
    });
    expect(answer.children[1]).toMatchObject({ records: 1, entryLagMedianDays: 0, staleDrafts: 1, reportsDue: 1, reportsLate: 1, reportsOnTime: 0, openWarnings: 0 });
    expect(answer.modules).toEqual(
      expect.arrayContaining([{ key: 'quality-form', kind: 'record', matterDate: '/matterOn', entryLimitDays: 5, staleDraftDays: 10 }]),
    );
  });

  it('drills into a unit of the caller’s subtree: a row per child, the unit’s own row', async () => {
    const now = clock.now().getTime();
    const answer = await ok(userOf('P1', 'leader'), 'GET', '/api/quality?period=2026-06&unit=P1');
    expect(answer.children.map((c: { code: string }) => c.code)).toEqual(['C11']);
    expect(measures(answer.children[0])).toEqual(expected(subtree('C11'), now));
    expect(measures(answer.own)).toEqual(expected(['P1'], now));
    expect(answer.own).toMatchObject({ records: 1, entryLagMedianDays: 3, staleDrafts: 0 });
    // Only one module: the report's figures go.
    const formOnly = await ok(userOf('P1', 'leader'), 'GET', '/api/quality?period=2026-06&unit=P1&module=quality-form');
    expect(formOnly.total).toMatchObject({ records: 6, reportsDue: 0, returned: 1, openWarnings: 2 });
    expect((await as(userOf('P1', 'leader'), 'GET', '/api/quality?module=no-such-module')).statusCode).toBe(404);
  });

  it('answers 404 for a unit outside the caller’s subtree, and defaults to the caller’s unit', async () => {
    expect((await as(userOf('C21'), 'GET', '/api/quality?unit=P1')).statusCode).toBe(404);
    expect((await as(userOf('C21'), 'GET', '/api/quality?unit=NOWHERE')).statusCode).toBe(404);
    const own = await ok(userOf('C21'), 'GET', '/api/quality?period=2026-06');
    expect(own.unit.code).toBe('C21');
    expect(own.children).toEqual([]);
    expect(measures(own.own)).toEqual(expected(['C21'], clock.now().getTime()));
    expect((await as(userOf('C21'), 'GET', '/api/quality?period=2026-13')).statusCode).toBe(422);
    expect((await as(userOf('C21'), 'GET', '/api/quality?period=2026-06&from=2026-06-01')).statusCode).toBe(422);
  });

  it('counts who signed in during the period and the last sign-in (from the audit log’s wall-clock time)', async () => {
    const today = chinaDay(Date.now());
    const answer = await ok('hq-auditor', 'GET', `/api/quality?from=${chinaDay(Date.now() - DAY)}&to=${chinaDay(Date.now() + DAY)}`);
    expect(answer.period).toMatchObject({ key: null, to: expect.any(String) });
    expect(today >= answer.period.from && today <= answer.period.to).toBe(true);
    for (const child of answer.children as { code: string; activeUsers: number; lastSignInAt: string | null }[]) {
      const units = subtree(child.code);
      expect(child.activeUsers, child.code).toBe([...signedIn].filter((u) => units.includes(u.split('-')[0]!.toUpperCase())).length);
      expect(child.lastSignInAt).not.toBeNull();
    }
    // June (test clock) saw no sign-in at wall-clock time.
    const june = await ok('hq-auditor', 'GET', '/api/quality?period=2026-06');
    expect(june.total.activeUsers).toBe(0);
    expect(june.total.lastSignInAt).not.toBeNull();
  });

  it('gives the assessment file as xlsx with Chinese headers, one line per child, the unit’s own and the total', async () => {
    const response = await as('hq-auditor', 'GET', '/api/quality?period=2026-06&format=xlsx');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('数据质量')!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(2)).toEqual(expect.arrayContaining(['单位编码', '单位名称', '录入数', '录入时长中位数（天）', '长期未动草稿数', '退回修改数', '未处理警示数', '活跃用户数']));
    const json = await ok('hq-auditor', 'GET', '/api/quality?period=2026-06');
    expect(values(3).slice(0, 4)).toEqual(['P1', json.children[0].name, json.children[0].records, json.children[0].entryLagMedianDays]);
    expect(values(4)[0]).toBe('P2');
    expect(values(5)[1]).toContain('本级');
    expect(values(6).slice(1, 3)).toEqual(['合计', json.total.records]);
  });
});

describe('the quality block of a definition', () => {
  it('refuses a matter date that is not a date field of the record', async () => {
    const response = await as('designer', 'POST', '/api/modules/quality-bad/versions', { ...form, key: 'quality-bad', quality: { matterDate: '/name' } });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([expect.objectContaining({ path: '/quality/matterDate', code: 'FW_DEF_NOT_A_DATE' })]);
  });
});

describe('weekly nudges', () => {
  it('begin their week on Monday 08:00 China time', () => {
    expect(nudgeWeek(new Date('2026-06-22T00:00:00Z'))).toBe('2026-W26');
    expect(nudgeWeek(new Date('2026-06-21T23:59:59Z'))).toBe('2026-W25');
    expect(nudgeWeek(new Date('2026-12-31T12:00:00Z'))).toBe('2026-W53');
  });

  it('tell each unit’s leaders of its own overdue records and stale drafts once a week, with two instances sweeping', async () => {
    const own = (unit: string, now = clock.now().getTime()) => ({
      overdue: made.filter((r) => r.unit === unit && overdueNow.has(r.id)).length,
      stale: made.filter((r) => r.unit === unit && r.state === 'draft' && r.touchedAt < now - 10 * DAY).length,
    });
    const switched = await ok('admin', 'PUT', '/api/quality/nudges/C21', { enabled: false });
    expect(switched).toEqual({ code: 'C21', enabled: false });
    expect((await as(userOf('C21', 'leader'), 'PUT', '/api/quality/nudges/C21', { enabled: true })).statusCode).toBe(403);
    const told = () => UNITS.filter((u) => u !== 'C21' && (own(u).overdue > 0 || own(u).stale > 0)).sort();
    const expectedUnits = told();
    expect(expectedUnits).toEqual(['C11', 'X111']);

    const second = await startTestInstance(db.url, { now: clock.now });
    try {
      const [a, b] = await Promise.all([instance.ctx.quality.sendWeeklyNudges(), second.ctx.quality.sendWeeklyNudges()]);
      expect([...a, ...b].sort()).toEqual(expectedUnits);
      expect([...(await instance.ctx.quality.sendWeeklyNudges()), ...(await second.ctx.quality.sendWeeklyNudges())]).toEqual([]);
    } finally {
      await second.stop();
    }
    const [rows] = await instance.db.sequelize.query("SELECT unit_code, count(*)::int AS n FROM notifications WHERE kind = 'quality' GROUP BY 1 ORDER BY 1");
    expect(rows).toEqual(expectedUnits.map((unit_code) => ({ unit_code, n: 1 })));
    const inbox = await ok(userOf('C11', 'leader'), 'GET', '/api/inbox');
    const nudge = inbox.notifications.find((n: { kind: string }) => n.kind === 'quality');
    expect(nudge.message['zh-CN']).toBe(`本周数据质量提醒：本单位有 ${own('C11').overdue} 件记录已逾期未办结，${own('C11').stale} 件草稿超过期限未更新`);
    const officerInbox = await ok(userOf('C11'), 'GET', '/api/inbox');
    expect(officerInbox.notifications.some((n: { kind: string }) => n.kind === 'quality')).toBe(false);

    // The next week, again once: P1's draft, touched on 20 June, has gone stale meanwhile.
    clock.advance(7 * DAY);
    expect(told()).toEqual(['C11', 'P1', 'X111']);
    expect(await instance.ctx.quality.sendWeeklyNudges()).toEqual(told());
    expect(await instance.ctx.quality.sendWeeklyNudges()).toEqual([]);
  });
});
