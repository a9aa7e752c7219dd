/**
 * The audit log against a database administrator (the hostile test's finding B.2): with triggers
 * switched off and the database's own hash functions at hand, deleting the newest entry,
 * editing an entry and re-hashing the rest of its chain, forging or replaying an entry are all
 * detected by verify — through each entry's seal (a key the database never sees) and the signed
 * checkpoints of the chains' heads, stored and exported.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit, takeCheckpoint, verifyAuditChain } from '../../runtime/src/audit/audit-store.js';
import type { Instance } from '../../runtime/src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { call, login, startTestInstance } from '../support/instance.js';

let db: TestDatabase | undefined;
let instance: Instance | undefined;

/** A fresh database with 40 entries over the 16 chains, and a checkpoint of their heads. */
async function logWithEntries(env: Record<string, string> = {}): Promise<Instance> {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url, { env });
  for (let i = 0; i < 40; i++) await appendAudit(instance.db.sequelize, { actor: `user${i}`, unitCode: 'HQ', action: 'test.write', target: `thing:${i}`, outcome: 'ok', details: { i, note: '说明' } });
  return instance;
}

const sql = () => instance!.db.sequelize;
const rows = async <T>(text: string): Promise<T[]> => (await sql().query(text))[0] as T[];
const asAdministrator = async (statements: string) => {
  await sql().query(`ALTER TABLE audit_log DISABLE TRIGGER USER; ${statements}; ALTER TABLE audit_log ENABLE TRIGGER USER;`);
};

afterEach(async () => {
  await instance?.stop();
  await db?.drop();
  instance = undefined;
  db = undefined;
});

