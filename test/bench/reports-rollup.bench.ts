/**
 * Report roll-up over 5,000 units × 30 numeric fields for one period (plus the previous
 * period's 5,000 reports in the table), against a hand-written GROUP BY over the same rows that
 * returns the same figures (each child of HQ and the total), in the same run and database.
 *
 * Three rows: the baseline; the SQL the roll-up generates for one period (bound JSON paths); and the whole service call behind GET …/rollup (template lookup, scope
 * check, this period and the previous one, assigned counts, children, the audit entry).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../../runtime/src/config.js';
import { rollupRows } from '../../runtime/src/reports/report-store.js';
import { insertUnits } from '../../runtime/src/units/unit-store.js';
import { startInstance } from '../../runtime/src/server.js';
import { startEmbeddedPostgres } from '../../runtime/src/platform/db/embedded-postgres.js';
import { fmt, measure, type BenchResult } from './harness.js';

const UNITS = 5_000;
const SECTIONS = ['clues', 'cases', 'sanctions'];
const FIELDS = SECTIONS.flatMap((s) => Array.from({ length: 10 }, (_, i) => [s, `f${i}`] as const));

const template = {
  key: 'bench-report',
  kind: 'report',
  title: { 'zh-CN': '基准报表' },
  schema: {
    type: 'object',
    properties: Object.fromEntries(
      SECTIONS.map((s) => [s, { type: 'object', title: s, properties: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`f${i}`, { type: 'integer', minimum: 0 }])) }]),
    ),
  },
  report: { period: 'quarter', levels: [1, 2, 3, 4] },
};

export async function run(): Promise<BenchResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'formwork-bench-'));
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir, database: 'bench_rollup' });
  const url = process.env.DATABASE_URL ?? embedded!.url;
  const instance = await startInstance(loadConfig({ DATABASE_URL: url, FORMWORK_ADMIN_PASSWORD: 'Bench-Passw0rd!', LOG_LEVEL: 'silent' }), {
    listen: false,
    logger: pino({ level: 'silent' }),
  });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    const { sequelize } = instance.db;
    await sequelize.query("DELETE FROM records WHERE module_key = 'bench-report'");
    await instance.ctx.modules.publish('bench-report', template, { username: 'admin', unitCode: 'HQ' }).catch(async (error: Error) => {
      if (!(await instance.ctx.registry.getLatest('bench-report'))) throw error;
    });
    // HQ → 31 provinces → 10 cities each → counties, 5,000 units in all.
    const existing = await pool.query("SELECT count(*)::int AS n FROM units WHERE code LIKE 'B%'");
    if (existing.rows[0].n === 0) {
      const units: { code: string; name: string; kind: 'company'; parentCode: string }[] = [];
      for (let p = 0; p < 31; p++) units.push({ code: `BP${p}`, name: `省${p}`, kind: 'company', parentCode: 'HQ' });
      for (let p = 0; p < 31; p++) for (let c = 0; c < 10; c++) units.push({ code: `BC${p}-${c}`, name: `市${p}-${c}`, kind: 'company', parentCode: `BP${p}` });
      for (let i = 0; units.length < UNITS - 1; i++) units.push({ code: `BX${i}`, name: `县${i}`, kind: 'company', parentCode: `BC${i % 31}-${Math.floor(i / 31) % 10}` });
      await sequelize.transaction((tx) => insertUnits(sequelize, units, tx));
    }
    const fields = SECTIONS.map((s) => `'${s}', jsonb_build_object(${Array.from({ length: 10 }, (_, i) => `'f${i}', (abs(hashtext(u.code || '${s}${i}' || p.period)) % 100)`).join(', ')})`).join(', ');
    await pool.query(`
      INSERT INTO records (module_key, module_version, unit_code, assigned_unit, state, final, state_entered_at, data, created_by, created_at, updated_by, updated_at, period, due_at)
      SELECT 'bench-report', 1, u.code, u.code, 'approved', false, now(), jsonb_build_object(${fields}), 'bench', now(), 'bench', now(), p.period, now()
        FROM units u CROSS JOIN (VALUES ('2026Q2'), ('2026Q3')) AS p (period)`);
    await pool.query('ANALYZE records; ANALYZE units');
    const reports = (await pool.query("SELECT count(*)::int AS n FROM records WHERE module_key = 'bench-report' AND period = '2026Q3'")).rows[0].n as number;

    // The baseline: the same figures by hand — each child of HQ and the total, one period.
    const sums = FIELDS.map(([s, f], i) => `sum((r.data -> '${s}' ->> '${f}')::numeric) AS s${i}`).join(', ');
    const hand = `
      SELECT CASE WHEN nlevel(u.path) > 1 THEN subpath(u.path, 0, 2) ELSE u.path END AS bucket, count(*), ${sums}
        FROM records r JOIN units u ON u.code = r.unit_code
       WHERE r.module_key = 'bench-report' AND r.period = '2026Q3' AND r.state = 'approved'
       GROUP BY GROUPING SETS ((1), ())`;
    const root = (await pool.query("SELECT path::text FROM units WHERE code = 'HQ'")).rows[0].path as string;
    // As the service asks for them: every stored version's schema says these are integers.
    const rollupFields = FIELDS.map(([s, f]) => ({ pointer: `/${s}/${f}`, aggregate: 'sum' as const, trusted: true }));
    const generated = () => rollupRows(sequelize, { moduleKey: 'bench-report', periods: ['2026Q3'], unitPath: root, states: ['approved'], fields: rollupFields });

    // Same answers first: the grand totals agree.
    const [handRows, ours] = await Promise.all([pool.query(hand), generated()]);
    const handTotal = handRows.rows.find((r: { bucket: string | null }) => r.bucket === null) as Record<string, string>;
    const ourTotal = ours.find((r) => r.bucket === null)!;
    const agree = Number(handTotal.count) === ourTotal.reports && FIELDS.every((_, i) => Number(handTotal[`s${i}`]) === ourTotal.values[i]);
    if (!agree || handRows.rows.length !== ours.length) throw new Error('the roll-up and the hand-written GROUP BY disagree');

    const caller = { id: 1, username: 'admin', unitCode: 'HQ', unitPath: root, unitLevel: 1, roles: ['officer', 'leader', 'auditor'] };
    const ms = 3_000;
    const baseline = await measure('hand-written GROUP BY (raw pg)', () => pool.query(hand), ms, 1_000);
    const sql = await measure('generated roll-up SQL, one period', generated, ms, 1_000);
    const service = await measure('whole roll-up (this and the previous period, children, audit)', () => instance.ctx.reports.rollup(caller, 'bench-report', '2026Q3', {}, 'bench'), ms, 1_000);
    const perCall = (m: { opsPerSecond: number }) => `${fmt(1000 / m.opsPerSecond)} ms`;
    return {
      title: `Report roll-up: ${reports.toLocaleString('en-US')} units × ${FIELDS.length} fields, one period (3 s each)`,
      rows: [
        { name: baseline.name, value: perCall(baseline), note: 'baseline' },
        { name: sql.name, value: perCall(sql), note: `${fmt(baseline.opsPerSecond / sql.opsPerSecond)}× baseline time (target ≤ 1.2×, < 300 ms)` },
        { name: service.name, value: perCall(service), note: `${fmt(baseline.opsPerSecond / service.opsPerSecond)}× baseline time` },
      ],
    };
  } finally {
    await pool.end();
    await instance.stop();
    await embedded?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
