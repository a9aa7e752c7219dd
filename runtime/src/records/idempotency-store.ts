/** Idempotency keys of record creation: the first answer is kept and replayed. */
import type { Sequelize } from 'sequelize';
import { execute, selectOne, selectRows, type Tx } from '../platform/db/sql.js';

/**
 * Claims an idempotency key inside the caller's transaction. A concurrent request with the
 * same key waits here until the first commits, then sees its answer.
 */
export async function claimIdempotencyKey(
  sequelize: Sequelize,
  username: string,
  key: string,
  requestHash: string,
  tx: Tx,
): Promise<{ claimed: true } | { claimed: false; requestHash: string; status: number | null; response: unknown }> {
  const inserted = await selectOne<{ key: string }>(
    sequelize,
    'INSERT INTO idempotency_keys (username, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key',
    [username, key, requestHash],
    tx,
  );
  if (inserted) return { claimed: true };
  const existing = await selectOne<{ request_hash: string; status: number | null; response: unknown }>(
    sequelize,
    'SELECT request_hash, status, response FROM idempotency_keys WHERE username = $1 AND key = $2',
    [username, key],
    tx,
  );
  return { claimed: false, requestHash: existing!.request_hash, status: existing!.status, response: existing!.response };
}

export async function findIdempotencyKey(
  sequelize: Sequelize,
  username: string,
  key: string,
): Promise<{ requestHash: string; status: number | null; response: unknown } | undefined> {
  const row = await selectOne<{ request_hash: string; status: number | null; response: unknown }>(
    sequelize,
    'SELECT request_hash, status, response FROM idempotency_keys WHERE username = $1 AND key = $2',
    [username, key],
  );
  return row && { requestHash: row.request_hash, status: row.status, response: row.response };
}

export async function storeIdempotentResponse(sequelize: Sequelize, username: string, key: string, status: number, response: unknown, tx: Tx): Promise<void> {
  await execute(sequelize, 'UPDATE idempotency_keys SET status = $3, response = $4 WHERE username = $1 AND key = $2', [username, key, status, JSON.stringify(response)], tx);
}

/**
 * Claims many keys (each its own request hash) in one statement inside the caller's
 * transaction; answers those claimed now. The others were claimed before, or by a concurrent
 * twin (this waits for it to commit). Keys are claimed in sorted order, so twins never deadlock.
 */
export async function claimIdempotencyKeys(sequelize: Sequelize, username: string, keys: readonly string[], tx: Tx): Promise<Set<string>> {
  const rows = await selectRows<{ key: string }>(
    sequelize,
    'INSERT INTO idempotency_keys (username, key, request_hash) SELECT $1, k, k FROM unnest($2::text[]) AS k ORDER BY k ON CONFLICT DO NOTHING RETURNING key',
    [username, [...keys]],
    tx,
  );
  return new Set(rows.map((r) => r.key));
}

/** Stores the answers of many claimed keys in one statement. */
export async function storeIdempotentResponses(sequelize: Sequelize, username: string, answers: readonly { key: string; status: number; response: unknown }[], tx: Tx): Promise<void> {
  if (answers.length === 0) return;
  await execute(
    sequelize,
    `UPDATE idempotency_keys i SET status = v.status, response = v.response
       FROM unnest($2::text[], $3::int[], $4::jsonb[]) AS v (key, status, response)
      WHERE i.username = $1 AND i.key = v.key`,
    [username, answers.map((a) => a.key), answers.map((a) => a.status), answers.map((a) => JSON.stringify(a.response))],
    tx,
  );
}
