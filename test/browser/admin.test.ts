/**
 * The administration screens in a real browser (Debian's Chromium through playwright-core)
 * against a real server and database with an organisation seeded through the API: a county
 * admin files a new user; the city admin is notified, opens the filing queue and approves it;
 * the new user signs in. A county admin's password reset of a county officer is filed and
 * approved from above. The unit tree, its import with row errors, and the designated
 * administrators; an HQ auditor verifies the audit chain. Every admin screen is photographed at
 * 1366×768 and at a phone's 390 px.
 */
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { browserAvailable, launch, pageErrors, screenshot as photograph, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, login, seedOrganisation, startTestInstance } from '../support/instance.js';

const PASSWORD = 'Verwaltung-2026!';
const NEW_PASSWORD = 'Neues-Kennwort-77';
const PHONE = { width: 390, height: 844 };

let db: TestDatabase;
let instance: Instance;
let browser: Browser;
let base: string;

const run = browserAvailable();

beforeAll(async () => {
  if (!run) return;
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  const token = await login(instance);
  await seedOrganisation(instance, token);
  // Created from HQ (above each unit): active at once.
  const users = [
    { username: 'c11-admin', displayName: '王市管', unitCode: 'C11', roles: ['admin'] },
    { username: 'x111-admin', displayName: '李县管', unitCode: 'X111', roles: ['admin'] },
    { username: 'x111-officer', displayName: '赵经办', unitCode: 'X111', roles: ['officer'] },
    { username: 'hq-auditor', displayName: '钱审计', unitCode: 'HQ', roles: ['auditor'] },
  ];
  for (const user of users) {
    const response = await call(instance, token, { method: 'POST', url: '/api/users', payload: { ...user, password: PASSWORD } });
    if (response.statusCode !== 201) throw new Error(`${user.username}: ${response.statusCode} ${response.body}`);
  }
  // One more user filed by the county's own admin (to be rejected from above).
  const county = await login(instance, 'x111-admin', PASSWORD);
  const filed = await call(instance, county, { method: 'POST', url: '/api/users', payload: { username: 'x111-temp', unitCode: 'X111', roles: ['officer'], password: PASSWORD } });
  if (filed.statusCode !== 201) throw new Error(`x111-temp: ${filed.statusCode} ${filed.body}`);
  base = await instance.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launch();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await instance?.stop();
  await db?.drop();
});

/** Waits until loading masks and dialog animations are over (a click on a dialog zooming in may miss). */
async function settled(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-spin-blur, .ant-zoom-appear, .ant-zoom-enter, .ant-fade-appear, .ant-fade-enter').count()).toBe(0);
  await page.waitForTimeout(300);
}

/** A screenshot once the page has settled. */
async function screenshot(page: Page, name: string): Promise<void> {
  await settled(page);
  await photograph(page, name);
}

/** Presses a dialog's button once the dialog has settled. */
async function press(page: Page, testId: string): Promise<void> {
  await settled(page);
  await page.getByTestId(testId).click();
}

/** Cancels the open dialog. */
async function cancel(page: Page): Promise<void> {
  await settled(page);
  await modal(page).getByRole('button', { name: /取\s*消/ }).click();
  await closed(page);
}

const modal = (page: Page) => page.locator('.ant-modal:visible');
const row = (page: Page, text: string) => page.locator('.ant-table-row', { hasText: text });
const toast = (page: Page) => page.locator('.ant-message');
async function closed(page: Page): Promise<void> {
  try {
    await expect.poll(() => page.locator('.ant-modal:visible').count()).toBe(0);
  } catch (error) {
    await photograph(page, 'admin-failed-dialog');
    throw error;
  }
}

