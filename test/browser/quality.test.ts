/**
 * 数据质量 in a real browser: the province leader opens the page from the menu, sees a row per
 * city with its entry lag, sorts by entry lag, drills into the city and sees its county, and goes
 * back up by the trail.
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
  schema: { type: 'object', properties: { receivedOn: { title: '受理日期', type: 'string', format: 'date' } } },
  quality: { matterDate: '/receivedOn', entryLimitDays: 5 },
};

let db: TestDatabase;
let instance: Instance;
let browser: Browser;
let base: string;
const run = browserAvailable();
const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  if (!run) return;
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  await seedOrganisation(instance, await login(instance));
  await createUser(instance, { username: 'designer', roles: ['designer'], unitCode: 'HQ' });
  await createUser(instance, { username: 'p1-leader', roles: ['leader'], unitCode: 'P1', displayName: '甲省领导' });
  for (const unit of ['C11', 'X111']) await createUser(instance, { username: `${unit.toLowerCase()}-officer`, roles: ['officer'], unitCode: unit });
  const published = await call(instance, await login(instance, 'designer'), { method: 'POST', url: '/api/modules/quality-browser/versions', payload: form });
  if (published.statusCode !== 201) throw new Error(published.body);
  // Today's entries: the county's came 10 days after the matter, the city's 2 days after.
  for (const [unit, lag] of [['X111', 10], ['C11', 2]] as const) {
    const token = await login(instance, `${unit.toLowerCase()}-officer`, ADMIN_PASSWORD);
    const created = await call(instance, token, { method: 'POST', url: '/api/modules/quality-browser/records', payload: { data: { receivedOn: chinaDay(Date.now() - lag * DAY) } } });
    if (created.statusCode !== 201) throw new Error(created.body);
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
  it('the province leader sees each city, sorts by entry lag, drills down and comes back up', async () => {
    const page = await signIn(browser, base, 'p1-leader', ADMIN_PASSWORD);
    await page.getByRole('menuitem', { name: '数据质量' }).click();
    await page.waitForURL('**/quality');
    const table = page.getByTestId('quality-table');
    await expect.poll(() => table.getByTestId('quality-drill-C11').count()).toBe(1);
    // C11's subtree: two entries, lags 2 and 10 days → median 6, one late.
    const c11 = table.locator('tr', { has: page.getByTestId('quality-drill-C11') });
    await expect.poll(() => c11.locator('td').nth(1).textContent()).toBe('2');
    expect(await c11.locator('td').nth(2).textContent()).toBe('6');
    expect(await c11.locator('td').nth(3).textContent()).toBe('1（50.0%）');
    const lagHeader = page.locator('th.ant-table-column-has-sorters', { hasText: '录入时长中位数（天）' }).first();
    await lagHeader.click();
    await expect.poll(() => lagHeader.getAttribute('aria-sort')).toBe('ascending');
    // The total stays last however the children are ranked.
    await lagHeader.click();
    await expect.poll(() => lagHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await table.locator('tbody tr').last().locator('td').first().textContent()).toBe('合计');
    await screenshot(page, 'quality-p1');
    await table.getByTestId('quality-drill-C11').click();
    await expect.poll(() => table.getByTestId('quality-drill-X111').count()).toBe(1);
    const x111 = table.locator('tr', { has: page.getByTestId('quality-drill-X111') });
    await expect.poll(() => x111.locator('td').nth(2).textContent()).toBe('10');
    await page.locator('.ant-breadcrumb a').first().click();
    await expect.poll(() => table.getByTestId('quality-drill-C11').count()).toBe(1);
    // On a phone the page fits its width (the table scrolls inside it).
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'quality-phone');
    expect(pageErrors(page)).toEqual([]);
  });
});
