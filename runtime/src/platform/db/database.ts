/**
 * The database handle: one sequelize instance (pool, transactions) per server instance, plus
 * migrations with umzug under a PostgreSQL advisory lock so that instances starting together
 * migrate once.
 */
import pg from 'pg';
import { Sequelize, type QueryInterface } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import { MIGRATIONS } from './migrations/index.js';
import { attachPool } from './sql.js';

// Return int8 (bigserial ids, counts) as JS numbers: they stay far below 2^53 here.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export interface Database {
  sequelize: Sequelize;
  url: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  poolMax?: number;
  log?: (sql: string) => void;
}

export function openDatabase(url: string, options: DatabaseOptions = {}): Database {
  // Plain statements outside transactions use this pool (see sql.ts); transactions use sequelize's.
  const pool = new pg.Pool({ connectionString: url, max: options.poolMax ?? 20, idleTimeoutMillis: 10_000 });
  pool.on('error', () => undefined);
  const sequelize = new Sequelize(url, {
    dialect: 'postgres',
    dialectModule: pg,
    logging: options.log ?? false,
    pool: { max: options.poolMax ?? 20, min: 0, idle: 10_000, acquire: 30_000 },
    define: { underscored: true, timestamps: false, freezeTableName: true },
  });
  attachPool(sequelize, pool);
  return {
    sequelize,
    url,
    close: async () => {
      await sequelize.close();
      await pool.end();
    },
  };
}

/** An arbitrary constant: the advisory lock key that serialises migrations. */
const MIGRATION_LOCK = 7_361_093_481;

/** Applies pending migrations (once, even when several instances start together). Returns their names. */
export async function migrate(db: Database, log: (message: string) => void = () => undefined): Promise<string[]> {
  const lock = new pg.Client({ connectionString: db.url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const umzug = new Umzug<QueryInterface>({
      migrations: MIGRATIONS.map(({ name, module }) => ({ name, up: module.up, down: module.down })),
      context: db.sequelize.getQueryInterface(),
      storage: new SequelizeStorage({ sequelize: db.sequelize, tableName: 'formwork_migrations' }),
      logger: undefined,
    });
    const applied = await umzug.up();
    for (const m of applied) log(`migrated ${m.name}`);
    return applied.map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
  }
}
