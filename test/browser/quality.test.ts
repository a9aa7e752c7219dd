/**
 * 数据质量 in a real browser: the province leader opens the page from the menu, sees a row per
 * city with its entry lag, sorts by entry lag, drills into the city and sees its county, opens the
 * county's late entries and one of them, comes back to the list, reads the trend, goes back up by
 * the trail; an administrator switches a unit's weekly nudge off.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { browserAvailable, launch, pageErrors, screenshot, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ADMIN_PASSWORD, call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

const DAY = 86_400_000;
const form = {
  key: 'quality-browser',
  kind: 'record',
  title: { 'zh-CN': '质量浏览器测试' },
  schema: {
    type: 'object',
    properties: { subject: { title: '事项', type: 'string' }, receivedOn: { title: '受理日期', type: 'string', format: 'date' } },
  },
  quality: { matterDate: '/receivedOn', entryLimitDays: 5 },
};

let db: TestDatabase;
let instance: Instance;
let browser: Browser;
let base: string;
/** The county's late entry. */
let lateId: string;
const run = browserAvailable();
const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const wait = { timeout: 30_000 };

beforeAll(async () => {
  if (!run) return;
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  await seedOrganisation(instance, await login(instance));
  await createUser(instance, { username: 'designer', roles: ['designer'], unitCode: 'HQ' });
  await createUser(instance, { username: 'p1-leader', roles: ['leader'], unitCode: 'P1', displayName: '甲省领导' });
  await createUser(instance, { username: 'p1-admin', roles: ['admin'], unitCode: 'P1', displayName: '甲省管理员' });
  for (const unit of ['C11', 'X111']) await createUser(instance, { username: `${unit.toLowerCase()}-officer`, roles: ['officer'], unitCode: unit });
  const published = await call(instance, await login(instance, 'designer'), { method: 'POST', url: '/api/modules/quality-browser/versions', payload: form });
  if (published.statusCode !== 201) throw new Error(published.body);
  // Today's entries: the county's came 10 days after the matter, the city's 2 days after.
  for (const [unit, lag, subject] of [['X111', 10, '县级来信核查'], ['C11', 2, '市级来访登记']] as const) {
    const token = await login(instance, `${unit.toLowerCase()}-officer`, ADMIN_PASSWORD);
    const created = await call(instance, token, { method: 'POST', url: '/api/modules/quality-browser/records', payload: { data: { subject, receivedOn: chinaDay(Date.now() - lag * DAY) } } });
    if (created.statusCode !== 201) throw new Error(created.body);
    if (unit === 'X111') lateId = created.json().id;
  }
  base = await instance.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launch();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await instance?.stop();
  await db?.drop();
});

