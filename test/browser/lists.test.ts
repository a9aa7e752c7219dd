/**
 * Lists a leader can work through, in a real browser over the demo organisation: an inbox row
 * names the cadre; a module list is searched by a Chinese substring, sorted by a column and
 * totalled; the province leader approves three reports at once with one comment; the overview
 * is narrowed to a quarter; an untouched new form saves nothing. Screens at 1366 and 390 px.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodContaining, previousPeriod } from '../../engine/src/index.js';
import type { Instance } from '../../runtime/src/server.js';
import { DEMO_PASSWORD } from '../../runtime/src/cli/demo/demo-seed.js';
import { browserAvailable, pageErrors, screenshot, signIn } from '../support/browser.js';
import { startRig, stopRig, type Rig } from '../support/rig.js';
import { call, createUser, login } from '../support/instance.js';

const REPORT = 'enforcement-quarterly';
const PHONE = { width: 390, height: 844 };

let instance: Instance;
let browser: Browser;
let base: string;
const tokens = new Map<string, string>();

const as = async (username: string, options: Parameters<typeof call>[2]) => {
  if (!tokens.has(username)) tokens.set(username, await login(instance, username, DEMO_PASSWORD));
  return call(instance, tokens.get(username)!, options);
};
/** Visible text that looks like a UUID or an ISO timestamp: never on a Chinese screen. */
const rawValues = async (page: Page) => ((await page.locator('body').innerText()).match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}|\d{4}-\d{2}-\d{2}T\d{2}:/g) ?? []);

const run = browserAvailable();

let rig: Rig | undefined;
beforeAll(async () => {
  if (!run) return;
  rig = await startRig();
  ({ instance, browser, base } = rig);
}, 240_000);
afterAll(() => stopRig(rig));

