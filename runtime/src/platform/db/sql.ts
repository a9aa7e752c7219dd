/**
 * Raw SQL with bind parameters ($1, $2 …), never string-built, on the instance's one pool:
 * sequelize's. Where a statement runs:
 * - in a transaction (always sequelize's, so models and raw SQL share it): on that
 *   transaction's connection, learnt through sequelize's public `beforeQuery` hook when the
 *   transaction began (see trackTransactions), or else through
 *   `sequelize.query(…, { transaction, bind })`;
 * - otherwise: on a connection borrowed from the pool for that one statement.
 * Statements go straight to node-postgres wherever they can: sequelize's own query path costs
 * more than the query on hot paths, and a `prepared()` statement only stays prepared there.
 *
 * One pool means one rule: inside a transaction, every statement takes the transaction. A
 * statement without it borrows a second connection while the first is held, and enough
 * transactions doing that at once wait on each other until the pool's acquire timeout.
 */
import pg from 'pg';
import { DatabaseError, QueryTypes, UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';

/** The transaction a statement joins, if any. */
export type Tx = Transaction | undefined;

/** Where statements run: a sequelize instance, or the database handle that owns one. */
export type SqlTarget = Sequelize | { readonly sequelize: Sequelize };

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

export type Statement = string | Prepared;

/** What a statement returned. */
export interface SqlResult<T> {
  rows: T[];
  rowCount: number;
}

const config = (sql: Statement, values: unknown[]) => (typeof sql === 'string' ? { text: sql, values } : { name: sql.name, text: sql.text, values });

const sequelizeOf = (target: SqlTarget): Sequelize => ('sequelize' in target ? target.sequelize : target);

// --- The pool ------------------------------------------------------------------------------

/**
 * Borrows a connection from sequelize's pool (waiting while all are busy). It must be given
 * back with giveBack(), exactly once.
 */
export async function borrow(target: SqlTarget): Promise<pg.Client> {
  const { connectionManager } = sequelizeOf(target);
  const connection = await connectionManager.getConnection({ type: 'write' });
  // sequelize is opened with `dialectModule: pg`, so its connections are node-postgres clients.
  if (connection instanceof pg.Client) return connection;
  connectionManager.releaseConnection(connection);
  throw new Error('the sequelize pool did not hand out a node-postgres client (openDatabase sets dialectModule: pg)');
}

/**
 * Returns a borrowed connection to the pool; a connection left in an unknown state (a session
 * lock not released, a transaction not ended) is closed instead, so nobody inherits its state.
 */
export async function giveBack(target: SqlTarget, client: pg.Client, healthy = true): Promise<void> {
  const { connectionManager } = sequelizeOf(target);
  if (healthy) connectionManager.releaseConnection(client);
  else await connectionManager.destroyConnection(client);
}

/** Runs `fn` on one connection of the pool, returned afterwards whatever happens. */
export async function withConnection<T>(target: SqlTarget, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await borrow(target);
  try {
    return await fn(client);
  } finally {
    await giveBack(target, client);
  }
}

// --- Sequelize transactions' connections ---------------------------------------------------

/** The connection each running sequelize transaction holds. */
const connections = new WeakMap<Transaction, pg.Client>();

/**
 * Remembers which pooled connection each sequelize transaction holds, so raw statements in it
 * go straight to that connection (prepared statements included) instead of through
 * sequelize.query. Its START TRANSACTION passes sequelize's public `beforeQuery` hook with the
 * transaction and the query's connection; its COMMIT or ROLLBACK ends the entry.
 */
export function trackTransactions(sequelize: Sequelize): void {
  sequelize.addHook('beforeQuery', (options, query) => {
    const { transaction } = options;
    if (transaction && !connections.has(transaction) && query.connection instanceof pg.Client) connections.set(transaction, query.connection);
  });
  sequelize.addHook('afterQuery', (options) => {
    // A savepoint's end names its parent: the parent's entry goes too, and its later
    // statements take the slower sequelize.query path. Still correct; nothing here nests.
    if (options.transaction && 'completesTransaction' in options && options.completesTransaction) connections.delete(options.transaction);
  });
}

// --- Statements ----------------------------------------------------------------------------

/** Runs one statement where `transaction` says (see the top of this file). */
export async function runSql<T extends object>(target: SqlTarget, sql: Statement, bind: unknown[] = [], transaction?: Tx): Promise<SqlResult<T>> {
  if (transaction) {
    const client = connections.get(transaction);
    if (client) return asResult<T>(await client.query(config(sql, bind)));
    return viaSequelize<T>(sequelizeOf(target), typeof sql === 'string' ? sql : sql.text, bind, transaction);
  }
  const client = await borrow(target);
  try {
    return asResult<T>(await client.query(config(sql, bind)));
  } finally {
    await giveBack(target, client);
  }
}

const asResult = <T>(result: pg.QueryResult): SqlResult<T> => ({ rows: result.rows as T[], rowCount: result.rowCount ?? 0 });

/** A statement in a sequelize transaction whose connection is not known: sequelize runs it. */
async function viaSequelize<T>(sequelize: Sequelize, text: string, bind: unknown[], transaction: Transaction): Promise<SqlResult<T>> {
  try {
    const [rows, meta] = await sequelize.query(text, { bind, transaction, type: QueryTypes.RAW, raw: true });
    // INSERT and UPDATE statements come back as [rows, rowCount]; others as [rows, pg result].
    const rowCount = typeof meta === 'number' ? meta : meta instanceof Object && 'rowCount' in meta && typeof meta.rowCount === 'number' ? meta.rowCount : rows.length;
    return { rows: rows as T[], rowCount };
  } catch (error) {
    // Callers see node-postgres' error, as on every other path, not sequelize's wrapper.
    if ((error instanceof DatabaseError || error instanceof UniqueConstraintError) && error.parent instanceof Error) throw error.parent;
    throw error;
  }
}

export async function selectRows<T extends object>(target: SqlTarget, sql: Statement, bind: unknown[] = [], transaction?: Tx): Promise<T[]> {
  return (await runSql<T>(target, sql, bind, transaction)).rows;
}

export async function selectOne<T extends object>(target: SqlTarget, sql: Statement, bind: unknown[] = [], transaction?: Tx): Promise<T | undefined> {
  const rows = await selectRows<T>(target, sql, bind, transaction);
  return rows[0];
}

/** Runs a statement; returns the number of affected rows. */
export async function execute(target: SqlTarget, sql: Statement, bind: unknown[] = [], transaction?: Tx): Promise<number> {
  return (await runSql<object>(target, sql, bind, transaction)).rowCount;
}
