/**
 * Deadlines and escalation with two instances on one database: a reminder before the
 * deadline, then the overdue escalation, each fired exactly once though both instances run
 * deadline workers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEADLINE_QUEUE } from '../../runtime/src/platform/jobs/job-queue.js';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let a: Instance;
let b: Instance;

const clue = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/definitions/clue-flow.json'), 'utf8'));
// The same module with a deadline of seconds: remind one second before, overdue after three.
clue.key = 'fast-clue';
clue.facts.openCluesForPerson.params.module = 'fast-clue';
clue.workflow.states.submitted.deadline = { after: 'PT3S', remindBefore: ['PT1S'] };

/** A fast-clue draft for this person, created through the API; its id. */
async function createClue(instance: Instance, token: string, person: string): Promise<string> {
  const created = await call(instance, token, {
    method: 'POST',
    url: '/api/modules/fast-clue/records',
    payload: { data: { reportedPerson: person, source: 'audit', category: 'work', summary: '不作为', receivedOn: '2026-06-01' } },
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json().id as string;
}

async function until<T>(probe: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  [a, b] = await Promise.all([startTestInstance(db.url), startTestInstance(db.url)]);
  const hq = await login(a);
  await seedOrganisation(a, hq);
  await createUser(a, { username: 'x-officer', roles: ['officer'], unitCode: 'X111' });
  await createUser(a, { username: 'x-leader', roles: ['leader'], unitCode: 'X111' });
  await createUser(a, { username: 'c-leader', roles: ['leader'], unitCode: 'C11' });
  expect((await call(a, hq, { method: 'POST', url: '/api/modules/fast-clue/versions', payload: clue })).statusCode).toBe(201);
});
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await db?.drop();
});

describe('deadlines', () => {
  it('reminds before the deadline and escalates once when overdue, with two instances running', async () => {
    const officer = await login(b, 'x-officer');
    const id = await createClue(b, officer, '赵六');
    const submitted = await call(a, officer, { method: 'POST', url: `/api/records/${id}/actions/submit` });
    expect(submitted.json()).toMatchObject({ state: 'submitted', assignedUnit: 'X111', overdue: false });

    const history = () => a.db.sequelize.query('SELECT kind, details FROM record_history WHERE record_id = $1 ORDER BY id', { bind: [id] }).then(([r]) => r as { kind: string; details: Record<string, unknown> }[]);
    const rows = await until(history, (h) => h.some((e) => e.kind === 'overdue'), 20_000);
    // Give a second worker every chance to act twice, then count.
    await new Promise((r) => setTimeout(r, 1500));
    const final = await history();
    expect(final.filter((e) => e.kind === 'remind')).toHaveLength(1);
    expect(final.filter((e) => e.kind === 'overdue')).toHaveLength(1);
    expect(final.filter((e) => e.kind === 'escalate')).toHaveLength(1);
    expect(final.find((e) => e.kind === 'escalate')!.details).toMatchObject({ rule: 'overdueEscalates', from: 'X111', to: 'C11' });
    expect(rows.map((e) => e.kind).indexOf('remind')).toBeLessThan(rows.map((e) => e.kind).indexOf('overdue'));

    const cLeader = await login(a, 'c-leader');
    const record = (await call(a, cLeader, { method: 'GET', url: `/api/records/${id}` })).json();
    expect(record).toMatchObject({ overdue: true, assignedUnit: 'C11', assignedRole: 'leader' });
    expect(record.availableActions.map((x: { action: string }) => x.action)).toEqual(['sendBack', 'reportUp', 'approve']);
    const inbox = (await call(a, cLeader, { method: 'GET', url: '/api/inbox' })).json();
    expect(inbox.tasks[0]).toMatchObject({ id, overdue: true });
    expect(inbox.notifications.map((n: { kind: string }) => n.kind)).toContain('escalate');
    const [audit] = await a.db.sequelize.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'record.overdue' AND target = $1", { bind: [`record:${id}`] });
    expect(audit).toEqual([{ n: 1 }]);
  });

  it('a record that leaves the state in time is not escalated', async () => {
    const officer = await login(a, 'x-officer');
    const leader = await login(a, 'x-leader');
    const id = await createClue(a, officer, '钱七');
    await call(a, officer, { method: 'POST', url: `/api/records/${id}/actions/submit` });
    const closed = await call(a, leader, { method: 'POST', url: `/api/records/${id}/actions/approve`, payload: { data: { disposal: 'close' } } });
    expect(closed.json().state).toBe('closed');
    await new Promise((r) => setTimeout(r, 4500));
    const [rows] = await a.db.sequelize.query("SELECT kind FROM record_history WHERE record_id = $1 AND kind IN ('overdue', 'escalate', 'remind')", { bind: [id] });
    expect(rows).toEqual([]);
  });

  it('a deadline already weeks past when it is scheduled is kept and still fires', async () => {
    // pg-boss would keep such a job only until its start plus 14 days — archived unrun.
    const officer = await login(a, 'x-officer');
    const id = await createClue(a, officer, '孙八');
    const due = new Date(Date.now() - 30 * 24 * 3600 * 1000);
    await a.db.sequelize.transaction((tx) => a.jobs.sendMany(tx, DEADLINE_QUEUE, [{ data: { recordId: id, stateSeq: 1, kind: 'overdue' }, startAfter: due }]));
    const [kept] = await a.db.sequelize.query("SELECT keep_until > now() + interval '300 days' AS kept FROM pgboss.job WHERE data->>'recordId' = $1", { bind: [id] });
    expect(kept).toEqual([{ kept: true }]);
    await until(
      async () => (await a.db.sequelize.query("SELECT kind FROM record_history WHERE record_id = $1 AND kind = 'overdue'", { bind: [id] }))[0],
      (rows) => rows.length === 1,
      15_000,
    );
  });
});
