/**
 * Configuration comes from the environment only, validated at start: every bad value is
 * reported at once, each with what was expected.
 */
import { chooseDataDir, postgresBlockedAt, type DataDirInput } from './platform/db/data-dir.js';

export type TlsMode = 'auto' | 'on' | 'off';

export interface Config {
  /** HTTP port. */
  port: number;
  /** Interface to listen on. */
  host: string;
  /** PostgreSQL URL; absent → an embedded PostgreSQL under dataDir. */
  databaseUrl: string | undefined;
  /** A read replica of it: exports, roll-ups and dashboards read there (unset: from databaseUrl). */
  databaseReadUrl?: string;
  /** Where embedded PostgreSQL and local files live (see chooseDataDir). */
  dataDir: string;
  /** Why dataDir was chosen, for the log. */
  dataDirReason: string;
  /** Password of the bootstrap admin (created on first start only). */
  adminPassword: string | undefined;
  /** pino log level. */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** A session ends after this long without a request. */
  sessionIdleMinutes: number;
  /** A session ends this long after sign-in, whatever happens. */
  sessionMaxHours: number;
  /** Requests per minute per client address (0: no limit). */
  rateLimit: number;
  /** Sign-in attempts per minute per client address and username. */
  loginRateLimit: number;
  /** Failed sign-ins from one client address within 15 minutes, whatever the usernames, before it is throttled. */
  loginAddressFailures: number;
  /** Trust X-Forwarded-For from a reverse proxy (for client addresses in rate limits and logs). */
  trustProxy: boolean;
  /** When HSTS and upgrade-insecure-requests are sent: auto (on HTTPS requests), on, off. */
  tls: TlsMode;
  /** The key sealing audit entries and checkpoints (never given to the database); absent: a key file beside the embedded data, or none. */
  auditKey?: string;
  /** Minutes between signed checkpoints of the audit chains' heads (0: only on demand). */
  auditCheckpointMinutes: number;
  /** Minutes between sweeps for the weekly data-quality nudges (0: none from this instance). */
  qualityNudgeMinutes: number;
  /** Hours a finished export job's file is kept for download. */
  exportKeepHours: number;
  /** Rows beyond which GET /api/datasets/{name} answers 202 with an export job instead of streaming (0: always stream). */
  exportJobRows: number;
  /** Seed the demo organisation into an empty database when serving. */
  demo: boolean;
  /** Largest file that can be attached to a record, in MiB. */
  attachmentMaxMb: number;
  /**
   * Connections this instance's one pool opens at most (everything but the LISTEN connection
   * draws from it): N instances need N × (dbPoolSize + 1) of PostgreSQL's max_connections.
   */
  dbPoolSize: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Connections of an instance's pool when FORMWORK_DB_POOL is unset. */
export const DEFAULT_POOL_SIZE = 10;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** What the data folder depends on besides env and cwd: who we run as, and what `postgres` can enter. */
export type ConfigSystem = Pick<DataDirInput, 'uid' | 'blockedAt'>;

const thisSystem: ConfigSystem = { uid: process.getuid?.(), blockedAt: postgresBlockedAt };

/** Reads and validates the configuration; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), system: ConfigSystem = thisSystem): Config {
  const problems: string[] = [];

  const portText = env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^[0-9]+$/.test(portText) || port < 1 || port > 65535) {
    problems.push(`PORT must be an integer from 1 to 65535 (got "${portText}")`);
  }

  const host = env.HOST ?? '127.0.0.1';
  if (host.trim() === '' || /\s/.test(host)) problems.push(`HOST must be a host name or IP address (got "${host}")`);

  /** A postgres:// URL naming a database, or undefined (unset, or a problem reported). */
  const postgresUrl = (name: string): string | undefined => {
    const text = env[name];
    if (text === undefined || text === '') return undefined;
    try {
      const url = new URL(text);
      if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') problems.push(`${name} must be a postgres:// or postgresql:// URL (got protocol "${url.protocol}")`);
      else if (url.pathname.length <= 1) problems.push(`${name} must name a database, e.g. postgres://user@host:5432/formwork`);
      else return text;
    } catch {
      problems.push(`${name} is not a valid URL, e.g. postgres://user:password@host:5432/formwork`);
    }
    return undefined;
  };
  const databaseUrl = postgresUrl('DATABASE_URL');
  const databaseReadUrl = postgresUrl('DATABASE_READ_URL');
  if (databaseReadUrl && !databaseUrl) problems.push('DATABASE_READ_URL needs DATABASE_URL: the embedded database has no replica');

  if (env.FORMWORK_DATA_DIR?.trim() === '') problems.push('FORMWORK_DATA_DIR must not be empty');
  const { dataDir, reason: dataDirReason } = chooseDataDir({ ...system, cwd, env });

