/**
 * The records behind each quality figure (GET /api/quality/records) and the trend over twelve
 * months (GET /api/quality/trend), over the quality scenario (test/support/quality-scenario.ts):
 * the records each list should hold are worked out from what the scenario did, and each list adds
 * up to the figure GET /api/quality gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUALITY_DRILL_MEASURES, type QualityDrillMeasure } from '../../runtime/src/api/quality.js';
import { createUser } from '../support/instance.js';
import { DAY, REPORT_DUE, UNITS, qualityScenario } from '../support/quality-scenario.js';

const scenario = qualityScenario();
const { as, ok, userOf, subtree, expected, made, reports, returnsAt, missed, overdueNow, inMonth, lagOf, clock } = scenario;
const june = inMonth('2026-06');

beforeAll(async () => {
  await scenario.setUp();
  await createUser(scenario.instance, { username: 'hq-exporter', roles: ['exporter'], unitCode: 'HQ' });
}, 120_000);
afterAll(scenario.tearDown);

/** What each record of `units` adds to a figure in June, by record id (only those that count). */
function behind(measure: QualityDrillMeasure, units: string[]): Map<string, number> {
  const now = clock.now().getTime();
  const mine = made.filter((r) => units.includes(r.unit));
  const tally = (events: { id: string; unit: string; at: number }[]) => {
    const out = new Map<string, number>();
    for (const e of events) if (units.includes(e.unit) && june(e.at)) out.set(e.id, (out.get(e.id) ?? 0) + 1);
    return out;
  };
  const each = (records: { id: string }[]) => new Map(records.map((r) => [r.id, 1]));
  switch (measure) {
    case 'records':
      return each(mine.filter((r) => june(r.createdAt)));
    case 'lateEntries':
      return each(mine.filter((r) => june(r.createdAt) && (lagOf(r) ?? 0) > 5));
    case 'overdueNow':
      return each(mine.filter((r) => overdueNow.has(r.id)));
    case 'missedDeadlines':
      return tally(missed);
    case 'staleDrafts':
      return each(mine.filter((r) => r.state === 'draft' && r.touchedAt < now - 10 * DAY));
    case 'reportsLate':
      return each([...reports.entries()].filter(([unit, r]) => units.includes(unit) && (r.submittedAt ?? now) > Date.parse(REPORT_DUE)).map(([, r]) => r));
    case 'returned':
      return tally(returnsAt);
    case 'openWarnings':
      return each(mine.filter((r) => r.warned && r.state !== 'draft' && r.handedIn.some(june)));
  }
}

interface Item {
  id: string;
  count: number;
  days: number | null;
  limitDays: number | null;
  at: string | null;
  [key: string]: unknown;
}

/** Every record behind a figure, page by page (`limit` a page). */
async function all(query: string, limit = 2): Promise<{ items: Item[]; total: number; sum: number }> {
  const items: Item[] = [];
  let first: { total: number; sum: number } | undefined;
  for (let offset = 0; ; offset += limit) {
    const page = await ok('hq-auditor', 'GET', `/api/quality/records?period=2026-06&${query}&limit=${limit}&offset=${offset}`);
    first ??= page;
    expect({ total: page.total, sum: page.sum }).toEqual({ total: first!.total, sum: first!.sum });
    items.push(...page.items);
    if (page.items.length < limit) break;
  }
  return { items, total: first!.total, sum: first!.sum };
}

