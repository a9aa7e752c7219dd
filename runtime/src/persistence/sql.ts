/** Small helpers over sequelize.query with bind parameters ($1, $2 …): never string-built SQL. */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

export type Tx = Transaction | undefined;

export async function selectRows<T extends object>(sequelize: Sequelize, sql: string, bind: unknown[] = [], transaction?: Tx): Promise<T[]> {
  return sequelize.query<T>(sql, { bind, type: QueryTypes.SELECT, transaction: transaction ?? null });
}

export async function selectOne<T extends object>(sequelize: Sequelize, sql: string, bind: unknown[] = [], transaction?: Tx): Promise<T | undefined> {
  const rows = await selectRows<T>(sequelize, sql, bind, transaction);
  return rows[0];
}

/** Runs a statement; returns the number of affected rows. */
export async function execute(sequelize: Sequelize, sql: string, bind: unknown[] = [], transaction?: Tx): Promise<number> {
  const [, meta] = await sequelize.query(sql, { bind, transaction: transaction ?? null, raw: true });
  return (meta as { rowCount?: number } | undefined)?.rowCount ?? 0;
}
