/**
 * Field access in the form, in a real browser: the inspected county opens its rectification task
 * and finds the inspectors' requirement, severity and due date read-only while its measures are
 * editable; a new clue shows its registration stage only, later stages hidden until reached.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { publishBundled } from '../../runtime/src/modules/bundled.js';
import { browserAvailable, launch, pageErrors, screenshot, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ADMIN_PASSWORD, call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
let browser: Browser;
let base: string;
let taskId: string;
const run = browserAvailable();
const inAMonth = new Date(Date.now() + 8 * 3_600_000 + 30 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  if (!run) return;
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  await publishBundled(instance.ctx);
  await seedOrganisation(instance, await login(instance));
  await createUser(instance, { username: 'p1-leader', roles: ['leader', 'officer'], unitCode: 'P1', displayName: '巡察组长' });
  await createUser(instance, { username: 'x-officer', roles: ['officer'], unitCode: 'X111', displayName: '县纪委干部' });
  const p1 = await login(instance, 'p1-leader', ADMIN_PASSWORD);
  const finding = await call(instance, p1, {
    method: 'POST',
    url: '/api/modules/inspection-finding/records',
    payload: { data: { round: '2026年第二轮巡察', targetUnit: 'X111', category: 'integrity-risk', severity: 'grave', description: '公务接待超标准。' } },
  });
  if (finding.statusCode !== 201) throw new Error(finding.body);
  const id = finding.json().id as string;
  await call(instance, p1, { method: 'POST', url: `/api/records/${id}/actions/confirm`, payload: {} });
  const assigned = await call(instance, p1, { method: 'POST', url: `/api/records/${id}/actions/assignRectification`, payload: { data: { rectificationDue: inAMonth, rectificationRequirement: '严格执行接待标准。' } } });
  if (assigned.statusCode !== 200) throw new Error(assigned.body);
  taskId = assigned.json().data.rectificationRecordId;
  base = await instance.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launch();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await instance?.stop();
  await db?.drop();
});

describe.runIf(run)('field access in the form', () => {
  it('the inspected county sees the inspectors’ fields read-only and its own measures editable', async () => {
    const page = await signIn(browser, base, 'x-officer', ADMIN_PASSWORD);
    await page.goto(`${base}/r/${taskId}`);
    await expect.poll(() => page.locator('#root_measures').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => page.locator('#root_measures').isEditable()).toBe(true);
    for (const field of ['#root_requirement', '#root_dueDate']) {
      await expect.poll(() => page.locator(field).count()).toBe(1);
      expect(await page.locator(field).isEditable(), field).toBe(false);
    }
    await expect.poll(() => page.locator('#root_requirement').inputValue()).toBe('严格执行接待标准。');
    await screenshot(page, 'field-access-rectification');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('a new clue shows its registration stage only', async () => {
    const page = await signIn(browser, base, 'x-officer', ADMIN_PASSWORD, { width: 390, height: 844 });
    await page.goto(`${base}/m/discipline-case/new`);
    await expect.poll(() => page.locator('#root_summary').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.locator('#root_summary').isEditable()).toBe(true);
    for (const later of ['#root_verificationReport', '#root_reviewOpinion', '#root_sanctionKind', '#root_disposal']) {
      expect(await page.locator(`${later}:visible`).count(), later).toBe(0);
    }
    await expect.poll(() => page.getByText('初核报告').count()).toBe(0);
    await screenshot(page, 'field-access-new-clue-390');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });
});
