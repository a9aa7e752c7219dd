/**
 * Users over HTTP: filed onboarding (报备), decisions from above, disabling, roles, passwords,
 * lock-out and session lifetimes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ADMIN_PASSWORD, call, createUser, login, seedOrganisation, startTestInstance, testClock } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;
let hq: string;
let p1: string;
const clock = testClock();
const PASSWORD = 'Good-Passw0rd-1';

const loginStatus = async (username: string, password = PASSWORD) =>
  (await instance.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })).statusCode;
const auditOf = async (username: string) => {
  const [rows] = await instance.db.sequelize.query('SELECT action, actor FROM audit_log WHERE target = $1 ORDER BY seq', { bind: [`user:${username}`] });
  return (rows as { action: string; actor: string }[]).map((r) => `${r.action} by ${r.actor}`);
};

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url, { now: clock.now });
  hq = await login(instance);
  await seedOrganisation(instance, hq);
  await createUser(instance, { username: 'p1-admin', roles: ['admin'], unitCode: 'P1' });
  p1 = await login(instance, 'p1-admin');
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('filed onboarding (报备)', () => {
  it('a user created by an administrator of the same unit is pending and cannot sign in until the unit above approves', async () => {
    const created = await call(instance, p1, {
      method: 'POST',
      url: '/api/users',
      payload: { username: 'p1-officer', password: PASSWORD, unitCode: 'P1', roles: ['officer'], displayName: '张三' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ username: 'p1-officer', status: 'pending' });
    expect(await loginStatus('p1-officer')).toBe(401);

    // The unit's own administrator cannot approve its own filing.
    const own = await call(instance, p1, { method: 'POST', url: '/api/users/p1-officer/approve' });
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe('FW_USER_APPROVAL_FROM_ABOVE');

    const pending = await call(instance, hq, { method: 'GET', url: '/api/users?status=pending' });
    expect(pending.json().items.map((u: { username: string }) => u.username)).toEqual(['p1-officer']);

    const approved = await call(instance, hq, { method: 'POST', url: '/api/users/p1-officer/approve' });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ username: 'p1-officer', status: 'active', statusChangedBy: 'admin', displayName: '张三', unitName: '甲省公司' });
    expect(await loginStatus('p1-officer')).toBe(200);
    expect(await auditOf('p1-officer')).toEqual(['user.create by p1-admin', 'user.approve by admin']);

    const again = await call(instance, hq, { method: 'POST', url: '/api/users/p1-officer/approve' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('FW_USER_STATE');
  });

  it('a user created from a unit above is active at once', async () => {
    const created = await call(instance, p1, {
      method: 'POST',
      url: '/api/users',
      payload: { username: 'c11-leader', password: PASSWORD, unitCode: 'C11', roles: ['leader'] },
    });
    expect(created.json()).toEqual({ username: 'c11-leader', status: 'active' });
    expect(await loginStatus('c11-leader')).toBe(200);
  });

  it('a rejected filing cannot sign in; the rejection and its reason are recorded', async () => {
    await call(instance, p1, { method: 'POST', url: '/api/users', payload: { username: 'p1-temp', password: PASSWORD, unitCode: 'P1', roles: ['auditor'] } });
    const rejected = await call(instance, hq, { method: 'POST', url: '/api/users/p1-temp/reject', payload: { reason: '未经党组研究' } });
    expect(rejected.json()).toMatchObject({ status: 'rejected', statusReason: '未经党组研究', statusChangedBy: 'admin' });
    expect(await loginStatus('p1-temp')).toBe(401);
  });

  it('refuses weak passwords, taken names, unknown roles, designers outside HQ and units outside the subtree', async () => {
    const create = (payload: object) => call(instance, p1, { method: 'POST', url: '/api/users', payload });
    const weak = await create({ username: 'weak1', password: 'password', unitCode: 'C11', roles: ['officer'] });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`)).toEqual(['/password FW_USER_WEAK_PASSWORD']);
    // The reason in the caller's language, never half English.
    expect(weak.json().message).toBe('密码不符合要求：至少 10 个字符');
    const weakEn = await call(instance, p1, { method: 'POST', url: '/api/users', headers: { 'accept-language': 'en' }, payload: { username: 'weak2', password: 'password', unitCode: 'C11', roles: ['officer'] } });
    expect(weakEn.json().message).toBe('The password is too weak: must have at least 10 characters');
    const containsName = await create({ username: 'zhangwei', password: 'Zhangwei-2026!', unitCode: 'C11', roles: ['officer'] });
    expect(containsName.statusCode).toBe(422);
    expect((await create({ username: 'p1-officer', password: PASSWORD, unitCode: 'C11', roles: ['officer'] })).statusCode).toBe(409);
    const role = await create({ username: 'r1', password: PASSWORD, unitCode: 'C11', roles: ['superuser'] });
    expect(role.statusCode).toBe(422);
    const designer = await create({ username: 'd1', password: PASSWORD, unitCode: 'C11', roles: ['designer'] });
    expect(designer.statusCode).toBe(422);
    expect(designer.json().errors[0]).toMatchObject({ path: '/roles/0', code: 'FW_USER_ROLE_NOT_ALLOWED' });
    const outside = await create({ username: 'o1', password: PASSWORD, unitCode: 'C21', roles: ['officer'] });
    expect(outside.statusCode).toBe(404);
    const [rows] = await instance.db.sequelize.query("SELECT count(*)::int AS n FROM users WHERE username IN ('weak1', 'zhangwei', 'r1', 'd1', 'o1')");
    expect(rows).toEqual([{ n: 0 }]);
  });
});

describe('disabling, enabling and roles', () => {
  it('disabling ends the user’s sessions at once; re-enabling is decided from above', async () => {
    const session = await login(instance, 'c11-leader', PASSWORD);
    expect((await call(instance, session, { method: 'GET', url: '/api/units' })).statusCode).toBe(200);
    const disabled = await call(instance, p1, { method: 'POST', url: '/api/users/c11-leader/disable', payload: { reason: '调离' } });
    expect(disabled.json()).toMatchObject({ status: 'disabled', statusReason: '调离' });
    expect((await call(instance, session, { method: 'GET', url: '/api/units' })).statusCode).toBe(401);
    expect(await loginStatus('c11-leader')).toBe(401);
    const enabled = await call(instance, p1, { method: 'POST', url: '/api/users/c11-leader/enable' });
    expect(enabled.json()).toMatchObject({ status: 'active' });
    expect(await loginStatus('c11-leader')).toBe(200);
  });

  it('a role change applies to live sessions at once', async () => {
    const session = await login(instance, 'p1-officer', PASSWORD);
    expect((await call(instance, session, { method: 'GET', url: '/api/users' })).statusCode).toBe(403);
    const changed = await call(instance, hq, { method: 'PUT', url: '/api/users/p1-officer/roles', payload: { roles: ['officer', 'auditor'] } });
    expect(changed.json().roles).toEqual(['officer', 'auditor']);
    expect((await call(instance, session, { method: 'GET', url: '/api/users' })).statusCode).toBe(200);
    const [audit] = await instance.db.sequelize.query("SELECT details FROM audit_log WHERE action = 'user.roles' ORDER BY seq DESC LIMIT 1");
    expect((audit as { details: unknown }[])[0]!.details).toEqual({ before: ['officer'], after: ['officer', 'auditor'] });
  });

  it('an administrator cannot disable themselves or change their own roles', async () => {
    expect((await call(instance, p1, { method: 'POST', url: '/api/users/p1-admin/disable' })).json().code).toBe('FW_USER_SELF');
    expect((await call(instance, p1, { method: 'PUT', url: '/api/users/p1-admin/roles', payload: { roles: ['admin', 'auditor'] } })).json().code).toBe('FW_USER_SELF');
  });

  it('users outside the subtree answer 404, like unknown ones', async () => {
    await createUser(instance, { username: 'p2-officer', roles: ['officer'], unitCode: 'P2' });
    for (const url of ['/api/users/p2-officer', '/api/users/nobody-at-all']) {
      const response = await call(instance, p1, { method: 'GET', url });
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('FW_USER_NOT_FOUND');
    }
    expect((await call(instance, p1, { method: 'POST', url: '/api/users/p2-officer/disable' })).statusCode).toBe(404);
    expect(await loginStatus('p2-officer', ADMIN_PASSWORD)).toBe(200);
  });

  it('lists users of the subtree with filters and a cursor', async () => {
    const page1 = (await call(instance, hq, { method: 'GET', url: '/api/users?limit=2' })).json();
    expect(page1.items.map((u: { username: string }) => u.username)).toEqual(['admin', 'c11-leader']);
    const page2 = (await call(instance, hq, { method: 'GET', url: `/api/users?limit=2&cursor=${page1.nextCursor}` })).json();
    expect(page2.items.map((u: { username: string }) => u.username)).toEqual(['p1-admin', 'p1-officer']);
    const p1View = (await call(instance, p1, { method: 'GET', url: '/api/users?limit=100' })).json();
    expect(p1View.items.map((u: { username: string }) => u.username)).toEqual(['c11-leader', 'p1-admin', 'p1-officer', 'p1-temp']);
    const leaders = (await call(instance, hq, { method: 'GET', url: '/api/users?role=leader&unit=C11' })).json();
    expect(leaders.items.map((u: { username: string }) => u.username)).toEqual(['c11-leader']);
  });
});

describe('passwords, lock-out and sessions', () => {
  it('a user changes their password with the current one; other sessions end', async () => {
    const a = await login(instance, 'p1-officer', PASSWORD);
    const wrong = await call(instance, a, { method: 'POST', url: '/api/auth/password', payload: { currentPassword: 'nope', newPassword: 'Another-Pass-22' } });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0]).toMatchObject({ path: '/currentPassword', code: 'FW_USER_WRONG_PASSWORD' });
    const changed = await call(instance, a, { method: 'POST', url: '/api/auth/password', payload: { currentPassword: PASSWORD, newPassword: 'Another-Pass-22' } });
    expect(changed.statusCode).toBe(204);
    expect((await call(instance, a, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    expect(await loginStatus('p1-officer', 'Another-Pass-22')).toBe(200);
    // Reset from the unit above: at once (from the user's own unit it is filed: user-changes.test.ts).
    const reset = await call(instance, hq, { method: 'POST', url: '/api/users/p1-officer/password', payload: { password: PASSWORD } });
    expect(reset.statusCode).toBe(204);
    expect(await loginStatus('p1-officer', PASSWORD)).toBe(200);
  });

  it('locks an account after five wrong passwords in a row, answering as for any wrong password', async () => {
    for (let i = 0; i < 5; i++) expect(await loginStatus('c11-leader', 'Wrong-Passw0rd')).toBe(401);
    const locked = await instance.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'c11-leader', password: PASSWORD } });
    expect(locked.statusCode).toBe(401);
    expect(locked.json()).toEqual({ code: 'FW_AUTH_INVALID_CREDENTIALS', message: '用户名或密码错误' });
    clock.advance(16 * 60_000);
    expect(await loginStatus('c11-leader')).toBe(200);
    const [rows] = await instance.db.sequelize.query(
      "SELECT details->>'reason' AS reason FROM audit_log WHERE action = 'auth.login' AND actor = 'c11-leader' AND outcome = 'refused' ORDER BY seq DESC LIMIT 2",
    );
    expect(rows).toEqual([{ reason: 'account locked' }, { reason: 'wrong password; locked for 15 minutes' }]);
  });

  it('sessions end after 30 idle minutes, and after 12 hours whatever happens', async () => {
    const idle = await login(instance, 'c11-leader', PASSWORD);
    clock.advance(29 * 60_000);
    expect((await call(instance, idle, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    clock.advance(29 * 60_000);
    expect((await call(instance, idle, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    clock.advance(31 * 60_000);
    expect((await call(instance, idle, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);

    // Used every 20 minutes, a session still ends 12 hours after sign-in.
    const busy = await login(instance, 'c11-leader', PASSWORD);
    for (let i = 0; i < 35; i++) {
      clock.advance(20 * 60_000);
      expect((await call(instance, busy, { method: 'GET', url: '/api/auth/me' })).statusCode, `after ${(i + 1) * 20} minutes`).toBe(200);
    }
    clock.advance(20 * 60_000);
    expect((await call(instance, busy, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('shows the signed-in user with their permissions', async () => {
    const me = await call(instance, await login(instance, 'p1-admin'), { method: 'GET', url: '/api/auth/me' });
    expect(me.json()).toMatchObject({
      username: 'p1-admin',
      unitCode: 'P1',
      unitName: '甲省公司',
      unitLevel: 2,
      roles: ['admin'],
      permissions: expect.arrayContaining(['units.write', 'users.write', 'audit.read']),
    });
    expect(me.json().permissions).not.toContain('modules.publish');
  });
});
