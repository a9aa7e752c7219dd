/**
 * The data-quality test scenario (test/api/quality*.test.ts): a small organisation (HQ → P1 →
 * C11 → X111, P2 → C21), records entered through the API on a test clock, reports assigned,
 * submitted on time and late, records returned, warnings left or cleared, deadlines missed. The
 * scenario remembers what it did, so every expected figure is worked out from the records it
 * created, not read back from the product.
 */
import { expect } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { call, createUser, login, seedOrganisation, startTestInstance, testClock } from './instance.js';

export const DAY = 86_400_000;
export const form = {
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
export const template = {
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

export const UNITS = ['HQ', 'P1', 'P2', 'C11', 'C21', 'X111'];
export const PARENT: Record<string, string | null> = { HQ: null, P1: 'HQ', P2: 'HQ', C11: 'P1', X111: 'C11', C21: 'P2' };
export const REPORT_DUE = '2026-06-05T10:00:00.000Z';

/** What the test knows of each record it made. */
export interface Made {
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
/** A scenario: set it up once (`setUp`), then ask it what each figure should be. */
export function qualityScenario() {
  let db: TestDatabase;
  let instance: Instance;
  const clock = testClock('2026-05-25T02:00:00.000Z');
  const tokens = new Map<string, string>();
  const signedIn = new Set<string>();

  const made: Made[] = [];
  const reports = new Map<string, { id: string; submittedAt?: number; approved?: boolean }>();
  const returnsAt: { id: string; unit: string; at: number }[] = [];
  const missed: { id: string; unit: string; at: number }[] = [];
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
    if (to === 'draft') returnsAt.push({ id: record.id, unit: record.unit, at: clock.now().getTime() });
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

  /** Whether a moment falls in a month (China time, e.g. 2026-06). */
  const inMonth = (month: string) => {
    const from = Date.parse(`${month}-01T00:00:00+08:00`);
    const next = new Date(from + 32 * DAY + 8 * 3_600_000).toISOString().slice(0, 7);
    const to = Date.parse(`${next}-01T00:00:00+08:00`);
    return (t: number) => t >= from && t < to;
  };
  /** A record's entry lag (days from its matter's date to its creation, China days), if it has a matter date. */
  const lagOf = (r: Made) => (r.matterOn ? daysBetween(r.matterOn, chinaDay(r.createdAt)) : undefined);

  /** The measures the test expects for a set of units in a month (June 2026 unless said), asked at `now`. */
  function expected(units: string[], now: number, month = '2026-06') {
    const within = inMonth(month);
    const mine = made.filter((r) => units.includes(r.unit));
    const entered = mine.filter((r) => within(r.createdAt));
    const lags = entered.filter((r) => r.matterOn).map((r) => lagOf(r)!);
    const dueAt = Date.parse(REPORT_DUE);
    const due = [...reports.entries()].filter(([unit]) => units.includes(unit) && within(dueAt)).map(([, r]) => r);
    return {
      records: entered.length,
      lagCounted: lags.length,
      entryLagMedianDays: median(lags),
      lateEntries: lags.filter((d) => d > 5).length,
      overdueNow: mine.filter((r) => overdueNow.has(r.id)).length,
      missedDeadlines: missed.filter((m) => units.includes(m.unit) && within(m.at)).length,
      staleDrafts: mine.filter((r) => r.state === 'draft' && r.touchedAt < now - 10 * DAY).length,
      reportsDue: due.length,
      reportsOnTime: due.filter((r) => r.submittedAt !== undefined && r.submittedAt <= dueAt).length,
      reportsLate: due.filter((r) => (r.submittedAt ?? now) > dueAt).length,
      reportsSubmitted: due.filter((r) => r.submittedAt !== undefined).length,
      reportsApproved: due.filter((r) => r.approved).length,
      returned: returnsAt.filter((m) => units.includes(m.unit) && within(m.at)).length,
      openWarnings: mine.filter((r) => r.warned && r.state !== 'draft' && r.handedIn.some(within)).length,
      users: units.length * 2,
    };
  }

  async function setUp(): Promise<void> {
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
      missed.push({ id: record.id, unit: record.unit, at: Date.parse(at) });
    }
    // 20 June: P1 touches its draft.
    setClock('2026-06-20T02:00:00.000Z');
    const current = await ok(userOf('P1'), 'GET', `/api/records/${e.id}`);
    const patched = await ok(userOf('P1'), 'PATCH', `/api/records/${e.id}`, { data: { name: 'P1 touched' } }, { 'if-match': String(current.version) });
    e.version = patched.version;
    e.touchedAt = clock.now().getTime();
    setClock('2026-06-25T02:00:00.000Z');
  }

  async function tearDown(): Promise<void> {
    await instance?.stop();
    await db?.drop();
  }

  return {
    get db() {
      return db;
    },
    get instance() {
      return instance;
    },
    clock,
    made,
    reports,
    returnsAt,
    missed,
    overdueNow,
    signedIn,
    userOf,
    as,
    ok,
    subtree,
    expected,
    inMonth,
    lagOf,
    setUp,
    tearDown,
  };
}
