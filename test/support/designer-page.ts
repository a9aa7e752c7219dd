/**
 * The designer in a browser test: signing in at /designer/, waiting for the autosave, picking
 * antd options and adding a condition in the rule builder. Shared by the designer's browser tests.
 */
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { retried } from './browser.js';

/** Signs a designer in at /designer/ (a designer-only user lands in the catalogue); page errors are kept for pageErrors. */
export async function designerSignIn(browser: Browser, base: string, username: string, password: string, viewport = { width: 1366, height: 768 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  (page as Page & { problems?: string[] }).problems = problems;
  await page.goto(`${base}/designer/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect.poll(() => page.getByTestId('new-module').count(), { timeout: 30_000 }).toBe(1);
  return page;
}

/** Waits until the draft is saved. */
export const saved = (page: Page) => expect.poll(() => page.getByTestId('save-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('saved');

/**
 * Picks an option of the antd select matched by `selector`, again until the select shows it (on
 * busy cores a click can land while the dropdown is still opening or closing).
 */
export async function pick(page: Page, selector: string, option: string): Promise<void> {
  const select = page.locator(selector).first();
  await retried(async () => {
    await select.click({ timeout: 5_000 });
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click({ timeout: 5_000 });
    await expect.poll(() => select.textContent(), { timeout: 5_000 }).toContain(option);
  }, 45_000);
}

/** Adds one condition to the rule drawer's top group: its subject and operator picked by their words. */
export async function addCondition(page: Page, subject: string, operator: string): Promise<void> {
  const drawer = page.getByTestId('rule-drawer');
  const before = await drawer.locator('.rule').count();
  await drawer.getByRole('button', { name: '+ 添加条件' }).first().click();
  await expect.poll(() => drawer.locator('.rule').count()).toBe(before + 1);
  const rule = drawer.locator('.rule').nth(before);
  await rule.locator('.rule-fields').click();
  await page.keyboard.type(subject);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: subject }).first().click();
  await rule.locator('.rule-operators').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: new RegExp(`^${operator}$`) }).first().click();
}

/** Opens a tab of the draft page; on a narrow screen a tab beyond the bar's edge is picked from its "more" menu. */
export async function openTab(page: Page, name: string): Promise<void> {
  const tab = page.getByRole('tab', { name }).first();
  const box = await tab.boundingBox();
  const bar = await page.locator('.ant-tabs-nav-wrap').first().boundingBox();
  if (box && bar && box.x >= bar.x && box.x + box.width <= bar.x + bar.width + 1) {
    await tab.click();
    return;
  }
  await page.locator('.ant-tabs-nav-more').first().hover();
  await page.locator('.ant-tabs-dropdown:visible .ant-tabs-dropdown-menu-item', { hasText: name }).first().click();
}
