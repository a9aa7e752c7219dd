/**
 * The demo a first start seeds: the organisation, its people, and records of the shipped
 * modules in every state, some overdue once the deadline workers have run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { publishBundled } from '../../runtime/src/modules/bundled.js';
import { DEMO_PASSWORD, seedDemo } from '../../runtime/src/cli/demo/demo-seed.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, login, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  await publishBundled(instance.ctx);
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('demo seed', () => {
  // Replays months of work through the real services: minutes on 2 busy cores.
  it('seeds a living organisation once, and only into an empty database', { timeout: 300_000 }, async () => {
    const { jobs } = instance;
    const seeded = await seedDemo(instance.db, jobs);
    expect(seeded).toMatchObject({ units: 21 });
    expect(seeded!.users).toBeGreaterThanOrEqual(66);
    expect(seeded!.records).toBeGreaterThanOrEqual(290);
    expect(await seedDemo(instance.db, jobs)).toBeUndefined();
    // Every demo user has a Chinese display name.
    const [unnamed] = await instance.db.sequelize.query("SELECT count(*)::int AS n FROM users WHERE created_by = 'demo' AND (display_name IS NULL OR display_name !~ '^[\u4e00-\u9fff]{2,3}$')");
    expect(unnamed).toEqual([{ n: 0 }]);
    // Dates of past events are never after today (China time), however the replay's steps fall.
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const [future] = await instance.db.sequelize.query(
      `SELECT count(*)::int AS n FROM records WHERE module_key = 'discipline-case'
          AND GREATEST(data->>'receivedOn', data->>'disposedOn', data->>'filedOn', data->>'reviewedOn', data->>'sanctionDate', data->>'closedOn') > $1`,
      { bind: [today] },
    );
    expect(future).toEqual([{ n: 0 }]);

    const auditor = await login(instance, 'hq-auditor', DEMO_PASSWORD);
    const units = (await call(instance, auditor, { method: 'GET', url: '/api/units' })).json();
    expect(units.map((u: { level: number }) => u.level).filter((l: number) => l === 4)).toHaveLength(12);
    const cases = (await call(instance, auditor, { method: 'GET', url: '/api/modules/discipline-case/records?limit=500' })).json().items as { state: string }[];
    const states = new Set(cases.map((c) => c.state));
    for (const state of ['registered', 'awaitingDisposal', 'talking', 'verifying', 'shelved', 'concluded', 'filed', 'reviewing', 'deciding', 'closed']) expect(states).toContain(state);

    // Deadlines long passed fire as soon as the workers run.
    let overdue = 0;
    for (let i = 0; i < 60 && overdue === 0; i++) {
      await new Promise((r) => setTimeout(r, 500));
      overdue = (await call(instance, auditor, { method: 'GET', url: '/api/modules/discipline-case/records?overdue=true&limit=500' })).json().items.length;
    }
    expect(overdue).toBeGreaterThan(0);

    // Last quarter's report: assigned to every province, city and county, mostly filled and approved.
    const periods = (await call(instance, auditor, { method: 'GET', url: '/api/reports/enforcement-quarterly/periods' })).json() as { period: string; assigned: number; submitted: number; approved: number }[];
    expect(periods).toHaveLength(2);
    const [current, last] = periods;
    expect(current).toMatchObject({ assigned: 21, submitted: 0, approved: 0 });
    expect(last!.assigned).toBe(21);
    expect(last!.approved).toBeGreaterThan(10);
    expect(last!.submitted).toBeGreaterThan(last!.approved);
    const status = (await call(instance, auditor, { method: 'GET', url: `/api/reports/enforcement-quarterly/periods/${last!.period}/status` })).json();
    expect(status.total.notStarted).toBeGreaterThan(0);
    expect(status.total.draft).toBeGreaterThan(0);
    expect(status.levels.map((l: { level: number }) => l.level)).toEqual([2, 3, 4]);
    const rollup = (await call(instance, auditor, { method: 'GET', url: `/api/reports/enforcement-quarterly/periods/${last!.period}/rollup` })).json();
    expect(rollup.total.reports).toBe(last!.approved);
    expect(rollup.total.values['/clues/received']).toBeGreaterThan(0);

    const leader = await login(instance, 'js0101-leader', DEMO_PASSWORD);
    expect((await call(instance, leader, { method: 'GET', url: '/api/inbox' })).statusCode).toBe(200);
  });
});
