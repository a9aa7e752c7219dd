/**
 * The import wizard's column mapping (列对应) in a real browser: an officer checks an inspection
 * team's findings file whose 轮次 column matches no column of the dataset; the wizard says so and
 * asks for it; the officer maps it to 巡察轮次 in the 列对应 table, the check then accepts every
 * row, the mapping step shows each column with what it fills, and the import writes the round.
 * The clues file's wizard and codebook say that its 问题编号 names findings by their number. The
 * mapping is photographed at 1366×768 and at 390 px.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, choose, pageErrors, screenshot as photograph, signIn } from '../support/browser.js';
import { call, createUser, login, seedOrganisation } from '../support/instance.js';
import { startRig, stopRig, type Rig } from '../support/rig.js';

const PASSWORD = 'Spalten-2026!';
const PHONE = { width: 390, height: 844 };
const run = browserAvailable();
let rig: Rig | undefined;
let officerToken: string;

const FILE = [
  '问题编号,轮次,被巡察单位代码,问题类别,严重程度,问题描述',
  'MAP-001,2026年第三轮巡察,X111,廉洁风险突出,较重,公务用车管理不规范。',
  'MAP-002,2026年第三轮巡察,X111,leadership,一般,党组会议记录不完整。',
].join('\r\n');

beforeAll(async () => {
  if (!run) return;
  rig = await startRig({ demo: false });
  const hq = await login(rig.instance);
  await seedOrganisation(rig.instance, hq);
  await createUser(rig.instance, { username: 'c11-officer', displayName: '周经办', roles: ['officer'], unitCode: 'C11', password: PASSWORD });
  officerToken = await login(rig.instance, 'c11-officer', PASSWORD);
}, 240_000);
afterAll(async () => {
  await stopRig(rig);
});

async function screenshot(page: Page, name: string): Promise<void> {
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-select-dropdown:visible').count()).toBe(0);
  await page.waitForTimeout(300);
  await photograph(page, name);
}

/** Opens the wizard on the findings dataset and checks the file (a dry run). */
async function checkFile(page: Page): Promise<void> {
  await page.goto(`${rig!.base}/datasets/import?dataset=inspection-findings`);
  await page.getByTestId('import-next').click();
  await page.locator('[data-testid="import-file"] input[type=file]').setInputFiles({ name: '巡察组问题清单.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${FILE}`, 'utf8') });
  await expect.poll(() => page.getByTestId('import-file').textContent()).toContain('巡察组问题清单.csv');
  await page.getByTestId('import-check').click();
  await expect.poll(() => page.getByTestId('import-unknown').count()).toBe(1);
}

describe.skipIf(!run)('the import wizard’s column mapping', { timeout: 150_000 }, () => {
  it('a column matching nothing is mapped by hand in 列对应; the check then accepts the rows and the import writes them', async () => {
    const page = await signIn(rig!.browser, rig!.base, 'c11-officer', PASSWORD);
    await checkFile(page);
    // The file column the dataset does not know, asked for, with nothing chosen yet; the check waits for a choice.
    const mapping = page.getByTestId('import-mapping');
    expect(await mapping.locator('.ant-table-row').count()).toBe(1);
    expect(await mapping.locator('.ant-table-row').first().textContent()).toContain('轮次');
    expect(await page.getByTestId('import-check').isDisabled()).toBe(true);
    await screenshot(page, 'dataset-mapping-01-unknown');
    // Only columns an import fills are offered: no record id, state or times.
    await page.getByTestId('mapping-轮次').click();
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await expect.poll(async () => (await options.allTextContents()).some((o) => o.startsWith('巡察轮次'))).toBe(true);
    const offered = await options.allTextContents();
    expect(offered.join('|')).not.toMatch(/办理状态|记录编号|创建时间/);
    await page.keyboard.press('Escape');
    await choose(page, '[data-testid="mapping-轮次"]', '巡察轮次');
    await expect.poll(() => page.getByTestId('import-check').isDisabled(), { timeout: 20_000 }).toBe(false);
    await page.getByTestId('import-check').click();
    await expect.poll(() => page.getByTestId('check-summary').textContent()).toContain('全部 2 行均可导入');
    // The mapping step: every file column with the dataset column it fills, the chosen one among them.
    const lines = page.getByTestId('import-mapping').locator('.ant-table-row');
    await expect.poll(() => lines.count()).toBe(6);
    expect(await lines.nth(1).textContent()).toBe('轮次巡察轮次');
    expect(await page.getByTestId('import-mapping').textContent()).not.toContain('未识别');
    await screenshot(page, 'dataset-mapping-02-checked');
    await page.getByTestId('import-run').click();
    await expect.poll(() => page.locator('.ant-result-title').textContent()).toContain('新增 2 条记录');
    const listed = await call(rig!.instance, officerToken, { method: 'GET', url: '/api/modules/inspection-finding/records?limit=50' });
    const rounds = (listed.json() as { items: { data: { teamRef: string; round: string } }[] }).items.map((r) => [r.data.teamRef, r.data.round]).sort();
    expect(rounds).toEqual([
      ['MAP-001', '2026年第三轮巡察'],
      ['MAP-002', '2026年第三轮巡察'],
    ]);
    // The clues file names findings by their number: the wizard says how, and the codebook too.
    await page.goto(`${rig!.base}/datasets/import?dataset=inspection-clues`);
    await page.getByTestId('import-next').click();
    expect(await page.getByTestId('import-into').textContent()).toBe('数据集：巡察移交线索（组办数据对接）');
    expect(await page.getByTestId('import-ref-FINDING_NO').textContent()).toContain('“问题编号”列填写巡察发现问题的“问题编号”');
    await screenshot(page, 'dataset-mapping-05-clues-file');
    await page.goto(`${rig!.base}/datasets?dataset=inspection-clues`);
    await expect.poll(() => page.getByTestId('codebook-ref-FINDING_NO').count()).toBe(1);
    expect(await page.getByTestId('codebook-ref-FINDING_NO').textContent()).toBe('填写巡察发现问题的“问题编号”');
    expect(await page.getByTestId('codebook-default-SOURCE').textContent()).toBe('导入时未填则为“巡视巡察移交”');
    // A clue imported from the team's file names its finding on its page by the team's number, not by an id.
    const clues = ['问题编号,被反映人证件号,被反映人姓名,违反纪律类别,主要问题', 'MAP-001,320101198303030044,周明,廉洁纪律,公务用车私用，多次违规。'].join('\r\n');
    const imported = await call(rig!.instance, officerToken, { method: 'POST', url: '/api/datasets/inspection-clues/import', payload: clues, headers: { 'content-type': 'text/csv' } });
    expect(imported.json()).toMatchObject({ created: 1 });
    const [found] = await rig!.instance.db.sequelize.query("SELECT id FROM records WHERE module_key = 'discipline-case'");
    await page.goto(`${rig!.base}/r/${(found as { id: string }[])[0]!.id}`);
    await expect.poll(() => page.getByTestId('link-finding').textContent()).toContain('MAP-001');
    expect(await page.locator(".fw-content").textContent()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await screenshot(page, 'dataset-mapping-06-clue-page');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();

    // At a phone's width: the unknown column asked for, then the mapping after the check, within the screen.
    const phone = await signIn(rig!.browser, rig!.base, 'c11-officer', PASSWORD, PHONE);
    await checkFile(phone);
    await screenshot(phone, 'dataset-mapping-03-unknown-phone');
    await choose(phone, '[data-testid="mapping-轮次"]', '巡察轮次');
    await phone.getByTestId('import-check').click();
    await expect.poll(() => phone.getByTestId('check-summary').textContent()).toContain('其中 2 行此前已导入');
    await screenshot(phone, 'dataset-mapping-04-checked-phone');
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    expect(pageErrors(phone)).toEqual([]);
    await phone.context().close();
  });
});
