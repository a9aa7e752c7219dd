/**
 * Forms written elsewhere, end to end: every react-jsonschema-form playground sample
 * (test/conformance/rjsf-samples, 40 forms none of which we wrote) is published as it is — its
 * draft-07 spellings converted by the server — its formData dry-run on the server, and opened
 * in the workspace in Chromium with that data. Every value has a visible control, the page
 * raises no error and shows no notice, and the browser and the server agree on validity: the
 * engine's verdict in the page equals the server's dry-run of the data the form would save, and
 * stays so after typing into the form, which changes only the value typed into.
 * The refusals are listed below with their codes and why (README "Schemas: the dialect").
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { browserAvailable, launch, pageErrors, screenshot, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ADMIN_PASSWORD, call, login, startTestInstance } from '../support/instance.js';

/** The samples publishing refuses: every problem (`path code`) and why. A new refusal fails the test. */
const REFUSED: Record<string, { problems: string[]; why: string }> = {
  customArray: { problems: ['/schema FW_DEF_SCHEMA_ROOT'], why: 'the root is a list: a record is an object of fields' },
  fallback: { problems: ['/schema FW_DEF_SCHEMA_ROOT'], why: 'the root has no type and no properties (rjsf shows a type picker)' },
  single: { problems: ['/schema FW_DEF_SCHEMA_ROOT'], why: 'the root is a single text' },
  files: {
    problems: ['/schema/properties/file/format FW_DEF_UNKNOWN_FORMAT', '/schema/properties/files/items/format FW_DEF_UNKNOWN_FORMAT', '/schema/properties/filesAccept/format FW_DEF_UNKNOWN_FORMAT'],
    why: 'format "data-url" is rjsf\'s file widget, not a format: files go to a record\'s attachments',
  },
  custom: { problems: ['/ui/ui:field FW_DEF_UI_UNKNOWN_FIELD'], why: 'ui:field "geo" is the playground\'s own component, which the workspace does not have' },
  widgets: { problems: ['/ui/preferences/ui:widget FW_DEF_UI_UNKNOWN_WIDGET'], why: 'ui:widget "toggle" is a widget neither rjsf nor the kit has' },
};

/**
 * Values the form deliberately shows no control for, and why; any other value without a visible
 * control fails the test.
 */
const NO_CONTROL: Record<string, { pointers: string[]; why: string }> = {
  options: { pointers: ['/age', '/bio', '/password'], why: 'the sample\'s formData holds fields its schema does not declare (only its uiSchema styles them): the form keeps the values and has no field for them' },
};

interface Sample {
  sample: string;
  schema: unknown;
  uiSchema?: unknown;
  formData?: unknown;
}

