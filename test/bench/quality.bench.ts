/**
 * Data quality (GET /api/quality) over 5,000 units: 20 records a unit (100,000, a year of
 * entries, most of them final), their history (a submission each, a return for one in ten, a
 * missed deadline for one in twenty), a report due in the month per unit, two users a unit and
 * 2,000 sign-ins in the audit log. Goal: the whole service call for HQ's children under 1 s;
 * the records behind a figure (a page of 50) and the twelve months' trend are measured beside it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../../runtime/src/config.js';
import { appendAudit } from '../../runtime/src/audit/audit-store.js';
import { insertUnits } from '../../runtime/src/units/unit-store.js';
import { startInstance } from '../../runtime/src/server.js';
import { startEmbeddedPostgres } from '../../runtime/src/platform/db/embedded-postgres.js';
import { fmt, type BenchResult } from './harness.js';

const UNITS = 5_000;
const PER_UNIT = 20;

const form = {
  key: 'bench-quality',
  kind: 'record',
  title: { 'zh-CN': '基准登记' },
  schema: { type: 'object', properties: { receivedOn: { type: 'string', format: 'date' } } },
  quality: { matterDate: '/receivedOn', entryLimitDays: 7, staleDraftDays: 14 },
};
const template = {
  key: 'bench-quality-report',
  kind: 'report',
  title: { 'zh-CN': '基准月报' },
  schema: { type: 'object', properties: { n: { type: 'integer' } } },
  report: { period: 'month', levels: [1, 2, 3, 4] },
};

/** The median of `runs` timed calls, in ms. */
async function timed(fn: () => Promise<unknown>, runs = 7): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

