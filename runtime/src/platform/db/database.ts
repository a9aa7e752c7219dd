/**
 * The database handle of one server instance: one sequelize instance whose pool is the only
 * pool of the instance (models, raw SQL, transactions and the job queue all draw from it), plus
 * migrations with umzug under a PostgreSQL advisory lock so that instances starting together
 * migrate once. The only connection outside the pool is the LISTEN connection
 * (notify-listener.ts).
 */
import pg from 'pg';
import { Sequelize, type QueryInterface, type Transaction } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import { DEFAULT_POOL_SIZE } from '../../config.js';
import { MIGRATIONS } from './migrations/index.js';
import { migrationModel } from './migration-model.js';
import { borrow, giveBack, runSql, trackTransactions, withConnection, type SqlResult, type Statement, type Tx } from './sql.js';

// Return int8 (bigserial ids, counts) as JS numbers: they stay far below 2^53 here.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

/** How every connection of an instance names itself in pg_stat_activity. */
export const APPLICATION_NAME = 'formwork';
/** How the connections of the read pool (DATABASE_READ_URL) name themselves. */
export const READ_APPLICATION_NAME = 'formwork-read';

export interface Database {
  /** Holds the pool; models are defined on it (see each feature's *-model.ts). */
  sequelize: Sequelize;
  /**
   * Where exports, roll-ups and dashboards read: the pool of the read replica (DATABASE_READ_URL),
   * or `sequelize` itself without one. Never written to, never in a transaction of the primary.
   */
  reader: Sequelize;
  url: string;
  /** The most connections the pool opens. */
  poolSize: number;
  /** Runs one raw statement on the pool, or in `tx` (see sql.ts). */
  query<T extends object>(sql: Statement, bind?: unknown[], tx?: Tx): Promise<SqlResult<T>>;
  /**
   * Runs `fn` in a transaction (sequelize's: models and raw SQL both take it), committed when
   * `fn` resolves, rolled back when it throws. The same as `sequelize.transaction(fn)`.
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Runs `fn` on one pooled connection, given back afterwards. */
  withConnection<T>(fn: (client: pg.Client) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Pool size (default DEFAULT_POOL_SIZE). */
  poolSize?: number;
  /** application_name of every pooled connection (default APPLICATION_NAME). */
  applicationName?: string;
  /** A read replica: a second pool of the same size, for long reads (see Database.reader). */
  readUrl?: string;
  log?: (sql: string) => void;
}

export function openDatabase(url: string, options: DatabaseOptions = {}): Database {
  const poolSize = options.poolSize ?? DEFAULT_POOL_SIZE;
  const sequelize = openPool(url, poolSize, options.applicationName ?? APPLICATION_NAME, options.log);
  const reader = options.readUrl ? openPool(options.readUrl, poolSize, READ_APPLICATION_NAME, options.log) : sequelize;
  const db: Database = {
    sequelize,
    reader,
    url,
    poolSize,
    query: (sql, bind = [], tx = undefined) => runSql(sequelize, sql, bind, tx),
    transaction: (fn) => sequelize.transaction(fn),
    withConnection: (fn) => withConnection(sequelize, fn),
    close: async () => {
      if (reader !== sequelize) await reader.close();
      await sequelize.close();
    },
  };
  return db;
}

function openPool(url: string, poolSize: number, applicationName: string, log: ((sql: string) => void) | undefined): Sequelize {
  const sequelize = new Sequelize(url, {
    dialect: 'postgres',
    dialectModule: pg,
    dialectOptions: { application_name: applicationName },
    logging: log ?? false,
    // Requests beyond the pool wait for a connection (up to `acquire`) rather than open more.
    pool: { max: poolSize, min: 0, idle: 10_000, acquire: 30_000 },
    define: { underscored: true, timestamps: false, freezeTableName: true },
  });
  trackTransactions(sequelize);
  return sequelize;
}

/** An arbitrary constant: the advisory lock key that serialises migrations. */
const MIGRATION_LOCK = 7_361_093_481;

/**
 * Applies pending migrations (once, even when several instances start together). Returns their
 * names. The lock is held on one pooled connection while umzug runs on another, so the pool
 * needs two connections at least (FORMWORK_DB_POOL ≥ 2).
 */
export async function migrate(db: Database, log: (message: string) => void = () => undefined): Promise<string[]> {
  const lock = await borrow(db);
  // A session lock that could not be released must not stay with a pooled connection.
  let unlocked = false;
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const umzug = new Umzug<QueryInterface>({
        migrations: MIGRATIONS.map(({ name, module }) => ({ name, up: module.up, down: module.down })),
        context: db.sequelize.getQueryInterface(),
        storage: new SequelizeStorage({ model: migrationModel(db.sequelize) }),
        logger: undefined,
      });
      const applied = await umzug.up();
      for (const m of applied) log(`migrated ${m.name}`);
      return applied.map((m) => m.name);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).then(
        () => (unlocked = true),
        () => undefined,
      );
    }
  } finally {
    await giveBack(db, lock, unlocked);
  }
}