describe.skipIf(!run)('administration in a browser', { timeout: 150_000 }, () => {
  it('a county admin files a new user and a password reset; the city admin approves both from the filing queue; they sign in', async () => {
    const county = await signIn(browser, base, 'x111-admin', PASSWORD, undefined, '**/admin');
    await expect.poll(() => county.getByTestId('to-units').count()).toBe(1);
    await screenshot(county, 'admin-01-home-county');

    // A new user filed at the admin's own unit.
    await county.getByRole('menuitem', { name: '用户管理' }).click();
    await county.waitForURL('**/admin/users');
    await expect.poll(() => row(county, 'x111-officer').count()).toBe(1);
    await county.getByTestId('new-user').click();
    const create = modal(county);
    await create.getByLabel('用户名').fill('x111-clerk');
    await create.getByLabel('姓名').fill('孙文书');
    await create.getByLabel('初始密码').fill('short');
    await expect.poll(() => create.textContent()).toContain('至少 10 位');
    await create.getByLabel('初始密码').fill(PASSWORD);
    await screenshot(county, 'admin-02-new-user');
    await press(county, 'create-user-ok');
    await closed(county);
    await expect.poll(() => toast(county).textContent()).toContain('已报备，待上级审批');
    await expect.poll(() => row(county, 'x111-clerk').getByTestId('user-status').textContent()).toBe('待审批');

    // A password reset in the admin's own unit is filed (202), not applied.
    await county.getByTestId('user-actions-x111-officer').click();
    await county.getByRole('menuitem', { name: '重置密码' }).click();
    await modal(county).getByLabel('新密码').fill(NEW_PASSWORD);
    await press(county, 'user-task-ok');
    await closed(county);
    await expect.poll(() => row(county, 'x111-officer').textContent()).toContain('已报备，待上级审批');
    await screenshot(county, 'admin-03-users-filed');
    // Editing roles starts from the user's own.
    await county.getByTestId('user-actions-x111-officer').click();
    await county.getByRole('menuitem', { name: '修改角色' }).click();
    await expect.poll(() => modal(county).getByLabel('经办人').isChecked()).toBe(true);
    expect(await modal(county).getByLabel('审批领导').isChecked()).toBe(false);
    await cancel(county);

    // The filer sees its own filings as awaiting the unit above, with no buttons.
    await county.getByRole('menuitem', { name: '报备审批' }).click();
    await county.waitForURL('**/admin/filing');
    await expect.poll(() => county.getByTestId('pending-users').textContent()).toContain('待上级单位审批');
    await expect.poll(() => county.getByTestId('pending-changes').textContent()).toContain('待上级单位审批');
    expect(await county.getByTestId('approve').count()).toBe(0);
    await screenshot(county, 'admin-04-filing-awaiting-above');
    expect(pageErrors(county)).toEqual([]);
    await county.context().close();

    // The city admin lands on the administration home, which counts what waits.
    const city = await signIn(browser, base, 'c11-admin', PASSWORD, undefined, '**/admin');
    await expect.poll(() => city.getByTestId('waiting-users').textContent()).toContain('2');
    await expect.poll(() => city.getByTestId('waiting-changes').textContent()).toContain('1');
    await screenshot(city, 'admin-05-home-city');
    // In English too.
    await city.getByTestId('switch-language').click();
    await expect.poll(() => city.locator('.fw-page-title h2').textContent()).toBe('Administration home');
    await screenshot(city, 'admin-05-home-city-en');
    await city.getByTestId('switch-language').click();
    await expect.poll(() => city.locator('.fw-page-title h2').textContent()).toBe('管理首页');
    // The notification leads to the queue.
    await city.getByRole('menuitem', { name: '待办事项' }).click();
    await city.waitForURL('**/inbox');
    await expect.poll(() => city.locator('.ant-list-item', { hasText: 'x111-clerk' }).count()).toBe(1);
    await screenshot(city, 'admin-06-inbox-filing');
    await city.locator('.ant-list-item', { hasText: 'x111-clerk' }).getByTestId('to-filing').click();
    await city.waitForURL('**/admin/filing');
    const pendingUser = (name: string) => city.getByTestId('pending-users').locator('.ant-table-row', { hasText: name });
    await expect.poll(() => city.getByTestId('pending-users').getByTestId('approve').count()).toBe(2);
    await screenshot(city, 'admin-07-filing-queue');
    await pendingUser('x111-clerk').getByTestId('approve').click();
    await press(city, 'decision-ok');
    await closed(city);
    await expect.poll(() => pendingUser('x111-clerk').count()).toBe(0);
    // Rejected with a reason, kept and shown.
    await pendingUser('x111-temp').getByTestId('reject').click();
    await modal(city).getByTestId('decision-reason').fill('未经岗位审批，不予开通');
    await press(city, 'decision-ok');
    await closed(city);
    await expect.poll(() => city.getByTestId('pending-users').getByTestId('approve').count()).toBe(0);
    // A reject needs a reason; the password reset is approved.
    await city.getByTestId('pending-changes').getByTestId('reject').click();
    await press(city, 'decision-ok');
    await expect.poll(() => modal(city).textContent()).toContain('驳回须说明理由');
    await screenshot(city, 'admin-08-reject-reason');
    await cancel(city);
    await city.getByTestId('pending-changes').getByTestId('approve').click();
    await press(city, 'decision-ok');
    await closed(city);
    await expect.poll(() => city.getByTestId('pending-changes').getByTestId('approve').count()).toBe(0);

    // The users list shows who decided.
    await city.getByRole('menuitem', { name: '用户管理' }).click();
    await expect.poll(() => row(city, 'x111-clerk').textContent()).toContain('c11-admin 于');
    await expect.poll(() => row(city, 'x111-clerk').getByTestId('user-status').textContent()).toBe('正常');
    await expect.poll(() => row(city, 'x111-temp').textContent()).toContain('理由：未经岗位审批，不予开通');
    expect(await row(city, 'x111-temp').getByTestId('user-status').textContent()).toBe('未通过');
    await screenshot(city, 'admin-09-users-city');
    expect(pageErrors(city)).toEqual([]);
    await city.context().close();

    // The approved user signs in (an officer: the inbox), and the officer with the reset password.
    const clerk = await signIn(browser, base, 'x111-clerk', PASSWORD);
    await expect.poll(() => clerk.getByTestId('current-unit').textContent()).toBe('甲省一市一县');
    await clerk.context().close();
    const officer = await signIn(browser, base, 'x111-officer', NEW_PASSWORD);
    await officer.context().close();
  });

  it('the city admin sees the unit tree, its administrators, a move preview and an import with row errors', async () => {
    const city = await signIn(browser, base, 'c11-admin', PASSWORD, undefined, '**/admin');
    await city.getByRole('menuitem', { name: '组织机构' }).click();
    await city.waitForURL('**/admin/units');
    await city.getByTestId('unit-tree').getByText('甲省一市一县').click();
    await expect.poll(() => city.getByTestId('unit-admins').textContent()).toContain('李县管');
    await screenshot(city, 'admin-10-units');

    await city.getByTestId('unit-tree').getByText('甲省一市公司').click();
    await city.getByTestId('new-unit').click();
    await modal(city).getByLabel('单位代码').fill('X112');
    await modal(city).getByLabel('单位名称').fill('甲省一市二县');
    await press(city, 'unit-task-ok');
    await closed(city);
    await expect.poll(() => city.getByTestId('unit-tree').textContent()).toContain('甲省一市二县');

    await city.getByTestId('unit-tree').getByText('甲省一市二县').click();
    await city.getByTestId('move-unit').click();
    await expect.poll(() => modal(city).textContent()).toContain('以下 1 个单位将一同移动');
    await modal(city).locator('.ant-select').click();
    await city.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: '甲省一市一县' }).click();
    await screenshot(city, 'admin-11-move-preview');
    await press(city, 'unit-task-ok');
    await closed(city);
    // Moved below the county: a level down.
    await expect.poll(() => city.getByTestId('unit-detail').textContent()).toContain('第 5 级');

    await city.getByTestId('import-units').click();
    await modal(city)
      .locator('input[type=file]')
      .setInputFiles({ name: 'units.csv', mimeType: 'text/csv', buffer: Buffer.from('code,name,parentCode\nX113,甲省一市三县,C11\nX114,甲省一市四县,NOPE\n') });
    await expect.poll(() => city.getByTestId('import-problems').textContent()).toContain('第 3 行');
    await screenshot(city, 'admin-12-import-errors');
    expect(await city.getByTestId('import-problems').textContent()).not.toMatch(/FW_/);
    // An Excel workbook: its first sheet is imported.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('单位');
    sheet.addRows([
      ['code', 'name', 'parentCode', 'kind'],
      ['X115', '甲省一市五县', 'C11', 'company'],
    ]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    await modal(city)
      .locator('input[type=file]')
      .setInputFiles({ name: 'units.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx });
    await closed(city);
    await expect.poll(() => toast(city).textContent()).toContain('已导入 1 个单位');
    await expect.poll(() => city.getByTestId('unit-tree').textContent()).toContain('甲省一市五县');
    expect(pageErrors(city)).toEqual([]);
    await city.context().close();
  });

  it('an HQ auditor lands on the administration home, reads the audit log and verifies the chain', async () => {
    const auditor = await signIn(browser, base, 'hq-auditor', PASSWORD, undefined, '**/admin');
    await auditor.getByTestId('to-audit').click();
    await auditor.waitForURL('**/admin/audit');
    await expect.poll(() => auditor.locator('.ant-table-row').count()).toBeGreaterThan(5);
    await auditor.getByTestId('verify-chain').click();
    await expect.poll(() => auditor.getByTestId('verify-result').textContent()).toContain('审计链完整');
    expect(await auditor.getByTestId('verify-result').textContent()).toContain('已用审计密钥核验签章');
    await screenshot(auditor, 'admin-13-audit-verified');

    // Filter by category, then open an entry.
    await auditor.getByTestId('filter-action').click();
    await auditor.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '用户与权限' }).click();
    await auditor.getByTestId('audit-search').click();
    await expect.poll(() => row(auditor, '批准新用户').count()).toBe(1);
    await row(auditor, '批准新用户').click();
    await expect.poll(() => auditor.locator('.ant-drawer:visible').textContent()).toContain('x111-clerk');
    await screenshot(auditor, 'admin-14-audit-entry');
    expect(pageErrors(auditor)).toEqual([]);
    await auditor.context().close();
  });

  it('every admin screen works on a phone-sized screen', async () => {
    for (const [user, screens] of [
      ['c11-admin', ['', 'units', 'users', 'filing']],
      ['hq-auditor', ['audit']],
    ] as const) {
      const page = await signIn(browser, base, user, PASSWORD, PHONE, '**/admin');
      for (const screen of screens) {
        await page.goto(`${base}/admin${screen ? `/${screen}` : ''}`);
        await expect.poll(() => page.locator('.fw-page-title h2').count()).toBe(1);
        await page.waitForLoadState('networkidle');
        await screenshot(page, `admin-phone-${screen || 'home'}`);
        // Nothing wider than the screen but the tables' own scrolling.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      }
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    }
  });
});
