/**
 * The dataset screens in a real browser (Debian's Chromium through playwright-core) against a real
 * server and database seeded through the API: an exporter filters the record list (unit and
 * state), exports it to Excel from the list's "导出" and the downloaded workbook holds exactly the
 * filtered rows; the 数据集 page shows the codebook. An officer imports a file with two bad rows,
 * sees them in the check (row, column, Chinese message), fixes them, imports, and importing the
 * same file again creates nothing. An exporter exports in the background, follows the job in the
 * export centre and downloads its file (a zip: the list and its linked table of people). Every
 * screen is photographed at 1366×768 and at 390 px.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { browserAvailable, launch, pageErrors, screenshot as photograph, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

const PASSWORD = 'Datensatz-2026!';
const PHONE = { width: 390, height: 844 };

const definition = {
  key: 'bt-letters',
  kind: 'record',
  title: { 'zh-CN': '来信登记', en: 'Letters' },
  schema: {
    type: 'object',
    required: ['title'],
    properties: {
      title: { type: 'string', title: '标题', maxLength: 200 },
      kind: { type: 'string', title: '来源', oneOf: [{ const: 'letter', title: '来信' }, { const: 'visit', title: '来访' }] },
      on: { type: 'string', format: 'date', title: '受理日期' },
      amount: { type: 'number', title: '涉及金额' },
      people: { type: 'array', title: '涉及人员', items: { type: 'object', properties: { name: { type: 'string', title: '姓名' }, post: { type: 'string', title: '职务' } } } },
    },
  },
  exports: [
    {
      name: 'bt-letters',
      title: { 'zh-CN': '来信明细', en: 'Letters' },
      columns: [
        { code: 'UNIT', source: '@unitCode' },
        { code: 'STATE', source: '@state' },
        { code: 'TITLE', source: '/title' },
        { code: 'KIND', source: '/kind', map: { letter: '01', visit: '02' } },
        { code: 'ON', source: '/on' },
        { code: 'AMOUNT', source: '/amount' },
      ],
      repeats: [{ name: 'PEOPLE', title: { 'zh-CN': '涉及人员', en: 'People' }, source: '/people', columns: [{ code: 'NAME', source: '/name' }, { code: 'POST', source: '/post' }] }],
    },
  ],
};

let db: TestDatabase;
let instance: Instance;
let browser: Browser;
let base: string;
let officerToken: string;

const run = browserAvailable();

beforeAll(async () => {
  if (!run) return;
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  const hq = await login(instance);
  await seedOrganisation(instance, hq);
  const published = await call(instance, hq, { method: 'POST', url: '/api/modules/bt-letters/versions', payload: definition });
  if (published.statusCode !== 201) throw new Error(`publish: ${published.statusCode} ${published.body}`);
  await createUser(instance, { username: 'hq-exporter', displayName: '孙导出', roles: ['exporter'], unitCode: 'HQ', password: PASSWORD });
  await createUser(instance, { username: 'c11-officer', displayName: '周经办', roles: ['officer'], unitCode: 'C11', password: PASSWORD });
  await createUser(instance, { username: 'x111-officer', displayName: '郑经办', roles: ['officer'], unitCode: 'X111', password: PASSWORD });
  await createUser(instance, { username: 'c21-officer', displayName: '吴经办', roles: ['officer'], unitCode: 'C21', password: PASSWORD });
  officerToken = await login(instance, 'c11-officer', PASSWORD);
  const c21 = await login(instance, 'c21-officer', PASSWORD);
  const x111 = await login(instance, 'x111-officer', PASSWORD);
  // C11's subtree: two submitted (one at X111), one draft; C21: one submitted.
  const rows = [
    [officerToken, 'C11', { title: '甲市来信一', kind: 'letter', on: '2026-03-05', amount: 1.5, people: [{ name: '王某', post: '科长' }, { name: '李某', post: '科员' }] }, true],
    [x111, 'X111', { title: '甲县来访', kind: 'visit', on: '2026-03-09' }, true],
    [officerToken, 'C11', { title: '甲市草稿', kind: 'letter', on: '2026-03-10' }, false],
    [c21, 'C21', { title: '乙市来信', kind: 'letter', on: '2026-03-11' }, true],
  ] as const;
  for (const [token, unitCode, data, submit] of rows) {
    const created = await call(instance, token, { method: 'POST', url: '/api/modules/bt-letters/records', payload: { data, unitCode } });
    if (created.statusCode !== 201) throw new Error(`record: ${created.statusCode} ${created.body}`);
    if (!submit) continue;
    const acted = await call(instance, token, { method: 'POST', url: `/api/records/${(created.json() as { id: string }).id}/actions/submit`, payload: {} });
    if (acted.statusCode !== 200) throw new Error(`submit: ${acted.statusCode} ${acted.body}`);
  }
  base = await instance.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launch();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await instance?.stop();
  await db?.drop();
});

/** Waits until loading masks and dialog animations are over. */
async function settled(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-spin-blur, .ant-zoom-appear, .ant-zoom-enter, .ant-fade-appear, .ant-fade-enter').count()).toBe(0);
  await page.waitForTimeout(300);
}

