/** The `formwork` command: validate, publish (direct and through the API), types, migrate, audit checkpoints and verification. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { TEST_AUDIT_KEY, login, startTestInstance } from '../support/instance.js';

const root = path.resolve(import.meta.dirname, '../..');
const good = path.join(root, 'test/fixtures/definitions/gift-register.json');
const bad = path.join(root, 'test/fixtures/definitions-bad/hostile.json');

let db: TestDatabase;

function formwork(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/formwork.js'), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += String(c)));
    child.stderr.on('data', (c) => (stderr += String(c)));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

// Each CLI command is a fresh process (tsx compiles the sources): slow on 2 busy cores.
describe('formwork CLI', { timeout: 240_000 }, () => {
  it('migrate brings an empty database up to date', async () => {
    const result = await formwork(['migrate']);
    expect(result.code, result.stderr).toBe(0);
  });

  it('definitions validate passes a good file and lists every problem of a bad one', async () => {
    const ok = await formwork(['definitions', 'validate', good]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('✓');
    expect(ok.stdout).toContain('(5 tests)');

    const refused = await formwork(['definitions', 'validate', '--lang', 'en', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('/schema/properties/code/pattern  FW_DEF_UNSAFE_PATTERN');
    expect(refused.stdout).toContain('/schema/properties/link/$ref  FW_DEF_REMOTE_REF');
    expect(refused.stdout).toContain('/schema/properties/age/type  FW_DEF_SCHEMA_VALUE');
  });

  it('definitions validate takes code lists it is not given from the database, then the shipped modules; a unary rule passes, a rule without a value is refused (issue 13)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fw-validate-'));
    const file = (name: string, body: object) => {
      writeFileSync(path.join(dir, name), JSON.stringify(body));
      return path.join(dir, name);
    };
    const severity = file('severity.json', {
      key: 'test-severity',
      kind: 'codelist',
      title: { 'zh-CN': '严重程度', en: 'Severity' },
      schema: { type: 'string', oneOf: [{ const: 'high', title: '高' }, { const: 'low', title: '低' }] },
    });
    const warning = { type: 'warning', params: { path: '/note', message: { 'zh-CN': '请填写说明', en: 'Add a note' } } };
    const uses = file('uses.json', {
      key: 'uses-codes',
      kind: 'record',
      title: { 'zh-CN': '引用代码集', en: 'Uses code lists' },
      schema: { type: 'object', properties: { category: { $ref: 'codelist:disciplines', title: '违纪类别' }, severity: { $ref: 'codelist:test-severity', title: '严重程度' }, note: { type: 'string', title: '说明' } } },
      rules: [{ name: 'noteMissing', conditions: { all: [{ fact: 'data', path: '/note', operator: 'isEmpty' }] }, event: warning }],
      tests: [{ name: 'a note is asked for', data: { severity: 'high' }, expect: { warnings: [{ path: '/note', code: 'FW_RULE_WARNING' }] } }],
    });
    const noValue = file('no-value.json', {
      key: 'no-value',
      kind: 'record',
      title: { 'zh-CN': '缺少比较值', en: 'No value' },
      schema: { type: 'object', properties: { count: { type: 'integer', title: '数量' }, note: { type: 'string', title: '说明' } } },
      rules: [{ name: 'tooMany', conditions: { all: [{ fact: 'data', path: '/count', operator: 'greaterThan' }] }, event: warning }],
    });
    expect((await formwork(['definitions', 'publish', severity])).code).toBe(0);

    const checked = await formwork(['definitions', 'validate', '--lang', 'en', uses, noValue]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('· from the database: test-severity');
    expect(checked.stdout).toContain('· from the shipped definitions: disciplines');
    expect(checked.stdout).toContain(`✓ ${uses} (1 tests)`);
    expect(checked.stdout).toContain(`✗ ${noValue}`);
    expect(checked.stdout).toContain('/rules/0/conditions/all/0  FW_DEF_RULE_VALUE_REQUIRED');
    expect(checked.stderr).not.toMatch(/at .*\.(js|ts):\d+/);

    const offline = await formwork(['definitions', 'validate', '--no-database', uses]);
    expect(offline.code).toBe(1);
    expect(offline.stdout).toContain('/schema/properties/severity/$ref  FW_DEF_UNKNOWN_CODELIST');
    expect(offline.stdout).not.toContain('/schema/properties/category/$ref');
  });

  it('definitions publish writes directly to the database, and types prints the declarations', async () => {
    const published = await formwork(['definitions', 'publish', good]);
    expect(published.code, published.stdout + published.stderr).toBe(0);
    expect(published.stdout).toContain('gift-register v1');
    const types = await formwork(['types', 'gift-register']);
    expect(types.code).toBe(0);
    expect(types.stdout).toContain('export interface GiftRegisterData');
    const missing = await formwork(['types', 'no-such-module']);
    expect(missing.code).toBe(1);
  });

  it('audit checkpoint exports signed chain heads, and audit verify checks the log against them', async () => {
    const env = { FORMWORK_AUDIT_KEY: TEST_AUDIT_KEY };
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'fw-audit-')), 'checkpoints.jsonl');
    const taken = await formwork(['audit', 'checkpoint', '--out', file], env);
    expect(taken.code, taken.stderr).toBe(0);
    const checkpoint = JSON.parse(taken.stdout.trim().split('\n').pop()!);
    expect(checkpoint).toMatchObject({ id: expect.any(Number), heads: expect.any(Array), mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const verified = await formwork(['audit', 'verify', '--checkpoints', file], env);
    expect(verified.code, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, sealed: true });
    const wrongKey = await formwork(['audit', 'verify', '--checkpoints', file], { FORMWORK_AUDIT_KEY: 'another-key-of-at-least-32-characters!' });
    expect(wrongKey.code).toBe(1);
    expect(JSON.parse(wrongKey.stdout)).toMatchObject({ ok: false, reason: 'checkpoint-signature' });
  });

  it('definitions publish --url goes through the API with a token', async () => {
    const instance: Instance = await startTestInstance(db.url);
    try {
      const address = await instance.app.listen({ port: 0, host: '127.0.0.1' });
      const token = await login(instance);
      const result = await formwork(['definitions', 'publish', good, bad, '--url', address, '--token', token]);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('gift-register v2');
      expect(result.stdout).toMatch(/hostile\.json: FW_DEF_INVALID/);
      expect(result.stdout).toContain('/schema/properties/code/pattern  FW_DEF_UNSAFE_PATTERN');
    } finally {
      await instance.stop();
    }
  });

  it('export writes a dataset to a file, with progress lines when not on a terminal', async () => {
    const instance: Instance = await startTestInstance(db.url);
    try {
      const token = await login(instance);
      const published = await instance.app.inject({
        method: 'POST',
        url: '/api/modules/cli-form/versions',
        headers: { authorization: `Bearer ${token}` },
        payload: {
          key: 'cli-form',
          kind: 'record',
          title: { 'zh-CN': '命令行表单' },
          schema: { type: 'object', properties: { note: { type: 'string', title: '备注' } } },
          exports: [{ name: 'cli-rows', title: { 'zh-CN': '命令行明细' }, columns: [{ code: 'UNIT', source: '@unitCode' }, { code: 'NOTE', source: '/note' }] }],
        },
      });
      expect(published.statusCode, published.body).toBe(201);
      for (const note of ['一', '=2+3']) {
        const created = await instance.app.inject({ method: 'POST', url: '/api/modules/cli-form/records', headers: { authorization: `Bearer ${token}` }, payload: { data: { note } } });
        expect(created.statusCode, created.body).toBe(201);
      }
    } finally {
      await instance.stop();
    }
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'fw-export-')), 'rows.csv');
    const result = await formwork(['export', 'cli-rows', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`cli-rows: 2 rows → ${out}`);
    expect(result.stderr).toContain('exported 2/2 rows');
    expect(readFileSync(out, 'utf8')).toBe("\ufeffUNIT,NOTE\r\nHQ,一\r\nHQ,'=2+3\r\n");
    const missing = await formwork(['export', 'no-such-dataset', '--out', out]);
    expect(missing.code).toBe(1);
  });

  it('import reads a file into a dataset: progress lines, rejected rows printed with exit 1, a dry run writing nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fw-import-'));
    const good = path.join(dir, 'good.csv');
    writeFileSync(good, '\ufeffUNIT,备注\r\nHQ,导入一\r\n,导入二\r\n');
    const dry = await formwork(['import', 'cli-rows', good, '--dry-run']);
    expect(dry.code, dry.stdout + dry.stderr).toBe(0);
    expect(dry.stdout).toContain('cli-rows: 2 accepted (0 created, 0 already imported), 0 rejected (dry run: nothing written)');
    const done = await formwork(['import', 'cli-rows', good]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('2 accepted (2 created, 0 already imported)');
    expect(done.stderr).toContain('checked 2/2 rows');
    const again = await formwork(['import', 'cli-rows', good]);
    expect(again.stdout).toContain('2 accepted (0 created, 2 already imported)');
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'UNIT,NOTE\r\nNOPE,坏\r\n');
    const refused = await formwork(['import', 'cli-rows', bad, '--atomic']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('第 2 行 [UNIT] FW_DATASET_IMPORT_UNIT');
  });
});
