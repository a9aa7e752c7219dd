/**
 * The quarterly discipline-enforcement report over the demo organisation: HQ assigns last
 * quarter to every county; counties open their reports pre-filled from the clue/case records
 * already in the system, fill the rest and submit; cities approve or return; one county is late.
 * Completeness, timeliness and every roll-up figure are checked against what the test computes
 * itself from the case records and the reports as filed.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { publishBundled } from '../../runtime/src/modules/bundled.js';
import { DEMO_PASSWORD, seedDemo } from '../../runtime/src/cli/demo/demo-seed.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, login, startTestInstance, testClock } from '../support/instance.js';

const KEY = 'enforcement-quarterly';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Case {
  id: string;
  unitCode: string;
  state: string;
  data: Record<string, string | undefined>;
}
interface Report {
  id: string;
  unitCode: string;
  state: string;
  version: number;
  assignedUnit: string;
  data: Record<string, unknown>;
  derived: Record<string, unknown>;
  prefill?: Record<string, number>;
  period?: string;
  dueAt?: string;
}

let db: TestDatabase;
let instance: Instance;
const clock = testClock(new Date().toISOString());
const tokens = new Map<string, string>();
let cases: Case[] = [];
let counties: { code: string; parentCode: string; provinceCode: string }[] = [];
let period: { key: string; first: string; last: string };
let dueAt: string;
const reportOf = new Map<string, string>();

/** Last quarter, worked out from the calendar here (China time), not by the product. */
function lastQuarter(now: Date) {
  const local = new Date(now.getTime() + 8 * HOUR);
  let year = local.getUTCFullYear();
  let q = Math.floor(local.getUTCMonth() / 3);
  if (q === 0) {
    q = 4;
    year -= 1;
  }
  const first = `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
  const lastDay = new Date(Date.UTC(year, q * 3, 0)).getUTCDate();
  const last = `${year}-${String(q * 3).padStart(2, '0')}-${lastDay}`;
  return { key: `${year}Q${q}`, first, last };
}

const token = async (username: string) => {
  if (!tokens.has(username)) tokens.set(username, await login(instance, username, DEMO_PASSWORD));
  return tokens.get(username)!;
};
/** A request as a demo user; the test's clock jumps days, so an expired session signs in again. */
const as = async (username: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers?: Record<string, string>) => {
  const options = { method, url, ...(payload ? { payload } : {}), ...(headers ? { headers } : {}) };
  const response = await call(instance, await token(username), options);
  if (response.statusCode !== 401) return response;
  tokens.delete(username);
  return call(instance, await token(username), options);
};
const officerOf = (unit: string) => `${unit.toLowerCase()}-officer`;
const leaderOf = (unit: string) => `${unit.toLowerCase()}-leader`;
const getReport = async (unit: string, username = officerOf(unit)) => {
  const response = await as(username, 'GET', `/api/records/${reportOf.get(unit)}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Report;
};

/** What the county's pre-filled figures must be: counted here from its own cases. */
function expectedFigures(unit: string): Record<string, number> {
  const inPeriod = (date: string | undefined) => date !== undefined && date >= period.first && date <= period.last;
  const mine = cases.filter((c) => c.unitCode === unit);
  const count = (test: (c: Case) => boolean) => mine.filter(test).length;
  const figures: Record<string, number> = {
    '/clues/received': count((c) => inPeriod(c.data.receivedOn)),
    '/cases/filed': count((c) => inPeriod(c.data.filedOn)),
    '/cases/closed': count((c) => c.state === 'closed' && inPeriod(c.data.closedOn)),
  };
  for (const way of ['talk', 'verify', 'shelve', 'close']) figures[`/clues/disposed/${way}`] = count((c) => c.data.disposal === way && inPeriod(c.data.disposedOn));
  for (const d of ['political', 'organisational', 'integrity', 'mass', 'work', 'life']) figures[`/cases/byDiscipline/${d}`] = count((c) => c.data.category === d && inPeriod(c.data.filedOn));
  const kinds: Record<string, string> = {
    '/sanctions/party/warning': 'party-warning',
    '/sanctions/party/seriousWarning': 'party-serious-warning',
    '/sanctions/party/removal': 'party-removal',
    '/sanctions/party/probation': 'party-probation',
    '/sanctions/party/expulsion': 'party-expulsion',
    '/sanctions/admin/warning': 'admin-warning',
    '/sanctions/admin/demerit': 'admin-demerit',
    '/sanctions/admin/majorDemerit': 'admin-major-demerit',
    '/sanctions/admin/demotion': 'admin-demotion',
    '/sanctions/admin/dismissal': 'admin-dismissal',
    '/sanctions/admin/expulsion': 'admin-expulsion',
  };
  for (const [path, kind] of Object.entries(kinds)) figures[path] = count((c) => c.state === 'closed' && c.data.sanctionKind === kind && inPeriod(c.data.sanctionDate));
  return figures;
}