/** A screenshot once the page has settled. */
async function screenshot(page: Page, name: string): Promise<void> {
  await settled(page);
  await photograph(page, name);
}

const modal = (page: Page) => page.locator('.ant-modal:visible');

/** Chooses a file for the import wizard's upload. */
async function upload(page: Page, name: string, text: string): Promise<void> {
  await page.locator('[data-testid="import-file"] input[type=file], input[type=file]').first().setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${text}`, 'utf8') });
  await expect.poll(() => page.getByTestId('import-file').textContent()).toContain(name);
}

describe.skipIf(!run)('dataset screens in a browser', { timeout: 150_000 }, () => {
  it('an exporter exports the filtered list to Excel: the workbook holds exactly the filtered rows; the datasets page shows the codebook', async () => {
    const page = await signIn(browser, base, 'hq-exporter', PASSWORD);
    await page.goto(`${base}/m/bt-letters?unit=C11&state=submitted`);
    await expect.poll(() => page.locator('.ant-table-row').count()).toBe(2);
    await page.getByTestId('export-open').click();
    const dialog = modal(page);
    await expect.poll(() => dialog.getByTestId('export-applied').textContent()).toContain('单位：甲省一市公司（含下级）');
    expect(await dialog.getByTestId('export-applied').textContent()).toContain('状态：已提交');
    await screenshot(page, 'datasets-01-export-dialog');
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^来信明细.*\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    expect(rows[0]).toEqual(['单位代码', '办理状态', '办理状态（名称）', '标题', '来源', '来源（名称）', '受理日期', '涉及金额']);
    const titles = rows.slice(1).map((r) => r[rows[0]!.indexOf('标题')]).sort();
    expect(titles).toEqual(['甲县来访', '甲市来信一']);
    expect(rows.slice(1).every((r) => r[1] === 'submitted')).toBe(true);
    await closed(page);

    // The datasets page: the codebook in words, its download, and the export form.
    await page.getByRole('menuitem', { name: '数据集' }).click();
    await page.waitForURL('**/datasets');
    await expect.poll(() => page.getByTestId('codebook').textContent()).toContain('来信');
    const codebook = (await page.getByTestId('codebook').textContent())!;
    expect(codebook).toContain('文本');
    expect(codebook).toContain('日期');
    expect(codebook).toContain('已提交');
    await screenshot(page, 'datasets-02-page');
    const [book2] = await Promise.all([page.waitForEvent('download'), page.getByTestId('codebook-download').click()]);
    expect(book2.suggestedFilename()).toBe('来信明细-代码本.xlsx');
    // In English too (and back: the language is remembered per user).
    await page.getByTestId('switch-language').click();
    await expect.poll(() => page.getByTestId('codebook').textContent()).toContain('Codebook');
    expect(await page.getByTestId('export-card').textContent()).toContain('Coded values');
    await screenshot(page, 'datasets-02-page-en');
    await page.getByTestId('switch-language').click();
    await expect.poll(() => page.getByTestId('codebook').textContent()).toContain('代码本');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();

    const phone = await signIn(browser, base, 'hq-exporter', PASSWORD, PHONE);
    await phone.goto(`${base}/m/bt-letters?unit=C11&state=submitted`);
    await expect.poll(() => phone.locator('.ant-table-row').count()).toBe(2);
    await phone.getByTestId('export-open').click();
    await expect.poll(() => modal(phone).getByTestId('export-applied').count()).toBe(1);
    await screenshot(phone, 'datasets-03-export-dialog-phone');
    await phone.goto(`${base}/datasets`);
    await expect.poll(() => phone.getByTestId('codebook').count()).toBe(1);
    await screenshot(phone, 'datasets-04-page-phone');
    expect(pageErrors(phone)).toEqual([]);
    await phone.context().close();
  });

  it('an officer checks a file with two bad rows, sees them, fixes them and imports; the same file again creates nothing', async () => {
    const page = await signIn(browser, base, 'c11-officer', PASSWORD);
    await page.getByRole('menuitem', { name: '数据集' }).click();
    await page.waitForURL('**/datasets');
    await expect.poll(() => page.getByTestId('import-card').count()).toBe(1);
    expect(await page.getByTestId('export-card').count()).toBe(0);
    await page.getByTestId('import-start').click();
    await page.waitForURL('**/datasets/import**');
    await screenshot(page, 'datasets-05-import-start');
    await page.getByTestId('import-next').click();

    const header = '标题,来源,受理日期,涉及金额';
    const bad = [header, '导入一,来信,2026-04-01,3', '导入二,来电,2026-04-02,', '导入三,来访,2026/4/3,', '导入四,来信,2026-04-04,很多'].join('\r\n');
    await upload(page, '来信导入.csv', bad);
    await screenshot(page, 'datasets-06-import-file');
    await page.getByTestId('import-check').click();
    await expect.poll(() => page.getByTestId('check-summary').textContent()).toContain('2 行可以导入，2 行有问题');
    const problems = page.getByTestId('problems').locator('.ant-table-row');
    await expect.poll(() => problems.count()).toBe(2);
    const first = (await problems.nth(0).textContent())!;
    const second = (await problems.nth(1).textContent())!;
    expect(first).toMatch(/^3来源/);
    expect(second).toMatch(/^5涉及金额/);
    expect(first + second).toMatch(/[\u4e00-\u9fff]/);
    // The server's Chinese message (naming the column by title and by the code a file may use), never the error code.
    expect(first).toContain('来电');
    expect(first + second).not.toMatch(/FW_/);
    await screenshot(page, 'datasets-07-import-check');
    // All or nothing with rows still wrong would write nothing: the import waits for a corrected file.
    await page.getByTestId('import-atomic').click();
    await expect.poll(() => page.getByTestId('import-run').isDisabled()).toBe(true);
    expect(await page.getByTestId('import-blocked').textContent()).toContain('请先改正有问题的行');
    await page.getByTestId('import-atomic').click();
    await expect.poll(() => page.getByTestId('import-run').isDisabled()).toBe(false);
    const [sheet] = await Promise.all([page.waitForEvent('download'), page.getByTestId('problems-xlsx').click()]);
    const problemsBook = new ExcelJS.Workbook();
    await problemsBook.xlsx.load((await readFile((await sheet.path())!)) as unknown as ArrayBuffer);
    expect(problemsBook.worksheets[0]!.getCell('A2').value).toBe(3);
    expect(problemsBook.worksheets[0]!.getCell('B3').value).toBe('涉及金额');

    // Fixed, checked again and imported.
    await page.getByTestId('import-again').click();
    const fixed = bad.replace('来电', '来访').replace('很多', '40');
    await upload(page, '来信导入-改正.csv', fixed);
    await page.getByTestId('import-check').click();
    await expect.poll(() => page.getByTestId('check-summary').textContent()).toContain('全部 4 行均可导入');
    await page.getByTestId('import-atomic').click();
    await page.getByTestId('import-run').click();
    await expect.poll(() => page.getByTestId('import-result').count()).toBe(1);
    await expect.poll(() => page.locator('.ant-result-title').textContent()).toContain('新增 4 条记录');
    await screenshot(page, 'datasets-08-import-result');
    const listed = await call(instance, officerToken, { method: 'GET', url: '/api/modules/bt-letters/records?limit=50' });
    const titles = (listed.json() as { items: { data: { title: string } }[] }).items.map((r) => r.data.title);
    expect(titles.filter((t) => t.startsWith('导入')).sort()).toEqual(['导入一', '导入三', '导入二', '导入四']);

    // The same file again: nothing twice.
    await page.getByTestId('import-another').click();
    await upload(page, '来信导入-改正.csv', fixed);
    await page.getByTestId('import-check').click();
    await expect.poll(() => page.getByTestId('check-summary').textContent()).toContain('其中 4 行此前已导入');
    await page.getByTestId('import-run').click();
    await expect.poll(() => page.getByTestId('import-result').textContent()).toContain('4 行此前已导入，未重复登记');
    expect(await page.locator('.ant-result-title').textContent()).toContain('新增 0 条记录');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();

    // At a phone's width: the check with its problems.
    const phone = await signIn(browser, base, 'c11-officer', PASSWORD, PHONE);
    await phone.goto(`${base}/datasets/import?dataset=bt-letters`);
    await phone.getByTestId('import-next').click();
    await upload(phone, '来信导入.csv', bad);
    await phone.getByTestId('import-check').click();
    await expect.poll(() => phone.getByTestId('problems').locator('.ant-table-row').count()).toBe(2);
    await screenshot(phone, 'datasets-09-import-check-phone');
    await phone.goto(`${base}/datasets`);
    await expect.poll(() => phone.getByTestId('codebook').count()).toBe(1);
    await screenshot(phone, 'datasets-10-page-officer-phone');
    expect(pageErrors(phone)).toEqual([]);
    await phone.context().close();
  });
});

describe.skipIf(!run)('the export centre in a browser', { timeout: 150_000 }, () => {
  it('an exporter exports in the background, sees the job finish in the export centre and downloads its file', async () => {
    const page = await signIn(browser, base, 'hq-exporter', PASSWORD);
    await page.goto(`${base}/datasets`);
    await expect.poll(() => page.getByTestId('codebook-table-PEOPLE').textContent()).toContain('明细表：涉及人员');
    await page.getByTestId('export-format').getByText('CSV 表格').click();
    await expect.poll(() => page.getByTestId('export-tables').textContent()).toContain('涉及人员');
    await screenshot(page, 'datasets-11-page-linked-table');
    await page.getByTestId('export-background').click();
    await page.waitForURL('**/datasets/exports');
    const row = page.getByTestId('export-jobs').locator('.ant-table-row').first();
    await expect.poll(() => row.textContent(), { timeout: 60_000 }).toContain('已完成');
    const text = (await row.textContent())!;
    expect(text).toContain('来信明细');
    expect(text).toContain('CSV');
    expect(text).toMatch(/共 \d+ 行/);
    expect(text).not.toMatch(/T\d{2}:\d{2}:\d{2}|FW_|queued|done/);
    await screenshot(page, 'datasets-12-export-centre');
    const [file] = await Promise.all([page.waitForEvent('download'), row.getByTestId('job-download').click()]);
    expect(file.suggestedFilename()).toBe('来信明细.zip');
    const zip = await JSZip.loadAsync(await readFile((await file.path())!));
    expect(Object.keys(zip.files).sort()).toEqual(['PEOPLE.csv', 'bt-letters.csv']);
    expect(await zip.file('PEOPLE.csv')!.async('string')).toContain('王某');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();

    const phone = await signIn(browser, base, 'hq-exporter', PASSWORD, PHONE);
    await phone.goto(`${base}/datasets/exports`);
    await expect.poll(() => phone.getByTestId('export-jobs').locator('.ant-table-row').count()).toBeGreaterThan(0);
    await screenshot(phone, 'datasets-13-export-centre-phone');
    expect(pageErrors(phone)).toEqual([]);
    await phone.context().close();
  });
});

async function closed(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await expect.poll(() => page.locator('.ant-modal:visible').count()).toBe(0);
}
