/**
 * 影响分析 in the designer's publish flow, in Chromium against the demo's records: a draft of
 * the shipped discipline case tightens 主要问题 to 20 characters, adds "处分决定日期须在立案日期之后"
 * and "超过 30 天未处置，升级到上级单位"; the check-and-publish
 * dialog shows a progress bar while scanning, then the same counts the API gives, the problems
 * by field, the rules that never fire, and sample records that open in the workspace.
 * Screenshots at 1366×768 and 390 px go to test-results/screens.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { publishBundled } from '../../runtime/src/modules/bundled.js';
import { DEMO_PASSWORD, seedDemo } from '../../runtime/src/cli/demo/demo-seed.js';
import { SCREENS, browserAvailable, launch, pageErrors, screenshot } from '../support/browser.js';
import { designerSignIn as signInDesigner } from '../support/designer-page.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
let browser: Browser;
let base: string;
let draftId: string;
let want: {
  scanned: number;
  invalid: number;
  derivedChanged: number;
  eventsChanged: number;
  byProblem: { label: string; message: string; count: number; sample: string[] }[];
  deadRules: { name: string; description: string }[];
  rules: { name: string }[];
};

const DESIGNER = 'hq-rule-author';
const PHONE = { width: 390, height: 844 };
const run = browserAvailable();
const zh = (text: string) => ({ 'zh-CN': text, en: text });

const signIn = (viewport = { width: 1366, height: 768 }) => signInDesigner(browser, base, DESIGNER, DEMO_PASSWORD, viewport);

/** Opens the draft and its check-and-publish dialog. */
async function openCheck(page: Page): Promise<void> {
  await page.goto(`${base}/designer/drafts/${draftId}`);
  await expect.poll(() => page.getByTestId('check-publish').count(), { timeout: 30_000 }).toBe(1);
  await page.getByTestId('check-publish').click();
}

const digits = (text: string | null) => Number((text ?? '').replace(/[^0-9]/g, ''));

beforeAll(async () => {
  if (!run) return;
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  await publishBundled(instance.ctx);
  await seedDemo(instance.db, instance.jobs, {});
  // A rule author at HQ who also reviews records (auditor), so sample records open in the workspace.
  await createUser(instance, { username: DESIGNER, roles: ['designer', 'auditor'], unitCode: 'HQ', password: DEMO_PASSWORD, displayName: '规则编写员' });
  const token = await login(instance, DESIGNER, DEMO_PASSWORD);
  const draft = (await call(instance, token, { method: 'POST', url: '/api/drafts', payload: { from: { key: 'discipline-case' } } })).json();
  draftId = draft.id;
  const definition = structuredClone(draft.definition);
  definition.schema.properties.summary.maxLength = 20;
  definition.rules = [
    ...definition.rules,
    {
      name: 'sanctionAfterFiling',
      description: zh('处分决定日期须在立案日期之后'),
      conditions: { all: [{ fact: 'data', path: '/sanctionDate', operator: 'dateOnOrBefore', value: { fact: 'data', path: '/filedOn' } }] },
      event: { type: 'error', params: { path: '/sanctionDate', message: zh('处分决定日期须在立案日期之后') } },
    },
    {
      name: 'staleToUnitAbove',
      description: zh('超过 30 天未处置，升级到上级单位'),
      conditions: { all: [{ fact: 'context', path: '/state', operator: 'equal', value: 'awaitingDisposal' }, { fact: 'context', path: '/daysInState', operator: 'greaterThan', value: 30 }] },
      event: { type: 'escalate', params: { to: 'parent', reason: zh('超过 30 天未处置') } },
    },
  ];
  const saved = await call(instance, token, { method: 'PUT', url: `/api/drafts/${draftId}`, payload: { definition }, headers: { 'if-match': String(draft.revision) } });
  expect(saved.statusCode, saved.body).toBe(200);
  // The known answer: what the API says of the same records (its counts are tested in test/api/draft-impact.test.ts).
  want = (await call(instance, token, { method: 'POST', url: `/api/drafts/${draftId}/impact` })).json();
  base = await instance.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launch();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await instance?.stop();
  await db?.drop();
});