describe.runIf(run)('数据质量', () => {
  it('the province leader sorts by entry lag, drills into a county’s late entries and opens one', async () => {
    const page = await signIn(browser, base, 'p1-leader', ADMIN_PASSWORD);
    await page.getByRole('menuitem', { name: '数据质量' }).click();
    await page.waitForURL('**/quality');
    const table = page.getByTestId('quality-table');
    await expect.poll(() => table.getByTestId('quality-drill-C11').count(), wait).toBe(1);
    // C11's subtree: two entries, lags 2 and 10 days → median 6, one late.
    const c11 = table.locator('tr', { has: page.getByTestId('quality-drill-C11') });
    await expect.poll(() => c11.locator('td').nth(1).textContent(), wait).toBe('2');
    expect(await c11.locator('td').nth(2).textContent()).toBe('6');
    expect(await c11.locator('td').nth(3).textContent()).toBe('1（50.0%）');
    const lagHeader = page.locator('th.ant-table-column-has-sorters', { hasText: '录入时长中位数（天）' }).first();
    await lagHeader.click();
    await expect.poll(() => lagHeader.getAttribute('aria-sort'), wait).toBe('ascending');
    // The total stays last however the children are ranked.
    await lagHeader.click();
    await expect.poll(() => lagHeader.getAttribute('aria-sort'), wait).toBe('descending');
    expect(await table.locator('tbody tr').last().locator('td').first().textContent()).toBe('合计');
    // The trend of the province's subtree: a chart, another measure on request.
    await expect.poll(() => page.getByTestId('quality-trend-chart').locator('canvas').count(), wait).toBeGreaterThan(0);
    await page.getByTestId('quality-trend').locator('.ant-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '录入数' }).first().click();
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count(), wait).toBe(0);
    await page.waitForTimeout(1500); // the chart's line draws itself in
    await screenshot(page, 'quality-p1');

    // Down to the city: its county's late entry, the figure a link to the records behind it.
    await table.getByTestId('quality-drill-C11').click();
    await page.waitForURL('**/quality?unit=C11*');
    const late = table.getByTestId('quality-figure-lateEntries-X111');
    await expect.poll(() => late.count(), wait).toBe(1);
    expect(await late.textContent()).toBe('1（100.0%）');
    await late.click();
    const drawer = page.getByTestId('quality-figure-drawer');
    await expect.poll(() => drawer.getByTestId('quality-figure-count').textContent(), wait).toBe('共 1 条记录');
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString();
    expect(await drawer.locator('.ant-drawer-title').textContent()).toBe(`甲省一市一县 · 超期录入（${month.slice(0, 4)}年${Number(month.slice(5, 7))}月）`);
    const row = drawer.getByTestId(`quality-record-${lateId}`);
    expect(await row.textContent()).toContain('县级来信核查');
    expect(await row.textContent()).toContain(`事项日期 ${chinaDay(Date.now() - 10 * DAY)}，10 天后录入（时限 5 天）`);
    expect(await row.textContent()).toContain('甲省一市一县');
    await screenshot(page, 'quality-late-entries');
    await row.click();
    await page.waitForURL(`**/r/${lateId}`);
    await expect.poll(() => page.getByTestId('record-state').textContent(), wait).toBe('草稿');
    await expect.poll(() => page.locator('input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)), wait).toContain('县级来信核查');
    await screenshot(page, 'quality-opened-record');
    // Back: the page as it was, the drawer open on the same figure.
    await page.goBack();
    await expect.poll(() => page.getByTestId('quality-figure-drawer').getByTestId(`quality-record-${lateId}`).count(), wait).toBe(1);
    await page.getByTestId('quality-figure-drawer').locator('.ant-drawer-close').click();
    await page.locator('.ant-breadcrumb a').first().click();
    await expect.poll(() => table.getByTestId('quality-drill-C11').count(), wait).toBe(1);

    // On a phone the page fits its width (the table scrolls inside it), and so does the drawer.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), wait).toBeLessThanOrEqual(390);
    await screenshot(page, 'quality-phone');
    await table.getByTestId('quality-figure-lateEntries-C11').click();
    await expect.poll(() => page.getByTestId('quality-figure-drawer').getByTestId(`quality-record-${lateId}`).count(), wait).toBe(1);
    await page.waitForTimeout(500);
    await screenshot(page, 'quality-phone-drawer');
    expect(pageErrors(page)).toEqual([]);
  });

  it('an administrator switches a unit’s weekly nudge off and on', async () => {
    const page = await signIn(browser, base, 'p1-admin', ADMIN_PASSWORD, undefined, '**/admin');
    await page.goto(`${base}/admin/units`);
    await page.getByTestId('unit-tree').getByText('甲省一市一县').click();
    const nudges = page.getByTestId('quality-nudges');
    await expect.poll(() => nudges.getAttribute('aria-checked'), wait).toBe('true');
    await nudges.click();
    await expect.poll(() => nudges.getAttribute('aria-checked'), wait).toBe('false');
    const token = await login(instance, 'p1-admin');
    const stored = await call(instance, token, { method: 'GET', url: '/api/quality/nudges/X111' });
    expect(stored.json()).toEqual({ code: 'X111', enabled: false });
    await screenshot(page, 'quality-nudge-switch');
    await nudges.click();
    await expect.poll(async () => (await call(instance, token, { method: 'GET', url: '/api/quality/nudges/X111' })).json().enabled, wait).toBe(true);
    expect(pageErrors(page)).toEqual([]);
  });
});