describe('the sealed audit log', () => {
  it('verifies an untouched log: every entry sealed, checkpoints signed', async () => {
    await logWithEntries();
    await takeCheckpoint(sql());
    await appendAudit(sql(), { actor: 'later', unitCode: 'HQ', action: 'test.write', outcome: 'ok' });
    await takeCheckpoint(sql());
    const verdict = await verifyAuditChain(sql());
    expect(verdict).toMatchObject({ ok: true, sealed: true, checkpoints: 2 });
    expect(verdict.entries).toBeGreaterThanOrEqual(41);
    expect(await rows<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE mac IS NULL')).toEqual([{ n: 0 }]);
  });

  it('refuses an INSERT that does not go through audit_append, or breaks its chain', async () => {
    await logWithEntries();
    await expect(sql().query(`INSERT INTO audit_log (seq, chain, chain_pos, actor, action, outcome, prev_hash, hash) VALUES (9999, 15, 1, 'mallory', 'x', 'ok', 'a', 'b')`)).rejects.toThrow(/only through audit_append/);
    await expect(
      sql().query(`SELECT set_config('formwork.audit_append', 'on', false); INSERT INTO audit_log (seq, chain, chain_pos, actor, action, outcome, prev_hash, hash) VALUES (9999, 3, 1, 'mallory', 'x', 'ok', 'a', 'b')`),
    ).rejects.toThrow(/follow its chain/);
  });

  it('detects the newest entry of a chain deleted after a checkpoint', async () => {
    await logWithEntries();
    await takeCheckpoint(sql());
    await asAdministrator('DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)');
    expect(await verifyAuditChain(sql())).toMatchObject({ ok: false, reason: 'truncated' });
  });

  it('detects an entry edited and the rest of its chain re-hashed with the database’s own functions', async () => {
    await logWithEntries();
    const [target] = await rows<{ seq: number; chain: number; chain_pos: number }>("SELECT seq, chain, chain_pos FROM audit_log WHERE action = 'test.write' ORDER BY seq LIMIT 1 OFFSET 10");
    await asAdministrator(`
      UPDATE audit_log SET details = '{"i": 999}' WHERE seq = ${target!.seq};
      DO $$ DECLARE r record; prev text; BEGIN
        SELECT prev_hash INTO prev FROM audit_log WHERE seq = ${target!.seq};
        FOR r IN SELECT * FROM audit_log WHERE chain = ${target!.chain} AND chain_pos >= ${target!.chain_pos} ORDER BY chain_pos LOOP
          UPDATE audit_log SET prev_hash = prev,
                 hash = audit_hash(prev, audit_content(r.seq, r.chain, r.chain_pos, r.at, r.actor, r.unit_code, r.action, r.target, r.outcome, r.request_id, r.details))
           WHERE seq = r.seq RETURNING hash INTO prev;
        END LOOP;
      END $$`);
    expect(await verifyAuditChain(sql())).toMatchObject({ ok: false, reason: 'seal', brokenAt: target!.seq });
  });

  it('detects a forged entry with a correct hash, sealed or not, and a replayed one', async () => {
    await logWithEntries();
    const forge = (mac: string) => sql().query(`SELECT audit_append('mallory', 'HQ', 'user.roles', 'user:mallory', 'ok', NULL, '{}'::jsonb, now(), ${mac})`);
    await forge('NULL');
    expect(await verifyAuditChain(sql())).toMatchObject({ ok: false, reason: 'unsealed' });
    await instance!.stop();
    await db!.drop();

    await logWithEntries();
    await forge(`'${'ab'.repeat(12)}.${'0'.repeat(64)}'`);
    expect(await verifyAuditChain(sql())).toMatchObject({ ok: false, reason: 'seal' });
    await instance!.stop();
    await db!.drop();

    await logWithEntries();
    const [copied] = await rows<{ actor: string; unit_code: string; action: string; target: string; outcome: string; details: object; at: Date; mac: string }>(
      "SELECT actor, unit_code, action, target, outcome, details, at, mac FROM audit_log WHERE action = 'test.write' ORDER BY seq LIMIT 1",
    );
    await sql().query('SELECT audit_append($1, $2, $3, $4, $5, NULL, $6::jsonb, $7, $8)', {
      bind: [copied!.actor, copied!.unit_code, copied!.action, copied!.target, copied!.outcome, JSON.stringify(copied!.details), copied!.at, copied!.mac],
    });
    expect(await verifyAuditChain(sql())).toMatchObject({ ok: false, reason: 'replayed' });
  });

  it('detects checkpoints removed with the entries after them, against an exported checkpoint', async () => {
    await logWithEntries();
    const first = (await takeCheckpoint(sql()))!;
    await appendAudit(sql(), { actor: 'later', unitCode: 'HQ', action: 'test.write', outcome: 'ok' });
    const exported = (await takeCheckpoint(sql()))!;
    await sql().query(`
      ALTER TABLE audit_checkpoints DISABLE TRIGGER USER; DELETE FROM audit_checkpoints WHERE id = ${exported.id}; ALTER TABLE audit_checkpoints ENABLE TRIGGER USER;
      ALTER TABLE audit_log DISABLE TRIGGER USER; DELETE FROM audit_log WHERE actor = 'later'; ALTER TABLE audit_log ENABLE TRIGGER USER;`);
    // Without the exported copy the log looks whole; with it, the removal shows.
    expect(await verifyAuditChain(sql())).toMatchObject({ ok: true, checkpoints: 1 });
    expect(first.id).toBe(1);
    expect(await verifyAuditChain(sql(), { external: [exported] })).toMatchObject({ ok: false, reason: 'checkpoint-missing' });
  });

  it('lets only HQ verify the whole organisation’s log', async () => {
    await logWithEntries();
    const hq = await login(instance!);
    const verdict = await call(instance!, hq, { method: 'GET', url: '/api/audit/verify' });
    expect(verdict.statusCode).toBe(200);
    expect(verdict.json()).toMatchObject({ ok: true, sealed: true });
  });

  it('says when the log is not sealed (no key)', async () => {
    await logWithEntries({ FORMWORK_AUDIT_KEY: '' });
    expect(await verifyAuditChain(sql())).toMatchObject({ ok: true, sealed: false });
    expect(await takeCheckpoint(sql())).toBeUndefined();
  });
});