describe.skipIf(!run)('lists in a browser', { timeout: 180_000 }, () => {
  it('an inbox row names the cadre of a case awaiting the leader', async () => {
    // A county leader whose inbox holds a case (the demo decides which): its cadre, read from the record.
    let found: { username: string; cadreName: string } | undefined;
    for (const username of ['js0101-leader', 'js0102-leader', 'js0201-leader', 'js0202-leader', 'js01-leader', 'js02-leader']) {
      const inbox = (await as(username, { method: 'GET', url: '/api/inbox' })).json() as { tasks: { id: string; key: string }[] };
      const task = inbox.tasks.find((x) => x.key === 'discipline-case');
      if (!task) continue;
      const record = (await as(username, { method: 'GET', url: `/api/records/${task.id}` })).json() as { data: { cadreName?: string } };
      if (record.data.cadreName) {
        found = { username, cadreName: record.data.cadreName };
        break;
      }
    }
    expect(found, 'a leader with a case in the inbox').toBeDefined();
    const page = await signIn(browser, base, found!.username, DEMO_PASSWORD);
    await expect.poll(() => page.getByTestId('task-title').filter({ hasText: found!.cadreName }).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await rawValues(page)).toEqual([]);
    await screenshot(page, 'lists-01-inbox');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'lists-01-inbox-390');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('a module list is searched by a Chinese substring, sorted by a column and totalled', async () => {
    // Every case the province sees, page by page, and three characters from the middle of one's subject.
    const items: { data: { cadreName?: string; summary?: string } }[] = [];
    let total = 0;
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page = (await as('js-leader', { method: 'GET', url: `/api/modules/discipline-case/records?limit=500${cursor ? `&cursor=${cursor}` : ''}` })).json() as {
        items: typeof items;
        nextCursor: string | null;
        totals: { count: number };
      };
      items.push(...page.items);
      total = page.totals.count;
      cursor = page.nextCursor;
    }
    expect(items).toHaveLength(total);
    const subject = items.map((i) => i.data.summary ?? '').find((s) => [...s].length >= 8)!;
    const needle = [...subject].slice(3, 6).join('');
    const expected = items.filter((i) => (i.data.summary ?? '').includes(needle) || (i.data.cadreName ?? '').includes(needle)).length;
    const all = { totals: { count: total } };
    const page = await signIn(browser, base, 'js-leader', DEMO_PASSWORD);
    await page.goto(`${base}/m/discipline-case`);
    await expect.poll(() => page.getByTestId('list-totals').textContent(), { timeout: 30_000 }).toContain(`共 ${all.totals.count} 条`);
    await page.getByTestId('list-search').fill(needle);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await expect.poll(() => page.getByTestId('list-totals').textContent(), { timeout: 30_000 }).toContain(`共 ${expected} 条`);
    await expect.poll(() => page.locator('.ant-table-row').count()).toBe(Math.min(expected, 20));
    // The list opens latest received first (the module's order); a click on the header asks the server for the other way.
    // (Clicked again only if a click landed while the table was still loading.)
    const header = page.locator('.ant-table-thead th', { hasText: '受理日期' });
    await expect
      .poll(
        async () => {
          if (!/order=asc/.test(page.url()) && (await page.locator('.ant-table .ant-spin-spinning').count()) === 0) await header.click();
          return page.url();
        },
        { timeout: 60_000, interval: 3_000 },
      )
      .toMatch(/sort=%2FreceivedOn&order=asc/);
    // 受理日期 is the fourth declared column; cases without one come first.
    const dates = async () => (await page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(4)').allInnerTexts()).filter((d) => d.trim() !== '');
    await expect.poll(async () => { const d = await dates(); return d.length > 1 && d.every((x, i) => i === 0 || d[i - 1]! <= x); }, { timeout: 30_000 }).toBe(true);
    expect(page.url()).toContain(`q=${encodeURIComponent(needle)}`);
    expect(await rawValues(page)).toEqual([]);
    await page.mouse.move(0, 0);
    await screenshot(page, 'lists-02-search');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'lists-02-search-390');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('the province leader approves three reports at once with one comment', async () => {
    // A third city, and a quarter no report was assigned for: the three cities fill and submit it.
    const admin = await login(instance);
    expect((await call(instance, admin, { method: 'POST', url: '/api/units', payload: { code: 'JS03', name: '无锡市公司', parentCode: 'JS' } })).statusCode).toBe(201);
    await createUser(instance, { username: 'js03-officer', roles: ['officer'], unitCode: 'JS03', password: DEMO_PASSWORD });
    const period = previousPeriod(previousPeriod(previousPeriod(periodContaining('quarter', new Date())))).key;
    const assigned = await as('js-officer', { method: 'POST', url: `/api/reports/${REPORT}/periods/${period}/assign`, payload: { level: 3, dueAt: '2099-12-31' } });
    expect(assigned.statusCode, assigned.body).toBe(201);
    const records = (assigned.json() as { records: { id: string; unitCode: string }[] }).records;
    expect(records).toHaveLength(3);
    for (const r of records) {
      const officer = `${r.unitCode.toLowerCase()}-officer`;
      const report = (await as(officer, { method: 'GET', url: `/api/records/${r.id}` })).json() as { version: number; prefill: Record<string, number> };
      const carriedOver = Math.max(0, (report.prefill['/cases/closed'] ?? 0) - (report.prefill['/cases/filed'] ?? 0)) + 1;
      const filled = await as(officer, { method: 'PATCH', url: `/api/records/${r.id}`, headers: { 'if-match': String(report.version) }, payload: { data: { cases: { carriedOver }, other: { firstForm: 2, recoveredLoss: 0 } } } });
      expect(filled.statusCode, filled.body).toBe(200);
      expect((await as(officer, { method: 'POST', url: `/api/records/${r.id}/actions/submit` })).statusCode).toBe(200);
    }

    const page = await signIn(browser, base, 'js-leader', DEMO_PASSWORD);
    await page.goto(`${base}/reports/${REPORT}?period=${period}`);
    await page.getByRole('tab', { name: '审核' }).click();
    const boxes = page.locator('.ant-table-tbody tr.ant-table-row .ant-checkbox-input:not([disabled])');
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count(), { timeout: 30_000 }).toBe(3);
    expect(await boxes.count(), (await page.locator('.ant-table-tbody tr.ant-table-row').allInnerTexts()).join('\n')).toBe(3);
    for (let i = 0; i < 3; i++) await boxes.nth(i).check();
    await expect.poll(() => page.getByTestId('bulk-selected').textContent()).toBe('已选 3 份');
    await screenshot(page, 'lists-03-review');
    await page.getByTestId('bulk-approve').click();
    await page.getByTestId('bulk-comment').fill('三市报表核对无误');
    await screenshot(page, 'lists-04-review-dialog');
    await page.locator('.ant-modal').getByRole('button', { name: '审核通过' }).click();
    await expect.poll(() => page.locator('.ant-message').textContent(), { timeout: 30_000 }).toContain('已办理 3 份');
    await expect.poll(() => boxes.count(), { timeout: 30_000 }).toBe(0);
    for (const r of records) {
      const record = (await as('js-leader', { method: 'GET', url: `/api/records/${r.id}` })).json() as { state: string };
      expect(record.state).toBe('approved');
      const history = (await as('js-leader', { method: 'GET', url: `/api/records/${r.id}/history` })).json() as { action: string | null; comment: string | null; actor: string }[];
      expect(history.at(-1)).toMatchObject({ action: 'approve', comment: '三市报表核对无误', actor: 'js-leader' });
    }
    expect(await rawValues(page)).toEqual([]);
    await screenshot(page, 'lists-05-reviewed');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'lists-05-reviewed-390');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('the overview is narrowed to a quarter, and an untouched new form saves nothing', async () => {
    const page = await signIn(browser, base, 'js-leader', DEMO_PASSWORD);
    await page.goto(`${base}/dashboard`);
    const total = async () => Number((await page.getByTestId('dashboard-total').locator('.ant-statistic-content-value').textContent())?.replace(/\D/g, ''));
    await expect.poll(total, { timeout: 30_000 }).toBeGreaterThan(0);
    const everything = await total();
    await page.getByTestId('period-span').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '按季度' }).click();
    await page.waitForURL(/span=quarter/);
    const url = new URL(page.url());
    const stats = (await as('js-leader', { method: 'GET', url: `/api/modules/discipline-case/stats?by=state&from=${url.searchParams.get('from')}&to=${url.searchParams.get('to')}` })).json() as { total: number };
    expect(stats.total).toBeLessThan(everything);
    await expect.poll(total, { timeout: 30_000 }).toBe(stats.total);
    await screenshot(page, 'lists-06-dashboard-quarter');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'lists-06-dashboard-quarter-390');
    await page.setViewportSize({ width: 1366, height: 768 });

    await page.context().close();

    // An officer opens a new form and saves it untouched.
    const officer = await signIn(browser, base, 'js-officer', DEMO_PASSWORD);
    await newFormSavesNothing(officer);
  });
});

/** Saving an untouched new feedback form: a notice, no request, no record. */
async function newFormSavesNothing(page: Page): Promise<void> {
  const before = ((await as('js-officer', { method: 'GET', url: '/api/modules/feedback/records?limit=1' })).json() as { totals: { count: number } }).totals.count;
  const posts: string[] = [];
  page.on('request', (r) => r.method() === 'POST' && r.url().includes('/records') && posts.push(r.url()));
  await page.goto(`${base}/m/feedback/new`);
  await page.getByTestId('save-record').click();
  await expect.poll(() => page.locator('.ant-message').textContent(), { timeout: 30_000 }).toContain('尚未填写任何内容');
  expect(posts).toEqual([]);
  expect(page.url()).toContain('/m/feedback/new');
  expect(((await as('js-officer', { method: 'GET', url: '/api/modules/feedback/records?limit=1' })).json() as { totals: { count: number } }).totals.count).toBe(before);
  await screenshot(page, 'lists-07-untouched-form');
  expect(pageErrors(page)).toEqual([]);
  await page.context().close();
}
