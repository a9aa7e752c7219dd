/**
 * The HTTP contract's basics: health, sign-in and sign-out, and bad input answered with a
 * clear 4xx in the one error shape, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ADMIN_PASSWORD, call, login, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('health', () => {
  it('answers without a session and checks the database', async () => {
    const response = await instance.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', db: 'ok' });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('sign-in', () => {
  it('signs in the bootstrap admin, holding every role at the root unit', async () => {
    const response = await instance.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.token).toMatch(/^fw_[A-Za-z0-9_-]{43}$/);
    expect(body.user).toEqual({ username: 'admin', unitCode: 'HQ', roles: ['admin', 'designer', 'officer', 'leader', 'auditor', 'exporter'] });
  });

  it('answers a wrong password and an unknown user alike, without a hint', async () => {
    const wrong = await instance.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'nope-nope-nope' } });
    const unknown = await instance.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ghost', password: 'nope-nope-nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toEqual({ code: 'FW_AUTH_INVALID_CREDENTIALS', message: '用户名或密码错误' });
  });

  it('stores only hashes: neither the password nor the token is in the database', async () => {
    const token = await login(instance);
    const [rows] = await instance.db.sequelize.query('SELECT password_hash FROM users');
    const hash = (rows as { password_hash: string }[])[0]!.password_hash;
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const [sessions] = await instance.db.sequelize.query("SELECT encode(token_hash, 'hex') AS h FROM sessions");
    expect(JSON.stringify(sessions)).not.toContain(token.slice(3));
  });

  it('logout ends the session at once', async () => {
    const token = await login(instance);
    expect((await call(instance, token, { method: 'GET', url: '/api/modules' })).statusCode).toBe(200);
    expect((await call(instance, token, { method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    const after = await call(instance, token, { method: 'GET', url: '/api/modules' });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('FW_AUTH_INVALID_TOKEN');
  });

  it('refuses a missing, malformed or forged token with 401', async () => {
    const missing = await instance.app.inject({ method: 'GET', url: '/api/modules' });
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toEqual({ code: 'FW_AUTH_REQUIRED', message: '请先登录' });
    const malformed = await instance.app.inject({ method: 'GET', url: '/api/modules', headers: { authorization: 'Basic abc' } });
    expect(malformed.statusCode).toBe(401);
    const forged = await call(instance, 'fw_' + 'A'.repeat(43), { method: 'GET', url: '/api/modules' });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().code).toBe('FW_AUTH_INVALID_TOKEN');
  });

  it('audits sign-ins, refusals and sign-outs', async () => {
    const [rows] = await instance.db.sequelize.query("SELECT action, outcome, actor FROM audit_log WHERE action LIKE 'auth.%' ORDER BY seq");
    const entries = rows as { action: string; outcome: string; actor: string }[];
    expect(entries.some((e) => e.action === 'auth.login' && e.outcome === 'ok' && e.actor === 'admin')).toBe(true);
    expect(entries.some((e) => e.action === 'auth.login' && e.outcome === 'refused' && e.actor === 'ghost')).toBe(true);
    expect(entries.some((e) => e.action === 'auth.logout' && e.outcome === 'ok')).toBe(true);
  });
});

describe('bad input', () => {
  it('malformed JSON → 400 FW_REQ_MALFORMED_JSON', async () => {
    const response = await instance.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "admin", ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ code: 'FW_REQ_MALFORMED_JSON', message: '请求体不是合法的 JSON' });
  });

  it('a prototype-poisoning body → 400 FW_REQ_POISONED', async () => {
    const response = await instance.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "admin", "password": "x", "__proto__": {"admin": true}}',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('FW_REQ_POISONED');
  });

  it('wrong types and unknown fields → 422 with every problem at its path, in the chosen language', async () => {
    const response = await instance.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
      payload: { username: 42, extra: true },
    });
    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.code).toBe('FW_REQ_INVALID');
    expect(body.message).toBe('The request is invalid');
    expect(body.errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`).sort()).toEqual(
      ['/extra FW_VAL_ADDITIONAL_PROPERTY', '/password FW_VAL_REQUIRED', '/username FW_VAL_TYPE'].sort(),
    );
  });

  it('names the request’s fields in words, not by their keys', async () => {
    const response = await instance.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 42 } });
    const messages = (response.json().errors as { path: string; message: string }[]).map((e) => `${e.path} ${e.message}`).sort();
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^\/password .*「密码」/);
    expect(messages[1]).toMatch(/^\/username .*「用户名」/);
    expect(messages.join(' ')).not.toMatch(/「(username|password)」/);
    const english = await instance.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en' }, payload: { username: 42 } });
    expect((english.json().errors as { message: string }[]).map((e) => e.message).join(' ')).toContain('"user name"');
  });

  it('a body over the limit → 413', async () => {
    const response = await instance.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'a', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('FW_REQ_BODY_TOO_LARGE');
  });

  it('an unsupported content type → 415', async () => {
    const response = await instance.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'text/xml' }, payload: '<a/>' });
    expect(response.statusCode).toBe(415);
    expect(response.json().code).toBe('FW_REQ_UNSUPPORTED_MEDIA_TYPE');
  });

  it('an unknown route → 404 in the one error shape', async () => {
    const response = await instance.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ code: 'FW_NOT_FOUND', message: '未找到' });
  });
});

describe('OpenAPI', () => {
  it('serves the document, listing every route of the route table, and the docs UI', async () => {
    const response = await instance.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toBe('3.1.0');
    const documented = instance.app.routeTable.filter((r) => r.documented);
    expect(documented.length).toBeGreaterThanOrEqual(10);
    for (const route of documented) {
      const openApiPath = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
      expect(doc.paths[openApiPath]?.[route.method.toLowerCase()], `${route.method} ${route.url}`).toBeDefined();
    }
    const ui = await instance.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });

  it('every route is public on purpose or names a permission', () => {
    const open = instance.app.routeTable.filter((r) => r.public && r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));
    expect(open.map((r) => `${r.method} ${r.url}`).sort()).toEqual(
      ['GET /api/health', 'GET /api/meta/:name', 'GET /api/openapi.json', 'POST /api/auth/login'].sort(),
    );
    // Self-service: every signed-in user may sign out, see themselves, change their password
    // and keep their own workspace preferences (language).
    const unguarded = instance.app.routeTable.filter((r) => !r.public && !r.permission);
    expect(unguarded.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'GET /api/auth/me',
      'POST /api/auth/logout',
      'POST /api/auth/password',
      'PUT /api/auth/me/preferences',
    ]);
  });
});

describe('rate limits', () => {
  it('throttles sign-in attempts per address and username, and all requests per address', async () => {
    const limited = await startTestInstance(db.url, { env: { FORMWORK_LOGIN_RATE_LIMIT: '3', FORMWORK_RATE_LIMIT: '20' } });
    try {
      const attempt = () => limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'wrong-wrong' } });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await attempt()).statusCode);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const throttled = await attempt();
      expect(throttled.json()).toEqual({ code: 'FW_REQ_RATE_LIMITED', message: '请求过于频繁，请稍后再试' });
      // Another username from the same address is still let through.
      const other = await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'someone', password: 'wrong-wrong' } });
      expect(other.statusCode).toBe(401);
      const health = [];
      for (let i = 0; i < 25; i++) health.push((await limited.app.inject({ method: 'GET', url: '/api/health' })).statusCode);
      expect(health.filter((s) => s === 429).length).toBeGreaterThan(0);
    } finally {
      await limited.stop();
    }
  });
});