export async function run(): Promise<BenchResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'formwork-bench-'));
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir, database: 'bench_quality' });
  const url = process.env.DATABASE_URL ?? embedded!.url;
  const instance = await startInstance(loadConfig({ DATABASE_URL: url, FORMWORK_ADMIN_PASSWORD: 'Bench-Passw0rd!', LOG_LEVEL: 'silent' }), {
    listen: false,
    logger: pino({ level: 'silent' }),
  });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    const { sequelize } = instance.db;
    for (const definition of [form, template]) {
      await instance.ctx.modules.publish(definition.key, definition, { username: 'admin', unitCode: 'HQ' }).catch(async (error: Error) => {
        if (!(await instance.ctx.registry.getLatest(definition.key))) throw error;
      });
    }
    const existing = await pool.query("SELECT count(*)::int AS n FROM units WHERE code LIKE 'B%'");
    if (existing.rows[0].n === 0) {
      const units: { code: string; name: string; kind: 'company'; parentCode: string }[] = [];
      for (let p = 0; p < 31; p++) units.push({ code: `BP${p}`, name: `省${p}`, kind: 'company', parentCode: 'HQ' });
      for (let p = 0; p < 31; p++) for (let c = 0; c < 10; c++) units.push({ code: `BC${p}-${c}`, name: `市${p}-${c}`, kind: 'company', parentCode: `BP${p}` });
      for (let i = 0; units.length < UNITS - 1; i++) units.push({ code: `BX${i}`, name: `县${i}`, kind: 'company', parentCode: `BC${i % 31}-${Math.floor(i / 31) % 10}` });
      await sequelize.transaction((tx) => insertUnits(sequelize, units, tx));
    }
    await pool.query("DELETE FROM records WHERE module_key LIKE 'bench-quality%'");
    // A year of entries up to 2026-06-30, one in four still open (a draft), matter dates 0–14 days before.
    await pool.query(`
      INSERT INTO records (module_key, module_version, unit_code, assigned_unit, state, final, state_entered_at, data, created_by, created_at, updated_by, updated_at, overdue_at)
      SELECT 'bench-quality', 1, u.code, u.code, CASE WHEN i % 4 = 0 THEN 'draft' ELSE 'submitted' END, i % 4 <> 0, t.at,
             jsonb_build_object('receivedOn', to_char(t.at - (abs(hashtext(u.code || i)) % 15) * interval '1 day', 'YYYY-MM-DD')),
             'bench', t.at, 'bench', t.at + interval '1 day', CASE WHEN i % 20 = 0 THEN t.at + interval '10 days' END
        FROM units u CROSS JOIN generate_series(1, ${PER_UNIT}) AS i
        CROSS JOIN LATERAL (SELECT timestamptz '2026-06-30T00:00:00+08' - (abs(hashtext(u.code || 'at' || i)) % 365) * interval '1 day' AS at) t`);
    await pool.query(`
      INSERT INTO record_history (record_id, at, kind, from_state, to_state)
      SELECT id, created_at + interval '1 day', 'transition', 'draft', 'submitted' FROM records WHERE module_key = 'bench-quality'
      UNION ALL
      SELECT id, created_at + interval '1 day', 'transition', 'submitted', 'draft' FROM records WHERE module_key = 'bench-quality' AND state = 'draft' AND abs(hashtext(id::text)) % 10 < 4
      UNION ALL
      SELECT id, overdue_at, 'overdue', NULL, state FROM records WHERE module_key = 'bench-quality' AND overdue_at IS NOT NULL`);
    await pool.query(`
      INSERT INTO records (module_key, module_version, unit_code, assigned_unit, state, final, state_entered_at, data, created_by, created_at, updated_by, updated_at, period, due_at)
      SELECT 'bench-quality-report', 1, u.code, u.code, CASE WHEN u.id % 3 = 0 THEN 'draft' ELSE 'approved' END, false, now(), '{}', 'bench', '2026-06-01', 'bench', '2026-06-04', '2026-05', '2026-06-05T10:00:00+08'
        FROM units u`);
    const users = (await pool.query("SELECT count(*)::int AS n FROM users WHERE username LIKE 'bq-%'")).rows[0].n as number;
    if (users === 0) {
      await pool.query(`INSERT INTO users (username, password_hash, unit_code, roles, status, created_by)
                        SELECT 'bq-' || u.code || '-' || i, 'x', u.code, '{officer}', 'active', 'bench' FROM units u CROSS JOIN generate_series(1, 2) i`);
      for (let i = 0; i < 2_000; i++) await appendAudit(sequelize, { actor: `bq-BX${i}-1`, unitCode: `BX${i}`, action: 'auth.login', outcome: 'ok' });
    }
    await pool.query('ANALYZE records; ANALYZE record_history; ANALYZE units; ANALYZE users; ANALYZE audit_log');
    const records = (await pool.query("SELECT count(*)::int AS n FROM records WHERE module_key LIKE 'bench-quality%'")).rows[0].n as number;

    const root = (await pool.query("SELECT path::text FROM units WHERE code = 'HQ'")).rows[0].path as string;
    const caller = { id: 1, username: 'admin', unitCode: 'HQ', unitPath: root, unitLevel: 1, roles: ['auditor'] };
    const answer = await instance.ctx.quality.measures(caller, { period: '2026-06' }, 'bench');
    if (answer.children.length !== 31 || answer.total.records === 0) throw new Error('the quality answer is not what the data holds');
    const month = await timed(() => instance.ctx.quality.measures(caller, { period: '2026-06' }, 'bench'));
    const year = await timed(() => instance.ctx.quality.measures(caller, { period: '2026' }, 'bench'), 3);
    const province = await timed(() => instance.ctx.quality.measures(caller, { period: '2026-06', unit: 'BP0' }, 'bench'));
    const page = { limit: 50, offset: 0 };
    const late = await instance.ctx.quality.records(caller, { period: '2026-06', measure: 'lateEntries', ...page }, 'bench');
    if (late.items.length !== 50 || late.sum !== answer.total.lateEntries) throw new Error('the late entries are not what the measures count');
    const lateHq = await timed(() => instance.ctx.quality.records(caller, { period: '2026-06', measure: 'lateEntries', ...page }, 'bench'));
    const staleProvince = await timed(() => instance.ctx.quality.records(caller, { period: '2026-06', measure: 'staleDrafts', unit: 'BP0', ...page }, 'bench'));
    const trend = await instance.ctx.quality.trend(caller, { period: '2026-06' }, 'bench');
    if (trend.months.at(-1)!.records !== answer.total.records) throw new Error('the trend’s last month is not the month’s measures');
    const trendHq = await timed(() => instance.ctx.quality.trend(caller, { period: '2026-06' }, 'bench'), 3);
    const trendProvince = await timed(() => instance.ctx.quality.trend(caller, { period: '2026-06', unit: 'BP0' }, 'bench'));
    return {
      title: `Data quality: ${UNITS.toLocaleString('en-US')} units, ${records.toLocaleString('en-US')} records, ${(UNITS * 2).toLocaleString('en-US')} users (median of timed calls)`,
      rows: [
        { name: 'HQ’s 31 children, one month (whole service call)', value: `${fmt(month)} ms`, note: 'goal < 1 s' },
        { name: 'HQ’s 31 children, one year', value: `${fmt(year)} ms`, note: 'goal < 1 s' },
        { name: 'one province’s 10 children, one month', value: `${fmt(province)} ms`, note: '' },
        { name: 'the records behind HQ’s late entries of a month, first 50', value: `${fmt(lateHq)} ms`, note: `of ${late.total.toLocaleString('en-US')}; ${(lateHq / month).toFixed(2)} × HQ’s month` },
        { name: 'the records behind a province’s stale drafts, first 50', value: `${fmt(staleProvince)} ms`, note: '' },
        { name: 'HQ’s trend, twelve months', value: `${fmt(trendHq)} ms`, note: `${(trendHq / year).toFixed(2)} × HQ’s year` },
        { name: 'a province’s trend, twelve months', value: `${fmt(trendProvince)} ms`, note: '' },
      ],
    };
  } finally {
    await pool.end();
    await instance.stop();
    await embedded?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
