/**
 * The one pool's raw-SQL layer (platform/db/sql.ts): statements in a transaction run on that
 * transaction's connection, others borrow one and give it back, the pool never grows past its
 * size, and the migration lock does not stay behind on a pooled connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Database } from '../../runtime/src/platform/db/database.js';
import { execute, prepared, selectOne, selectRows } from '../../runtime/src/platform/db/sql.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const APP = 'formwork-sql-test';
let testDb: TestDatabase;
let db: Database;

const connectionsOf = async () =>
  (await selectOne<{ n: number }>(db, 'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1', [APP]))!.n;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = openDatabase(testDb.url, { poolSize: 2, applicationName: APP });
  await migrate(db);
  await execute(db, 'CREATE TABLE pool_probe (id int PRIMARY KEY, note text)');
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

describe('raw SQL on the one pool', () => {
  it('runs a statement of a transaction on its connection: it sees the transaction’s writes, nothing else does until commit', async () => {
    await db.transaction(async (tx) => {
      const [[own]] = (await db.sequelize.query('SELECT pg_backend_pid() AS pid', { transaction: tx })) as [{ pid: number }[], unknown];
      expect(await selectOne(db, 'SELECT pg_backend_pid() AS pid', [], tx)).toEqual({ pid: own!.pid });
      await execute(db.sequelize, 'INSERT INTO pool_probe VALUES ($1, $2)', [1, 'in tx'], tx);
      expect(await selectRows(db, 'SELECT note FROM pool_probe', [], tx)).toEqual([{ note: 'in tx' }]);
      // Outside the transaction (another pooled connection): not yet committed.
      expect(await selectRows(db, 'SELECT note FROM pool_probe')).toEqual([]);
    });
    expect(await selectRows(db, 'SELECT note FROM pool_probe')).toEqual([{ note: 'in tx' }]);
  });

  it('rolls a raw statement back with its transaction', async () => {
    await expect(
      db.transaction(async (tx) => {
        await execute(db, 'INSERT INTO pool_probe VALUES ($1, $2)', [2, 'rolled back'], tx);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await selectOne(db, 'SELECT count(*)::int AS n FROM pool_probe WHERE id = 2')).toEqual({ n: 0 });
  });

  it('keeps prepared statements working inside and outside transactions', async () => {
    const count = prepared('fw_test_probe_count', 'SELECT count(*)::int AS n FROM pool_probe WHERE id >= $1');
    for (let i = 0; i < 3; i++) expect(await selectOne(db, count, [0])).toEqual({ n: 1 });
    await db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) expect(await selectOne(db, count, [0], tx)).toEqual({ n: 1 });
    });
  });

  it('runs statements of a savepoint through sequelize, and reports errors as node-postgres does', async () => {
    await db.transaction(async (outer) => {
      const failed = await db.sequelize
        .transaction({ transaction: outer }, async (savepoint) => {
          expect(await execute(db, 'UPDATE pool_probe SET note = $2 WHERE id = $1', [1, 'savepoint'], savepoint)).toBe(1);
          expect(await selectRows(db, 'SELECT note FROM pool_probe WHERE id = $1', [1], savepoint)).toEqual([{ note: 'savepoint' }]);
          await execute(db, 'INSERT INTO pool_probe VALUES ($1, $2)', [1, 'again'], savepoint);
        })
        .catch((error: unknown) => error);
      expect(failed).toMatchObject({ code: '23505', constraint: 'pool_probe_pkey' });
      // Back to the savepoint; the outer transaction goes on.
      expect(await selectRows(db, 'SELECT note FROM pool_probe WHERE id = $1', [1], outer)).toEqual([{ note: 'in tx' }]);
    });
  });

  it('never opens more connections than the pool size, however many statements wait', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? execute(db, 'SELECT pg_sleep(0.02)').then(() => 0) : connectionsOf())));
    expect(Math.max(...results)).toBeGreaterThan(0);
    expect(Math.max(...results)).toBeLessThanOrEqual(2);
  });

  it('takes the migration lock on a pooled connection and releases it', async () => {
    expect(await migrate(db)).toEqual([]);
    const locks = await selectOne<{ n: number }>(
      db,
      "SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND a.application_name = $1",
      [APP],
    );
    expect(locks).toEqual({ n: 0 });
  });
});
