/** The audit log over HTTP: who did what, when, filtered, scoped to the subtree, verifiable. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
let hq: string;
let p1Auditor: string;

type Entry = { seq: number; actor: string | null; unitCode: string | null; action: string; target: string | null; outcome: string; requestId: string };

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  hq = await login(instance);
  await seedOrganisation(instance, hq);
  await createUser(instance, { username: 'p1-admin', roles: ['admin'], unitCode: 'P1' });
  await createUser(instance, { username: 'p1-auditor', roles: ['auditor'], unitCode: 'P1' });
  await createUser(instance, { username: 'p2-admin', roles: ['admin'], unitCode: 'P2' });
  const p1Admin = await login(instance, 'p1-admin');
  const p2Admin = await login(instance, 'p2-admin');
  p1Auditor = await login(instance, 'p1-auditor');
  await call(instance, p1Admin, { method: 'POST', url: '/api/units', payload: { code: 'C12', name: '甲省二市', parentCode: 'P1' } });
  await call(instance, p2Admin, { method: 'POST', url: '/api/units', payload: { code: 'C22', name: '乙省二市', parentCode: 'P2' } });
  await call(instance, p1Admin, { method: 'GET', url: '/api/units/C22' });
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('GET /api/audit', () => {
  it('shows HQ every entry, newest first, with who, unit, when, action, target, outcome and request id', async () => {
    const response = await call(instance, hq, { method: 'GET', url: '/api/audit?limit=1000' });
    expect(response.statusCode).toBe(200);
    const items = response.json().items as Entry[];
    expect(items[items.length - 1]).toMatchObject({ action: 'system.bootstrap', actor: null, target: 'user:admin' });
    expect(items.map((e) => e.seq)).toEqual([...items.map((e) => e.seq)].sort((a, b) => b - a));
    const create = items.find((e) => e.action === 'unit.create' && e.target === 'unit:C12')!;
    expect(create).toMatchObject({ actor: 'p1-admin', unitCode: 'P1', outcome: 'ok' });
    expect(create.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(items.some((e) => e.action === 'authz.refused' && e.actor === 'p1-admin' && e.target === 'unit:C22')).toBe(true);
  });

  it('filters by actor, action (or prefix*), unit and time, and pages with a cursor', async () => {
    const byActor = (await call(instance, hq, { method: 'GET', url: '/api/audit?actor=p2-admin' })).json().items as Entry[];
    expect(byActor.map((e) => e.action)).toEqual(['unit.create', 'auth.login']);
    const logins = (await call(instance, hq, { method: 'GET', url: '/api/audit?action=auth.*' })).json().items as Entry[];
    expect(new Set(logins.map((e) => e.action))).toEqual(new Set(['auth.login']));
    const p2 = (await call(instance, hq, { method: 'GET', url: '/api/audit?unit=P2' })).json().items as Entry[];
    expect(new Set(p2.map((e) => e.actor))).toEqual(new Set(['p2-admin']));
    const future = (await call(instance, hq, { method: 'GET', url: '/api/audit?from=2999-01-01T00:00:00Z' })).json().items;
    expect(future).toEqual([]);
    const page1 = (await call(instance, hq, { method: 'GET', url: '/api/audit?limit=3' })).json();
    const page2 = (await call(instance, hq, { method: 'GET', url: `/api/audit?limit=3&cursor=${page1.nextCursor}` })).json();
    expect(page2.items[0].seq).toBeLessThan(page1.items[2].seq);
    expect((await call(instance, hq, { method: 'GET', url: '/api/audit?from=yesterday' })).statusCode).toBe(422);
  });

  it('shows an auditor only the entries of its subtree', async () => {
    const items = (await call(instance, p1Auditor, { method: 'GET', url: '/api/audit?limit=1000' })).json().items as Entry[];
    expect(new Set(items.map((e) => e.actor))).toEqual(new Set(['p1-admin', 'p1-auditor']));
    expect((await call(instance, p1Auditor, { method: 'GET', url: '/api/audit?unit=P2' })).statusCode).toBe(404);
  });

  it('verifies the chain at HQ; a province may not run the organisation-wide walk', async () => {
    const verdict = (await call(instance, hq, { method: 'GET', url: '/api/audit/verify' })).json();
    expect(verdict).toMatchObject({ ok: true, sealed: true });
    expect(verdict.entries).toBeGreaterThan(10);
    const refused = await call(instance, p1Auditor, { method: 'GET', url: '/api/audit/verify' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('FW_AUTH_FORBIDDEN');
  });
});
