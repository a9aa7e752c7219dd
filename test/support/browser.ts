/**
 * Headless Chromium for browser tests: Debian's /usr/bin/chromium driven by playwright-core
 * (never a downloaded browser). Screenshots go to test-results/screens (not committed).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.FORMWORK_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENS = path.resolve(import.meta.dirname, '../../test-results/screens');

/** Whether browser tests can run here (CI installs Chromium and sets FORMWORK_REQUIRE_BROWSER=1). */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.FORMWORK_REQUIRE_BROWSER === '1') throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)`);
  return false;
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: true });
}

/** A new browser context signed in through the login page, waiting for the page the user lands on. */
export async function signIn(
  browser: Browser,
  base: string,
  username: string,
  password: string,
  viewport = { width: 1366, height: 768 },
  landing = '**/inbox',
): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  (page as Page & { problems?: string[] }).problems = problems;
  await page.goto(`${base}/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL(landing);
  return page;
}

/** Uncaught errors the page raised (a test expects none). */
export function pageErrors(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? [];
}

/** Runs `attempt` again until it succeeds, for up to `timeout` ms; then throws its last error. */
export async function retried(attempt: () => Promise<void>, timeout = 30_000): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}

/** Picks an option of the antd Select whose input has this id. */
export async function choose(page: Page, selector: string, option: string): Promise<void> {
  // Again while the dropdown is not there yet to be clicked (busy cores).
  await retried(async () => {
    await page.locator(selector).click({ timeout: 5_000 });
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click({ timeout: 5_000 });
  });
}