describe.skipIf(!run)('影响分析 before publishing', { timeout: 240_000 }, () => {
  it('shows a progress bar while the records are scanned', async () => {
    const page = await signIn();
    // The server streams a line per batch of 500; the demo fits in one, so the scan is held half-way here.
    await page.route('**/api/drafts/*/impact', (route) =>
      route.fulfill({ status: 200, contentType: 'application/x-ndjson', body: `${JSON.stringify({ type: 'progress', scanned: 0, total: 1200 })}\n${JSON.stringify({ type: 'progress', scanned: 500, total: 1200 })}\n` }),
    );
    await openCheck(page);
    const progress = page.getByTestId('impact-progress');
    await expect.poll(() => progress.textContent(), { timeout: 60_000 }).toContain('已分析 500 / 1200 条记录');
    expect(await progress.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('41');
    await page.waitForTimeout(500);
    await screenshot(page, 'impact-01-progress');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('shows the counts, the problems by field, dead rules and sample records that open in the workspace', async () => {
    expect(want.scanned).toBeGreaterThan(0);
    expect(want.invalid).toBeGreaterThan(0);
    expect(want.eventsChanged).toBeGreaterThan(0);
    const page = await signIn();
    await openCheck(page);
    const result = page.getByTestId('impact-result');
    await expect.poll(() => result.count(), { timeout: 90_000 }).toBe(1);
    expect(digits(await page.getByTestId('impact-scanned').locator('.ant-statistic-content-value').textContent())).toBe(want.scanned);
    expect(digits(await page.getByTestId('impact-invalid').locator('.ant-statistic-content-value').textContent())).toBe(want.invalid);
    expect(digits(await page.getByTestId('impact-derived').locator('.ant-statistic-content-value').textContent())).toBe(want.derivedChanged);
    expect(digits(await page.getByTestId('impact-events').locator('.ant-statistic-content-value').textContent())).toBe(want.eventsChanged);
    const problems = page.getByTestId('impact-problems');
    const first = want.byProblem[0]!;
    expect(first.label).toBe('主要问题');
    expect(await problems.textContent()).toContain(first.message);
    expect(await problems.textContent()).toContain(`${first.count} 条记录`);
    const dead = await page.getByTestId('impact-dead').textContent();
    // A rule is named by its description (or its message); one with neither by its place.
    for (const rule of want.deadRules) {
      expect(dead).toContain(rule.description !== rule.name ? rule.description : `第 ${want.rules.findIndex((r) => r.name === rule.name) + 1} 条规则`);
    }
    const text = (await page.getByTestId('impact-panel').textContent()) ?? '';
    // Chinese screen: no raw codes, ids or ISO timestamps.
    expect(text).not.toMatch(/FW_[A-Z_]+|[0-9a-f]{8}-[0-9a-f]{4}-|\d{4}-\d{2}-\d{2}T/);
    await page.waitForTimeout(500);
    await screenshot(page, 'impact-02-result');
    await page.getByTestId('impact-panel').screenshot({ path: path.join(SCREENS, 'impact-02-panel.png') });

    const [opened] = await Promise.all([page.context().waitForEvent('page'), problems.getByTestId('impact-sample').first().click()]);
    await opened.waitForLoadState();
    expect(new URL(opened.url()).pathname).toBe(`/r/${first.sample[0]}`);
    await expect.poll(() => opened.getByText('主要问题').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await opened.waitForTimeout(500);
    await screenshot(opened, 'impact-03-sample-record');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('fits a 390 px phone', async () => {
    const page = await signIn(PHONE);
    await openCheck(page);
    await expect.poll(() => page.getByTestId('impact-result').count(), { timeout: 90_000 }).toBe(1);
    const box = await page.getByTestId('impact-panel').boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    await page.waitForTimeout(500);
    await screenshot(page, 'impact-04-phone');
    await page.getByTestId('impact-panel').screenshot({ path: path.join(SCREENS, 'impact-04-phone-panel.png') });
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });
});
