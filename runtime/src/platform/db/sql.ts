/**
 * Raw SQL with bind parameters ($1, $2 …), never string-built. Statements run on the
 * connection of the caller's sequelize transaction, or on a plain pg pool otherwise; they go
 * straight to node-postgres (sequelize's own query path costs more than the query on hot paths).
 */
import type pg from 'pg';
import type { Sequelize, Transaction } from 'sequelize';

export type Tx = Transaction | undefined;

interface Queryable {
  query(config: { text: string; values?: unknown[]; name?: string }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/**
 * A statement run often enough to keep prepared on each connection (PostgreSQL then parses and
 * plans it once per connection instead of once per call).
 */
export interface Prepared {
  name: string;
  text: string;
}

export function prepared(name: string, text: string): Prepared {
  return { name, text };
}

type Statement = string | Prepared;
const config = (sql: Statement, values: unknown[]) => (typeof sql === 'string' ? { text: sql, values } : { name: sql.name, text: sql.text, values });

const pools = new WeakMap<Sequelize, pg.Pool>();

/** Gives a sequelize instance the pg pool its non-transactional statements use. */
export function attachPool(sequelize: Sequelize, pool: pg.Pool): void {
  pools.set(sequelize, pool);
}

function runner(sequelize: Sequelize, transaction: Tx): Queryable {
  if (transaction) return (transaction as unknown as { connection: Queryable }).connection;
  const pool = pools.get(sequelize);
  if (!pool) throw new Error('no pg pool attached to this database (openDatabase attaches one)');
  return pool;
}

export async function selectRows<T extends object>(sequelize: Sequelize, sql: Statement, bind: unknown[] = [], transaction?: Tx): Promise<T[]> {
  return (await runner(sequelize, transaction).query(config(sql, bind))).rows as T[];
}

export async function selectOne<T extends object>(sequelize: Sequelize, sql: Statement, bind: unknown[] = [], transaction?: Tx): Promise<T | undefined> {
  const rows = await selectRows<T>(sequelize, sql, bind, transaction);
  return rows[0];
}

/** Runs a statement; returns the number of affected rows. */
export async function execute(sequelize: Sequelize, sql: Statement, bind: unknown[] = [], transaction?: Tx): Promise<number> {
  return (await runner(sequelize, transaction).query(config(sql, bind))).rowCount ?? 0;
}
