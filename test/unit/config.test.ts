import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../runtime/src/config.js';

// A normal user: where the data folder goes as root is data-dir.test.ts's subject.
const user = { uid: 1000, blockedAt: () => undefined };

describe('configuration', () => {
  it('has working defaults', () => {
    expect(loadConfig({}, '/srv/formwork', user)).toEqual({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: path.resolve('/srv/formwork', '.formwork'),
      dataDirReason: 'the default ./.formwork of the project folder /srv/formwork',
      adminPassword: undefined,
      logLevel: 'info',
      sessionIdleMinutes: 30,
      sessionMaxHours: 12,
      rateLimit: 1200,
      loginRateLimit: 10,
      loginAddressFailures: 30,
      tls: 'auto',
      auditCheckpointMinutes: 5,
      qualityNudgeMinutes: 60,
      exportKeepHours: 24,
      exportJobRows: 100_000,
      trustProxy: false,
      demo: true,
      attachmentMaxMb: 20,
      dbPoolSize: 10,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        HOST: '0.0.0.0',
        DATABASE_URL: 'postgres://u:p@db:5432/fw',
        FORMWORK_DATA_DIR: '/var/lib/fw',
        FORMWORK_ADMIN_PASSWORD: 'Str0ng-Passw0rd',
        LOG_LEVEL: 'warn',
        FORMWORK_SESSION_IDLE_MINUTES: '15',
        FORMWORK_SESSION_MAX_HOURS: '8',
        FORMWORK_RATE_LIMIT: '0',
        FORMWORK_LOGIN_RATE_LIMIT: '5',
        FORMWORK_LOGIN_ADDRESS_FAILURES: '12',
        FORMWORK_TLS: 'off',
        FORMWORK_AUDIT_KEY: 'k'.repeat(40),
        FORMWORK_AUDIT_CHECKPOINT_MINUTES: '0',
        FORMWORK_TRUST_PROXY: 'true',
        FORMWORK_DEMO: '0',
        FORMWORK_ATTACHMENT_MAX_MB: '64',
        FORMWORK_DB_POOL: '25',
        DATABASE_READ_URL: 'postgres://u:p@replica:5432/fw',
        FORMWORK_EXPORT_KEEP_HOURS: '72',
        FORMWORK_EXPORT_JOB_ROWS: '0',
      },
      '/',
      user,
    );
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u:p@db:5432/fw',
      databaseReadUrl: 'postgres://u:p@replica:5432/fw',
      dataDir: '/var/lib/fw',
      dataDirReason: 'set by FORMWORK_DATA_DIR',
      adminPassword: 'Str0ng-Passw0rd',
      logLevel: 'warn',
      sessionIdleMinutes: 15,
      sessionMaxHours: 8,
      rateLimit: 0,
      loginRateLimit: 5,
      loginAddressFailures: 12,
      tls: 'off',
      auditKey: 'k'.repeat(40),
      auditCheckpointMinutes: 0,
      qualityNudgeMinutes: 60,
      exportKeepHours: 72,
      exportJobRows: 0,
      trustProxy: true,
      demo: false,
      attachmentMaxMb: 64,
      dbPoolSize: 25,
    });
  });

  it('reports every bad value at once, each with what was expected', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://x/y', FORMWORK_ADMIN_PASSWORD: 'short', LOG_LEVEL: 'loud', FORMWORK_SESSION_IDLE_MINUTES: '0', FORMWORK_TRUST_PROXY: 'yes' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toHaveLength(6);
    expect(error!.problems[0]).toMatch(/^PORT must be an integer from 1 to 65535/);
    expect(error!.problems[1]).toMatch(/^DATABASE_URL must be a postgres:\/\//);
    expect(error!.problems[2]).toMatch(/^FORMWORK_ADMIN_PASSWORD must have at least 10 characters/);
    expect(error!.problems[3]).toMatch(/^LOG_LEVEL must be one of/);
    expect(error!.problems[4]).toMatch(/^FORMWORK_SESSION_IDLE_MINUTES must be an integer from 1 to 1440/);
    expect(error!.problems[5]).toMatch(/^FORMWORK_TRUST_PROXY must be true or false/);
  });

  it('refuses an empty FORMWORK_DATA_DIR', () => {
    expect(() => loadConfig({ FORMWORK_DATA_DIR: ' ' }, '/srv/formwork', user)).toThrow(/FORMWORK_DATA_DIR must not be empty/);
  });

  it('refuses a DATABASE_URL without a database and one that is not a URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://host:5432' })).toThrow(/must name a database/);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/not a valid URL/);
  });

  it('checks DATABASE_READ_URL as DATABASE_URL, and only beside one (the embedded database has no replica)', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://h/db', DATABASE_READ_URL: 'mysql://h/db' })).toThrow(/DATABASE_READ_URL must be a postgres:\/\//);
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://h/db' }, '/srv/formwork', user)).toThrow(/DATABASE_READ_URL needs DATABASE_URL/);
    expect(() => loadConfig({ FORMWORK_EXPORT_KEEP_HOURS: '0' }, '/srv/formwork', user)).toThrow(/FORMWORK_EXPORT_KEEP_HOURS must be an integer from 1 to 8760/);
  });

  it('sizes the one connection pool from FORMWORK_DB_POOL: two at least (migrations hold a lock on one while running on another)', () => {
    expect(loadConfig({ FORMWORK_DB_POOL: '2' }).dbPoolSize).toBe(2);
    for (const bad of ['1', '0', '-3', '4.5', 'ten', '', '1001']) {
      expect(() => loadConfig({ FORMWORK_DB_POOL: bad }), bad).toThrow(/FORMWORK_DB_POOL must be an integer from 2 to 1000/);
    }
  });
});
