/**
 * The rule builder and the tests tab in a real browser: a rule author makes a record form, then
 * builds "受理日期不得晚于今天" (an error), "超过 30 天未处置，升级到上级单位" (an escalation) and a
 * computed total entirely with pickers, reads them back as sentences, switches one off and on,
 * adds a test case in the tests tab from the current result and sees it pass (and fail, with the
 * diff, while a rule is off), then checks and publishes. Screens at 1366×768 and 390 px.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { publishBundled } from '../../runtime/src/modules/bundled.js';
import { browserAvailable, launch, screenshot } from '../support/browser.js';
import { addCondition, designerSignIn, openTab, pick, saved } from '../support/designer-page.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
let browser: Browser;
let base: string;

const AUTHOR = 'hq-rules';
const PASSWORD = 'Rules-Author-2026';
const run = browserAvailable();

const signIn = (viewport = { width: 1366, height: 768 }) => designerSignIn(browser, base, AUTHOR, PASSWORD, viewport);

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(600);
  await screenshot(page, name);
}

beforeAll(async () => {
  if (!run) return;
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  await publishBundled(instance.ctx);
  await createUser(instance, { username: AUTHOR, roles: ['designer'], unitCode: 'HQ', password: PASSWORD, displayName: '规则设计员' });
  base = await instance.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launch();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await instance?.stop();
  await db?.drop();
});

describe.skipIf(!run)('the rule builder and the tests tab in a browser', { timeout: 300_000 }, () => {
  it('builds an error, an escalation and a computed total with pickers, tests them and publishes', async () => {
    const page = await signIn();
    await page.getByTestId('new-module').click();
    await page.getByTestId('module-kind').getByText('业务表单').click();
    await page.getByTestId('module-title').fill('信访件登记');
    await page.getByTestId('module-key').fill('petition');
    await page.getByTestId('create-module').click();
    await page.waitForURL('**/designer/drafts/*');
    for (const [kind, title] of [['date', '受理日期'], ['number', '涉及金额'], ['number', '退赔金额'], ['number', '合计金额']] as const) {
      await page.getByTestId(`palette-${kind}`).click();
      await page.getByTestId('prop-title').fill(title);
      await expect.poll(() => page.getByTestId('prop-title').inputValue()).toBe(title);
    }
    await saved(page);

    // 1. 受理日期不得晚于今天: 受理日期 晚于 (another value) 今天 → an error on 受理日期.
    await page.getByRole('tab', { name: '业务规则' }).click();
    await page.getByTestId('rule-add').click();
    const drawer = page.getByTestId('rule-drawer');
    await page.getByTestId('rule-description').fill('受理日期不得晚于今天');
    await addCondition(page, '受理日期', '晚于');
    await pick(page, '[data-testid="rule-drawer"] .rule-valueSource', '字段或数据');
    await pick(page, '[data-testid="rule-drawer"] .rule-value', '今天');
    await pick(page, '[data-testid="event-field"]', '受理日期');
    await page.getByTestId('event-message-zh').fill('受理日期不得晚于今天');
    await page.getByTestId('event-message-en').fill('Received on cannot be after today');
    await drawer.getByRole('button', { name: '自动生成' }).click();
    await expect.poll(() => page.getByTestId('event-code').inputValue()).toMatch(/^[A-Z][A-Z0-9_]+_INVALID$/);
    await expect.poll(() => page.getByTestId('rule-sentence').textContent()).toBe('如果 受理日期 晚于 今天，则在「受理日期」处报错：受理日期不得晚于今天');
    await shot(page, 'designer-rules-01-error-rule');
    await page.getByTestId('rule-save').click();
    await expect.poll(() => page.getByTestId('rule-sentence-line').first().textContent()).toBe('如果 受理日期 晚于 今天，则在「受理日期」处报错：受理日期不得晚于今天');

    // 2. 超过 30 天未处置，升级到上级单位: state and days in state → escalate to the unit above.
    await page.getByTestId('rule-add').click();
    await page.getByTestId('rule-description').fill('超过 30 天未处置，升级到上级单位');
    await addCondition(page, '当前状态', '等于');
    await pick(page, '[data-testid="rule-drawer"] .rule >> nth=0 >> [data-testid^="cond-value"]', '已提交');
    await addCondition(page, '在当前状态的天数', '大于');
    await page.locator('[data-testid="rule-drawer"] .rule').nth(1).locator('.ant-input-number input').fill('30');
    await pick(page, '[data-testid="event-type"]', '升级督办');
    await page.getByTestId('event-target').getByText('上级单位').click();
    await page.getByTestId('event-reason-zh').fill('超过 30 天未处置，升级到上级单位');
    await expect.poll(() => page.getByTestId('rule-sentence').textContent()).toBe('如果 当前状态 为 已提交，并且 在当前状态的天数 大于 30，则升级到上级单位审批领导督办（超过 30 天未处置，升级到上级单位）');
    await shot(page, 'designer-rules-02-escalation-rule');
    await page.getByTestId('rule-save').click();

    // 3. A computed total from pickers: 合计金额 = 涉及金额 + 退赔金额, empty ones as 0.
    await page.getByTestId('rule-add').click();
    await page.getByTestId('rule-description').fill('合计金额自动计算');
    await pick(page, '[data-testid="event-type"]', '自动计算');
    await pick(page, '[data-testid="event-field"]', '合计金额');
    for (const [i, field] of [[0, '涉及金额'], [1, '退赔金额']] as const) {
      await pick(page, `[data-testid="set-expr-${i}-kind"]`, '字段或数据');
      await pick(page, `[data-testid="set-expr-${i}-var"]`, field);
      await page.getByTestId(`set-expr-${i}`).getByText('未填按 0 计').click();
    }
    await expect.poll(() => page.getByTestId('rule-sentence').textContent()).toBe('始终：「合计金额」自动计算为 涉及金额（未填按 0 计） + 退赔金额（未填按 0 计）');
    await shot(page, 'designer-rules-03-computed-rule');
    await page.getByTestId('rule-save').click();
    await expect.poll(() => page.getByTestId('rule-item').count()).toBe(3);
    // The computed value runs first (its default priority); the list says so by its order.
    await expect.poll(() => page.getByTestId('rule-sentence-line').first().textContent()).toContain('合计金额');
    await saved(page);
    await shot(page, 'designer-rules-04-list');

    // The tests tab: a case from the current result passes.
    await page.getByRole('tab', { name: '测试用例' }).click();
    await page.getByTestId('test-add').click();
    await page.getByTestId('test-name').fill('未来的受理日期、超期升级与合计');
    await pick(page, '[data-testid="test-state"]', '已提交');
    await page.getByTestId('test-days').locator('xpath=descendant-or-self::input').fill('31');
    await page.getByTestId('test-today').locator('xpath=descendant-or-self::input').fill('2026-06-30');
    await page.getByTestId('test-today').locator('xpath=descendant-or-self::input').press('Enter');
    const form = page.getByTestId('test-drawer');
    await form.locator('#root_shouLiRiQi').fill('2026-07-15');
    await form.locator('#root_shouLiRiQi').press('Enter');
    await form.locator('#root_sheJiJinE').fill('100');
    await form.locator('#root_tuiPeiJinE').fill('20');
    await page.waitForTimeout(500);
    await page.getByTestId('test-use-current').click();
    await expect.poll(() => page.getByTestId('expectation').first().textContent()).toContain('受理日期不得晚于今天');
    await expect.poll(() => page.getByTestId('expectation').first().textContent()).toContain('升级督办：上级单位');
    await expect.poll(() => page.getByTestId('expectation').first().textContent()).toContain('合计金额 = 120');
    await shot(page, 'designer-rules-05-test-case');
    await page.getByTestId('test-save').click();
    await expect.poll(() => page.getByTestId('test-result').first().textContent(), { timeout: 20_000 }).toBe('通过');
    await saved(page);
    await shot(page, 'designer-rules-06-tests');

    // A rule switched off: the case fails at once, and its diff says what went missing.
    await page.getByRole('tab', { name: '业务规则' }).click();
    const errorRule = page.getByTestId('rule-item').filter({ hasText: '受理日期不得晚于今天' });
    await errorRule.getByTestId('rule-enabled').click();
    await expect.poll(() => errorRule.getByTestId('rule-off').count()).toBe(1);
    await page.getByRole('tab', { name: '测试用例' }).click();
    await expect.poll(() => page.getByTestId('test-result').first().textContent(), { timeout: 20_000 }).toBe('未通过');
    await page.locator('[data-testid="tests-table"] .ant-table-row-expand-icon').first().click();
    await expect.poll(() => page.getByTestId('test-diff').textContent()).toContain('未出现');
    await shot(page, 'designer-rules-07-diff');
    await page.getByRole('tab', { name: '业务规则' }).click();
    await errorRule.getByTestId('rule-enabled').click();
    await page.getByRole('tab', { name: '测试用例' }).click();
    await expect.poll(() => page.getByTestId('test-result').first().textContent(), { timeout: 20_000 }).toBe('通过');
    await saved(page);

    // The same screens on a phone.
    const phone = await signIn({ width: 390, height: 844 });
    await phone.goto(page.url());
    await openTab(phone, '业务规则');
    await expect.poll(() => phone.getByTestId('rule-item').count()).toBe(3);
    await shot(phone, 'designer-rules-08-list-phone');
    await phone.getByTestId('rule-edit').nth(1).click();
    await expect.poll(() => phone.getByTestId('rule-sentence').count()).toBe(1);
    await shot(phone, 'designer-rules-09-drawer-phone');
    await phone.getByRole('button', { name: /取\s*消/ }).click();
    await expect.poll(() => phone.getByTestId('rule-drawer').count()).toBe(0);
    // The drawer's closing may swallow the first click on a tab: click until the tab shows.
    await expect
      .poll(async () => {
        await openTab(phone, '测试用例');
        return phone.getByTestId('tests-table').count();
      }, { timeout: 30_000, interval: 1_000 })
      .toBe(1);
    await expect.poll(() => phone.getByTestId('test-result').first().textContent(), { timeout: 20_000 }).toBe('通过');
    await shot(phone, 'designer-rules-10-tests-phone');
    await phone.context().close();

    // Check and publish: the server runs the same case and publishes version 1.
    await page.getByTestId('check-publish').click();
    const dialog = page.getByTestId('check-dialog');
    await expect.poll(async () => ((await page.getByTestId('publish').count()) > 0 ? 'ready' : ((await dialog.textContent()) ?? '')), { timeout: 30_000 }).toBe('ready');
    await page.getByTestId('publish').click();
    await page.waitForURL((url) => url.pathname.replace(/\/$/, '') === '/designer');
    const published = (await call(instance, await login(instance), { method: 'GET', url: '/api/modules/petition' })).json();
    expect(published.version).toBe(1);
    expect(published.rules).toHaveLength(3);
    expect(published.tests).toHaveLength(1);
    expect((page as Page & { problems?: string[] }).problems).toEqual([]);
  });
});