describe('GET /api/quality/records', () => {
  it('lists, for every figure of every line, exactly the records behind it, adding up to the figure', async () => {
    const quality = await ok('hq-auditor', 'GET', '/api/quality?period=2026-06');
    const lines: { query: string; units: string[]; row: Record<string, number> }[] = [
      { query: 'unit=HQ', units: UNITS, row: quality.total },
      { query: 'unit=HQ&own=true', units: ['HQ'], row: quality.own },
      ...quality.children.map((c: Record<string, number> & { code: string }) => ({ query: `unit=${c.code}`, units: subtree(c.code), row: c })),
    ];
    let nonEmpty = 0;
    for (const measure of QUALITY_DRILL_MEASURES) {
      for (const line of lines) {
        const want = behind(measure, line.units);
        const got = await all(`${line.query}&measure=${measure}`);
        const label = `${measure} at ${line.query}`;
        expect(new Map(got.items.map((i) => [i.id, i.count])), label).toEqual(want);
        expect(got.total, label).toBe(want.size);
        expect(got.sum, label).toBe(line.row[measure]);
        if (want.size > 0) nonEmpty++;
      }
    }
    // The scenario leaves something behind every figure somewhere.
    expect(nonEmpty).toBeGreaterThanOrEqual(QUALITY_DRILL_MEASURES.length);
  });

  it('says why each record counts: lag against the limit, days overdue or untouched, days late, the warnings left', async () => {
    const now = clock.now().getTime();
    const late = await ok('hq-auditor', 'GET', '/api/quality/records?period=2026-06&unit=P1&measure=lateEntries');
    // The worst first: X111's entry, 21 days after its matter, then C11's, 9 days after.
    const lates = made.filter((r) => subtree('P1').includes(r.unit) && june(r.createdAt) && (lagOf(r) ?? 0) > 5).sort((a, b) => lagOf(b)! - lagOf(a)!);
    expect(late.items.map((i: Item) => [i.id, i.days, i.limitDays])).toEqual(lates.map((r) => [r.id, lagOf(r), 5]));
    const worst = lates[0]!;
    expect(late.items[0]).toMatchObject({
      key: 'quality-form',
      moduleTitle: { 'zh-CN': '质量测试登记', en: '质量测试登记' },
      summary: `${worst.unit} ${made.indexOf(worst)} · ${worst.matterOn}`,
      unitCode: 'X111',
      unitName: '甲省一市一县',
      state: 'submitted',
      stateTitle: { 'zh-CN': '已提交' },
      matterDate: worst.matterOn,
      createdAt: new Date(worst.createdAt).toISOString(),
      at: new Date(worst.createdAt).toISOString(),
      warnings: [],
    });

    const overdue = await ok('hq-auditor', 'GET', '/api/quality/records?period=2026-06&measure=overdueNow');
    expect(overdue.items).toEqual([expect.objectContaining({ id: [...overdueNow][0], at: '2026-06-15T02:00:00.000Z', days: Math.floor((now - Date.parse('2026-06-15T02:00:00Z')) / DAY) })]);

    const stale = await ok('hq-auditor', 'GET', '/api/quality/records?period=2026-06&measure=staleDrafts');
    // Oldest first; records touched at the same moment by id, as the list orders them.
    const staleMade = made.filter((r) => r.state === 'draft' && r.touchedAt < now - 10 * DAY).sort((a, b) => a.touchedAt - b.touchedAt || (a.id < b.id ? -1 : 1));
    expect(stale.items.map((i: Item) => [i.id, i.days, i.limitDays])).toEqual(staleMade.map((r) => [r.id, Math.floor((now - r.touchedAt) / DAY), 10]));

    const lateReport = await ok('hq-auditor', 'GET', '/api/quality/records?period=2026-06&measure=reportsLate');
    const c21 = reports.get('C21')!;
    expect(lateReport.items).toEqual([
      expect.objectContaining({ id: c21.id, period: '2026-05', dueAt: REPORT_DUE, at: new Date(c21.submittedAt!).toISOString(), days: Math.ceil((c21.submittedAt! - Date.parse(REPORT_DUE)) / DAY) }),
    ]);

    const returned = await ok('hq-auditor', 'GET', '/api/quality/records?period=2026-06&measure=returned');
    expect(returned.items.map((i: Item) => [i.id, i.at])).toEqual(returnsAt.map((r) => [r.id, new Date(r.at).toISOString()]));

    const warned = await ok('hq-auditor', 'GET', '/api/quality/records?period=2026-06&measure=openWarnings');
    for (const item of warned.items as Item[]) expect(item.warnings).toEqual([{ path: '/checked', code: 'QUALITY_UNCHECKED', message: '尚未核实' }]);
    const english = await as('hq-auditor', 'GET', '/api/quality/records?period=2026-06&measure=openWarnings', undefined, { 'accept-language': 'en' });
    expect(english.json().items[0].warnings[0].message).toBe('Not checked yet');
  });

  it('reads the same window and module choice as the measures', async () => {
    // May: the forgotten draft was entered, and missed its deadline.
    const may = await ok('hq-auditor', 'GET', '/api/quality/records?period=2026-05&measure=records');
    expect(may.items.map((i: Item) => i.id)).toEqual(made.filter((r) => inMonth('2026-05')(r.createdAt)).map((r) => r.id));
    expect(may.period).toEqual({ key: '2026-05', from: '2026-05-01', to: '2026-05-31' });
    const days = await ok('hq-auditor', 'GET', '/api/quality/records?from=2026-06-10&to=2026-06-10&measure=records');
    expect(days.total).toBe(made.filter((r) => new Date(r.createdAt + 8 * 3_600_000).toISOString().startsWith('2026-06-10')).length);
    const reportsOnly = await ok('hq-auditor', 'GET', '/api/quality/records?period=2026-06&measure=records&module=quality-monthly');
    expect(reportsOnly.total).toBe(0);
    expect((await as('hq-auditor', 'GET', '/api/quality/records?period=2026-06&measure=records&module=no-such-module')).statusCode).toBe(404);
  });

  it('keeps to the caller’s subtree (404 outside), to the roles that read the measures (403), and refuses bad questions (422)', async () => {
    expect((await as(userOf('C21'), 'GET', '/api/quality/records?unit=P1&measure=records')).statusCode).toBe(404);
    expect((await as(userOf('C21'), 'GET', '/api/quality/records?unit=NOWHERE&measure=records')).statusCode).toBe(404);
    const own = await ok(userOf('C21'), 'GET', '/api/quality/records?period=2026-06&measure=records');
    expect(own.unit.code).toBe('C21');
    expect(own.items.map((i: Item) => i.id)).toEqual([...behind('records', ['C21']).keys()]);
    for (const username of ['designer', 'hq-exporter']) {
      const refused = await as(username, 'GET', '/api/quality/records?measure=records');
      expect(refused.statusCode, username).toBe(403);
      expect(refused.json().code).toBe('FW_AUTH_FORBIDDEN');
    }
    for (const query of ['measure=users', 'measure=records&limit=0', 'measure=records&limit=201', 'measure=records&offset=-1', 'measure=records&period=2026-06&from=2026-06-01', 'period=2026-06']) {
      const refused = await as(userOf('C21'), 'GET', `/api/quality/records?${query}`);
      expect(refused.statusCode, query).toBe(422);
      expect(refused.json().code, query).toMatch(/^FW_/);
    }
  });

  it('audits each list with the records it showed', async () => {
    const listed = await ok(userOf('P1', 'leader'), 'GET', '/api/quality/records?period=2026-06&unit=C11&measure=staleDrafts');
    const [rows] = await scenario.instance.db.sequelize.query(
      "SELECT target, details FROM audit_log WHERE action = 'quality.records' AND actor = 'p1-leader' ORDER BY seq DESC LIMIT 1",
    );
    expect(rows).toEqual([{ target: 'unit:C11', details: expect.objectContaining({ measure: 'staleDrafts', own: false, period: '2026-06', count: listed.items.length, ids: listed.items.map((i: Item) => i.id) }) }]);
  });
});

