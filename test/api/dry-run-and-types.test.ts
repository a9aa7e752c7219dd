/** Dry-run (evaluate without writing) and the TypeScript declarations of record data. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, startTestInstance } from '../support/instance.js';

const gift = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/definitions/gift-register.json'), 'utf8'));

/** Type-checks one in-memory TypeScript file; returns the diagnostics' messages. */
function typeErrors(source: string): string[] {
  const file = '/virtual/check.ts';
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], types: [] };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  const exists = host.fileExists.bind(host);
  const get = host.getSourceFile.bind(host);
  host.readFile = (name) => (name === file ? source : read(name));
  host.fileExists = (name) => name === file || exists(name);
  host.getSourceFile = (name, language) => (name === file ? ts.createSourceFile(name, source, language) : get(name, language));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

let db: TestDatabase;
let instance: Instance;
let token: string;

const dryRun = (body: object, headers: Record<string, string> = {}, query = '') =>
  call(instance, token, { method: 'POST', url: `/api/modules/gift-register/dry-run${query}`, payload: body, headers });

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  const admin = await login(instance);
  const published = await call(instance, admin, { method: 'POST', url: '/api/modules/gift-register/versions', payload: gift });
  expect(published.statusCode).toBe(201);
  await createUser(instance, { username: 'county-officer', roles: ['officer'] });
  token = await login(instance, 'county-officer');
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('dry-run', () => {
  it('returns every problem of a final submission at its path, in Chinese by default', async () => {
    const response = await dryRun({ data: { cadreName: '张', receivedOn: '2026-03-05', handedInOn: '2026-03-01', kind: 'other', value: 'much' } });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.version).toBe(1);
    expect(body.errors).toEqual([
      { path: '/cadreName', code: 'FW_VAL_MIN_LENGTH', message: '「干部姓名」至少需要 2 个字符', params: { limit: 2 } },
      { path: '/value', code: 'FW_VAL_TYPE', message: '「估值（元）」应为数字', params: { type: 'number' } },
      { path: '/handedInOn', code: 'GIFT_DATES_ORDER', message: '上交日期不能早于收受日期' },
      { path: '/otherKind', code: 'FW_VAL_REQUIRED', message: '「其他类别说明」为必填项' },
    ]);
    expect(body.events.map((e: { type: string; rule: string }) => `${e.type}:${e.rule}`)).toEqual([
      'error:handedInAfterReceived',
      'require:otherNeedsText',
    ]);
  });

  it('speaks English when asked', async () => {
    const response = await dryRun({ data: { cadreName: '张三' } }, { 'accept-language': 'en' });
    expect(response.json().errors.map((e: { message: string }) => e.message)).toEqual([
      '"Received on" is required',
      '"Handed in on" is required',
      '"Kind" is required',
      '"Value (CNY)" is required',
    ]);
  });

  it('returns computed values, warnings and events, and writes nothing', async () => {
    const [before] = await instance.db.sequelize.query('SELECT count(*)::int AS n FROM audit_log');
    const response = await dryRun({
      data: { cadreName: '张三', receivedOn: '2026-03-01', handedInOn: '2026-03-02', kind: 'voucher', value: 12000, quantity: 3, unitPrice: 2000 },
    });
    const body = response.json();
    expect(body.errors).toEqual([]);
    expect(body.derived).toEqual({ '/total': 6000 });
    expect(body.warnings).toEqual([{ path: '/total', code: 'FW_RULE_WARNING', message: '合计超过 5000 元，请核实' }]);
    expect(body.events.find((e: { type: string }) => e.type === 'notify')).toEqual({
      type: 'notify',
      rule: 'bigValueNotifiesParent',
      params: { to: 'parent', role: 'leader', message: { 'zh-CN': '收到大额礼品上交登记', en: 'A large gift was registered' } },
    });
    const [after] = await instance.db.sequelize.query('SELECT count(*)::int AS n FROM audit_log');
    expect(after).toEqual(before);
  });

  it('refuses a body without data, or with unknown fields, and unknown modules', async () => {
    const missing = await dryRun({});
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors.map((e: { path: string }) => e.path)).toEqual(['/data']);
    const extra = await dryRun({ data: {}, sneaky: 1 });
    expect(extra.statusCode).toBe(422);
    const unknown = await call(instance, token, { method: 'POST', url: '/api/modules/nope/dry-run', payload: { data: {} } });
    expect(unknown.statusCode).toBe(404);
    expect((await dryRun({ data: {} }, {}, '?version=7')).statusCode).toBe(404);
  });
});

describe('types.d.ts', () => {
  it('declares the record data as TypeScript that compiles, named after the module, documented by titles', async () => {
    const response = await call(instance, token, { method: 'GET', url: '/api/modules/gift-register/types.d.ts' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/typescript; charset=utf-8');
    expect(response.headers['x-module-version']).toBe('1');
    const source = response.body;
    expect(source).toContain('export interface GiftRegisterData');
    expect(source).toMatch(/cadreName: string;/);
    expect(source).toMatch(/kind: 'gift' \| 'cash' \| 'voucher' \| 'other';/);
    expect(source).toMatch(/quantity\?: number;/);
    expect(source).toContain('干部姓名');
    expect(source).not.toContain('NoName');

    const good = `const ok: GiftRegisterData = { cadreName: '张三', receivedOn: '2026-03-01', handedInOn: '2026-03-02', kind: 'gift', value: 1 };`;
    expect(typeErrors(`${source}\n${good}\n`)).toEqual([]);
    const bad = `const no: GiftRegisterData = { cadreName: '张三', receivedOn: '2026-03-01', handedInOn: '2026-03-02', kind: 'jewel', value: 1 };`;
    expect(typeErrors(`${source}\n${bad}\n`).join('\n')).toMatch(/"jewel"/);
  });
});
