/**
 * Filing (报备) of access changes (the hostile test's finding B.3): a unit's own administrator
 * can no longer take over one of its officers — a password reset or a role grant asked in the
 * user's own unit is filed, the administrators above are told, and it applies only once one of
 * them approves; a rejection keeps its reason. Asked from above, both apply at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

const PASSWORD = 'Filing-Passw0rd-1';
const TAKEOVER = 'Taken-0ver-Passw0rd';
let db: TestDatabase;
let instance: Instance;
let hq: string;
let p1Admin: string;
let p2Admin: string;

const signIn = async (username: string, password: string) =>
  (await instance.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })).statusCode;

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  hq = await login(instance);
  await seedOrganisation(instance, hq);
  await createUser(instance, { username: 'p1-admin', roles: ['admin'], unitCode: 'P1', password: PASSWORD });
  await createUser(instance, { username: 'p2-admin', roles: ['admin'], unitCode: 'P2', password: PASSWORD });
  for (const name of ['p1-officer', 'p1-clerk']) await createUser(instance, { username: name, roles: ['officer'], unitCode: 'P1', password: PASSWORD });
  await createUser(instance, { username: 'c11-officer', roles: ['officer'], unitCode: 'C11', password: PASSWORD });
  p1Admin = await login(instance, 'p1-admin', PASSWORD);
  p2Admin = await login(instance, 'p2-admin', PASSWORD);
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('filed access changes', () => {
  it('files a password reset asked in the user’s own unit: the admin cannot sign in as the officer until HQ approves', async () => {
    const filed = await call(instance, p1Admin, { method: 'POST', url: '/api/users/p1-officer/password', payload: { password: TAKEOVER } });
    expect(filed.statusCode, filed.body).toBe(202);
    expect(filed.json()).toMatchObject({ username: 'p1-officer', kind: 'password', status: 'pending', requestedBy: 'p1-admin', unitCode: 'P1' });
    expect(JSON.stringify(filed.json())).not.toContain('argon2');
    expect(await signIn('p1-officer', TAKEOVER)).toBe(401);
    expect(await signIn('p1-officer', PASSWORD)).toBe(200);

    // The filer cannot approve it; HQ's administrators are told and decide.
    const id = filed.json().id as number;
    const self = await call(instance, p1Admin, { method: 'POST', url: `/api/user-changes/${id}/approve` });
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('FW_USER_APPROVAL_FROM_ABOVE');
    const inbox = (await call(instance, hq, { method: 'GET', url: '/api/inbox' })).json();
    expect(inbox.notifications.map((n: { message: { 'zh-CN': string } }) => n.message['zh-CN'])).toContain('用户「p1-officer」的密码重置已报备，待上级审批');
    const queue = (await call(instance, hq, { method: 'GET', url: '/api/user-changes' })).json();
    expect(queue.items.map((c: { id: number }) => c.id)).toContain(id);

    const officer = await login(instance, 'p1-officer', PASSWORD);
    const approved = await call(instance, hq, { method: 'POST', url: `/api/user-changes/${id}/approve` });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decidedBy: 'admin' });
    expect(await signIn('p1-officer', TAKEOVER)).toBe(200);
    expect((await call(instance, officer, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const again = await call(instance, hq, { method: 'POST', url: `/api/user-changes/${id}/approve` });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('FW_USER_CHANGE_DECIDED');
    const [audit] = await instance.db.sequelize.query("SELECT action, actor FROM audit_log WHERE action LIKE 'user.change.%' ORDER BY seq");
    expect(audit).toEqual([{ action: 'user.change.file', actor: 'p1-admin' }, { action: 'user.change.approve', actor: 'admin' }]);
  });

  it('files a role grant in the own unit; HQ rejects it with a reason that is kept, and the roles stay', async () => {
    const filed = await call(instance, p1Admin, { method: 'PUT', url: '/api/users/p1-clerk/roles', payload: { roles: ['officer', 'leader', 'admin', 'auditor'] } });
    expect(filed.statusCode).toBe(202);
    expect(filed.json()).toMatchObject({ kind: 'roles', roles: ['officer', 'leader', 'admin', 'auditor'], currentRoles: ['officer'], status: 'pending' });
    const rejected = await call(instance, hq, { method: 'POST', url: `/api/user-changes/${filed.json().id}/reject`, payload: { reason: '职责不相容' } });
    expect(rejected.json()).toMatchObject({ status: 'rejected', reason: '职责不相容', decidedBy: 'admin' });
    const clerk = (await call(instance, hq, { method: 'GET', url: '/api/users/p1-clerk' })).json();
    expect(clerk.roles).toEqual(['officer']);
    const [audit] = await instance.db.sequelize.query("SELECT details->>'reason' AS reason FROM audit_log WHERE action = 'user.change.reject'");
    expect(audit).toEqual([{ reason: '职责不相容' }]);
  });

  it('applies changes asked from a unit above at once, and keeps another province out of the queue', async () => {
    const reset = await call(instance, p1Admin, { method: 'POST', url: '/api/users/c11-officer/password', payload: { password: TAKEOVER } });
    expect(reset.statusCode).toBe(204);
    expect(await signIn('c11-officer', TAKEOVER)).toBe(200);
    const roles = await call(instance, p1Admin, { method: 'PUT', url: '/api/users/c11-officer/roles', payload: { roles: ['officer', 'leader'] } });
    expect(roles.statusCode).toBe(200);
    expect(roles.json().roles).toEqual(['officer', 'leader']);

    const filed = await call(instance, p1Admin, { method: 'PUT', url: '/api/users/p1-clerk/roles', payload: { roles: ['officer', 'leader'] } });
    const id = filed.json().id as number;
    expect((await call(instance, p2Admin, { method: 'GET', url: `/api/user-changes/${id}` })).statusCode).toBe(404);
    expect((await call(instance, p2Admin, { method: 'POST', url: `/api/user-changes/${id}/approve` })).statusCode).toBe(404);
    expect((await call(instance, p2Admin, { method: 'GET', url: '/api/user-changes' })).json().items).toEqual([]);
    // A second filing of the same kind supersedes the first.
    const second = await call(instance, p1Admin, { method: 'PUT', url: '/api/users/p1-clerk/roles', payload: { roles: ['officer', 'exporter'] } });
    expect((await call(instance, hq, { method: 'GET', url: `/api/user-changes/${id}` })).json()).toMatchObject({ status: 'withdrawn', reason: 'superseded' });
    expect((await call(instance, hq, { method: 'GET', url: '/api/user-changes' })).json().items.map((c: { id: number }) => c.id)).toEqual([second.json().id]);
  });

  it('tells the administrators above when a new user is filed', async () => {
    const created = await call(instance, p1Admin, { method: 'POST', url: '/api/users', payload: { username: 'p1-newcomer', password: PASSWORD, unitCode: 'P1', roles: ['officer'] } });
    expect(created.json()).toEqual({ username: 'p1-newcomer', status: 'pending' });
    const inbox = (await call(instance, hq, { method: 'GET', url: '/api/inbox' })).json();
    expect(inbox.notifications.map((n: { message: { 'zh-CN': string } }) => n.message['zh-CN'])).toContain('新用户「p1-newcomer」已报备，待上级审批');
  });
});
