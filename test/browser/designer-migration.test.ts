/**
 * Publish with migration, in Chromium against the demo: a draft of the shipped feedback module
 * renames 发生位置 (`where`) to 问题位置 (`location`); the check-and-publish dialog lists the
 * removed field with the new one already picked, the designer adds the move, writes a migration
 * test (an old record in, the expectation from the operations) and sees it pass, publishes, and
 * on the module page migrates the existing records — trial run first, then the run, with its
 * progress — after which the demo's records hold the value under the new field.
 * Screenshots at 1366×768 and 390 px go to test-results/screens.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { publishBundled } from '../../runtime/src/modules/bundled.js';
import { DEMO_PASSWORD, seedDemo } from '../../runtime/src/cli/demo/demo-seed.js';
import { browserAvailable, launch, pageErrors, screenshot } from '../support/browser.js';
import { designerSignIn as signInDesigner, pick } from '../support/designer-page.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
let browser: Browser;
let base: string;
let draftId: string;
let before: { id: string; where: string | null }[];

const DESIGNER = 'hq-migrator';
const run = browserAvailable();

const feedbackRows = async () =>
  (await instance.db.sequelize.query("SELECT id, module_version, data FROM records WHERE module_key = 'feedback' ORDER BY id"))[0] as { id: string; module_version: number; data: Record<string, unknown> }[];

const signIn = (viewport = { width: 1366, height: 768 }) => signInDesigner(browser, base, DESIGNER, DEMO_PASSWORD, viewport);

beforeAll(async () => {
  if (!run) return;
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  await publishBundled(instance.ctx);
  await seedDemo(instance.db, instance.jobs, {});
  await createUser(instance, { username: DESIGNER, roles: ['designer'], unitCode: 'HQ', password: DEMO_PASSWORD, displayName: '模板设计员' });
  const token = await login(instance, DESIGNER, DEMO_PASSWORD);
  const draft = (await call(instance, token, { method: 'POST', url: '/api/drafts', payload: { from: { key: 'feedback' } } })).json();
  draftId = draft.id;
  // The rename, as the builder leaves it (a published key is kept, so the field is replaced by a new one).
  const renamed = JSON.parse(JSON.stringify(draft.definition).replaceAll('"where"', '"location"').replaceAll('/where', '/location'));
  renamed.schema.properties.location.title = '问题位置';
  const saved = await call(instance, token, { method: 'PUT', url: `/api/drafts/${draftId}`, payload: { definition: renamed }, headers: { 'if-match': String(draft.revision) } });
  expect(saved.statusCode, saved.body).toBe(200);
  before = (await feedbackRows()).map((r) => ({ id: r.id, where: (r.data.where as string | undefined) ?? null }));
  expect(before.filter((r) => r.where !== null).length).toBeGreaterThan(0);
  base = await instance.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launch();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await instance?.stop();
  await db?.drop();
});

describe.skipIf(!run)('publish with migration', { timeout: 300_000 }, () => {
  it('offers the move from the removed field, runs its test, publishes, and migrates the records with the button', async () => {
    const page = await signIn();
    await page.goto(`${base}/designer/drafts/${draftId}`);
    await expect.poll(() => page.getByTestId('check-publish').count(), { timeout: 30_000 }).toBe(1);
    await page.getByTestId('check-publish').click();
    const card = page.getByTestId('migration-card');
    await expect.poll(() => card.count(), { timeout: 60_000 }).toBe(1);
    const need = page.getByTestId('migration-need-0');
    await expect.poll(() => need.textContent(), { timeout: 30_000 }).toContain('字段「发生位置」被删除');
    // The new field is picked already: the only one the draft added.
    await expect.poll(() => need.getByTestId('move-target').textContent(), { timeout: 30_000 }).toContain('问题位置');
    await need.getByTestId('add-move').click();
    await expect.poll(() => card.getByTestId('migration-operations').textContent(), { timeout: 20_000 }).toContain('把「发生位置」的内容移到「问题位置」');

    await card.getByTestId('add-migration-test').click();
    await card.getByTestId('migration-test-name').fill('位置改名');
    await pick(page, '[data-testid="migration-test-form"] [data-testid="before-field-0"]', '发生位置');
    await card.getByTestId('before-value-0').fill('线索登记页面');
    await card.getByTestId('compute-after').click();
    await expect.poll(() => card.getByTestId('after-field-0').textContent()).toContain('问题位置');
    await card.getByTestId('save-migration-test').click();
    await expect.poll(() => card.getByTestId('migration-tests-summary').textContent(), { timeout: 20_000 }).toBe('1 / 1 通过');
    expect(await card.getByTestId('migration-test-0').textContent()).toContain('问题位置：线索登记页面');
    await page.waitForTimeout(600);
    await screenshot(page, 'designer-migration-01-operations');

    await page.getByTestId('publish').click();
    await page.waitForURL('**/designer/modules/feedback?migrate=2', { timeout: 60_000 });
    const migrate = page.getByTestId('migrate-records');
    await expect.poll(() => migrate.textContent(), { timeout: 30_000 }).toContain('第 2 版已发布，并带有迁移操作');
    const published = (await call(instance, await login(instance, DESIGNER, DEMO_PASSWORD), { method: 'GET', url: '/api/modules/feedback' })).json();
    expect(published.migration).toEqual({ from: 1, operations: [{ op: 'move', from: '/where', to: '/location' }], tests: [{ name: '位置改名', before: { where: '线索登记页面' }, after: { location: '线索登记页面' } }] });
    await screenshot(page, 'designer-migration-02-published');

    // Trial run: counts, nothing written.
    await migrate.getByTestId('migrate-dry-run').click();
    const result = migrate.getByTestId('migrate-result');
    await expect.poll(() => result.count(), { timeout: 60_000 }).toBe(1);
    expect(await result.textContent()).toContain('试运行完成：没有修改任何记录');
    expect(await result.textContent()).toContain(`早期版本的记录${before.length}`);
    expect((await feedbackRows()).every((r) => r.module_version === 1)).toBe(true);
    await page.waitForTimeout(400);
    await screenshot(page, 'designer-migration-03-dry-run');

    // The real run.
    await migrate.getByTestId('migrate-run').click();
    await expect.poll(() => result.textContent(), { timeout: 60_000 }).toContain('迁移完成');
    expect(await result.textContent()).toContain(`已迁移${before.length}`);
    const after = await feedbackRows();
    expect(after.every((r) => r.module_version === 2)).toBe(true);
    for (const row of before) {
      const now = after.find((r) => r.id === row.id)!;
      expect(now.data.where).toBeUndefined();
      expect(now.data.location ?? null).toBe(row.where);
    }
    await page.waitForTimeout(400);
    await screenshot(page, 'designer-migration-04-done');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('shows the progress bar and the records left unchanged on a phone', async () => {
    const page = await signIn({ width: 390, height: 844 });
    // A run held half-way, then a trial run's answer with a record left unchanged.
    let answered = false;
    await page.route('**/api/modules/feedback/migrate', (route) => {
      const progress = `${JSON.stringify({ type: 'progress', examined: 0, total: 1200 })}\n${JSON.stringify({ type: 'progress', examined: 500, total: 1200 })}\n`;
      const result = {
        type: 'result',
        result: { key: 'feedback', to: 2, dryRun: true, examined: 1200, migrated: 1199, failed: [{ id: '00000000-0000-4000-8000-000000000001', fromVersion: 1, reason: 'invalid', errors: [{ path: '/location', code: 'FW_VAL_MAX_LENGTH', message: '不能超过 500 个字符' }] }] },
      };
      void route.fulfill({ status: 200, contentType: 'application/x-ndjson', body: answered ? `${progress}${JSON.stringify(result)}\n` : progress });
      answered = true;
    });
    await page.goto(`${base}/designer/modules/feedback`);
    const migrate = page.getByTestId('migrate-records');
    await expect.poll(() => migrate.count(), { timeout: 30_000 }).toBe(1);
    await migrate.getByTestId('migrate-dry-run').click();
    await expect.poll(() => migrate.getByTestId('migrate-progress').textContent(), { timeout: 30_000 }).toContain('已检查 500 / 1200 条记录');
    expect(await migrate.getByTestId('migrate-progress').getByRole('progressbar').getAttribute('aria-valuenow')).toBe('41');
    await screenshot(page, 'designer-migration-05-progress-phone');
    await page.reload();
    await expect.poll(() => page.getByTestId('migrate-dry-run').count(), { timeout: 30_000 }).toBe(1);
    await page.getByTestId('migrate-dry-run').click();
    const failures = page.getByTestId('migrate-failures');
    await expect.poll(() => failures.textContent(), { timeout: 30_000 }).toContain('问题位置：不能超过 500 个字符');
    expect(await failures.textContent()).toContain('迁移后不符合新版本');
    await page.waitForTimeout(400);
    await screenshot(page, 'designer-migration-06-unchanged-phone');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });
});
