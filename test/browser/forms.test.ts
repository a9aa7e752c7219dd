/**
 * Forms that behave, in a real browser on the demo: a new clue shows its fields in the sections
 * of its stages; the problem banner names each field by its label, jumps to it and goes once the
 * problem is fixed; a date cleared with its × is saved as cleared; the quarterly report is a
 * statistical table, not yet open for submission in its own quarter; an approved report shows its
 * figures as submitted, the figure computed now only as 现值 with the difference.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { DEMO_PASSWORD } from '../../runtime/src/cli/demo/demo-seed.js';
import { browserAvailable, choose, pageErrors, screenshot, signIn } from '../support/browser.js';
import { startRig, stopRig, type Rig } from '../support/rig.js';
import { call, login } from '../support/instance.js';

let instance: Instance;
let browser: Browser;
let base: string;

const PHONE = { width: 390, height: 844 };
const STAGES = ['线索登记', '线索处置', '初步核实', '立案审查调查', '案件审理', '处分与结案'];

interface Row {
  id: string;
  unitCode: string;
  state: string;
  period?: string;
  version: number;
  data: Record<string, unknown>;
}

const api = async (username: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  call(instance, await login(instance, username, DEMO_PASSWORD), { method, url, ...(payload ? { payload } : {}) });
const reports = async (username: string): Promise<Row[]> => (await api(username, 'GET', '/api/modules/enforcement-quarterly/records?limit=200')).json().items as Row[];

/** This quarter and the one before, worked out here (China time). */
function quarters(now = new Date()) {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  const year = local.getUTCFullYear();
  const q = Math.floor(local.getUTCMonth() / 3) + 1;
  const lastDay = new Date(Date.UTC(year, q * 3, 0)).getUTCDate();
  const onLastDay = local.getUTCMonth() === q * 3 - 1 && local.getUTCDate() === lastDay;
  const previous = q === 1 ? { key: `${year - 1}Q4`, first: `${year - 1}-10-01` } : { key: `${year}Q${q - 1}`, first: `${year}-${String((q - 2) * 3 + 1).padStart(2, '0')}-01` };
  return { current: `${year}Q${q}`, onLastDay, previous };
}

const run = browserAvailable();

let rig: Rig | undefined;
beforeAll(async () => {
  if (!run) return;
  rig = await startRig();
  ({ instance, browser, base } = rig);
}, 180_000);
afterAll(() => stopRig(rig));

const sectionTitles = (page: Page) => page.locator('.fw-layout-section > .fw-section-title').allTextContents();

