/**
 * The workspace's form on a 300-field definition (test/fixtures/definitions/big-form.json) in
 * headless Chromium: how long until all 300 fields are on screen — opening "new" inside the app,
 * and a cold page load — and what one keystroke costs (input event to the next painted frame,
 * rules evaluated live in between). Targets from the workspace issue: < 1 s and < 50 ms.
 * Baseline, in the same browser: 300 plain labelled inputs built with DOM calls, and a keystroke
 * into a plain input — what the browser itself costs, with no React, antd or rules.
 * Also the size of each app's main bundle (the entry chunk its index.html loads, target
 * < 800 KB) and of all the JavaScript its index.html loads before any page (the entry and the
 * chunks it preloads), raw and gzipped.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../runtime/src/config.js';
import { startEmbeddedPostgres } from '../../runtime/src/platform/db/embedded-postgres.js';
import { startInstance } from '../../runtime/src/server.js';
import { gzipSync } from 'node:zlib';
import { buildWeb, DESIGNER_DIST, WEB_DIST } from '../../runtime/web/build.js';
import { CHROMIUM, launch } from '../support/browser.js';
import { fmt, type BenchResult } from './harness.js';

const PASSWORD = 'Bench-Passw0rd!';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

export async function run(): Promise<BenchResult> {
  await buildWeb();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'formwork-bench-'));
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir, database: 'bench_web' });
  const url = process.env.DATABASE_URL ?? embedded!.url;
  const instance = await startInstance(loadConfig({ DATABASE_URL: url, FORMWORK_ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'silent', FORMWORK_RATE_LIMIT: '0' }), { listen: false, logger: pino({ level: 'silent' }) });
  const base = await instance.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launch();
  try {
    const definition = JSON.parse(await readFile(path.resolve(import.meta.dirname, '../fixtures/definitions/big-form.json'), 'utf8'));
    if (!(await instance.ctx.registry.getLatest('big-form'))) await instance.ctx.modules.publish('big-form', definition, { username: 'admin', unitCode: 'HQ' });
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })).newPage();
    await page.goto(`${base}/`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL('**/inbox');

    const inApp: number[] = [];
    for (let i = 0; i < 7; i++) {
      await page.goto(`${base}/m/big-form`);
      await page.waitForSelector('[data-testid=new-record]');
      await page.waitForTimeout(300);
      inApp.push(
        await page.evaluate(async () => {
          const start = performance.now();
          (document.querySelector('[data-testid=new-record]') as HTMLElement).click();
          while (!document.querySelector('#root_f300')) await new Promise((r) => setTimeout(r, 2));
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          return performance.now() - start;
        }),
      );
    }
    const cold: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.goto(`${base}/m/big-form/new`);
      await page.waitForSelector('#root_f300');
      cold.push(await page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))));
    }
    await page.waitForTimeout(500);
    const keys = await page.evaluate(typing, '#root_f2');

    // The baseline: the same measurements on plain DOM in a blank page of the same browser.
    const plain = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await plain.setContent('<!doctype html><meta charset="utf-8"><body><form id="f"></form></body>');
    const bare: number[] = [];
    for (let i = 0; i < 7; i++) {
      bare.push(
        await plain.evaluate(async () => {
          const form = document.getElementById('f')!;
          form.replaceChildren();
          const start = performance.now();
          for (let n = 1; n <= 300; n++) {
            const label = document.createElement('label');
            label.textContent = `字段 ${n}`;
            const input = document.createElement('input');
            input.id = `root_f${n}`;
            const row = document.createElement('div');
            row.append(label, input);
            form.append(row);
          }
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          return performance.now() - start;
        }),
      );
    }
    const bareKeys = await plain.evaluate(typing, '#root_f2');
    const ratio = (a: number[], b: number[]) => `${fmt(median(a) / median(b))}× baseline`;
    const bundles = { workspace: await mainBundle(WEB_DIST), designer: await mainBundle(DESIGNER_DIST) };
    const sizeRows = Object.entries(bundles).map(([app, b]) => ({
      name: `${app}: main bundle (${b.entry.file}), raw / gzip`,
      value: `${kb(b.entry.raw)} / ${kb(b.entry.gzip)}`,
      note: `target < 800 KB; with the ${b.preloaded} chunks it preloads, what loads before any page: ${kb(b.initial.raw)} / ${kb(b.initial.gzip)}`,
    }));
    return {
      title: `Workspace form with 300 fields in headless Chromium (${path.basename(CHROMIUM)}; medians)`,
      rows: [
        { name: 'baseline: 300 plain labelled inputs built → painted', value: `${fmt(median(bare))} ms`, note: 'baseline' },
        { name: 'open "new" in the app → 300th field painted', value: `${fmt(median(inApp))} ms`, note: `${ratio(inApp, bare)}; p95 ${fmt(p95(inApp))} ms (target < 1,000 ms)` },
        { name: 'cold page load (bundle, session, definition, compile) → 300th field painted', value: `${fmt(median(cold))} ms`, note: `${ratio(cold, bare)} (target < 600 ms)` },
        { name: 'baseline: keystroke in a plain input → next painted frame', value: `${fmt(median(bareKeys))} ms`, note: 'baseline' },
        { name: 'keystroke → next painted frame', value: `${fmt(median(keys))} ms`, note: `${ratio(keys, bareKeys)}; p95 ${fmt(p95(keys))} ms (target < 50 ms)` },
        ...sizeRows,
      ],
    };
  } finally {
    await browser.close();
    await instance.stop();
    await embedded?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Bytes in KB, as the README gives bundle sizes. */
const kb = (bytes: number) => `${fmt(bytes / 1024)} KB`;

/** A file's size raw and gzipped (the default level, as a server would send it). */
async function sizeOf(file: string): Promise<{ raw: number; gzip: number }> {
  const bytes = await readFile(file);
  return { raw: bytes.length, gzip: gzipSync(bytes).length };
}

/**
 * An app's main bundle: the entry chunk its built index.html loads (`<script type="module">`),
 * and everything that page loads before any route's own chunk — the entry and the chunks it
 * imports statically, which Vite lists as `<link rel="modulepreload">`.
 */
async function mainBundle(dist: string) {
  const html = await readFile(path.join(dist, 'index.html'), 'utf8');
  const file = (src: string) => path.join(dist, src.replace(/^.*?\/assets\//, 'assets/'));
  const entrySrc = /<script type="module"[^>]*\ssrc="([^"]+)"/.exec(html)?.[1];
  if (!entrySrc) throw new Error(`no entry script in ${dist}/index.html`);
  const preloads = [...html.matchAll(/<link rel="modulepreload"[^>]*\shref="([^"]+)"/g)].map((m) => m[1]!);
  const entry = await sizeOf(file(entrySrc));
  const initial = { ...entry };
  for (const src of preloads) {
    const size = await sizeOf(file(src));
    initial.raw += size.raw;
    initial.gzip += size.gzip;
  }
  return { entry: { file: path.basename(entrySrc).replace(/-[\w-]{8}\.js$/, '-*.js'), ...entry }, preloaded: preloads.length, initial };
}

/** Types 40 values into an input, each followed by two frames; the time of each to its frame. */
async function typing(selector: string): Promise<number[]> {
  const input = document.querySelector(selector) as HTMLInputElement;
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  const out: number[] = [];
  for (let i = 0; i < 40; i++) {
    const start = performance.now();
    setter.call(input, `排查${i}`);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    out.push(performance.now() - start);
    // Long enough for the debounced rule evaluation to run between keystrokes.
    await new Promise((r) => setTimeout(r, 220));
  }
  return out;
}
