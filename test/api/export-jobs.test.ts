/**
 * Export jobs: an export asked for in the background (or one too large to stream at once) runs on
 * the job queue with the requester's scope, shows its progress, is downloaded when done by its
 * requester only, is kept for FORMWORK_EXPORT_KEEP_HOURS, and is audited (who, filter, rows).
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
const t: Record<string, string> = {};

const definition = {
  key: 'job-form',
  kind: 'record',
  title: { 'zh-CN': '后台导出测试' },
  schema: { type: 'object', properties: { title: { type: 'string', title: '标题' }, on: { type: 'string', format: 'date', title: '日期' } } },
  exports: [{ name: 'job-rows', title: { 'zh-CN': '后台导出明细' }, dateField: '/on', columns: [{ code: 'UNIT', source: '@unitCode' }, { code: 'TITLE', source: '/title' }, { code: 'ON', source: '/on' }] }],
};

interface Job {
  id: string;
  status: string;
  rows: number;
  total: number | null;
  filename: string | null;
  title: { 'zh-CN': string };
  query: Record<string, unknown>;
  expiresAt: string;
  createdAt: string;
}

const jobOf = async (id: string, token = t['p1-exporter']!) => (await call(instance, token, { method: 'GET', url: `/api/export-jobs/${id}` })).json() as Job;
async function finished(id: string): Promise<Job> {
  await expect.poll(async () => (await jobOf(id)).status, { timeout: 30_000, interval: 200 }).toBe('done');
  return jobOf(id);
}

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url, { env: { FORMWORK_EXPORT_JOB_ROWS: '3', FORMWORK_EXPORT_KEEP_HOURS: '48' } });
  const hq = await login(instance);
  await seedOrganisation(instance, hq);
  expect((await call(instance, hq, { method: 'POST', url: '/api/modules/job-form/versions', payload: definition })).statusCode).toBe(201);
  for (const [name, roles, unit] of [['c11-officer', ['officer'], 'C11'], ['c21-officer', ['officer'], 'C21'], ['p1-exporter', ['exporter'], 'P1'], ['p1-other', ['exporter'], 'P1']] as const) {
    await createUser(instance, { username: name, roles: [...roles], unitCode: unit });
    t[name] = await login(instance, name);
  }
  for (const [who, title, on] of [['c11-officer', '一', '2026-03-01'], ['c11-officer', '二', '2026-03-02'], ['c11-officer', '三', '2026-04-01'], ['c11-officer', '四', '2026-04-02'], ['c21-officer', '乙省', '2026-03-03']] as const) {
    expect((await call(instance, t[who]!, { method: 'POST', url: '/api/modules/job-form/records', payload: { data: { title, on } } })).statusCode).toBe(201);
  }
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('export jobs', () => {
  it('run in the background with the requester’s scope and filter; the file downloads when done, kept for the configured hours', async () => {
    const started = await call(instance, t['p1-exporter']!, { method: 'POST', url: '/api/export-jobs', payload: { dataset: 'job-rows', query: { format: 'csv', period: '2026-03' } } });
    expect(started.statusCode, started.body).toBe(202);
    const asked = started.json() as Job;
    expect(asked).toMatchObject({ status: 'queued', total: 2, title: { 'zh-CN': '后台导出明细' }, query: { format: 'csv', period: '2026-03', labels: 'codes', header: 'codes' } });
    const done = await finished(asked.id);
    expect(done).toMatchObject({ rows: 2, filename: '后台导出明细.csv' });
    expect(new Date(done.expiresAt).getTime() - Date.now()).toBeGreaterThan(47 * 3_600_000);
    const file = await call(instance, t['p1-exporter']!, { method: 'GET', url: `/api/export-jobs/${asked.id}/file` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(file.headers['content-disposition']).toContain(encodeURIComponent('后台导出明细.csv'));
    const rows = parseCsv(file.body.replace(/^\ufeff/, '')) as string[][];
    expect(rows).toEqual([['UNIT', 'TITLE', 'ON'], ['C11', '一', '2026-03-01'], ['C11', '二', '2026-03-02']]);
  });

  it('an export selecting more rows than FORMWORK_EXPORT_JOB_ROWS answers 202 with the job it became', async () => {
    const response = await call(instance, t['p1-exporter']!, { method: 'GET', url: '/api/datasets/job-rows?format=jsonl' });
    expect(response.statusCode).toBe(202);
    const { job } = response.json() as { job: Job };
    expect(job.total).toBe(4);
    expect((await finished(job.id)).rows).toBe(4);
    const small = await call(instance, t['p1-exporter']!, { method: 'GET', url: '/api/datasets/job-rows?format=csv&period=2026-04' });
    expect(small.statusCode).toBe(200);
  });

  it('lists the caller’s jobs only; another user’s job is not found, nor its file', async () => {
    const mine = (await call(instance, t['p1-exporter']!, { method: 'GET', url: '/api/export-jobs' })).json() as Job[];
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(mine[0]!.createdAt >= mine[1]!.createdAt).toBe(true);
    expect((await call(instance, t['p1-other']!, { method: 'GET', url: '/api/export-jobs' })).json()).toEqual([]);
    const other = await call(instance, t['p1-other']!, { method: 'GET', url: `/api/export-jobs/${mine[0]!.id}` });
    expect([other.statusCode, other.json().code]).toEqual([404, 'FW_DATASET_JOB_NOT_FOUND']);
    expect((await call(instance, t['p1-other']!, { method: 'GET', url: `/api/export-jobs/${mine[0]!.id}/file` })).statusCode).toBe(404);
    expect((await call(instance, t['c11-officer']!, { method: 'GET', url: '/api/export-jobs' })).statusCode).toBe(403);
  });

  it('refuses bad input at once: an unknown dataset, a unit outside the subtree, a bad period', async () => {
    const start = (payload: object) => call(instance, t['p1-exporter']!, { method: 'POST', url: '/api/export-jobs', payload });
    expect((await start({ dataset: 'nope' })).json().code).toBe('FW_DATASET_NOT_FOUND');
    expect((await start({ dataset: 'job-rows', query: { unit: 'C21' } })).statusCode).toBe(404);
    const bad = await start({ dataset: 'job-rows', query: { period: '2026-13' } });
    expect([bad.statusCode, bad.json().code]).toEqual([422, 'FW_DATASET_PERIOD']);
    expect((await start({ dataset: 'job-rows', query: { format: 'pdf' } })).statusCode).toBe(422);
    const n = ((await instance.db.sequelize.query("SELECT count(*)::int AS n FROM export_jobs WHERE dataset <> 'job-rows' OR query->>'period' = '2026-13'"))[0] as { n: number }[])[0]!.n;
    expect(n).toBe(0);
  });

  it('answers 409 before the file is ready and 410 once it expired; expired jobs are swept from the list', async () => {
    const asked = (await call(instance, t['p1-exporter']!, { method: 'POST', url: '/api/export-jobs', payload: { dataset: 'job-rows' } })).json() as Job;
    await finished(asked.id);
    await instance.db.sequelize.query("UPDATE export_jobs SET status = 'running' WHERE id = $1", { bind: [asked.id] });
    const early = await call(instance, t['p1-exporter']!, { method: 'GET', url: `/api/export-jobs/${asked.id}/file` });
    expect([early.statusCode, early.json().code]).toEqual([409, 'FW_DATASET_JOB_NOT_READY']);
    expect(early.json().message).toContain('导出中');
    await instance.db.sequelize.query("UPDATE export_jobs SET status = 'done', expires_at = now() - interval '1 minute' WHERE id = $1", { bind: [asked.id] });
    const late = await call(instance, t['p1-exporter']!, { method: 'GET', url: `/api/export-jobs/${asked.id}/file` });
    expect([late.statusCode, late.json().code]).toEqual([410, 'FW_DATASET_JOB_EXPIRED']);
    const list = (await call(instance, t['p1-exporter']!, { method: 'GET', url: '/api/export-jobs' })).json() as Job[];
    expect(list.map((j) => j.id)).not.toContain(asked.id);
    const n = ((await instance.db.sequelize.query('SELECT count(*)::int AS n FROM export_job_chunks WHERE job_id = $1', { bind: [asked.id] }))[0] as { n: number }[])[0]!.n;
    expect(n).toBe(0);
  });

  it('audits the request (who, filter, rows), the export (rows written) and each download', async () => {
    const [entries] = await instance.db.sequelize.query("SELECT action, actor, details FROM audit_log WHERE action LIKE 'dataset.export%' ORDER BY seq");
    const list = entries as { action: string; actor: string; details: Record<string, unknown> }[];
    expect(list.find((e) => e.action === 'dataset.export.job')).toMatchObject({ actor: 'p1-exporter', details: { dataset: 'job-rows', period: '2026-03', format: 'csv', unit: 'P1', rows: 2 } });
    expect(list.find((e) => e.action === 'dataset.export' && e.details.period === '2026-03')).toMatchObject({ actor: 'p1-exporter', details: { rows: 2 } });
    expect(list.find((e) => e.action === 'dataset.export.download')).toMatchObject({ actor: 'p1-exporter', details: { rows: 2 } });
  });
});
