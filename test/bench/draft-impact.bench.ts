/**
 * Impact before publish: 100,000 records of a 30-field module scanned by the service (keyset
 * batches in a READ ONLY transaction, every record evaluated under its published version and
 * under the draft, compared and tallied), against a same-process baseline doing the bare work:
 * the same rows read in the same batches with raw `pg`, each validated by bare ajv and run
 * through bare json-rules-engine under both definitions. Also the memory the scan holds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { Engine, type RuleProperties } from 'json-rules-engine';
import pg from 'pg';
import pino from 'pino';
import { CUSTOM_OPERATORS, getAt } from '../../engine/src/index.js';
import { loadConfig } from '../../runtime/src/config.js';
import { startInstance } from '../../runtime/src/server.js';
import { startEmbeddedPostgres } from '../../runtime/src/platform/db/embedded-postgres.js';
import { fmt, type BenchResult } from './harness.js';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

const RECORDS = Number(process.env.BENCH_IMPACT_RECORDS ?? 100_000);
const KEY = 'bench-impact';
const BATCH = 500;

/** 30 fields: 12 numbers, 8 texts, 6 dates, 4 codes. */
const numbers = Array.from({ length: 12 }, (_, i) => `n${i + 1}`);
const texts = Array.from({ length: 8 }, (_, i) => `t${i + 1}`);
const dates = Array.from({ length: 6 }, (_, i) => `d${i + 1}`);
const codes = Array.from({ length: 4 }, (_, i) => `c${i + 1}`);

const schema = {
  type: 'object',
  properties: {
    ...Object.fromEntries(numbers.map((n, i) => [n, { type: 'number', title: `数值${i + 1}`, minimum: 0 }])),
    ...Object.fromEntries(texts.map((n, i) => [n, { type: 'string', title: `文本${i + 1}`, maxLength: 200 }])),
    ...Object.fromEntries(dates.map((n, i) => [n, { type: 'string', format: 'date', title: `日期${i + 1}` }])),
    ...Object.fromEntries(codes.map((n, i) => [n, { type: 'string', title: `代码${i + 1}`, enum: ['a', 'b', 'c', 'd'] }])),
  },
};

const message = (zh: string) => ({ 'zh-CN': zh, en: zh });
const rule = (name: string, conditions: object[], event: object) => ({ name, conditions: { all: conditions }, event });
const data = (path: string, operator: string, value: unknown) => ({ fact: 'data', path, operator, value });

/** Ten rules: a computed total, comparisons, date order, routing, escalation, a notice. */
function rules(threshold: number, extra: object[] = []): object[] {
  return [
    rule('total', [{ fact: 'data', path: '/n1', operator: 'isNotEmpty' }], { type: 'set', params: { path: '/n12', expr: { '+': [{ var: 'data.n1' }, { var: 'data.n2' }, { var: 'data.n3' }] } } }),
    rule('big', [data('/n4', 'greaterThan', threshold)], { type: 'warning', params: { path: '/n4', message: message('数值较大') } }),
    rule('order', [data('/d2', 'dateBefore', { fact: 'data', path: '/d1' })], { type: 'error', params: { path: '/d2', message: message('日期2 不得早于日期1') } }),
    rule('route', [data('/n5', 'greaterThan', threshold), data('/c1', 'equal', 'a')], { type: 'route', params: { to: 'parent' } }),
    rule('stale', [{ fact: 'context', path: '/daysInState', operator: 'greaterThan', value: 30 }, data('/c2', 'in', ['a', 'b'])], { type: 'escalate', params: { to: 'parent' } }),
    rule('notice', [data('/n6', 'lessThan', 5)], { type: 'notify', params: { to: 'parent', message: message('数值偏小') } }),
    rule('text', [{ fact: 'data', path: '/t1', operator: 'isEmpty' }], { type: 'warning', params: { path: '/t1', message: message('请填写文本1') } }),
    rule('code', [data('/c3', 'notEqual', 'd'), data('/n7', 'greaterThanInclusive', 50)], { type: 'warning', params: { path: '/c3', message: message('请核对代码3') } }),
    rule('late', [data('/d3', 'dateAfter', '2026-12-31')], { type: 'error', params: { path: '/d3', message: message('日期3 不得晚于年底') } }),
    rule('pair', [data('/n8', 'greaterThan', { fact: 'data', path: '/n9' })], { type: 'warning', params: { path: '/n8', message: message('数值8 大于数值9') } }),
    ...extra,
  ];
}

export const published = { key: KEY, kind: 'record', title: message('影响分析基准'), schema, rules: rules(80) };
/** The draft: a lower threshold (routing and warnings change) and a new date rule (records become invalid). */
export const draftRules = rules(60, [rule('future', [data('/d4', 'dateAfter', { fact: 'context', path: '/today' })], { type: 'error', params: { path: '/d4', message: message('日期4 不得晚于今天') } })]);

/** The SQL that makes one record's data from its number i. */
export function dataSql(): string {
  const parts: string[] = [];
  numbers.forEach((n, k) => parts.push(`'${n}', (i * ${k + 7}) % 100`));
  texts.forEach((n, k) => parts.push(`'${n}', CASE WHEN i % ${k + 11} = 0 THEN NULL ELSE '文本内容' || (i % ${k + 13}) END`));
  dates.forEach((n, k) => parts.push(`'${n}', to_char(date '2026-01-01' + ((i * ${k + 3}) % 400), 'YYYY-MM-DD')`));
  codes.forEach((n, k) => parts.push(`'${n}', (ARRAY['a','b','c','d'])[1 + (i + ${k}) % 4]`));
  return `jsonb_strip_nulls(jsonb_build_object(${parts.join(', ')}))`;
}

