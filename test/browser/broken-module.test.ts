/**
 * One module the browser cannot render does not take the workspace down. Its schema references
 * an `$id` embedded in it — valid JSON Schema that the server's validator resolves, and that
 * react-jsonschema-form could not ("Could not find a definition for /schemas/mixins/integer")
 * until the kit rendered references as root pointers (render-schema.ts): it now renders. A form
 * that still throws while rendering is made here by answering the browser with the definition
 * changed (a title that is an object, which React cannot show) — publish refuses what it knows
 * the form cannot show, so the break stands for whatever it does not know yet. Its new-record
 * page shows a Chinese notice in the form's place (and English too once the user reads English),
 * the page around it stays, the menu works, and the other pages open as ever.
 * (test/web/error-boundary.test.tsx covers the boundary itself.)
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { browserAvailable, launch, pageErrors, screenshot, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ADMIN_PASSWORD, call, createUser, login, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
let browser: Browser;
let base: string;

/** Counts with a shared integer definition, reached through its embedded `$id`. */
const mixinSurvey = {
  key: 'mixin-survey',
  kind: 'record',
  title: { 'zh-CN': '混入字段登记', en: 'Mixin survey' },
  schema: {
    $id: 'https://formwork.dev/modules/mixin-survey',
    type: 'object',
    $defs: { integer: { $id: '/schemas/mixins/integer', type: 'integer', minimum: 0 } },
    properties: {
      place: { title: '排查地点', type: 'string', maxLength: 50 },
      found: { title: '发现问题数', $ref: '/schemas/mixins/integer' },
    },
  },
};

const run = browserAvailable();

beforeAll(async () => {
  if (!run) return;
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  await createUser(instance, { username: 'hq-officer', roles: ['officer'], displayName: '总部经办人' });
  base = await instance.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launch();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await instance?.stop();
  await db?.drop();
});

describe.skipIf(!run)('a module the browser cannot render', { timeout: 120_000 }, () => {
  it('renders a schema with embedded $ids', async () => {
    const published = await call(instance, await login(instance), { method: 'POST', url: '/api/modules/mixin-survey/versions', payload: mixinSurvey });
    expect(published.statusCode, published.body).toBe(201);
    const page = await signIn(browser, base, 'hq-officer', ADMIN_PASSWORD);
    await page.goto(`${base}/m/mixin-survey/new`);
    await expect.poll(() => page.locator('#root_found').isVisible()).toBe(true);
    expect(await page.getByTestId('form-failed').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('shows a Chinese notice on its page while the menu and the other pages keep working', async () => {
    const page = await signIn(browser, base, 'hq-officer', ADMIN_PASSWORD);
    // The browser gets a definition its form throws on.
    await page.route('**/api/modules/mixin-survey/versions/*', async (route) => {
      const response = await route.fetch();
      const definition = (await response.json()) as Record<string, unknown>;
      await route.fulfill({ response, json: { ...definition, ui: { place: { 'ui:title': { text: '排查地点' } } } } });
    });
    // Its list opens as any other (the list needs no form).
    await page.getByRole('menuitem', { name: '混入字段登记' }).click();
    await page.waitForURL('**/m/mixin-survey');
    await page.getByTestId('new-record').click();
    await page.waitForURL('**/m/mixin-survey/new');

    // The form's place holds the notice, in Chinese; the page around it stays.
    const notice = page.getByTestId('form-failed');
    await expect.poll(() => notice.isVisible()).toBe(true);
    await expect.poll(() => notice.textContent()).toContain('此表单暂时无法显示');
    expect(await notice.textContent()).toContain('其他功能不受影响');
    expect(await notice.getByRole('button', { name: /重新加载/ }).count()).toBe(1);
    expect(await notice.getByRole('button', { name: /返\s*回/ }).count()).toBe(1);
    expect(await page.locator('.fw-page-title h2').textContent()).toBe('混入字段登记');
    // Nobody is offered to save a form they could not see.
    expect(await page.getByTestId('save-record').count()).toBe(0);
    await screenshot(page, 'broken-01-form-notice');

    // The menu still works: the inbox opens, and so does the list again.
    await page.getByRole('menuitem', { name: '待办事项' }).click();
    await page.waitForURL('**/inbox');
    await expect.poll(() => page.getByText('待我办理').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('form-failed').count()).toBe(0);
    await page.getByRole('menuitem', { name: '混入字段登记' }).click();
    await page.waitForURL('**/m/mixin-survey');
    await expect.poll(() => page.getByTestId('new-record').count()).toBe(1);

    // An English reader gets the Chinese first and the English after it.
    await page.getByTestId('switch-language').click();
    await expect.poll(() => page.getByRole('menuitem', { name: 'Inbox' }).count()).toBe(1);
    await page.getByTestId('new-record').click();
    await page.waitForURL('**/m/mixin-survey/new');
    await expect.poll(() => notice.textContent()).toContain('This form cannot be shown');
    const text = (await notice.textContent())!;
    expect(text.indexOf('此表单暂时无法显示')).toBeLessThan(text.indexOf('This form cannot be shown'));
    expect(await notice.getByRole('button', { name: 'Reload' }).count()).toBe(1);
    await page.getByTestId('switch-language').click();

    // Nothing escaped the boundary.
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });
});
