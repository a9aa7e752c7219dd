/** Test instances of the server against a test database, driven through app.inject(). */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { loadConfig } from '../../runtime/src/config.js';
import { startInstance, type Instance } from '../../runtime/src/server.js';

export const ADMIN_PASSWORD = 'Admin-Pass-2026';
/** The audit key of test instances (the database never sees it). */
export const TEST_AUDIT_KEY = 'test-audit-key-0123456789abcdefghijklmnop';

/**
 * A server instance on a test database. Rate limits are off unless a test sets them (all test
 * requests come from one address); `env` overrides any variable. Every JSON answer is checked
 * against its route's response schema: a field the schema lacks fails the request (500).
 */
export async function startTestInstance(databaseUrl: string, options: { now?: () => Date; env?: Record<string, string> } = {}): Promise<Instance> {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    FORMWORK_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    FORMWORK_RATE_LIMIT: '0',
    FORMWORK_LOGIN_RATE_LIMIT: '10000',
    FORMWORK_LOGIN_ADDRESS_FAILURES: '100000',
    FORMWORK_AUDIT_KEY: TEST_AUDIT_KEY,
    ...options.env,
  });
  return startInstance(config, {
    listen: false,
    logger: pino({ level: 'silent' }),
    jobPollingSeconds: 0.5,
    checkResponses: true,
    ...(options.now ? { now: options.now } : {}),
  });
}

/** A clock tests can move. */
export function testClock(start = '2026-06-01T08:00:00.000Z'): { now: () => Date; advance: (ms: number) => void } {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), advance: (ms) => (t += ms) };
}

/**
 * A small organisation: HQ → P1 (→ C11 → X111), P2 (→ C21). Units are created through the API
 * by the bootstrap admin.
 */
export async function seedOrganisation(instance: Instance, token: string): Promise<void> {
  const units = [
    { code: 'P1', name: '甲省公司', parentCode: 'HQ' },
    { code: 'P2', name: '乙省公司', parentCode: 'HQ' },
    { code: 'C11', name: '甲省一市公司', parentCode: 'P1' },
    { code: 'X111', name: '甲省一市一县', parentCode: 'C11' },
    { code: 'C21', name: '乙省一市公司', parentCode: 'P2' },
  ];
  for (const unit of units) {
    const response = await call(instance, token, { method: 'POST', url: '/api/units', payload: unit });
    if (response.statusCode !== 201) throw new Error(`unit ${unit.code}: ${response.statusCode} ${response.body}`);
  }
}

/** Signs in and returns the bearer token. */
export async function login(instance: Instance, username = 'admin', password = ADMIN_PASSWORD): Promise<string> {
  const response = await instance.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  return (response.json() as { token: string }).token;
}

/** A request with a bearer token. */
export function call(instance: Instance, token: string | undefined, options: InjectOptions): Promise<LightMyRequestResponse> {
  return instance.app.inject({
    ...options,
    headers: { ...(options.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
  }) as Promise<LightMyRequestResponse>;
}

/** Creates an active user directly in the database (the onboarding API is the access issue's). */
export async function createUser(
  instance: Instance,
  user: { username: string; roles: string[]; unitCode?: string; password?: string; displayName?: string },
): Promise<void> {
  const { insertUser } = await import('../../runtime/src/identity/identity-store.js');
  const { hashPassword } = await import('../../runtime/src/identity/password.js');
  await insertUser(instance.db.sequelize, {
    username: user.username,
    displayName: user.displayName ?? null,
    passwordHash: await hashPassword(user.password ?? ADMIN_PASSWORD),
    unitCode: user.unitCode ?? 'HQ',
    roles: user.roles,
    status: 'active',
    createdBy: 'test',
  });
}
