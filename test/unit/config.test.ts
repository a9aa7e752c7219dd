import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../runtime/src/config.js';

describe('configuration', () => {
  it('has working defaults', () => {
    expect(loadConfig({}, '/srv/formwork')).toEqual({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: path.resolve('/srv/formwork', '.formwork'),
      adminPassword: undefined,
      logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig(
      { PORT: '8080', HOST: '0.0.0.0', DATABASE_URL: 'postgres://u:p@db:5432/fw', FORMWORK_DATA_DIR: '/var/lib/fw', FORMWORK_ADMIN_PASSWORD: 'Str0ng-Passw0rd', LOG_LEVEL: 'warn' },
      '/',
    );
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u:p@db:5432/fw',
      dataDir: '/var/lib/fw',
      adminPassword: 'Str0ng-Passw0rd',
      logLevel: 'warn',
    });
  });

  it('reports every bad value at once, each with what was expected', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://x/y', FORMWORK_ADMIN_PASSWORD: 'short', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toHaveLength(4);
    expect(error!.problems[0]).toMatch(/^PORT must be an integer from 1 to 65535/);
    expect(error!.problems[1]).toMatch(/^DATABASE_URL must be a postgres:\/\//);
    expect(error!.problems[2]).toMatch(/^FORMWORK_ADMIN_PASSWORD must have at least 10 characters/);
    expect(error!.problems[3]).toMatch(/^LOG_LEVEL must be one of/);
  });

  it('refuses a DATABASE_URL without a database and one that is not a URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://host:5432' })).toThrow(/must name a database/);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/not a valid URL/);
  });
});
