/**
 * No raw values on the screens people work on: every role of the demo (officer; leaders at
 * county, city, province and HQ; auditor and exporter; administrator) signs in and opens its
 * main screens — inbox, lists, a record, the overview, reports (each tab, a pre-fill drill-down),
 * the administration pages — and no visible text may hold a UUID, an ISO timestamp, or a code
 * the shipped definitions use for values, states, actions or fields (instead of its title).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../runtime/src/cli/demo/demo-seed.js';
import { browserAvailable, screenshot, signIn } from '../support/browser.js';
import { startRig, stopRig, type Rig } from '../support/rig.js';

const MODULES = path.resolve(import.meta.dirname, '../../definitions/modules');

/**
 * The codes of the shipped definitions that must never show raw on a Chinese screen: option
 * values (enums, consts of code lists), workflow state keys and action names, and field keys
 * written in camelCase. Codes that are also words a Chinese screen shows as such are left out.
 */
export function shippedCodes(): string[] {
  const codes = new Set<string>();
  const walk = (node: unknown, fieldKeys: boolean) => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, fieldKeys));
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (Array.isArray(n.enum)) n.enum.filter((v): v is string => typeof v === 'string').forEach((v) => codes.add(v));
    if (typeof n.const === 'string') codes.add(n.const);
    if (fieldKeys && n.properties && typeof n.properties === 'object') Object.keys(n.properties).filter((k) => /[a-z][A-Z]/.test(k)).forEach((k) => codes.add(k));
    Object.values(n).forEach((v) => walk(v, fieldKeys));
  };
  for (const folder of readdirSync(MODULES)) {
    const definition = JSON.parse(readFileSync(path.join(MODULES, folder, 'definition.json'), 'utf8')) as Record<string, unknown>;
    walk(definition.schema, true);
    const workflow = definition.workflow as { states?: Record<string, unknown>; transitions?: { action: string }[] } | undefined;
    Object.keys(workflow?.states ?? {}).forEach((s) => codes.add(s));
    (workflow?.transitions ?? []).forEach((t) => codes.add(t.action));
  }
  return [...codes].filter((c) => c.length >= 3 && !ORDINARY.has(c)).sort();
}

/** Codes that are also words a Chinese screen may show as words (none so far: each would be named here with why). */
const ORDINARY = new Set<string>([]);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** What on the page's visible text is raw: each finding as `screen: what «context»`. */
async function rawOn(page: Page, screen: string, codes: readonly string[]): Promise<string[]> {
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton').count(), { timeout: 30_000 }).toBe(0);
  await page.waitForTimeout(600);
  const text = await page.evaluate(() => {
    // A codebook lists each code beside its title on purpose: that is what it is for.
    document.querySelectorAll<HTMLElement>('[data-testid="codebook"]').forEach((el) => (el.style.display = 'none'));
    return document.body.innerText;
  });
  const found: string[] = [];
  const context = (index: number) => text.slice(Math.max(0, index - 20), index + 40).replace(/\s+/g, ' ');
  for (const [name, pattern] of [['UUID', UUID], ['ISO timestamp', ISO_TIME]] as const) {
    const match = pattern.exec(text);
    if (match) found.push(`${screen}: ${name} «${context(match.index)}»`);
  }
  for (const code of codes) {
    const match = new RegExp(`(?<![A-Za-z0-9_-])${code.replace(/[-]/g, '\\-')}(?![A-Za-z0-9_-])`).exec(text);
    if (match) found.push(`${screen}: code ${code} «${context(match.index)}»`);
  }
  return found;
}

let browser: Browser;
let base: string;
const run = browserAvailable();

let rig: Rig | undefined;
beforeAll(async () => {
  if (!run) return;
  rig = await startRig();
  ({ browser, base } = rig);
}, 180_000);
afterAll(() => stopRig(rig));

/** Opens a page of the app and waits for it to settle (its tables loaded). */
async function visit(page: Page, url: string): Promise<void> {
  await page.goto(`${base}${url}`);
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.ant-spin-spinning').count(), { timeout: 30_000 }).toBe(0);
}

/** Opens the first row of the table shown (a record, from a list or the inbox); false when there is none. */
async function openFirstRow(page: Page): Promise<boolean> {
  const row = page.locator('.ant-table-row').first();
  if ((await row.count()) === 0) return false;
  await row.click();
  await page.waitForURL(/\/r\/[0-9a-f-]{36}$/, { timeout: 30_000 }).catch(() => undefined);
  await page.waitForLoadState('networkidle');
  return /\/r\//.test(page.url());
}

