/**
 * The records an impact reads: one module's, of the caller's subtree (by their own unit or their
 * holder), in keyset batches by (created_at, id) — the order of the records_list_idx index, so
 * each batch starts where the last ended instead of sorting the module's records again.
 */
import type { Sequelize } from 'sequelize';
import { selectOne, selectRows, type Tx } from '../platform/db/sql.js';
import { SELECT, toRecord, type Row, type StoredRecord } from '../records/record-store.js';

/** The records' usual columns (record-store's SELECT) and the keyset's created_at as text. */
const SELECT_KEYED = SELECT.replace('SELECT r.*', 'SELECT r.*, r.created_at::text AS created_key');
const IN_SCOPE = 'r.module_key = $1 AND (u.path <@ $2::ltree OR a.path <@ $2::ltree)';

/** Where a batch ended: created_at as PostgreSQL prints it (to the microsecond, where a Date keeps milliseconds) and the id. */
export interface ImpactCursor {
  createdKey: string;
  id: string;
}

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

/** The next batch of those records after `after` (null: from the first), and where it ends. */
export async function recordsInScope(
  sequelize: Sequelize,
  key: string,
  callerPath: string,
  after: ImpactCursor | null,
  limit: number,
  tx: Tx,
): Promise<{ records: StoredRecord[]; end: ImpactCursor | null }> {
  const order = 'ORDER BY r.created_at, r.id';
  // The keyset bound is written only once there is one: an `IS NULL OR` around it would keep the index from starting at it.
  const rows = after === null
    ? await selectRows<Row & { created_key: string }>(sequelize, `${SELECT_KEYED} WHERE ${IN_SCOPE} ${order} LIMIT $3`, [key, callerPath, limit], tx)
    : await selectRows<Row & { created_key: string }>(
        sequelize,
        `${SELECT_KEYED} WHERE ${IN_SCOPE} AND (r.created_at, r.id) > ($3::timestamptz, $4::uuid) ${order} LIMIT $5`,
        [key, callerPath, after.createdKey, after.id, limit],
        tx,
      );
  const last = rows[rows.length - 1];
  return { records: rows.map(toRecord), end: last ? { createdKey: last.created_key, id: last.id } : null };
}