  const adminPassword = env.FORMWORK_ADMIN_PASSWORD === '' ? undefined : env.FORMWORK_ADMIN_PASSWORD;
  if (adminPassword !== undefined) {
    const weakness = passwordWeakness(adminPassword);
    if (weakness) problems.push(`FORMWORK_ADMIN_PASSWORD ${weakness}`);
  }

  const logLevel = (env.LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const text = env[name] ?? String(fallback);
    const value = Number(text);
    if (!/^[0-9]+$/.test(text) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${text}")`);
      return fallback;
    }
    return value;
  };
  const sessionIdleMinutes = integer('FORMWORK_SESSION_IDLE_MINUTES', 30, 1, 1440);
  const sessionMaxHours = integer('FORMWORK_SESSION_MAX_HOURS', 12, 1, 720);
  const rateLimit = integer('FORMWORK_RATE_LIMIT', 1200, 0, 1_000_000);
  const loginRateLimit = integer('FORMWORK_LOGIN_RATE_LIMIT', 10, 1, 10_000);
  const loginAddressFailures = integer('FORMWORK_LOGIN_ADDRESS_FAILURES', 30, 1, 1_000_000);
  const attachmentMaxMb = integer('FORMWORK_ATTACHMENT_MAX_MB', 20, 1, 256);
  // Two at least: migrations hold their lock on one connection while umzug runs on another.
  const dbPoolSize = integer('FORMWORK_DB_POOL', DEFAULT_POOL_SIZE, 2, 1000);
  const trustText = env.FORMWORK_TRUST_PROXY ?? 'false';
  if (!['true', 'false'].includes(trustText)) problems.push(`FORMWORK_TRUST_PROXY must be true or false (got "${trustText}")`);
  const auditKey = env.FORMWORK_AUDIT_KEY || undefined;
  if (auditKey !== undefined && auditKey.length < 32) problems.push('FORMWORK_AUDIT_KEY must have at least 32 characters');
  const auditCheckpointMinutes = integer('FORMWORK_AUDIT_CHECKPOINT_MINUTES', 5, 0, 1440);
  const qualityNudgeMinutes = integer('FORMWORK_QUALITY_NUDGE_MINUTES', 60, 0, 10080);
  const exportKeepHours = integer('FORMWORK_EXPORT_KEEP_HOURS', 24, 1, 8760);
  const exportJobRows = integer('FORMWORK_EXPORT_JOB_ROWS', 100_000, 0, 1_000_000_000);
  const tlsText = env.FORMWORK_TLS ?? 'auto';
  if (!['auto', 'on', 'off'].includes(tlsText)) problems.push(`FORMWORK_TLS must be auto, on or off (got "${tlsText}")`);
  const demoText = env.FORMWORK_DEMO ?? '1';
  if (!['0', '1'].includes(demoText)) problems.push(`FORMWORK_DEMO must be 0 or 1 (got "${demoText}")`);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    databaseUrl,
    ...(databaseReadUrl ? { databaseReadUrl } : {}),
    dataDir,
    dataDirReason,
    adminPassword,
    logLevel,
    sessionIdleMinutes,
    sessionMaxHours,
    rateLimit,
    loginRateLimit,
    loginAddressFailures,
    trustProxy: trustText === 'true',
    tls: tlsText as TlsMode,
    ...(auditKey ? { auditKey } : {}),
    auditCheckpointMinutes,
    qualityNudgeMinutes,
    exportKeepHours,
    exportJobRows,
    demo: demoText === '1',
    attachmentMaxMb,
    dbPoolSize,
  };
}

/** The policy's reasons in each language, for messages to people (passwordWeakness answers in English). */
const WEAKNESS_TEXT: Readonly<Record<string, { 'zh-CN': string; en: string }>> = {
  'must have at least 10 characters': { 'zh-CN': '至少 10 个字符', en: 'must have at least 10 characters' },
  'must not contain the username': { 'zh-CN': '不能包含用户名', en: 'must not contain the username' },
  'must have at most 256 characters': { 'zh-CN': '最多 256 个字符', en: 'must have at most 256 characters' },
  'must mix at least three of: lower case, upper case, digits, symbols': {
    'zh-CN': '须包含小写字母、大写字母、数字、符号中的至少三类',
    en: 'must mix at least three of: lower case, upper case, digits, symbols',
  },
};

/** A weakness as a message parameter in each language. */
export function weaknessText(weakness: string): { 'zh-CN': string; en: string } {
  return WEAKNESS_TEXT[weakness] ?? { 'zh-CN': weakness, en: weakness };
}

/** The password policy: why a password is refused, or undefined when it is acceptable. */
export function passwordWeakness(password: string, username?: string): string | undefined {
  if (password.length < 10) return 'must have at least 10 characters';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'must not contain the username';
  if (password.length > 256) return 'must have at most 256 characters';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return 'must mix at least three of: lower case, upper case, digits, symbols';
  return undefined;
}
