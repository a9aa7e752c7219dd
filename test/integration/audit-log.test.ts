/** The audit log is append-only in the database and its hash chain exposes any alteration. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditChain } from '../../runtime/src/audit/audit-store.js';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { login, startTestInstance } from '../support/instance.js';

let db: TestDatabase;
let instance: Instance;

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  await login(instance);
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      appendAudit(instance.db.sequelize, { actor: `user${i}`, unitCode: 'HQ', action: 'test.write', target: `thing:${i}`, outcome: 'ok', details: { i } }),
    ),
  );
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('audit log', () => {
  it('chains concurrent appends in one order', async () => {
    const verdict = await verifyAuditChain(instance.db.sequelize);
    expect(verdict.ok).toBe(true);
    expect(verdict.entries).toBeGreaterThanOrEqual(22);
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    const sql = instance.db.sequelize;
    await expect(sql.query("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")).rejects.toThrow(/append-only/);
    await expect(sql.query('DELETE FROM audit_log WHERE seq = 2')).rejects.toThrow(/append-only/);
    await expect(sql.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });

  it('reports the first broken link when an entry is altered behind the triggers’ back', async () => {
    const sql = instance.db.sequelize;
    const [rows] = await sql.query("SELECT seq FROM audit_log WHERE action = 'test.write' ORDER BY seq LIMIT 1 OFFSET 5");
    const seq = (rows as { seq: number }[])[0]!.seq;
    // A superuser can switch triggers off; the chain still tells.
    await sql.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
    await sql.query(`UPDATE audit_log SET details = '{"i": 999}' WHERE seq = ${seq}`);
    await sql.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change');
    expect(await verifyAuditChain(sql)).toMatchObject({ ok: false, brokenAt: seq });
  });
});
