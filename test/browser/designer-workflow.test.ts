/**
 * The designer's workflow tab in a real browser: an HQ designer revises the shipped
 * rectification task — adds a state and a step into it on the diagram (who takes it, a required
 * comment), makes the measures read-only in the new state from the field access matrix — and
 * publishes; the published version holds exactly that, and the server enforces it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { publishBundled } from '../../runtime/src/modules/bundled.js';
import { browserAvailable, launch, pageErrors, screenshot } from '../support/browser.js';
import { designerSignIn, saved } from '../support/designer-page.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ADMIN_PASSWORD, call, createUser, login, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
let browser: Browser;
let base: string;
const run = browserAvailable();

const designerPage = (viewport = { width: 1366, height: 768 }) => designerSignIn(browser, base, 'hq-designer', ADMIN_PASSWORD, viewport);

/** Picks an option of the antd Select inside the element with this test id. */
async function pick(page: Page, testId: string, option: string): Promise<void> {
  await page.getByTestId(testId).locator('.ant-select-selector, .ant-select-content').first().click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}


beforeAll(async () => {
  if (!run) return;
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  await publishBundled(instance.ctx);
  await createUser(instance, { username: 'hq-designer', roles: ['designer'], unitCode: 'HQ', displayName: '模板设计员' });
  base = await instance.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launch();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await instance?.stop();
  await db?.drop();
});

describe.skipIf(!run)('the workflow tab', { timeout: 240_000 }, () => {
  it('a designer adds a state and a step on the diagram, sets a field read-only in it, and publishes', async () => {
    const page = await designerPage();
    await page.getByTestId('revise-rectification-task').click();
    await page.waitForURL('**/designer/drafts/*');
    await page.getByRole('tab', { name: '流程与权限' }).click();
    await expect.poll(() => page.getByTestId('state-rectifying').count(), { timeout: 30_000 }).toBe(1);
    await page.waitForTimeout(500);
    await screenshot(page, 'designer-workflow-diagram');

    await page.getByTestId('add-state').click();
    await expect.poll(() => page.getByTestId('state-title').count()).toBe(1);
    await page.getByTestId('state-title').fill('暂缓整改');
    await expect.poll(() => page.getByTestId('state-xinZhuangTai').textContent()).toContain('暂缓整改');

    await page.getByTestId('state-rectifying').click();
    await page.getByTestId('add-step').click();
    await expect.poll(() => page.getByTestId('step-title').count()).toBe(1);
    await page.getByTestId('step-title').fill('申请暂缓');
    await pick(page, 'step-to', '暂缓整改');
    await pick(page, 'step-roles', '审批领导');
    await saved(page);
    await page.waitForTimeout(500);
    await screenshot(page, 'designer-workflow-step');

    await page.getByTestId('workflow-view').getByText('字段权限').click();
    const cell = page.getByTestId('cell-/measures-xinZhuangTai');
    await expect.poll(() => cell.getAttribute('data-level')).toBe('edit');
    await expect.poll(() => page.getByTestId('cell-/dueDate-assigned').getAttribute('data-level')).toBe('read');
    await cell.click();
    await page.locator('.ant-dropdown:visible .ant-dropdown-menu-item', { hasText: '只读' }).click();
    await expect.poll(() => cell.getAttribute('data-level')).toBe('read');
    await expect.poll(() => page.getByTestId('access-rule-0').textContent()).toContain('整改措施');
    await saved(page);
    await page.waitForTimeout(500);
    await screenshot(page, 'designer-workflow-access');

    await page.getByTestId('check-publish').click();
    await expect.poll(async () => ((await page.getByTestId('publish').count()) > 0 ? 'ready' : ((await page.getByTestId('check-dialog').textContent()) ?? '')), { timeout: 30_000 }).toBe('ready');
    await page.getByTestId('publish').click();
    await page.waitForURL((url) => url.pathname.replace(/\/$/, '') === '/designer');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();

    const published = (await call(instance, await login(instance), { method: 'GET', url: '/api/modules/rectification-task' })).json();
    expect(published.workflow.states.xinZhuangTai.title['zh-CN']).toBe('暂缓整改');
    expect(published.workflow.transitions.find((t: { title: { 'zh-CN': string } }) => t.title['zh-CN'] === '申请暂缓')).toMatchObject({ from: 'rectifying', to: 'xinZhuangTai', roles: ['officer', 'leader'] });
    expect(published.workflow.access[0]).toEqual({ fields: ['/measures'], states: ['xinZhuangTai'], access: 'read' });
  });

  it('fits a phone: the diagram and the editor stack', async () => {
    const page = await designerPage({ width: 390, height: 844 });
    await page.getByTestId('revise-inspection-finding').click();
    await page.waitForURL('**/designer/drafts/*');
    await page.getByRole('tab', { name: '流程与权限' }).click();
    await expect.poll(() => page.getByTestId('state-recorded').count(), { timeout: 30_000 }).toBe(1);
    await page.getByTestId('state-confirmed').click();
    await expect.poll(() => page.getByTestId('state-title').inputValue()).toBe('已确认');
    await page.waitForTimeout(500);
    await screenshot(page, 'designer-workflow-390');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(400);
    await page.context().close();
  });
});