describe.skipIf(!run)('forms in a browser', { timeout: 180_000 }, () => {
  it('a new clue shows its registration section only, the later stages hidden until reached', async () => {
    for (const viewport of [undefined, PHONE]) {
      const page = await signIn(browser, base, 'js0101-officer', DEMO_PASSWORD, viewport);
      await page.goto(`${base}/m/discipline-case/new`);
      // Later stages are hidden until reached (field access), and a section with nothing to show goes.
      await expect.poll(() => sectionTitles(page)).toEqual(STAGES.slice(0, 1));
      expect(await page.locator('section[data-group="registration"] #root_cadreName').count()).toBe(1);
      expect(await page.locator('#root_disposalNote:visible').count()).toBe(0);
      await screenshot(page, `forms-clue-sections${viewport ? '-phone' : ''}`);
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    }
  });

  it('the problem banner names each field by its label, jumps to it, and goes once the problem is fixed', async () => {
    const page = await signIn(browser, base, 'js0101-officer', DEMO_PASSWORD);
    await page.goto(`${base}/m/discipline-case/new`);
    await page.locator('#root_cadreId').fill('abc');
    await page.locator('#root_cadreName').fill('钱立群');
    await choose(page, '#root_source', '信访举报');
    await page.getByTestId('save-record').click();
    const banner = page.getByTestId('form-problems');
    await expect.poll(() => banner.count()).toBe(1);
    await expect.poll(() => banner.locator('li').first().textContent()).toBe('被反映人证件号：格式不正确');
    expect(await banner.textContent()).not.toContain('cadreId');
    await page.locator('#root_cadreId').blur();
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await banner.locator('button[data-path="/cadreId"]').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('root_cadreId');
    await screenshot(page, 'forms-banner');
    await page.locator('#root_cadreId').fill('320101198802020099');
    // Fixed: the stale banner goes without another save.
    await expect.poll(() => banner.count()).toBe(0);
    await page.locator('#root_summary').fill('反映其违规接受宴请。');
    await page.locator('#root_receivedOn').fill('2026-11-02');
    await page.locator('#root_receivedOn').press('Enter');
    await page.getByTestId('save-record').click();
    await page.waitForURL(/\/r\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    expect((await (await api('js0101-officer', 'GET', `/api/records/${id}`)).json()).data.receivedOn).toBe('2026-11-02');

    // Clearing the date with its × and saving removes it: no "应为文本", nothing left behind.
    await expect.poll(() => page.locator('#root_receivedOn').inputValue()).toBe('2026-11-02');
    await page.locator('#root_receivedOn').hover();
    await page.locator('.ant-picker:has(#root_receivedOn) .ant-picker-clear').click();
    await expect.poll(() => page.locator('#root_receivedOn').inputValue()).toBe('');
    await page.getByTestId('save-record').click();
    await expect.poll(async () => (await (await api('js0101-officer', 'GET', `/api/records/${id}`)).json()).data.receivedOn ?? 'cleared').toBe('cleared');
    expect(await page.getByTestId('form-problems').count()).toBe(0);
    expect(await page.locator('.fw-field-error').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it("the quarterly report is a statistical table, not offered for submission before its quarter's last day", async () => {
    const { current, onLastDay } = quarters();
    const report = (await reports('js0101-officer')).find((r) => r.unitCode === 'JS0101' && r.period === current);
    expect(report, 'the demo assigns this quarter to every county').toBeDefined();
    for (const viewport of [undefined, PHONE]) {
      const page = await signIn(browser, base, 'js0101-officer', DEMO_PASSWORD, viewport);
      await page.goto(`${base}/r/${report!.id}`);
      await expect.poll(() => page.locator('.fw-grid').count()).toBe(4);
      const heads = await page.locator('.fw-grid [role="rowheader"]').allTextContents();
      expect(heads).toEqual(expect.arrayContaining(['受理问题线索（件）', '处置问题线索（件）', '立案数按违反纪律类别（件）', '党纪处分（人）', '政务处分（人）']));
      // The four ways of disposal side by side on one line, each under its own label.
      const disposed = page.locator('[data-row="disposed"]');
      expect(await disposed.locator('input').count()).toBe(4);
      const tops = await disposed.locator('input').evaluateAll((inputs) => inputs.map((i) => Math.round(i.getBoundingClientRect().top)));
      expect(new Set(tops).size).toBe(1);
      expect(await disposed.locator('.fw-field-label').allTextContents()).toEqual(['谈话函询', '初步核实', '暂存待查', '予以了结']);
      if (!viewport) {
        const height = await page.locator('.record-form').evaluate((el) => el.getBoundingClientRect().height);
        expect(height).toBeLessThan(2200);
      }
      expect(await page.getByTestId('action-submit').count()).toBe(onLastDay ? 1 : 0);
      expect(await page.getByTestId('submit-from').count()).toBe(onLastDay ? 0 : 1);
      await screenshot(page, `forms-quarterly${viewport ? '-phone' : ''}`);
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    }
  });

  it('an approved report shows its figures as submitted, and the figure computed now only as 现值 with the difference', async () => {
    const { previous } = quarters();
    const approved = (await reports('hq-leader')).find((r) => r.period === previous.key && r.state === 'approved');
    expect(approved, 'the demo approves most of last quarter’s reports').toBeDefined();
    const officer = `${approved!.unitCode.toLowerCase()}-officer`;
    // A clue received in that quarter, entered late: counted now, not in the approved figure.
    const created = await api(officer, 'POST', '/api/modules/discipline-case/records', { data: { cadreName: '孙明远', source: 'letter', receivedOn: previous.first, summary: '反映其违规收受礼金。' } });
    expect(created.statusCode, created.body).toBe(201);
    const frozen = approved!.data.clues as { received: number };

    const page = await signIn(browser, base, officer, DEMO_PASSWORD);
    await page.goto(`${base}/r/${approved!.id}`);
    const card = page.getByTestId('prefill-sources');
    const row = card.locator('.ant-table-row', { hasText: '受理问题线索（件）' });
    await expect.poll(() => row.getByTestId('frozen-figure').textContent()).toBe(String(frozen.received));
    await expect.poll(() => row.getByTestId('live-figure').textContent()).toBe(`${frozen.received + 1}（+1）`);
    // The form shows the frozen figure only.
    await expect.poll(() => page.locator('#root_clues_received').inputValue()).toBe(String(frozen.received));
    await row.getByRole('button', { name: '查看明细' }).click();
    const drill = page.locator('.ant-modal');
    await expect.poll(() => drill.locator('.ant-table-row', { hasText: '孙明远' }).count()).toBe(1);
    const headers = await drill.locator('th').allTextContents();
    expect(headers.every((h) => h.trim() !== '')).toBe(true);
    expect(headers).toContain('受理日期');
    expect(await drill.locator('.ant-table-row', { hasText: '孙明远' }).textContent()).not.toContain('letter');
    await screenshot(page, 'forms-approved-report');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('a form in steps is taken step by step, and the problem banner opens the step of the field it names', async () => {
    const title = (zh: string, en: string) => ({ 'zh-CN': zh, en });
    const survey = {
      key: 'visit-log',
      kind: 'record',
      title: title('走访登记', 'Visit log'),
      schema: {
        type: 'object',
        properties: {
          place: { type: 'string', title: '走访地点', maxLength: 50 },
          people: { type: 'integer', title: '走访人数', minimum: 1 },
          findings: { type: 'string', title: '发现情况', maxLength: 500 },
          contact: { type: 'string', title: '联系电话', pattern: '^[0-9]{11}$' },
        },
      },
      ui: {
        'ui:layout': {
          type: 'steps',
          groups: [
            { key: 'where', title: title('基本情况', 'Basics'), fields: ['/place', '/people'] },
            { key: 'what', title: title('走访结果', 'Results'), fields: ['/findings', '/contact'] },
          ],
        },
      },
    };
    const published = await call(instance, await login(instance), { method: 'POST', url: '/api/modules/visit-log/versions', payload: survey });
    expect(published.statusCode, published.body).toBe(201);
    const page = await signIn(browser, base, 'js0101-officer', DEMO_PASSWORD);
    await page.goto(`${base}/m/visit-log/new`);
    await expect.poll(() => page.locator('.ant-steps-item').count()).toBe(2);
    await expect.poll(() => page.locator('#root_place').isVisible()).toBe(true);
    expect(await page.locator('#root_contact').isVisible()).toBe(false);
    await page.locator('#root_place').fill('城区营业部');
    await page.getByTestId('layout-next').click();
    await expect.poll(() => page.locator('#root_contact').isVisible()).toBe(true);
    await page.locator('#root_contact').fill('12345');
    await page.getByTestId('layout-prev').click();
    await expect.poll(() => page.locator('#root_place').isVisible()).toBe(true);
    await page.getByTestId('save-record').click();
    const banner = page.getByTestId('form-problems');
    await expect.poll(() => banner.locator('li').first().textContent()).toBe('联系电话：格式不正确');
    // The step holding the problem is marked; the banner's link opens it at the field.
    await expect.poll(() => page.locator('.ant-steps-item-error').count()).toBe(1);
    await screenshot(page, 'forms-steps-banner');
    await banner.locator('button[data-path="/contact"]').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('root_contact');
    expect(await page.locator('#root_place').isVisible()).toBe(false);
    await screenshot(page, 'forms-steps-jumped');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });
});

