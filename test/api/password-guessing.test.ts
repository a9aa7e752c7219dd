/**
 * Password guessing and session idling (the hostile test's findings B.5 and B.6): wrong current
 * passwords lock like wrong sign-ins; concurrent guesses beyond the lock are never checked; one
 * password sprayed over many usernames from one address is throttled; the idle limit is exact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, createUser, login, seedOrganisation, startTestInstance, testClock } from '../support/instance.js';

const PASSWORD = 'Guess-Passw0rd-1';
const clock = testClock();
let db: TestDatabase;
let instance: Instance;

const signIn = (username: string, password: string, address = '10.0.0.1') =>
  instance.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: address });

async function refusalReasons(username: string): Promise<string[]> {
  const [rows] = await instance.db.sequelize.query("SELECT details->>'reason' AS reason FROM audit_log WHERE action = 'auth.login' AND actor = $1 AND outcome = 'refused' ORDER BY seq", { bind: [username] });
  return (rows as { reason: string }[]).map((r) => r.reason);
}

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url, { now: clock.now, env: { FORMWORK_LOGIN_ADDRESS_FAILURES: '10', FORMWORK_SESSION_IDLE_MINUTES: '1' } });
  const admin = await login(instance);
  await seedOrganisation(instance, admin);
  const idleForm = { key: 'idle-form', kind: 'record', title: { 'zh-CN': '空闲' }, schema: { type: 'object', properties: { note: { type: 'string', maxLength: 5 } } } };
  expect((await call(instance, admin, { method: 'POST', url: '/api/modules/idle-form/versions', payload: idleForm })).statusCode).toBe(201);
  for (const name of ['changer', 'racer', 'sprayed', 'idler', 'writer']) await createUser(instance, { username: name, roles: ['officer'], unitCode: 'C11', password: PASSWORD });
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('password guessing', () => {
  it('locks the account after five wrong current passwords, then refuses even the right one', async () => {
    const token = (await signIn('changer', PASSWORD, '10.0.1.1')).json().token as string;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const response = await call(instance, token, { method: 'POST', url: '/api/auth/password', payload: { currentPassword: `Wrong-Guess-${i}x`, newPassword: 'Another-Passw0rd-2' } });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([422, 422, 422, 422, 422, 429, 429, 429]);
    const right = await call(instance, token, { method: 'POST', url: '/api/auth/password', payload: { currentPassword: PASSWORD, newPassword: 'Another-Passw0rd-2' } });
    expect(right.statusCode).toBe(429);
    expect(right.json()).toMatchObject({ code: 'FW_USER_PASSWORD_LOCKED', errors: [{ path: '/currentPassword' }] });
    expect((await signIn('changer', PASSWORD, '10.0.1.2')).statusCode).toBe(401);
    clock.advance(16 * 60_000);
    expect((await signIn('changer', PASSWORD, '10.0.1.3')).statusCode).toBe(200);
  });

  it('checks at most five of ten concurrent wrong sign-ins; the rest are refused unchecked', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn('racer', `Wrong-Race-${i}x`, `10.0.2.${i}`)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(401));
    const reasons = await refusalReasons('racer');
    expect(reasons.filter((r) => r.startsWith('wrong password'))).toHaveLength(5);
    expect(reasons.filter((r) => r === 'account locked')).toHaveLength(5);
    clock.advance(16 * 60_000);
  });

  it('throttles one address spraying a password over many usernames, for every username', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await signIn(`user-${i}`, 'Spring-2026!x', '10.0.3.1')).statusCode);
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(5).fill(429)]);
    const sprayed = await signIn('sprayed', PASSWORD, '10.0.3.1');
    expect(sprayed.statusCode).toBe(429);
    expect(sprayed.json().code).toBe('FW_REQ_RATE_LIMITED');
    expect(await refusalReasons('sprayed')).toEqual(['too many failed sign-ins from this address']);
    expect((await signIn('sprayed', PASSWORD, '10.0.3.2')).statusCode).toBe(200);
    clock.advance(16 * 60_000);
    expect((await signIn('sprayed', PASSWORD, '10.0.3.1')).statusCode).toBe(200);
  });
});

describe('session idling', () => {
  it('keeps a session used every 50 seconds under a one-minute idle limit, and ends it after 61 idle seconds', async () => {
    const token = (await signIn('idler', PASSWORD, '10.0.4.1')).json().token as string;
    for (let i = 0; i < 6; i++) {
      clock.advance(50_000);
      expect((await call(instance, token, { method: 'GET', url: '/api/auth/me' })).statusCode, `after ${(i + 1) * 50} s`).toBe(200);
    }
    clock.advance(61_000);
    expect((await call(instance, token, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('marks the session as seen on a create (in its own statement) and on a create that is refused', async () => {
    const token = (await signIn('writer', PASSWORD, '10.0.4.2')).json().token as string;
    for (let i = 0; i < 6; i++) {
      clock.advance(50_000);
      // Saved, then refused (too long): both keep the session alive.
      const payload = { data: { note: i % 2 === 0 ? '好' : '太长了的备注' } };
      const created = await call(instance, token, { method: 'POST', url: '/api/modules/idle-form/records', payload });
      expect(created.statusCode, `after ${(i + 1) * 50} s`).toBe(i % 2 === 0 ? 201 : 422);
    }
    clock.advance(61_000);
    expect((await call(instance, token, { method: 'POST', url: '/api/modules/idle-form/records', payload: { data: { note: '好' } } })).statusCode).toBe(401);
  });
});