/** The figures of a month that the trend carries, out of a line of GET /api/quality. */
const TREND_FIGURES = ['records', 'lagCounted', 'entryLagMedianDays', 'lateEntries', 'lateShare', 'missedDeadlines', 'reportsDue', 'reportsOnTime', 'reportsLate', 'reportsSubmitted', 'reportsApproved', 'approvalRate', 'returned', 'openWarnings'] as const;
const trendPart = (row: Record<string, unknown>) => Object.fromEntries(TREND_FIGURES.map((f) => [f, row[f]]));

describe('GET /api/quality/trend', () => {
  it('gives the twelve months up to a month, each as the measures of that month would', async () => {
    const now = clock.now().getTime();
    const trend = await ok('hq-auditor', 'GET', '/api/quality/trend?period=2026-06');
    expect(trend.unit).toMatchObject({ code: 'HQ', level: 1 });
    expect(trend.months.map((m: { period: string }) => m.period)).toEqual([
      '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06',
    ]);
    expect(trend.months[11]).toMatchObject({ from: '2026-06-01', to: '2026-06-30' });
    for (const month of trend.months as ({ period: string } & Record<string, unknown>)[]) {
      const want = expected(UNITS, now, month.period);
      expect(month, month.period).toMatchObject({
        records: want.records,
        lagCounted: want.lagCounted,
        entryLagMedianDays: want.entryLagMedianDays,
        lateEntries: want.lateEntries,
        missedDeadlines: want.missedDeadlines,
        reportsDue: want.reportsDue,
        reportsOnTime: want.reportsOnTime,
        reportsLate: want.reportsLate,
        returned: want.returned,
        openWarnings: want.openWarnings,
      });
    }
    // May and June hold something; each month agrees with the measures asked for it.
    expect(trend.months[10]).toMatchObject({ records: 1, missedDeadlines: 1 });
    expect(trend.months[11]).toMatchObject({ records: 7, returned: 1, openWarnings: 2, reportsDue: 3 });
    for (const month of ['2026-05', '2026-06']) {
      const measures = await ok('hq-auditor', 'GET', `/api/quality?period=${month}`);
      expect(trendPart(trend.months.find((m: { period: string }) => m.period === month)), month).toEqual(trendPart(measures.total));
    }
  });

  it('is for one unit’s subtree and one module when asked, the current month by default', async () => {
    const now = clock.now().getTime();
    const p2 = await ok(userOf('P2', 'leader'), 'GET', '/api/quality/trend');
    expect(p2.unit.code).toBe('P2');
    expect(p2.months.at(-1).period).toBe('2026-06');
    expect(p2.months.at(-1)).toMatchObject({ records: expected(subtree('P2'), now).records, reportsLate: 1 });
    const formOnly = await ok('hq-auditor', 'GET', '/api/quality/trend?period=2026-06&unit=P1&module=quality-form');
    expect(formOnly.months.at(-1)).toMatchObject({ records: expected(subtree('P1'), now).records, reportsDue: 0 });
  });

  it('counts the users who signed in each month (the audit log’s wall-clock time)', async () => {
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const trend = await ok('hq-auditor', 'GET', `/api/quality/trend?period=${month}`);
    const measures = await ok('hq-auditor', 'GET', `/api/quality?period=${month}`);
    expect(trend.months.at(-1).activeUsers).toBe(measures.total.activeUsers);
    expect(trend.months.at(-1).activeUsers).toBeGreaterThan(0);
  });

  it('keeps to the caller’s subtree and refuses bad months', async () => {
    expect((await as(userOf('C21'), 'GET', '/api/quality/trend?unit=P1')).statusCode).toBe(404);
    expect((await as('designer', 'GET', '/api/quality/trend')).statusCode).toBe(403);
    for (const period of ['2026-13', '2026Q2', '2026']) expect((await as(userOf('C21'), 'GET', `/api/quality/trend?period=${period}`)).statusCode, period).toBe(422);
  });
});