/** A value at a JSON Pointer. */
const at = (data: unknown, pointer: string): unknown =>
  pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), data);

/** Fills in what the system cannot know, consistent with the pre-filled figures. */
async function fill(unit: string, extra = 1): Promise<Report> {
  const report = await getReport(unit);
  const prefill = report.prefill!;
  const carriedOver = Math.max(0, prefill['/cases/closed']! - prefill['/cases/filed']!) + extra;
  const response = await as(
    officerOf(unit),
    'PATCH',
    `/api/records/${report.id}`,
    { data: { cases: { carriedOver }, other: { firstForm: 3 + extra, recoveredLoss: 10.5 * extra } } },
    { 'if-match': String(report.version) },
  );
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Report;
}

const act = async (username: string, unit: string, action: string, body: object = {}) => {
  const response = await as(username, 'POST', `/api/records/${reportOf.get(unit)}/actions/${action}`, body);
  expect(response.statusCode, `${unit} ${action}: ${response.body}`).toBe(200);
  return response.json() as Report;
};

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url, { now: clock.now });
  await publishBundled(instance.ctx);
  await seedDemo(instance.db, instance.jobs, { now: clock.now, reports: false });
  period = lastQuarter(clock.now());
  cases = (await as('hq-auditor', 'GET', '/api/modules/discipline-case/records?limit=500')).json().items as Case[];
  const units = (await as('hq-auditor', 'GET', '/api/units')).json() as { code: string; parentCode: string | null; level: number }[];
  const parent = new Map(units.map((u) => [u.code, u.parentCode]));
  counties = units
    .filter((u) => u.level === 4)
    .map((u) => ({ code: u.code, parentCode: u.parentCode!, provinceCode: parent.get(u.parentCode!)! }))
    .sort((a, b) => a.code.localeCompare(b.code));
}, 120_000);
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('the quarterly discipline-enforcement report', () => {
  it('is assigned to every county once; bad periods, levels and units are refused', async () => {
    expect(counties).toHaveLength(12);
    dueAt = new Date(clock.now().getTime() + 5 * DAY).toISOString();
    const url = `/api/reports/${KEY}/periods/${period.key}/assign`;
    const first = await as('hq-officer', 'POST', url, { level: 4, dueAt });
    expect(first.statusCode, first.body).toBe(201);
    const assigned = first.json() as { period: string; dueAt: string; created: number; existing: number; records: { id: string; unitCode: string; created: boolean }[] };
    expect(assigned).toMatchObject({ period: period.key, dueAt, created: 12, existing: 0 });
    expect(assigned.records.map((r) => r.unitCode)).toEqual(counties.map((c) => c.code));
    for (const r of assigned.records) reportOf.set(r.unitCode, r.id);

    const again = await as('hq-officer', 'POST', url, { level: 4, dueAt });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: 0, existing: 12 });
    const listed = (await as('hq-auditor', 'GET', `/api/modules/${KEY}/records?period=${period.key}&limit=100`)).json().items as Report[];
    expect(listed).toHaveLength(12);

    const refused = async (username: string, path: string, body: object, status: number, code: string, pointer?: string) => {
      const response = await as(username, 'POST', path, body);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().code).toBe(code);
      if (pointer !== undefined) expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(pointer);
    };
    await refused('hq-officer', `/api/reports/${KEY}/periods/2026Q5/assign`, { level: 4 }, 422, 'FW_REPORT_PERIOD', '/period');
    await refused('hq-officer', `/api/reports/${KEY}/periods/2026-09/assign`, { level: 4 }, 422, 'FW_REPORT_PERIOD', '/period');
    await refused('hq-officer', `/api/reports/${KEY}/periods/1789Q1/assign`, { level: 4 }, 422, 'FW_REPORT_PERIOD', '/period');
    await refused('hq-officer', url, { level: 1 }, 422, 'FW_REPORT_LEVEL', '/level');
    await refused('hq-officer', url, { unitCodes: ['HQ'] }, 422, 'FW_REPORT_LEVEL', '/unitCodes/0');
    await refused('hq-officer', url, { level: 4, unitCodes: ['JS0101'] }, 422, 'FW_REPORT_TARGET');
    await refused('hq-officer', url, {}, 422, 'FW_REPORT_TARGET');
    await refused('hq-officer', url, { level: 4, dueAt: 'not-a-date-at-all' }, 422, 'FW_REPORT_DUE', '/dueAt');
    // A day that does not exist is refused, not moved to March; a time names its offset.
    await refused('hq-officer', url, { level: 4, dueAt: '2026-02-30' }, 422, 'FW_REPORT_DUE', '/dueAt');
    await refused('hq-officer', url, { level: 4, dueAt: '2026-09-10T10:00' }, 422, 'FW_REPORT_DUE', '/dueAt');
    // An empty or malformed unit code is refused, never read as "my own unit".
    await refused('hq-officer', url, { unitCodes: [''] }, 422, 'FW_REQ_INVALID', '/unitCodes/0');
    for (const query of ['unit=', 'unit=JS%20', 'level=1']) {
      const bad = await as('hq-auditor', 'GET', `/api/reports/${KEY}/periods/${period.key}/status?${query}`);
      expect(bad.statusCode, `${query}: ${bad.body}`).toBe(422);
      expect(bad.json().code).toBe(query.startsWith('level') ? 'FW_REPORT_LEVEL' : 'FW_REQ_INVALID');
    }
    await refused('hq-officer', url, { level: 4, extra: true }, 422, 'FW_REQ_INVALID');
    await refused('js-officer', url, { unitCodes: ['ZJ0101'] }, 404, 'FW_UNIT_NOT_FOUND');
    await refused('hq-officer', '/api/reports/discipline-case/periods/2026Q3/assign', { level: 4 }, 409, 'FW_REPORT_NOT_REPORT');
    await refused('hq-officer', '/api/reports/no-such-report/periods/2026Q3/assign', { level: 4 }, 404, 'FW_MODULE_NOT_FOUND');
    // A report record is made by assignment, never directly.
    await refused('js0101-officer', `/api/modules/${KEY}/records`, { data: {} }, 409, 'FW_REC_WRONG_KIND');
    expect((await as('hq-auditor', 'GET', `/api/modules/${KEY}/records?limit=100`)).json().items).toHaveLength(12);
  });

  it('opens pre-filled with the figures of the county’s own records, traceable to them', async () => {
    let nonZero = 0;
    for (const { code } of counties) {
      const report = await getReport(code);
      expect(report).toMatchObject({ state: 'draft', period: period.key, dueAt });
      const expected = expectedFigures(code);
      expect(report.prefill, code).toEqual(expected);
      nonZero += Object.values(expected).filter((n) => n > 0).length;
    }
    // The demo's cases give the quarter real figures to check.
    expect(nonZero).toBeGreaterThan(20);

    const unit = counties.find((c) => expectedFigures(c.code)['/clues/received']! > 0)!.code;
    const detail = (await as(officerOf(unit), 'GET', `/api/records/${reportOf.get(unit)}/prefill`)).json();
    expect(detail.fields).toHaveLength(24);
    const received = detail.fields.find((f: { path: string }) => f.path === '/clues/received');
    expect(received).toMatchObject({ value: expectedFigures(unit)['/clues/received'], stored: null, source: { module: 'discipline-case', dateField: '/receivedOn', from: period.first, to: period.last, scope: 'unit' } });
    const drill = await as(officerOf(unit), 'GET', `/api/records/${reportOf.get(unit)}/prefill/records?field=/clues/received`);
    expect(drill.statusCode, drill.body).toBe(200);
    const expectedIds = cases.filter((c) => c.unitCode === unit && c.data.receivedOn! >= period.first && c.data.receivedOn! <= period.last).map((c) => c.id);
    expect(drill.json().items.map((r: { id: string }) => r.id).sort()).toEqual(expectedIds.sort());
    const notPrefilled = await as(officerOf(unit), 'GET', `/api/records/${reportOf.get(unit)}/prefill/records?field=/other/firstForm`);
    expect(notPrefilled.statusCode).toBe(422);
    expect(notPrefilled.json().code).toBe('FW_REPORT_NOT_PREFILLED');
    // Another province's county cannot see it.
    expect((await as('zj-officer', 'GET', `/api/records/${reportOf.get('JS0101')}/prefill`)).statusCode).toBe(404);
  });

  it('is filled and submitted by counties, approved or returned by their cities; approved data is locked', async () => {
    for (const [i, { code, parentCode }] of counties.entries()) {
      if (i > 8) break;
      clock.advance(HOUR);
      const filled = await fill(code, i + 1);
      const expected = expectedFigures(code);
      for (const [path, value] of Object.entries(expected)) {
        expect(at(filled.data, path), `${code} ${path}`).toBe(value);
        expect(filled.derived[path], `${code} ${path} is shown as computed`).toBe(value);
      }
      const disposed = ['talk', 'verify', 'shelve', 'close'].reduce((n, w) => n + expected[`/clues/disposed/${w}`]!, 0);
      expect(filled.derived['/clues/disposedTotal']).toBe(disposed);
      if (i === 8) continue; // stays a draft
      const submitted = await act(officerOf(code), code, 'submit');
      expect(submitted).toMatchObject({ state: 'submitted', assignedUnit: parentCode });
      if (i === 7) continue; // awaits approval
      if (i === 6) {
        const bare = await as(leaderOf(parentCode), 'POST', `/api/records/${reportOf.get(code)}/actions/return`, {});
        expect(bare.statusCode).toBe(422);
        expect(bare.json().errors[0]).toMatchObject({ path: '/comment', code: 'FW_WF_COMMENT_REQUIRED' });
        const returned = await act(leaderOf(parentCode), code, 'return', { comment: '结案数与台账不一致，请核实' });
        expect(returned).toMatchObject({ state: 'draft', assignedUnit: code });
        continue;
      }
      // Only the unit above approves: the county cannot approve its own report.
      expect((await as(leaderOf(code), 'POST', `/api/records/${reportOf.get(code)}/actions/approve`, {})).statusCode).toBe(403);
      expect(await act(leaderOf(parentCode), code, 'approve')).toMatchObject({ state: 'approved' });
    }
    const approved = await getReport(counties[0]!.code, leaderOf(counties[0]!.parentCode));
    // An approved report is finished: it leaves the approver's tasks (withdrawing approval is not a task), though it may still be reopened.
    const inbox = (await as(leaderOf(counties[0]!.parentCode), 'GET', '/api/inbox')).json() as { tasks: { id: string }[] };
    expect(inbox.tasks.map((task) => task.id)).not.toContain(approved.id);
    expect((approved as unknown as { availableActions: { action: string }[] }).availableActions.map((a) => a.action)).toContain('reopen');
    for (const username of [officerOf(counties[0]!.code), leaderOf(counties[0]!.parentCode)]) {
      const edit = await as(username, 'PATCH', `/api/records/${approved.id}`, { data: { remarks: '改' } }, { 'if-match': String(approved.version) });
      expect(edit.statusCode, username).toBe(409);
      expect(edit.json().code).toBe('FW_REC_NOT_EDITABLE');
    }
    // The returned report is the county's draft again, with the comment in its history.
    const history = (await as(officerOf(counties[6]!.code), 'GET', `/api/records/${reportOf.get(counties[6]!.code)}/history`)).json();
    expect(history.at(-1)).toMatchObject({ action: 'return', comment: '结案数与台账不一致，请核实', toState: 'draft' });
  });

  it('tracks completeness and timeliness per unit and per level', async () => {
    // Past the due date: one county submits late; two never started.
    clock.advance(6 * DAY);
    const late = counties[9]!.code;
    await fill(late, 10);
    await act(officerOf(late), late, 'submit');

    const expected = counties.map((c, i) => ({
      unitCode: c.code,
      status: i < 6 ? 'approved' : i === 7 || i === 9 ? 'submitted' : i === 6 || i === 8 ? 'draft' : 'notStarted',
      timeliness: i < 6 || i === 7 ? 'onTime' : 'late',
    }));
    const response = await as('hq-auditor', 'GET', `/api/reports/${KEY}/periods/${period.key}/status`);
    expect(response.statusCode, response.body).toBe(200);
    const status = response.json();
    expect(status.units.map((u: { unitCode: string; status: string; timeliness: string }) => ({ unitCode: u.unitCode, status: u.status, timeliness: u.timeliness }))).toEqual(expected);
    const count = (test: (e: (typeof expected)[number]) => boolean) => expected.filter(test).length;
    const handedIn = count((e) => e.status === 'submitted' || e.status === 'approved');
    const onTime = count((e) => (e.status === 'submitted' || e.status === 'approved') && e.timeliness === 'onTime');
    const totals = {
      assigned: 12,
      notStarted: count((e) => e.status === 'notStarted'),
      draft: count((e) => e.status === 'draft'),
      submitted: count((e) => e.status === 'submitted'),
      approved: count((e) => e.status === 'approved'),
      onTime,
      late: count((e) => e.timeliness === 'late'),
      reportingRate: Math.round((handedIn / 12) * 10_000) / 10_000,
      onTimeRate: Math.round((onTime / 12) * 10_000) / 10_000,
      approvalRate: Math.round((count((e) => e.status === 'approved') / 12) * 10_000) / 10_000,
    };
    expect(status.total).toEqual(totals);
    expect(status.levels).toEqual([{ level: 4, ...totals }]);
    const lateUnit = status.units.find((u: { unitCode: string }) => u.unitCode === late);
    expect(Date.parse(lateUnit.submittedAt)).toBeGreaterThan(Date.parse(dueAt));

    // A province sees its own subtree only; another's is out of reach.
    const js = (await as('js-leader', 'GET', `/api/reports/${KEY}/periods/${period.key}/status`)).json();
    expect(js.units.map((u: { unitCode: string }) => u.unitCode)).toEqual(counties.filter((c) => c.provinceCode === 'JS').map((c) => c.code));
    expect((await as('js-leader', 'GET', `/api/reports/${KEY}/periods/${period.key}/status?unit=ZJ`)).statusCode).toBe(404);
    const periods = (await as('hq-auditor', 'GET', `/api/reports/${KEY}/periods`)).json();
    expect(periods).toEqual([{ period: period.key, assigned: 12, submitted: handedIn, approved: totals.approved, firstDue: dueAt, lastDue: dueAt }]);
  });

  it('rolls the subtree up in SQL: totals, each child for drill-down, approved or also submitted', async () => {
    const reports = new Map<string, Report>();
    for (const { code } of counties) reports.set(code, await getReport(code, 'hq-auditor'));
    const approved = [...reports.values()].filter((r) => r.state === 'approved');
    const handedIn = [...reports.values()].filter((r) => r.state === 'approved' || r.state === 'submitted');
    expect(approved).toHaveLength(6);

    const rollup = (await as('hq-auditor', 'GET', `/api/reports/${KEY}/periods/${period.key}/rollup`)).json();
    const numericPaths = rollup.fields.map((f: { path: string }) => f.path) as string[];
    expect(numericPaths).toHaveLength(29);
    expect(numericPaths).not.toContain('/remarks');
    const sum = (list: Report[], path: string) => (list.length === 0 ? null : list.reduce((n, r) => n + ((at(r.data, path) as number | undefined) ?? 0), 0));
    for (const path of numericPaths) expect(rollup.total.values[path], path).toBeCloseTo(sum(approved, path)!, 6);
    expect(rollup.total).toMatchObject({ reports: 6, assigned: 12 });
    expect(rollup.own).toBeNull();
    expect(rollup.children.map((c: { code: string }) => c.code)).toEqual(['AH', 'JS', 'ZJ']);
    for (const child of rollup.children) {
      const mine = approved.filter((r) => counties.find((c) => c.code === r.unitCode)!.provinceCode === child.code);
      expect(child.reports, child.code).toBe(mine.length);
      expect(child.assigned).toBe(counties.filter((c) => c.provinceCode === child.code).length);
      for (const path of numericPaths) {
        const expected = sum(mine, path);
        if (expected === null) expect(child.values[path]).toBeNull();
        else expect(child.values[path], `${child.code} ${path}`).toBeCloseTo(expected, 6);
      }
    }
    // Nothing was reported the quarter before: no comparison.
    expect(rollup.previous.reports).toBe(0);
    expect(rollup.change['/cases/filed']).toEqual({ absolute: null, relative: null });

    const withSubmitted = (await as('hq-auditor', 'GET', `/api/reports/${KEY}/periods/${period.key}/rollup?include=submitted`)).json();
    expect(withSubmitted.total.reports).toBe(handedIn.length);
    for (const path of numericPaths) expect(withSubmitted.total.values[path], path).toBeCloseTo(sum(handedIn, path)!, 6);

    // Drill into a province: its cities.
    const js = (await as('js-leader', 'GET', `/api/reports/${KEY}/periods/${period.key}/rollup?unit=JS`)).json();
    expect(js.children.map((c: { code: string }) => c.code)).toEqual(['JS01', 'JS02']);
    const jsApproved = approved.filter((r) => r.unitCode.startsWith('JS'));
    expect(js.total.values['/clues/received']).toBe(sum(jsApproved, '/clues/received') ?? null);
    expect((await as('js-leader', 'GET', `/api/reports/${KEY}/periods/${period.key}/rollup?unit=ZJ`)).statusCode).toBe(404);
    expect((await as('js0101-officer', 'GET', `/api/reports/${KEY}/periods/${period.key}/rollup?unit=JS`)).statusCode).toBe(404);
    expect((await as('hq-auditor', 'GET', `/api/reports/${KEY}/periods/2026Q9/rollup`)).statusCode).toBe(422);
  });

  it('exports the roll-up as a spreadsheet in the template’s layout', async () => {
    const json = (await as('hq-auditor', 'GET', `/api/reports/${KEY}/periods/${period.key}/rollup`)).json();
    const response = await as('hq-auditor', 'GET', `/api/reports/${KEY}/periods/${period.key}/rollup?format=xlsx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(String(sheet.getCell(1, 1).value)).toContain('纪律审查工作情况季度统计表');
    // The time it was made, in China time as people read it (never an ISO timestamp).
    expect(String(sheet.getCell(2, 1).value)).toMatch(/生成时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）/);
    expect(sheet.getRow(3).values).toEqual([undefined, '项目', '合计', `上期（${json.previousPeriod}）`, '增减', '增减幅度', '安徽省公司', '江苏省公司', '浙江省公司']);
    const labels: string[] = [];
    sheet.eachRow((row) => labels.push(String(row.getCell(1).value ?? '').trim()));
    // Sections and fields in form order.
    const order = ['问题线索处置', '受理问题线索（件）', '处置问题线索（件）', '谈话函询', '初步核实', '暂存待查', '予以了结', '处置问题线索合计（件）', '立案审查'];
    const positions = order.map((l) => labels.indexOf(l));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const row = sheet.getRow(labels.indexOf('受理问题线索（件）') + 1);
    expect(row.getCell(2).value).toBe(json.total.values['/clues/received']);
    expect(row.getCell(6).value).toBe(json.children[0].values['/clues/received']);
    expect(row.getCell(8).value).toBe(json.children[2].values['/clues/received']);
  });
});