const RECORD_LISTS = ['discipline-case', 'rectification-task', 'inspection-finding', 'integrity-archive', 'integrity-opinion', 'feedback'];

describe.skipIf(!run)('no raw values on the main screens of every role', { timeout: 600_000 }, () => {
  it('builds its list of codes from the shipped definitions', () => {
    const codes = shippedCodes();
    expect(codes).toEqual(expect.arrayContaining(['letter', 'audit', 'party-warning', 'awaitingDisposal', 'reportUp', 'cadreName']));
  });

  it('shows titles, names and China time, never ids, ISO timestamps or codes', async () => {
    const codes = shippedCodes();
    const found: string[] = [];
    const checked: string[] = [];
    const workers = [
      { user: 'js0101-officer', lists: RECORD_LISTS },
      { user: 'js0101-leader', lists: ['discipline-case', 'rectification-task'] },
      { user: 'js01-leader', lists: ['discipline-case', 'inspection-finding'] },
      { user: 'js-leader', lists: ['discipline-case', 'rectification-task'] },
      { user: 'hq-leader', lists: ['discipline-case', 'integrity-opinion'] },
      { user: 'hq-auditor', lists: ['discipline-case'] },
    ];
    for (const { user, lists } of workers) {
      const page = await signIn(browser, base, user, DEMO_PASSWORD);
      const check = async (screen: string) => {
        checked.push(`${user} ${screen.replace(/ → .*/, ' → record')}`);
        found.push(...(await rawOn(page, `${user} ${screen}`, codes)));
      };
      await visit(page, '/inbox');
      await check('inbox');
      if (await openFirstRow(page)) await check(`inbox → ${page.url().split('/').pop()}`);
      for (const key of lists) {
        await visit(page, `/m/${key}`);
        await check(`list ${key}`);
        if (await openFirstRow(page)) await check(`record of ${key}`);
      }
      await visit(page, '/dashboard');
      await check('dashboard');
      await visit(page, '/reports/enforcement-quarterly');
      const tabs = page.locator('.ant-tabs-tab');
      for (let i = 0; i < (await tabs.count()); i++) {
        await tabs.nth(i).click();
        await page.waitForLoadState('networkidle');
        await check(`reports tab ${(await tabs.nth(i).textContent()) ?? i}`);
      }
      if (user === 'js0101-officer') {
        // The report itself and a pre-fill drill-down.
        await tabs.first().click();
        await page.getByTestId('open-my-report').first().click();
        await page.waitForURL(/\/r\/[0-9a-f-]{36}$/);
        {
          await check('report record');
          const drill = page.getByRole('button', { name: '查看明细' }).first();
          if ((await drill.count()) > 0) {
            await drill.click();
            await expect.poll(() => page.locator('.ant-modal .ant-table-row').count()).toBeGreaterThan(0);
            await check('pre-fill drill-down');
          }
        }
      }
      if (user === 'hq-auditor') {
        for (const url of ['/quality', '/datasets', '/admin/audit']) {
          await visit(page, url);
          await check(url);
        }
      }
      await screenshot(page, `raw-values-${user}`);
      await page.context().close();
    }
    const admin = await signIn(browser, base, 'js-admin', DEMO_PASSWORD, undefined, '**/admin');
    for (const url of ['/admin', '/admin/units', '/admin/users', '/admin/filing', '/admin/audit']) {
      await visit(admin, url);
      found.push(...(await rawOn(admin, `js-admin ${url}`, codes)));
    }
    await screenshot(admin, 'raw-values-js-admin');
    await admin.context().close();
    // It looked where it meant to: records, reports and the drill-down were there to be read.
    expect(checked).toEqual(
      expect.arrayContaining([
        'js0101-officer inbox → record',
        'js0101-officer record of discipline-case',
        'js0101-officer record of rectification-task',
        'js0101-officer record of integrity-archive',
        'js0101-officer report record',
        'js0101-officer pre-fill drill-down',
        'js-leader record of discipline-case',
        'hq-leader dashboard',
        'hq-auditor /datasets',
      ]),
    );
    expect(found).toEqual([]);
  });
});
