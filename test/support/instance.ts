/** Test instances of the server against a test database, driven through app.inject(). */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { loadConfig } from '../../runtime/src/config.js';
import { startInstance, type Instance } from '../../runtime/src/server.js';

export const ADMIN_PASSWORD = 'Admin-Pass-2026';

export async function startTestInstance(databaseUrl: string, options: { now?: () => Date } = {}): Promise<Instance> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, FORMWORK_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'silent' });
  return startInstance(config, { listen: false, logger: pino({ level: 'silent' }), ...options });
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
  user: { username: string; roles: string[]; unitCode?: string; password?: string },
): Promise<void> {
  const { insertUser } = await import('../../runtime/src/persistence/identity-store.js');
  const { hashPassword } = await import('../../runtime/src/services/password.js');
  await insertUser(instance.db.sequelize, {
    username: user.username,
    passwordHash: await hashPassword(user.password ?? ADMIN_PASSWORD),
    unitCode: user.unitCode ?? 'HQ',
    roles: user.roles,
    status: 'active',
    createdBy: 'test',
  });
}
