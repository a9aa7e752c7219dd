/** The records an impact reads: one module's, of the caller's subtree (by their own unit or their holder), in keyset batches by id. */
import type { Sequelize } from 'sequelize';
import { selectOne, selectRows, type Tx } from '../platform/db/sql.js';
import { SELECT, toRecord, type Row, type StoredRecord } from '../records/record-store.js';

const IN_SCOPE = 'r.module_key = $1 AND (u.path <@ $2::ltree OR a.path <@ $2::ltree)';

/** How many records of `key` the caller (at `callerPath`) may read. */
export async function countInScope(sequelize: Sequelize, key: string, callerPath: string, tx: Tx): Promise<number> {
  const row = await selectOne<{ n: string }>(
    sequelize,
    `SELECT count(*) AS n FROM records r JOIN units u ON u.code = r.unit_code JOIN units a ON a.code = r.assigned_unit WHERE ${IN_SCOPE}`,
    [key, callerPath],
    tx,
  );
  return Number(row?.n ?? 0);
}

/** The next batch of those records after the id `after` (null: from the first). */
export async function recordsInScope(sequelize: Sequelize, key: string, callerPath: string, after: string | null, limit: number, tx: Tx): Promise<StoredRecord[]> {
  const rows = after === null
    ? await selectRows<Row>(sequelize, `${SELECT} WHERE ${IN_SCOPE} ORDER BY r.id LIMIT $3`, [key, callerPath, limit], tx)
    : await selectRows<Row>(sequelize, `${SELECT} WHERE ${IN_SCOPE} AND r.id > $3 ORDER BY r.id LIMIT $4`, [key, callerPath, after, limit], tx);
  return rows.map(toRecord);
}