const samplesDir = path.resolve(import.meta.dirname, '../conformance/rjsf-samples');
const files = readdirSync(samplesDir).filter((f) => f.endsWith('.json')).sort();
const nameOf = (file: string) => file.replace(/\.json$/, '');
const keyOf = (name: string) => `rjsf-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
const pairs = (errors: { path: string; code: string }[] | undefined) => (errors ?? []).map((e) => `${e.path} ${e.code}`).sort();
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Every value of the data, with the rjsf ids (`root_a_0_b`) of the controls that can hold it:
 * its own, or one control holding a whole list or object as one choice (a multiple choice of
 * plain values, a choice among objects).
 */
function leaves(data: unknown, id = 'root', pointer = '', holders: string[] = []): { ids: string[]; holders: string[]; pointer: string }[] {
  const inner = [...holders, id];
  if (Array.isArray(data)) return data.flatMap((v, i) => leaves(v, `${id}_${i}`, `${pointer}/${i}`, inner));
  if (isObject(data)) return Object.entries(data).flatMap(([k, v]) => leaves(v, `${id}_${k}`, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, inner));
  return [{ ids: [id], holders, pointer }];
}

/** Whether a value has a visible control: its own (any element of its id), or a form control holding it whole. */
async function hasControl(page: Page, leaf: { ids: string[]; holders: string[] }): Promise<boolean> {
  return page.evaluate(({ ids, holders }) => {
    const visible = (el: Element) => (el as HTMLElement).getClientRects().length > 0;
    const own = [...document.querySelectorAll('[id]')].some((el) => ids.some((id) => el.id === id || el.id.startsWith(`${id}-`) || el.id.startsWith(`${id}_`)) && visible(el));
    const whole = holders.some((id) => {
      const controls = [document.getElementById(id), ...document.querySelectorAll(`[id^="${id}-"]`)];
      return controls.some((el) => el !== null && /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName) && visible(el));
    });
    return own || whole;
  }, leaf);
}

let db: TestDatabase;
let instance: Instance;
let browser: Browser;
let page: Page;
let base: string;
let admin: string;

const run = browserAvailable();

beforeAll(async () => {
  if (!run) return;
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  admin = await login(instance);
  base = await instance.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launch();
  page = await signIn(browser, base, 'admin', ADMIN_PASSWORD);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await instance?.stop();
  await db?.drop();
});

/** What one sample gave, for the table in the README. */
const outcomes: string[] = [];

describe.skipIf(!run)('the rjsf playground samples in the workspace', { timeout: 600_000 }, () => {
  it('has a file for every refusal listed, and 40 samples', () => {
    expect(files).toHaveLength(40);
    for (const name of Object.keys(REFUSED)) expect(files).toContain(`${name}.json`);
  });

  it('publishes each (or refuses it as listed), renders it with its data, and agrees with the server', async () => {
    const failures: string[] = [];
    for (const file of files) {
      const name = nameOf(file);
      try {
        const outcome = await checkSample(name, JSON.parse(readFileSync(path.join(samplesDir, file), 'utf8')) as Sample);
        outcomes.push(`| ${name} | ${outcome} |`);
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message}`);
      }
    }
    console.log(outcomes.join('\n'));
    expect(failures).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
  });

  it('shows a dependent question once its answer is given, required as the server requires it, and keeps every other value', async () => {
    const name = 'schemaDependencies';
    const sample = JSON.parse(readFileSync(path.join(samplesDir, `${name}.json`), 'utf8')) as Sample;
    await page.goto(`${base}/m/${keyOf(name)}/new?data=${encodeURIComponent(JSON.stringify(sample.formData))}`);
    const address = page.locator('#root_billingDetails_billing_address');
    await page.locator('#root_billingDetails_credit_card').waitFor({ state: 'visible', timeout: 90_000 });
    expect(await address.count()).toBe(0);
    const household = () => page.locator('[id^="root_householdMembers_"]').count();
    const shownBefore = await household();
    expect(shownBefore).toBeGreaterThan(0);
    await page.locator('#root_billingDetails_credit_card').fill('4111');
    await expect.poll(() => address.isVisible()).toBe(true);
    expect(await page.locator('label[for="root_billingDetails_billing_address"]').getAttribute('class')).toContain('fw-field-required');
    const verdict = await settledVerdict(page);
    expect(verdict).toEqual(['/billingDetails/billing_address FW_VAL_REQUIRED']);
    await screenshot(page, 'rjsf-schemaDependencies-answered');
    // The edit kept every other value: rjsf's sanitizer dropped the fixed-position household list.
    expect(await household()).toBe(shownBefore);
    const held = (await formData(page, keyOf(name))) as Record<string, unknown>;
    const given = sample.formData as Record<string, unknown>;
    expect(held).toEqual({ ...given, billingDetails: { ...(given.billingDetails as object), credit_card: 4111 } });
    const dry = await call(instance, admin, { method: 'POST', url: `/api/modules/${keyOf(name)}/dry-run`, payload: { data: held } });
    expect(pairs((dry.json() as { errors: { path: string; code: string }[] }).errors)).toEqual(verdict);
  });

  it('shows an either-or section chosen by its own field once: the field chooses, the chosen branch’s fields follow', async () => {
    const party = {
      key: 'party-register',
      kind: 'record',
      title: { 'zh-CN': '当事方登记' },
      schema: {
        type: 'object',
        properties: { kind: { type: 'string', title: '类型', enum: ['person', 'company'] } },
        oneOf: [
          { title: '个人', properties: { kind: { const: 'person' }, name: { type: 'string', title: '姓名' } }, required: ['kind', 'name'] },
          { title: '单位', properties: { kind: { const: 'company' }, company: { type: 'string', title: '公司名称' }, taxId: { type: 'string', pattern: '^[0-9A-Z]{18}$', title: '统一社会信用代码' } }, required: ['kind', 'company', 'taxId'] },
        ],
      },
    };
    expect((await call(instance, admin, { method: 'POST', url: '/api/modules/party-register/versions', payload: party })).statusCode).toBe(201);
    await page.goto(`${base}/m/party-register/new?data=${encodeURIComponent(JSON.stringify({ kind: 'company', taxId: 'abc' }))}`);
    await page.locator('#root_company').waitFor({ state: 'visible', timeout: 90_000 });
    // One chooser (the field), no option picker, no second "kind" box; the branch's error once, on its field.
    expect(await page.locator('[id$="__oneof_select"]').count()).toBe(0);
    expect(await page.locator('label', { hasText: /^kind$/ }).count()).toBe(0);
    expect(await settledVerdict(page)).toEqual(['/company FW_VAL_REQUIRED', '/taxId FW_VAL_PATTERN']);
    expect(await page.locator('.fw-field-error').allTextContents()).toEqual(['「统一社会信用代码」的格式不正确']);
    await screenshot(page, 'either-or-company');
    await page.locator('.ant-select:has(#root_kind)').first().click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'person' }).first().click();
    await expect.poll(() => page.locator('#root_name').isVisible()).toBe(true);
    expect(await page.locator('#root_company').count()).toBe(0);
    expect(await settledVerdict(page)).toEqual(['/name FW_VAL_REQUIRED']);
    const held = await formData(page, 'party-register');
    const dry = await call(instance, admin, { method: 'POST', url: '/api/modules/party-register/dry-run', payload: { data: held } });
    expect(pairs((dry.json() as { errors: { path: string; code: string }[] }).errors)).toEqual(['/name FW_VAL_REQUIRED']);
  });
});