/** The baseline's engine: json-rules-engine with our operators and pointer paths, nothing else. */
export function bareEngine(list: object[]): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: (value: unknown, p: string) => getAt(value, p) });
  for (const [name, test] of Object.entries(CUSTOM_OPERATORS)) engine.addOperator(name, test);
  // "error" is one of our event types; EventEmitter2 throws on an unheard 'error' emission.
  engine.on('error', () => undefined);
  for (const r of list as { name: string; conditions: { all: Record<string, unknown>[] }; event: RuleProperties['event'] }[]) {
    const conditions = { all: r.conditions.all.map((c) => ('value' in c ? c : { ...c, value: true })) };
    engine.addRule({ name: r.name, conditions: conditions as RuleProperties['conditions'], event: r.event });
  }
  return engine;
}

export async function run(): Promise<BenchResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'formwork-bench-'));
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir, database: 'bench_impact' });
  const url = process.env.DATABASE_URL ?? embedded!.url;
  const instance = await startInstance(loadConfig({ DATABASE_URL: url, FORMWORK_ADMIN_PASSWORD: 'Bench-Passw0rd!', LOG_LEVEL: 'silent' }), { listen: false, logger: pino({ level: 'silent' }) });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    if (!(await instance.ctx.registry.getLatest(KEY))) await instance.ctx.modules.publish(KEY, published, { username: 'admin', unitCode: 'HQ' });
    const version = (await instance.ctx.registry.getLatest(KEY))!.version;
    await pool.query('DELETE FROM records WHERE module_key = $1', [KEY]);
    await pool.query(
      `INSERT INTO records (module_key, module_version, unit_code, assigned_unit, state, final, state_entered_at, data, created_by, created_at, updated_by, updated_at)
       SELECT $1, $2, 'HQ', 'HQ', 'draft', false, now() - (i % 60) * interval '1 day', ${dataSql()}, 'bench', now(), 'bench', now()
         FROM generate_series(1, $3) AS i`,
      [KEY, version, RECORDS],
    );
    await pool.query('ANALYZE records');
    const root = (await pool.query("SELECT path::text FROM units WHERE code = 'HQ'")).rows[0].path as string;
    const caller = { id: 1, username: 'admin', unitCode: 'HQ', unitPath: root, unitLevel: 1, roles: ['designer'] };
    const draft = await instance.ctx.drafts.create(caller, { from: { key: KEY } }, 'zh-CN', 'bench');
    await instance.ctx.drafts.save(caller, draft.id, { definition: { ...draft.definition, rules: draftRules } }, String(draft.revision), 'zh-CN', 'bench');

    // The baseline: the same rows in the same batches, bare ajv and json-rules-engine under both definitions.
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const engines = [bareEngine(published.rules), bareEngine(draftRules)];
    const context = { today: '2026-11-27', daysInState: 40 };
    const baseStart = performance.now();
    // BENCH_IMPACT_BASELINE=0 skips the baseline (to profile the scan alone).
    let after = process.env.BENCH_IMPACT_BASELINE === '0' ? 'ffffffff-ffff-ffff-ffff-ffffffffffff' : '00000000-0000-0000-0000-000000000000';
    let seen = 0;
    for (;;) {
      const { rows } = await pool.query<{ id: string; data: Record<string, unknown> }>('SELECT id, data FROM records WHERE module_key = $1 AND id > $2 ORDER BY id LIMIT $3', [KEY, after, BATCH]);
      if (rows.length === 0) break;
      for (const row of rows) {
        for (const engine of engines) {
          validate(row.data);
          await engine.run({ data: row.data, context });
        }
      }
      seen += rows.length;
      after = rows[rows.length - 1]!.id;
    }
    const baseMs = performance.now() - baseStart;

    global.gc?.();
    const heap: number[] = [];
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
    const start = performance.now();
    const scan = await instance.ctx.impact.prepare(caller, draft.id, 'zh-CN', 'bench');
    const answer = await scan.run((scanned) => {
      if (scanned > 0 && scanned % (BATCH * 20) === 0) heap.push(process.memoryUsage().heapUsed);
    });
    const impactMs = performance.now() - start;
    clearInterval(sampler);
    if (answer.scanned !== RECORDS || (seen !== RECORDS && process.env.BENCH_IMPACT_BASELINE !== '0')) throw new Error(`scanned ${answer.scanned}, baseline ${seen}, expected ${RECORDS}`);
    const rate = (ms: number) => `${fmt(ms / 1000)} s (${fmt(RECORDS / (ms / 1000))} records/s)`;
    const mb = (n: number) => `${fmt(n / 1e6)} MB`;
    return {
      title: `Impact before publish: ${RECORDS.toLocaleString('en-US')} records × 30 fields, 10 → 11 rules`,
      rows: [
        { name: 'raw pg batches + bare ajv + bare json-rules-engine, both definitions', value: rate(baseMs), note: 'baseline' },
        { name: 'POST /api/drafts/{id}/impact (the service’s scan)', value: rate(impactMs), note: `${fmt(impactMs / baseMs)}× baseline time (goal < 30 s)` },
        {
          name: 'heap used every 10,000 records (first → last)',
          value: `${mb(heap[0] ?? 0)} → ${mb(heap.at(-1) ?? 0)}`,
          note: `peak RSS added ${mb(rssPeak - rssBefore)}`,
        },
        { name: 'what it found', value: `${answer.invalid.toLocaleString('en-US')} invalid, ${answer.eventsChanged.toLocaleString('en-US')} with other events, ${answer.derivedChanged} computed values changed` },
      ],
    };
  } finally {
    await pool.query('DELETE FROM records WHERE module_key = $1', [KEY]).catch(() => undefined);
    await pool.end();
    await instance.stop();
    await embedded?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
