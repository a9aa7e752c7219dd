/**
 * The designer in a real browser (Debian's Chromium through playwright-core) against a real
 * server and database with the demo organisation: an HQ designer builds a monthly report
 * template from nothing with no JSON typed (sections, a repeating table, a code list choice, a
 * 合计 total, a pre-filled figure and a statistical table), previews it at phone width and
 * publishes it; an HQ officer assigns the month and a county fills and submits it in the
 * workspace; the designer adds a field to a shipped module, sees the diff, publishes version
 * n+1 and rolls back to n; a code list gets a code retired and one added; a draft-07 form
 * written for react-jsonschema-form is imported and published. Every designer screen is kept as
 * a screenshot (desktop 1366×768 and a 390 px phone) under test-results/screens.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodContaining } from '../../engine/src/index.js';
import type { Instance } from '../../runtime/src/server.js';
import { publishBundled } from '../../runtime/src/modules/bundled.js';
import { DEMO_PASSWORD, seedDemo } from '../../runtime/src/cli/demo/demo-seed.js';
import { browserAvailable, choose, launch, pageErrors, retried, screenshot, signIn } from '../support/browser.js';
import { designerSignIn as signInDesigner } from '../support/designer-page.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
let browser: Browser;
let base: string;

const DESIGNER = 'hq-designer';
const REPORT = 'spot-check-monthly';
const PHONE = { width: 390, height: 844 };

const run = browserAvailable();

/** Signs a designer in at /designer/ (a designer-only user lands in the catalogue). */
const designerSignIn = (viewport = { width: 1366, height: 768 }) => signInDesigner(browser, base, DESIGNER, DEMO_PASSWORD, viewport);

/** Adds a field from the palette (into the selected container, or after the selected field) and names it. */
async function addField(page: Page, kind: string, title: string): Promise<void> {
  await page.getByTestId(`palette-${kind}`).click();
  await page.getByTestId('prop-title').fill(title);
  await expect.poll(() => page.getByTestId('prop-title').inputValue()).toBe(title);
}

/** Opens check and publish, waits for the diff (or fails with what the check said), publishes. */
async function checkAndPublish(page: Page, name?: string): Promise<void> {
  await page.getByTestId('check-publish').click();
  const dialog = page.getByTestId('check-dialog');
  await expect.poll(async () => ((await page.getByTestId('publish').count()) > 0 ? 'ready' : ((await dialog.textContent()) ?? '')), { timeout: 30_000 }).toBe('ready');
  if (name) await shot(page, name);
  await page.getByTestId('publish').click();
  await page.waitForURL((url) => url.pathname.replace(/\/$/, '') === '/designer');
}

/** Lets antd's opening and closing animations finish before a screenshot. */
async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(500);
  await screenshot(page, name);
}