async function checkSample(name: string, sample: Sample): Promise<string> {
  const key = keyOf(name);
  const definition: Record<string, unknown> = { key, kind: 'record', title: { 'zh-CN': sample.sample }, schema: sample.schema };
  if (sample.uiSchema !== undefined) definition.ui = sample.uiSchema;
  const published = await call(instance, admin, { method: 'POST', url: `/api/modules/${key}/versions`, payload: definition });
  const refused = REFUSED[name];
  if (published.statusCode !== 201) {
    const problems = (published.json() as { errors?: { path: string; code: string }[] }).errors;
    if (!refused) throw new Error(`refused at publish: ${published.statusCode} ${JSON.stringify(problems ?? published.json())}`);
    if (JSON.stringify(pairs(problems)) !== JSON.stringify([...refused.problems].sort())) throw new Error(`refused otherwise than listed: ${pairs(problems).join(', ')}`);
    return `refused | ${refused.problems.map((p) => `\`${p.split(' ')[1]}\``).join(', ')}: ${refused.why}`;
  }
  if (refused) throw new Error('published, but listed as refused');
  const notes = ((published.json() as { notes?: { code: string }[] }).notes ?? []).map((n) => n.code);

  const data = isObject(sample.formData) ? sample.formData : {};
  const dry = await call(instance, admin, { method: 'POST', url: `/api/modules/${key}/dry-run`, payload: { data } });
  if (dry.statusCode !== 200) throw new Error(`dry-run: ${dry.statusCode} ${dry.body}`);
  const serverOnSample = pairs((dry.json() as { errors: { path: string; code: string }[] }).errors);

  const errorsBefore = pageErrors(page).length;
  await page.goto(`${base}/m/${key}/new?data=${encodeURIComponent(JSON.stringify(data))}`);
  const form = page.locator('.record-form');
  await form.waitFor({ state: 'visible', timeout: 90_000 });
  const verdict = await settledVerdict(page);
  if (await page.getByTestId('form-failed').count()) throw new Error('the form shows its "cannot be shown" notice');
  if (await page.locator('.rjsf-config-error').count()) throw new Error(`rjsf configuration error: ${await page.locator('.rjsf-config-error').first().textContent()}`);
  if (pageErrors(page).length > errorsBefore) throw new Error(`page errors: ${pageErrors(page).slice(errorsBefore).join('; ')}`);

  // Every value has a visible control.
  const missing: string[] = [];
  for (const leaf of leaves(data)) {
    const shown = await hasControl(page, leaf);
    const listed = NO_CONTROL[name]?.pointers.includes(leaf.pointer) ?? false;
    if (listed && shown) throw new Error(`${leaf.pointer} is listed as having no control, but has one`);
    if (!listed && !shown) missing.push(leaf.pointer);
  }
  if (missing.length > 0) throw new Error(`no visible control for ${missing.join(', ')}`);

  // A problem shows once (an either-or section's used to show on the section and its branch).
  const shownProblems = await page.locator('.fw-field-error').allTextContents();
  const twice = shownProblems.filter((text, i) => shownProblems.indexOf(text) !== i);
  if (twice.length > 0) throw new Error(`problems shown twice: ${twice.join('; ')}`);
  if (['simple', 'schemaDependencies', 'oneOf', 'arrays', 'bundledSchema', 'propertyDependencies', 'references', 'layoutGrid', 'ifThenElse'].includes(name)) await screenshot(page, `rjsf-${name}`);

  // The browser's verdict is the server's on the data the form would save.
  const held = await formData(page, key);
  if (held !== NOTHING) {
    const dryHeld = await call(instance, admin, { method: 'POST', url: `/api/modules/${key}/dry-run`, payload: { data: held } });
    const serverOnHeld = pairs((dryHeld.json() as { errors: { path: string; code: string }[] }).errors);
    if (JSON.stringify(verdict) !== JSON.stringify(serverOnHeld)) throw new Error(`browser ${JSON.stringify(verdict)} ≠ server ${JSON.stringify(serverOnHeld)}`);
  }

  await editKeepsTheRest(page, key, held);

  const filled = held === NOTHING ? '; nothing filled in, so nothing to save' : JSON.stringify(held) !== JSON.stringify(data) ? '; the form fills schema defaults in' : '';
  const valid = serverOnSample.length === 0 ? 'valid' : `invalid (${serverOnSample.join(', ')})`;
  return `${notes.length > 0 ? `converted (${[...new Set(notes)].join(', ')})` : 'published'} | formData ${valid}${filled}`;
}

/** Leaf values by pointer. */
function flatten(data: unknown, pointer = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (Array.isArray(data)) data.forEach((v, i) => flatten(v, `${pointer}/${i}`, out));
  else if (isObject(data)) for (const [k, v] of Object.entries(data)) flatten(v, `${pointer}/${k}`, out);
  else out[pointer] = data;
  return out;
}

/**
 * Typing into the form's first free text box changes that value only — every other value stays
 * (rjsf's sanitizer used to drop fixed-position lists) — and the page's verdict on the new data
 * is still the server's.
 */
async function editKeepsTheRest(page: Page, key: string, held: unknown): Promise<void> {
  const box = page.locator('.record-form input.ant-input[type="text"][id^="root_"]:not([id$="-key"]):not([readonly]):not([disabled])').first();
  if ((await box.count()) === 0) return;
  await box.pressSequentially('甲');
  await box.blur();
  const verdict = await settledVerdict(page);
  const after = await formData(page, key);
  if (after === NOTHING) throw new Error('typing one character left the form with nothing to save');
  const now = flatten(after);
  // A form that held nothing has no saved values to keep: the typed one is then the only value with content.
  const before = held === NOTHING ? Object.fromEntries(Object.entries(now).filter(([, v]) => !String(v).includes('甲'))) : flatten(held);
  const changed = [...new Set([...Object.keys(before), ...Object.keys(now)])].filter((p) => JSON.stringify(before[p]) !== JSON.stringify(now[p]));
  if (changed.length !== 1 || !String(now[changed[0]!]).includes('甲')) throw new Error(`typing one character changed ${JSON.stringify(changed.map((p) => [p, before[p], now[p]]))}`);
  const dry = await call(instance, admin, { method: 'POST', url: `/api/modules/${key}/dry-run`, payload: { data: after } });
  const server = pairs((dry.json() as { errors: { path: string; code: string }[] }).errors);
  if (JSON.stringify(verdict) !== JSON.stringify(server)) throw new Error(`after an edit: browser ${JSON.stringify(verdict)} ≠ server ${JSON.stringify(server)}`);
}

/** The engine's verdict in the page, once it holds still (the form may fill defaults in first). */
async function settledVerdict(page: Page): Promise<string[]> {
  const read = () => page.locator('.record-form').getAttribute('data-problems');
  await expect.poll(read, { timeout: 30_000 }).not.toBeNull();
  let last = await read();
  for (let same = 0; same < 3; ) {
    await page.waitForTimeout(200);
    const now = await read();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return (last ?? '').split('\n').filter(Boolean).sort();
}

/** What formData answers for a form holding nothing: saving it sends no request (an untouched new form makes nothing). */
const NOTHING = Symbol('nothing filled in');

/** The data the form would save: the body of its create request (answered here, never sent), or NOTHING. */
async function formData(page: Page, key: string): Promise<unknown> {
  let body: unknown;
  const notice = page.getByText('尚未填写任何内容，未保存');
  await expect.poll(() => notice.count(), { timeout: 10_000 }).toBe(0);
  await page.route(`**/api/modules/${key}/records`, async (route) => {
    body = (route.request().postDataJSON() as { data: unknown }).data;
    await route.fulfill({ status: 422, contentType: 'application/json', body: JSON.stringify({ code: 'FW_VAL_INVALID', message: 'test', errors: [] }) });
  });
  await page.getByTestId('save-record').click();
  await expect.poll(async () => body !== undefined || (await notice.count()) > 0, { timeout: 15_000 }).toBe(true);
  await page.unroute(`**/api/modules/${key}/records`);
  return body === undefined ? NOTHING : body;
}
