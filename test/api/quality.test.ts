/**
 * Data quality per unit (GET /api/quality) over the quality scenario (test/support/
 * quality-scenario.ts): every expected figure is worked out from the records the scenario
 * created, not read back from the product.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nudgeWeek } from '../../runtime/src/quality/quality-nudges.js';
import { startTestInstance } from '../support/instance.js';
import { DAY, form, qualityScenario, UNITS } from '../support/quality-scenario.js';

const scenario = qualityScenario();
const { as, ok, userOf, subtree, expected, made, overdueNow, signedIn, clock } = scenario;
const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

beforeAll(scenario.setUp, 120_000);
afterAll(scenario.tearDown);

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
    expect(await ok('admin', 'GET', '/api/quality/nudges/C21')).toEqual({ code: 'C21', enabled: false });
    expect(await ok('admin', 'GET', '/api/quality/nudges/C11')).toEqual({ code: 'C11', enabled: true });
    expect((await as(userOf('C21', 'leader'), 'PUT', '/api/quality/nudges/C21', { enabled: true })).statusCode).toBe(403);
    const told = () => UNITS.filter((u) => u !== 'C21' && (own(u).overdue > 0 || own(u).stale > 0)).sort();
    const expectedUnits = told();
    expect(expectedUnits).toEqual(['C11', 'X111']);

    const second = await startTestInstance(scenario.db.url, { now: clock.now });
    try {
      const [a, b] = await Promise.all([scenario.instance.ctx.quality.sendWeeklyNudges(), second.ctx.quality.sendWeeklyNudges()]);
      expect([...a, ...b].sort()).toEqual(expectedUnits);
      expect([...(await scenario.instance.ctx.quality.sendWeeklyNudges()), ...(await second.ctx.quality.sendWeeklyNudges())]).toEqual([]);
    } finally {
      await second.stop();
    }
    const [rows] = await scenario.instance.db.sequelize.query("SELECT unit_code, count(*)::int AS n FROM notifications WHERE kind = 'quality' GROUP BY 1 ORDER BY 1");
    expect(rows).toEqual(expectedUnits.map((unit_code) => ({ unit_code, n: 1 })));
    const inbox = await ok(userOf('C11', 'leader'), 'GET', '/api/inbox');
    const nudge = inbox.notifications.find((n: { kind: string }) => n.kind === 'quality');
    expect(nudge.message['zh-CN']).toBe(`本周数据质量提醒：本单位有 ${own('C11').overdue} 件记录已逾期未办结，${own('C11').stale} 件草稿超过期限未更新`);
    const officerInbox = await ok(userOf('C11'), 'GET', '/api/inbox');
    expect(officerInbox.notifications.some((n: { kind: string }) => n.kind === 'quality')).toBe(false);

    // The next week, again once: P1's draft, touched on 20 June, has gone stale meanwhile.
    clock.advance(7 * DAY);
    expect(told()).toEqual(['C11', 'P1', 'X111']);
    expect(await scenario.instance.ctx.quality.sendWeeklyNudges()).toEqual(told());
    expect(await scenario.instance.ctx.quality.sendWeeklyNudges()).toEqual([]);
  });
});
