/**
 * A rule author's whole errand on a shipped module, in Chromium over the demo's records: revise
 * the discipline case, build "处分决定日期须在立案日期之后" with the builder's pickers (a date
 * compared with another field), test it in the tests tab, run the impact over the existing records
 * and see how many the new rule would flag — the number the database itself gives — then publish.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { publishBundled } from '../../runtime/src/modules/bundled.js';
import { DEMO_PASSWORD, seedDemo } from '../../runtime/src/cli/demo/demo-seed.js';
import { browserAvailable, launch, pageErrors, screenshot } from '../support/browser.js';
import { addCondition, designerSignIn, pick, saved } from '../support/designer-page.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
let browser: Browser;
let base: string;
let flagged: number;
const run = browserAvailable();
const AUTHOR = 'hq-rule-author';

beforeAll(async () => {
  if (!run) return;
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  await publishBundled(instance.ctx);
  await seedDemo(instance.db, instance.jobs, {});
  await createUser(instance, { username: AUTHOR, roles: ['designer'], unitCode: 'HQ', password: DEMO_PASSWORD, displayName: '规则设计员' });
  // Three sanctioned cases get a decision dated before their filing (as a careless entry would have it).
  await instance.db.sequelize.query(`
    UPDATE records SET data = jsonb_set(data, '{sanctionDate}', to_jsonb(((data->>'filedOn')::date - 3)::text))
     WHERE id IN (SELECT id FROM records WHERE module_key = 'discipline-case' AND data ? 'sanctionDate' AND data ? 'filedOn' ORDER BY id LIMIT 3)`);
  const [rows] = (await instance.db.sequelize.query(
    `SELECT count(*)::int AS n FROM records WHERE module_key = 'discipline-case' AND withdrawn_at IS NULL AND (data->>'sanctionDate')::date < (data->>'filedOn')::date`,
  )) as [{ n: number }[], unknown];
  flagged = rows[0]!.n;
  base = await instance.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launch();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await instance?.stop();
  await db?.drop();
});

describe.skipIf(!run)('a rule author on a shipped module', { timeout: 300_000 }, () => {
  it('builds a date-order rule with pickers, tests it, sees its impact on the existing records and publishes', async () => {
    expect(flagged).toBeGreaterThanOrEqual(3);
    const before = (await call(instance, await login(instance), { method: 'GET', url: '/api/modules/discipline-case' })).json();
    const page = await designerSignIn(browser, base, AUTHOR, DEMO_PASSWORD);
    await page.getByTestId('revise-discipline-case').click();
    await page.waitForURL('**/designer/drafts/*');

    await page.getByRole('tab', { name: '业务规则' }).click();
    await page.getByTestId('rule-add').click();
    await page.getByTestId('rule-description').fill('处分决定日期须在立案日期之后');
    await addCondition(page, '处分决定日期', '早于');
    await pick(page, '[data-testid="rule-drawer"] .rule-valueSource', '字段或数据');
    await pick(page, '[data-testid="rule-drawer"] .rule-value', '立案日期');
    await pick(page, '[data-testid="event-field"]', '处分决定日期');
    await page.getByTestId('event-message-zh').fill('处分决定日期须在立案日期之后');
    await page.getByTestId('event-message-en').fill('The sanction must be decided after the case was filed');
    await page.getByTestId('rule-drawer').getByRole('button', { name: '自动生成' }).click();
    await expect.poll(() => page.getByTestId('rule-sentence').textContent()).toContain('如果 处分决定日期 早于 立案日期');
    await page.waitForTimeout(500);
    await screenshot(page, 'designer-rule-author-01-rule');
    await page.getByTestId('rule-save').click();
    await expect.poll(() => page.getByTestId('rule-item').filter({ hasText: '处分决定日期须在立案日期之后' }).count()).toBe(1);
    await saved(page);

    // The tests tab: a case whose decision precedes the filing expects the new error, and passes.
    await page.getByRole('tab', { name: '测试用例' }).click();
    await page.getByTestId('test-add').click();
    await page.getByTestId('test-name').fill('处分早于立案');
    const form = page.getByTestId('test-drawer');
    for (const [id, value] of [['#root_filedOn', '2026-05-10'], ['#root_sanctionDate', '2026-05-01']] as const) {
      await form.locator(id).fill(value);
      await form.locator(id).press('Enter');
    }
    // The engine answers the typed data a moment later: take its result once it has.
    await expect
      .poll(async () => {
        await page.getByTestId('test-use-current').click();
        return form.getByTestId('expectation').first().textContent();
      }, { timeout: 30_000, interval: 1_000 })
      .toContain('处分决定日期须在立案日期之后');
    await page.getByTestId('test-save').click();
    const added = page.getByTestId('tests-table').locator('tr', { hasText: '处分早于立案' });
    await expect.poll(() => added.getByTestId('test-result').textContent(), { timeout: 20_000 }).toBe('通过');
    await saved(page);

    // Check and publish: the impact names the records the rule would flag, as many as the database counts.
    await page.getByTestId('check-publish').click();
    await expect.poll(() => page.getByTestId('impact-result').count(), { timeout: 120_000 }).toBe(1);
    const problems = page.getByTestId('impact-problems');
    const count = async () => /处分决定日期\s*(\d+)\s*条记录\s*处分决定日期须在立案日期之后/.exec((await problems.textContent()) ?? '')?.[1];
    await expect.poll(count, { timeout: 30_000 }).toBe(String(flagged));
    await page.waitForTimeout(500);
    await screenshot(page, 'designer-rule-author-02-impact');
    await expect.poll(() => page.getByTestId('publish').count(), { timeout: 30_000 }).toBe(1);
    await page.getByTestId('publish').click();
    await page.waitForURL((url) => url.pathname.replace(/\/$/, '') === '/designer');

    const after = (await call(instance, await login(instance), { method: 'GET', url: '/api/modules/discipline-case' })).json();
    expect(after.version).toBe(before.version + 1);
    expect(after.rules.some((r: { description?: { 'zh-CN': string } }) => r.description?.['zh-CN'] === '处分决定日期须在立案日期之后')).toBe(true);
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });
});
