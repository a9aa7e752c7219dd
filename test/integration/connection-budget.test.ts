/**
 * One instance holds at most FORMWORK_DB_POOL connections, plus its LISTEN connection, however
 * hard it is driven: every statement (plain reads, transactions, the job queue's fetches and
 * inserts) draws from the one pool. Ten instances behind a load balancer then need
 * 10 × (pool + 1) connections, which the README's arithmetic relies on.
 *
 * The instance is loaded through its HTTP API (concurrent creates, transitions that schedule
 * deadline jobs, lists, reads, a report assignment and roll-up, deadline workers firing) while
 * a separate connection samples pg_stat_activity.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundled } from '../../runtime/src/modules/bundled.js';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

const POOL = 4;
const RECORDS = 50;

let db: TestDatabase;
let instance: Instance;
let admin: string;

// The clue flow with deadlines of seconds, so deadline workers fire while the test watches.
const clue = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/definitions/clue-flow.json'), 'utf8'));
clue.key = 'budget-clue';
clue.facts.openCluesForPerson.params.module = 'budget-clue';
clue.workflow.states.submitted.deadline = { after: 'PT2S', remindBefore: ['PT1S'] };

/** Samples this database's client connections (the sampler's own excluded) until stopped. */
function sampleConnections(url: string) {
  const client = new pg.Client({ connectionString: url, application_name: 'connection-sampler' });
  let max = 0;
  let atMax: { application_name: string; state: string; query: string }[] = [];
  let running = true;
  const done = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ application_name: string; state: string; query: string }>(
        `SELECT application_name, state, left(query, 60) AS query FROM pg_stat_activity
          WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      );
      if (rows.length > max) {
        max = rows.length;
        atMax = rows;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await client.end();
  })();
  return {
    async stop() {
      running = false;
      await done;
      return { max, atMax };
    },
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url, { env: { FORMWORK_DB_POOL: String(POOL) } });
  admin = await login(instance);
  await seedOrganisation(instance, admin);
  await createUser(instance, { username: 'x-officer', roles: ['officer'], unitCode: 'X111' });
  await createUser(instance, { username: 'x-leader', roles: ['leader'], unitCode: 'X111' });
  expect((await call(instance, admin, { method: 'POST', url: '/api/modules/budget-clue/versions', payload: clue })).statusCode).toBe(201);
  await publishBundled(instance.ctx);
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe(`one instance with FORMWORK_DB_POOL=${POOL}`, () => {
  it(`never holds more than ${POOL} + 1 connections under concurrent load`, async () => {
    const officer = await login(instance, 'x-officer');
    const sampler = sampleConnections(db.url);
    const statuses: number[] = [];
    const send = async (token: string, options: Parameters<typeof call>[2]) => {
      const response = await call(instance, token, options);
      statuses.push(response.statusCode);
      return response;
    };
    const list = () => send(officer, { method: 'GET', url: '/api/modules/budget-clue/records?limit=20' });
    try {
      // Concurrent creates, with lists and statistics in between.
      const created = await Promise.all([
        ...Array.from({ length: RECORDS }, (_, i) =>
          send(officer, {
            method: 'POST',
            url: '/api/modules/budget-clue/records',
            payload: { data: { reportedPerson: `人员${i}`, source: 'audit', category: 'work', summary: '不作为', receivedOn: '2026-06-01' } },
          }),
        ),
        ...Array.from({ length: 10 }, list),
        send(officer, { method: 'GET', url: '/api/modules/budget-clue/stats?by=state' }),
      ]);
      const ids = created.filter((r) => r.statusCode === 201).map((r) => r.json().id as string);
      expect(ids).toHaveLength(RECORDS);

      // Concurrent transitions: each a transaction that also schedules deadline jobs; reads meanwhile.
      await Promise.all([
        ...ids.map((id) => send(officer, { method: 'POST', url: `/api/records/${id}/actions/submit` })),
        ...ids.map((id) => send(officer, { method: 'GET', url: `/api/records/${id}` })),
        ...ids.slice(0, 10).map((id) => send(officer, { method: 'GET', url: `/api/records/${id}/history` })),
        ...Array.from({ length: 5 }, list),
      ]);

      // A report period for every county, and its roll-up, while the deadline workers start firing.
      const assigned = await send(admin, { method: 'POST', url: '/api/reports/enforcement-quarterly/periods/2026Q1/assign', payload: { level: 4 } });
      expect(assigned.statusCode, assigned.body).toBe(201);
      await Promise.all([
        send(admin, { method: 'GET', url: '/api/reports/enforcement-quarterly/periods/2026Q1/rollup' }),
        send(admin, { method: 'GET', url: '/api/reports/enforcement-quarterly/periods/2026Q1/status' }),
        send(admin, { method: 'GET', url: '/api/audit?limit=50' }),
        ...Array.from({ length: 5 }, list),
      ]);

      // Every record's overdue job runs (a transaction per job, on the same pool).
      const deadline = Date.now() + 30_000;
      for (;;) {
        const [rows] = await instance.db.sequelize.query("SELECT count(*)::int AS n FROM record_history WHERE kind = 'overdue'");
        if ((rows as { n: number }[])[0]!.n >= RECORDS) break;
        if (Date.now() > deadline) throw new Error(`only ${(rows as { n: number }[])[0]!.n} of ${RECORDS} deadlines fired`);
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      const { max, atMax } = await sampler.stop();
      const peak = atMax.map((c) => `${c.application_name || '(no name)'} ${c.state}: ${c.query.replace(/\s+/g, ' ').trim()}`).sort();
      expect(max, `connections at the peak:\n${peak.join('\n')}`).toBeLessThanOrEqual(POOL + 1);
      // Every connection says whose it is, so an operator can tell instances' connections apart.
      expect(new Set(atMax.map((c) => c.application_name))).toEqual(new Set(['formwork']));
    }
    expect(statuses.filter((s) => s >= 300)).toEqual([]);
  });
});
