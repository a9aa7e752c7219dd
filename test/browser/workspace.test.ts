/**
 * The workspace in a real browser (Debian's Chromium through playwright-core) against a real
 * server and database with the demo organisation: a county officer files a clue, is stopped by
 * a validation error on the field, fixes it and registers it; the leaders above hand it up; the
 * province sees it in its overview. A module published during the run is filled in the browser
 * with no restart, its rules live as one types; files are attached; reports roll up; the
 * language is remembered; an ended session leads back to sign-in; a phone-sized screen works.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { publishBundled } from '../../runtime/src/modules/bundled.js';
import { DEMO_PASSWORD, seedDemo } from '../../runtime/src/cli/demo/demo-seed.js';
import { browserAvailable, choose, launch, pageErrors, screenshot, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, login, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
let browser: Browser;
let base: string;
let clueId: string;

const survey = {
  key: 'quick-survey',
  kind: 'record',
  title: { 'zh-CN': '专项排查登记', en: 'Spot check' },
  schema: {
    type: 'object',
    properties: {
      place: { title: '排查地点', type: 'string', maxLength: 50 },
      found: { title: '发现问题数', type: 'integer', minimum: 0 },
      fixed: { title: '已整改数', type: 'integer', minimum: 0 },
      open: { title: '未整改数', type: 'integer' },
      reason: { title: '未整改原因', type: 'string', maxLength: 200 },
      praise: { title: '表扬说明', type: 'string' },
    },
  },
  rules: [
    { name: 'open', conditions: { all: [{ fact: 'data', path: '/found', operator: 'isNotEmpty', value: true }] }, event: { type: 'set', params: { path: '/open', expr: { '-': [{ var: 'data.found' }, { if: [{ var: 'data.fixed' }, { var: 'data.fixed' }, 0] }] } } } },
    { name: 'why', conditions: { all: [{ fact: 'data', path: '/open', operator: 'greaterThan', value: 0 }] }, event: { type: 'require', params: { paths: ['/reason'] } } },
    { name: 'noPraise', conditions: { all: [{ fact: 'data', path: '/open', operator: 'greaterThan', value: 0 }] }, event: { type: 'hide', params: { paths: ['/praise'] } } },
    { name: 'tooMany', conditions: { all: [{ fact: 'data', path: '/fixed', operator: 'greaterThan', value: { fact: 'data', path: '/found' } }] }, event: { type: 'error', params: { path: '/fixed', message: { 'zh-CN': '已整改数不能大于发现问题数' } } } },
  ],
};

const field = (page: Page, id: string) => page.locator(`#root_${id}`).first();
const fieldError = (page: Page, id: string) => page.locator(`.fw-field:has(> label[for="root_${id}"]) .fw-field-error`).first();

const run = browserAvailable();

beforeAll(async () => {
  if (!run) return;
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  await publishBundled(instance.ctx);
  await seedDemo(instance.db, instance.jobs, {});
  const address = await instance.app.listen({ port: 0, host: '127.0.0.1' });
  base = address;
  browser = await launch();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await instance?.stop();
  await db?.drop();
});

// Without Chromium (a developer machine that has not installed it) the browser tests cannot run;
// CI installs it and sets FORMWORK_REQUIRE_BROWSER=1, which turns its absence into a failure.
describe.skipIf(!run)('the workspace in a browser', { timeout: 120_000 }, () => {
  it('a county officer files a clue, fixes a validation error on its field, and registers it', async () => {
    const page = await signIn(browser, base, 'js0101-officer', DEMO_PASSWORD);
    await expect.poll(() => page.getByTestId('current-unit').textContent()).toBe('江宁区分公司');
    await screenshot(page, '01-inbox');
    await page.getByRole('menuitem', { name: '问题线索与案件' }).click();
    await page.waitForURL('**/m/discipline-case');
    await expect.poll(() => page.locator('.ant-table-row').count()).toBeGreaterThan(0);
    await screenshot(page, '02-list');
    await page.getByTestId('new-record').click();
    await page.waitForURL('**/m/discipline-case/new');

    await field(page, 'cadreId').fill('abc');
    await field(page, 'cadreName').fill('赵立新');
    await choose(page, '#root_source', '信访举报');
    await choose(page, '#root_category', '廉洁纪律');
    await field(page, 'summary').fill('反映其收受管理服务对象购物卡。');
    // The rules run in the browser: the bad number is named on its field as one types.
    await expect.poll(() => fieldError(page, 'cadreId').textContent()).toContain('格式不正确');
    await page.getByTestId('save-record').click();
    await expect.poll(() => page.getByTestId('form-problems').count()).toBe(1);
    await screenshot(page, '03-form-error');
    expect(page.url()).toContain('/new');

    await field(page, 'cadreId').fill('320101198802020022');
    await expect.poll(() => fieldError(page, 'cadreId').count()).toBe(0);
    await page.getByTestId('save-record').click();
    await page.waitForURL(/\/r\/[0-9a-f-]{36}$/);
    clueId = page.url().split('/').pop()!;
    await expect.poll(() => page.getByTestId('record-state').textContent()).toBe('已登记');

    // Registering needs the date received: the step asks for it.
    await page.getByTestId('action-register').click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('#root_receivedOn').fill('2026-11-20');
    await dialog.locator('#root_receivedOn').press('Enter');
    await expect.poll(() => dialog.locator('#root_receivedOn').inputValue()).toBe('2026-11-20');
    await screenshot(page, '04-action-dialog');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    // The dialog closes once the action is done (what it says otherwise is in the failure).
    await expect
      .poll(async () => ((await page.locator('.ant-modal:visible').count()) === 0 ? 'closed' : await dialog.textContent()))
      .toBe('closed');
    await expect.poll(() => page.getByTestId('record-state').textContent()).toBe('待处置');
    await expect.poll(() => page.locator('.ant-timeline-item').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, '05-record');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('the leaders above hand it up, and the province sees it in its overview', async () => {
    for (const [leader, to] of [['js0101-leader', 'JS01'], ['js01-leader', 'JS']] as const) {
      const page = await signIn(browser, base, leader, DEMO_PASSWORD);
      if (leader === 'js01-leader') {
        // It waits in the city's inbox.
        await expect.poll(() => page.locator('.ant-table-row', { hasText: '问题线索与案件' }).count()).toBeGreaterThan(0);
      }
      await page.goto(`${base}/r/${clueId}`);
      await page.getByTestId('action-reportUp').click();
      const dialog = page.locator('.ant-modal');
      await dialog.getByRole('button', { name: /确\s*定/ }).click();
      await expect.poll(() => dialog.getByTestId('action-problems').textContent()).toContain('意见');
      await dialog.getByTestId('action-comment').fill('涉及上级管理干部，报请上级处置');
      await dialog.getByRole('button', { name: /确\s*定/ }).click();
      await expect.poll(() => page.locator('.ant-modal:visible').count()).toBe(0);
      const record = (await call(instance, await login(instance, leader, DEMO_PASSWORD), { method: 'GET', url: `/api/records/${clueId}` })).json();
      expect(record.assignedUnit).toBe(to);
      await page.context().close();
    }

    const page = await signIn(browser, base, 'js-leader', DEMO_PASSWORD);
    await page.getByRole('menuitem', { name: '数据总览' }).click();
    const token = await login(instance, 'js-leader', DEMO_PASSWORD);
    const stats = (await call(instance, token, { method: 'GET', url: '/api/modules/discipline-case/stats?by=state' })).json();
    await expect.poll(() => page.getByTestId('dashboard-total').textContent()).toContain(String(stats.total));
    await page.waitForTimeout(1_500);
    await screenshot(page, '06-dashboard');
    // Down to the trees: the province's list of clues awaiting disposal holds this one.
    await page.goto(`${base}/m/discipline-case?state=awaitingDisposal`);
    await expect.poll(() => page.locator('.ant-table-row', { hasText: '赵立新' }).count()).toBe(1);
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('fills a module HQ publishes during the run, with its rules live, and attaches a file — no restart', async () => {
    const page = await signIn(browser, base, 'js0101-officer', DEMO_PASSWORD);
    expect(await page.getByRole('menuitem', { name: '专项排查登记' }).count()).toBe(0);
    const published = await call(instance, await login(instance), { method: 'POST', url: '/api/modules/quick-survey/versions', payload: survey });
    expect(published.statusCode, published.body).toBe(201);
    // Any click on the menu looks at what is published again — here the page already shown.
    await page.getByRole('menuitem', { name: '待办事项' }).click();
    await page.getByRole('menuitem', { name: '专项排查登记' }).click();
    await page.getByTestId('new-record').click();
    await field(page, 'place').fill('城区营业部');
    await expect.poll(() => field(page, 'praise').isVisible()).toBe(true);
    await field(page, 'found').fill('5');
    await field(page, 'fixed').fill('2');
    // Computed as one types; a field becomes required; another hides.
    await expect.poll(() => field(page, 'open').inputValue()).toBe('3');
    await expect.poll(() => page.locator('.fw-field:has(> label[for="root_reason"]) .fw-field-required').count()).toBe(1);
    await expect.poll(() => field(page, 'praise').isVisible()).toBe(false);
    await field(page, 'fixed').fill('7');
    await expect.poll(() => fieldError(page, 'fixed').textContent()).toContain('已整改数不能大于发现问题数');
    await field(page, 'fixed').fill('2');
    await screenshot(page, '07-live-rules');
    await page.getByTestId('save-record').click();
    await page.waitForURL(/\/r\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    const stored = (await call(instance, await login(instance, 'js0101-officer', DEMO_PASSWORD), { method: 'GET', url: `/api/records/${id}` })).json();
    expect(stored.data).toMatchObject({ place: '城区营业部', found: 5, fixed: 2, open: 3 });

    await page.locator('input[type=file]').setInputFiles({ name: '排查记录.txt', mimeType: 'text/plain', buffer: Buffer.from('现场排查记录') });
    await expect.poll(() => page.getByTestId('attachment').count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('attachment').getByRole('button', { name: /排查记录/ }).click()]);
    expect(download.suggestedFilename()).toBe('排查记录.txt');
    await screenshot(page, '08-attachment');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it("opens a cadre's integrity archive with linked cases and sanctions, and requests an opinion reply from it", async () => {
    const token = await login(instance, 'js-officer', DEMO_PASSWORD);
    const archives = (await call(instance, token, { method: 'GET', url: '/api/modules/integrity-archive/records?limit=50' })).json().items as { id: string }[];
    type Linked = { data: Record<string, unknown> }[];
    let archive: { id: string; data: Record<string, string>; links: Record<string, Linked> } | undefined;
    for (const { id } of archives) {
      const full = (await call(instance, token, { method: 'GET', url: `/api/records/${id}` })).json();
      if (full.links.cases.length > 0 && full.links.sanctions.length > 0) {
        archive = full;
        break;
      }
    }
    expect(archive, 'the demo has an archive with cases and sanctions').toBeDefined();
    const { cases, sanctions, opinions } = archive!.links;

    const page = await signIn(browser, base, 'js-officer', DEMO_PASSWORD);
    await page.goto(`${base}/r/${archive!.id}`);
    const casesTable = page.getByTestId('link-cases');
    await expect.poll(() => casesTable.locator('.ant-table-row').count()).toBe(cases!.length);
    // The linked records' fields are in their cells (with code titles, not codes).
    const caseText = async () => (await casesTable.locator('.ant-table-row').first().allTextContents()).join(' ');
    await expect.poll(caseText).toContain(String(cases![0]!.data['/cadreName']));
    await expect.poll(caseText).not.toContain(String(cases![0]!.data['/category']));
    const sanctionsTable = page.getByTestId('link-sanctions');
    await expect.poll(() => sanctionsTable.locator('.ant-table-row').count()).toBe(sanctions!.length);
    expect((await sanctionsTable.locator('.ant-table-row').allTextContents()).join(' ')).toContain(String(sanctions![0]!.data['/sanctionDate']));
    await screenshot(page, '13-archive');

    // Requesting an opinion reply starts one for this cadre, filled from the archive.
    await page.getByTestId('create-opinions').click();
    await page.waitForURL('**/m/integrity-opinion/new**');
    await expect.poll(() => field(page, 'cadreId').inputValue()).toBe(archive!.data.cadreId);
    await expect.poll(() => field(page, 'cadreName').inputValue()).toBe(archive!.data.cadreName);
    await choose(page, '#root_purpose', '提拔任用');
    await field(page, 'requestingUnit').fill('江苏省公司党委组织部');
    await page.getByTestId('save-record').click();
    await page.waitForURL(/\/r\/[0-9a-f-]{36}$/);
    await page.goto(`${base}/r/${archive!.id}`);
    await expect.poll(() => page.getByTestId('link-opinions').locator('.ant-table-row').count()).toBe(opinions!.length + 1);
    const opinionText = async () => (await page.getByTestId('link-opinions').locator('.ant-table-row').allTextContents()).join(' ');
    await expect.poll(opinionText).toContain('提拔任用');
    await expect.poll(opinionText).toContain('起草');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('shows a province the completeness and roll-up of its subtree, with drill-down', async () => {
    const page = await signIn(browser, base, 'js-leader', DEMO_PASSWORD);
    const periods = (await call(instance, await login(instance, 'js-leader', DEMO_PASSWORD), { method: 'GET', url: '/api/reports/enforcement-quarterly/periods' })).json();
    const last = periods[1].period as string;
    await page.goto(`${base}/reports/enforcement-quarterly?period=${last}`);
    await page.getByRole('tab', { name: '填报进度' }).click();
    await expect.poll(() => page.getByTestId('completeness').count()).toBe(1);
    await screenshot(page, '09-report-progress');
    await page.getByRole('tab', { name: '汇总' }).click();
    await expect.poll(() => page.getByTestId('drill-JS01').count()).toBeGreaterThan(0);
    await screenshot(page, '10-report-rollup');
    await page.getByTestId('drill-JS01').first().click();
    await expect.poll(() => page.getByTestId('drill-JS0101').count()).toBeGreaterThan(0);
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('remembers the language per user, and leads back to sign-in when the session ends', async () => {
    const page = await signIn(browser, base, 'js02-officer', DEMO_PASSWORD);
    await page.getByTestId('switch-language').click();
    await expect.poll(() => page.getByRole('menuitem', { name: 'Inbox' }).count()).toBe(1);
    // Another browser: the user's choice follows them.
    const other = await signIn(browser, base, 'js02-officer', DEMO_PASSWORD);
    await expect.poll(() => other.getByRole('menuitem', { name: 'Inbox' }).count()).toBe(1);
    await other.getByTestId('switch-language').click();
    await other.context().close();

    const token = await page.evaluate(() => localStorage.getItem('formwork.token'));
    await call(instance, token!, { method: 'POST', url: '/api/auth/logout' });
    await page.getByRole('menuitem', { name: /Overview|数据总览/ }).click();
    await page.waitForURL('**/login');
    await expect.poll(() => page.getByTestId('session-expired').count()).toBe(1);
    await page.context().close();
  });

  it('stays usable on a narrow screen', async () => {
    const page = await signIn(browser, base, 'js0101-officer', DEMO_PASSWORD, { width: 390, height: 844 });
    await page.getByRole('button', { name: 'menu' }).click();
    await page.getByRole('menuitem', { name: '问题线索与案件' }).click();
    await expect.poll(() => page.locator('.ant-table-row').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.ant-drawer-content-wrapper:visible').count()).toBe(0);
    await screenshot(page, '11-narrow-list');
    await page.locator('.ant-table-row').first().click();
    await page.waitForURL(/\/r\//);
    await expect.poll(() => page.locator('#root_cadreName').count()).toBe(1);
    // The clue handed up twice: the county sees the holder and the history by name, never by code.
    await page.goto(`${base}/r/${clueId}`);
    await expect.poll(() => page.locator('.ant-descriptions').textContent()).toContain('江苏省公司');
    await expect.poll(() => page.locator('.ant-timeline').textContent()).toContain('南京市公司');
    expect(await page.locator('.ant-timeline').textContent()).not.toMatch(/JS01/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(400);
    await screenshot(page, '12-narrow-record');
    await page.context().close();
  });
});