/** Waits until the draft is saved. */
const saved = (page: Page) => expect.poll(() => page.getByTestId('save-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('saved');

const latest = async (key: string) => (await call(instance, await login(instance), { method: 'GET', url: `/api/modules/${key}` })).json();

beforeAll(async () => {
  if (!run) return;
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  await publishBundled(instance.ctx);
  await seedDemo(instance.db, instance.jobs, {});
  await createUser(instance, { username: DESIGNER, roles: ['designer'], unitCode: 'HQ', password: DEMO_PASSWORD, displayName: '模板设计员' });
  base = await instance.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launch();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await instance?.stop();
  await db?.drop();
});

describe.skipIf(!run)('the designer in a browser', { timeout: 240_000 }, () => {
  it('an HQ designer builds a monthly report template without JSON, previews it on a phone and publishes it', async () => {
    const page = await designerSignIn();
    await expect.poll(() => page.getByText('系统内置').count()).toBeGreaterThan(0);
    await shot(page, 'designer-01-catalogue');
    await page.getByTestId('new-module').click();
    await page.getByTestId('module-kind').getByText('统计报表').click();
    await page.getByTestId('module-title').fill('专项检查月报');
    await page.getByTestId('module-key').fill(REPORT);
    await shot(page, 'designer-02-new-module');
    await page.getByTestId('create-module').click();
    await page.waitForURL('**/designer/drafts/*');

    // A section of figures, a code list choice, a 合计 total and a repeating table.
    await addField(page, 'section', '基本情况');
    await addField(page, 'integer', '检查次数');
    await addField(page, 'integer', '发现问题数');
    await addField(page, 'integer', '整改问题数');
    await addField(page, 'integer', '问题合计');
    await page.getByTestId('prop-sum').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '发现问题数' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '整改问题数' }).click();
    await page.keyboard.press('Escape');
    await addField(page, 'codelist', '主要问题类别');
    await choose(page, '[data-testid="prop-codelist"]', '六大纪律');
    await addField(page, 'table', '问题明细');
    await addField(page, 'text', '问题描述');
    await addField(page, 'number', '涉及金额');
    await saved(page);
    await shot(page, 'designer-03-builder');

    // The preview runs the rules: the total follows the figures typed into it.
    const preview = page.getByTestId('preview');
    // Each figure typed again until it holds (the preview may still be settling after it loaded).
    for (const [id, value] of [['#root_jiBenQingKuang_faXianWenTiShu', '5'], ['#root_jiBenQingKuang_zhengGaiWenTiShu', '3']] as const) {
      await retried(async () => {
        await preview.locator(id).fill(value);
        await expect.poll(() => preview.locator(id).inputValue(), { timeout: 2_000 }).toBe(value);
      });
    }
    await expect.poll(() => preview.locator('#root_jiBenQingKuang_wenTiHeJi').inputValue(), { timeout: 20_000 }).toBe('8');
    await page.getByTestId('preview-width').getByText('手机').click();
    await expect.poll(() => page.locator('.dz-preview-phone').count()).toBe(1);
    await shot(page, 'designer-04-preview-phone');

    // The report tab: settings, a pre-filled figure and a statistical table, all from pickers.
    await page.getByRole('tab', { name: '报表设置' }).click();
    await page.getByTestId('report-deadline').fill('10');
    // Spot checks may be handed in as soon as they are done, before the month ends.
    await page.getByTestId('report-submit-early').click();
    await expect.poll(() => page.getByTestId('report-submit-early').getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('figure-/jiBenQingKuang/jianChaCiShu').locator('xpath=ancestor::tr').getByTestId('figure-prefill').click();
    await choose(page, '[data-testid="prefill-module"]', '问题线索与案件');
    await expect.poll(() => page.getByTestId('prefill-date').textContent()).not.toBe('');
    await page.getByTestId('prefill-scope').getByText('仅本级单位').click();
    await page.getByTestId('prefill-add-condition').click();
    await choose(page, '[data-testid="prefill-condition-field"]', '违反纪律类别');
    await choose(page, '[data-testid="prefill-condition-value"]', '廉洁纪律');
    await shot(page, 'designer-05-prefill');
    await page.locator('.ant-drawer-close').click();
    await page.getByTestId('grid-add').click();
    await page.getByTestId('grid-name').fill('处分人数');
    await page.getByTestId('grid-rows').fill('党纪处分\n政务处分');
    await page.getByTestId('grid-columns').fill('男\n女');
    await page.getByTestId('grid-ok').click();
    await expect.poll(() => page.getByTestId('figure-/chuFenRenShu/dangJiChuFen/nan').count()).toBe(1);
    await page.getByTestId('now-run').click();
    await expect.poll(() => page.getByTestId('now-value-/jiBenQingKuang/jianChaCiShu').count()).toBe(1);
    await saved(page);
    await shot(page, 'designer-06-report');

    await page.getByRole('tab', { name: '中英文对照' }).click();
    await shot(page, 'designer-07-translations');
    await page.getByRole('tab', { name: '基本信息' }).click();
    await shot(page, 'designer-08-settings');
    await page.getByRole('tab', { name: 'JSON' }).click();
    await expect.poll(() => page.locator('.cm-editor').count()).toBe(1);
    await shot(page, 'designer-09-json');
    // In English, the report tab's words follow (the template's own titles stay as written).
    await page.getByTestId('switch-language').click();
    await page.getByRole('tab', { name: 'Report' }).click();
    await expect.poll(() => page.getByTestId('report-settings').textContent()).toContain('Period type');
    await shot(page, 'designer-09-report-en');
    await page.getByTestId('switch-language').click();
    await expect.poll(() => page.getByRole('tab', { name: '报表设置' }).count()).toBe(1);

    await checkAndPublish(page, 'designer-10-publish');
    const published = await latest(REPORT);
    expect(published.version).toBe(1);
    expect(published.report).toMatchObject({
      period: 'month',
      levels: [4],
      deadline: 'P10D',
      submitBeforeEnd: true,
      fields: { '/jiBenQingKuang/jianChaCiShu': { prefill: { module: 'discipline-case', op: 'count', scope: 'unit', where: [{ path: '/category', operator: 'equal', value: 'integrity' }] } } },
    });
    expect(published.schema.properties.jiBenQingKuang.properties.zhuYaoWenTiLeiBie).toEqual({ title: '主要问题类别', $ref: 'codelist:disciplines' });
    await expect.poll(() => page.getByTestId(`module-${REPORT}`).count()).toBe(1);
    expect(pageErrors(page)).toEqual([]);

    // The same screens on a phone.
    const phone = await designerSignIn(PHONE);
    await shot(phone, 'designer-11-catalogue-phone');
    await phone.getByTestId(`revise-${REPORT}`).click();
    await phone.waitForURL('**/designer/drafts/*');
    await expect.poll(() => phone.getByTestId('field-/jiBenQingKuang').count()).toBe(1);
    await expect.poll(() => phone.getByTestId('preview').locator('#root_jiBenQingKuang_jianChaCiShu').count()).toBe(1);
    await shot(phone, 'designer-12-builder-phone');
    await phone.getByRole('tab', { name: '报表设置' }).click();
    await shot(phone, 'designer-13-report-phone');
    await phone.getByTestId('to-catalogue').click();
    expect(pageErrors(phone)).toEqual([]);
    await phone.context().close();
    await page.context().close();
  });

  it('an HQ officer assigns the month and a county fills and submits it in the workspace', async () => {
    const month = periodContaining('month', new Date()).key;
    const officer = await signIn(browser, base, 'hq-officer', DEMO_PASSWORD);
    await officer.goto(`${base}/reports/${REPORT}`);
    await officer.getByRole('tab', { name: '下发填报任务' }).click();
    await officer.getByPlaceholder('2026Q3').fill(month);
    await officer.getByRole('button', { name: '下发填报任务' }).click();
    await expect.poll(async () => (await call(instance, await login(instance, 'js0101-officer', DEMO_PASSWORD), { method: 'GET', url: `/api/modules/${REPORT}/records` })).json().items.length).toBe(1);
    await officer.context().close();

    const county = await signIn(browser, base, 'js0101-officer', DEMO_PASSWORD);
    await county.goto(`${base}/reports/${REPORT}?period=${month}`);
    await county.getByTestId('open-my-report').click();
    await county.waitForURL(/\/r\/[0-9a-f-]{36}$/);
    await county.locator('#root_jiBenQingKuang_faXianWenTiShu').fill('4');
    await county.locator('#root_jiBenQingKuang_zhengGaiWenTiShu').fill('2');
    await expect.poll(() => county.locator('#root_jiBenQingKuang_wenTiHeJi').inputValue()).toBe('6');
    await county.locator('#root_chuFenRenShu_dangJiChuFen_nan').fill('1');
    await county.locator('#root_chuFenRenShu_zhengWuChuFen_nv').fill('2');
    // The statistical table is a table: its columns under one header, totalled.
    const grid = county.locator('.fw-grid[data-grid="matrix"]');
    expect(await grid.locator('[role="columnheader"]').allTextContents()).toEqual(['', '男', '女', '合计']);
    await expect.poll(() => grid.locator('[data-total="all"]').textContent()).toBe('3');
    await county.getByTestId('save-record').click();
    await expect.poll(() => county.getByTestId('save-record').isEnabled()).toBe(true);
    await county.getByTestId('action-submit').click();
    await county.locator('.ant-modal').getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(() => county.getByTestId('record-state').textContent()).toBe('待审核');
    await shot(county, 'designer-14-filled-in-workspace');
    const id = county.url().split('/').pop()!;
    const record = (await call(instance, await login(instance, 'js0101-officer', DEMO_PASSWORD), { method: 'GET', url: `/api/records/${id}` })).json();
    expect(record.data.jiBenQingKuang).toMatchObject({ faXianWenTiShu: 4, zhengGaiWenTiShu: 2, wenTiHeJi: 6 });
    expect(record.data.chuFenRenShu).toEqual({ dangJiChuFen: { nan: 1 }, zhengWuChuFen: { nv: 2 } });
    expect(typeof record.data.jiBenQingKuang.jianChaCiShu).toBe('number');
    expect(pageErrors(county)).toEqual([]);
    await county.context().close();
  });

  it('the designer adds a field to a shipped module, sees the diff, publishes n+1, then rolls back to n', async () => {
    const n = (await latest('feedback')).version as number;
    const page = await designerSignIn();
    await page.getByTestId('revise-feedback').click();
    await page.waitForURL('**/designer/drafts/*');
    await expect.poll(() => page.getByTestId('field-/subject').count()).toBe(1);
    await page.getByTestId('field-/subject').click();
    await addField(page, 'text', '反映人职务');
    await saved(page);
    await page.getByTestId('check-publish').click();
    await expect.poll(() => page.getByTestId('diff-字段').textContent(), { timeout: 30_000 }).toContain('反映人职务');
    await shot(page, 'designer-15-diff');
    await page.getByTestId('publish').click();
    await page.waitForURL((url) => url.pathname.replace(/\/$/, '') === '/designer');
    const next = await latest('feedback');
    expect(next.version).toBe(n + 1);
    expect(Object.keys(next.schema.properties)).toContain('fanYingRenZhiWu');

    await page.getByTestId('history-feedback').click();
    await page.waitForURL('**/designer/modules/feedback');
    await expect.poll(() => page.getByTestId(`version-${n + 1}`).count()).toBe(1);
    await shot(page, 'designer-16-history');
    await page.getByTestId(`republish-${n}`).click();
    await expect.poll(() => page.getByTestId('confirm-republish').count()).toBe(1);
    await expect.poll(async () => (await page.locator('.ant-modal:visible').textContent()) ?? '').toContain('反映人职务');
    await shot(page, 'designer-17-rollback');
    await page.getByTestId('confirm-republish').click();
    await expect.poll(() => page.getByTestId(`version-${n + 2}`).count()).toBe(1);
    const rolledBack = await latest('feedback');
    expect(rolledBack.version).toBe(n + 2);
    expect(Object.keys(rolledBack.schema.properties)).not.toContain('fanYingRenZhiWu');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('a code list gets a code retired and one added; the diff says so', async () => {
    const page = await designerSignIn();
    await page.getByTestId('revise-disposal-ways').click();
    await page.waitForURL('**/designer/drafts/*');
    await expect.poll(() => page.getByTestId('codes-panel').count()).toBe(1);
    await page.getByTestId('code-retire-2').click();
    await page.getByTestId('add-code').click();
    const last = (await page.locator('[data-testid^="code-title-"]').count()) - 1;
    await page.getByTestId(`code-title-${last}`).fill('移送司法机关');
    await page.getByTestId(`code-en-${last}`).fill('Handed to the judiciary');
    await saved(page);
    await shot(page, 'designer-18-codes');
    await page.getByTestId('check-publish').click();
    await expect.poll(() => page.getByTestId('diff-codes').textContent(), { timeout: 30_000 }).toContain('移送司法机关');
    await expect.poll(() => page.getByTestId('diff-codes').textContent()).toContain('停用');
    await shot(page, 'designer-19-codes-diff');
    await page.getByTestId('publish').click();
    await page.waitForURL((url) => url.pathname.replace(/\/$/, '') === '/designer');
    const list = await latest('disposal-ways');
    expect(list.schema.oneOf[2].deprecated).toBe(true);
    expect(list.schema.oneOf.at(-1).title).toBe('移送司法机关');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('reads the shipped quarterly report’s settings and pre-fill queries into the pickers', async () => {
    const page = await designerSignIn();
    await page.getByTestId('revise-enforcement-quarterly').click();
    await page.waitForURL('**/designer/drafts/*');
    await page.getByRole('tab', { name: '报表设置' }).click();
    await expect.poll(() => page.getByTestId('report-period').textContent()).toContain('季报');
    await expect.poll(() => page.locator('[data-testid="report-figures"] .ant-tag', { hasText: '问题线索与案件' }).count()).toBeGreaterThan(10);
    const talk = page.getByTestId('figure-/clues/disposed/talk').locator('xpath=ancestor::tr');
    await talk.getByTestId('figure-prefill').click();
    await expect.poll(() => page.getByTestId('prefill-date').textContent()).toContain('处置日期');
    await expect.poll(() => page.getByTestId('prefill-condition-0').textContent()).toContain('谈话函询');
    await shot(page, 'designer-21-quarterly-prefill');
    await page.locator('.ant-drawer-close').click();
    // The drawer's mask must be gone before the unit picker is clicked; then Enter waits until the list has filtered.
    await page.locator('.ant-drawer-mask').waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
    // Pick 江宁区分公司 from the filtered list (clicked, not Enter: on busy cores the list may not have filtered yet); again until it holds.
    await expect
      .poll(
        async () => {
          await page.getByTestId('now-unit').click();
          await page.keyboard.type('江宁');
          const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '江宁区分公司' }).first();
          await option.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
          if (await option.isVisible()) await option.click();
          else await page.keyboard.press('Escape');
          return page.getByTestId('now-unit').textContent();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toContain('江宁区分公司');
    await page.getByTestId('now-run').click();
    await expect.poll(() => page.getByTestId('now-result').count()).toBe(1);
    await shot(page, 'designer-22-quarterly-now');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('imports a draft-07 form written for react-jsonschema-form and publishes it', async () => {
    const sample = JSON.parse(readFileSync(new URL('../../../shared/conformance/rjsf-samples/schemaDependencies.json', import.meta.url), 'utf8'));
    const page = await designerSignIn();
    await page.getByTestId('new-module').click();
    await page.getByTestId('start-from').getByText('导入').click();
    await page.getByTestId('import-text').fill(JSON.stringify({ schema: sample.schema, uiSchema: sample.uiSchema }));
    await page.getByTestId('module-title').fill('依赖关系示例');
    await page.getByTestId('module-key').fill('rjsf-dependencies');
    await page.getByTestId('create-module').click();
    await page.waitForURL('**/designer/drafts/*');
    await expect.poll(() => page.getByTestId('import-notes').count()).toBe(1);
    await shot(page, 'designer-20-import');
    await checkAndPublish(page);
    expect((await latest('rjsf-dependencies')).version).toBe(1);
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });
});
