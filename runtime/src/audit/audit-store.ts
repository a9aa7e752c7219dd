/**
 * The audit log: append-only (the database refuses UPDATE, DELETE and TRUNCATE, and INSERT but
 * through audit_append) and tamper-evident: each entry carries the SHA-256 of the previous
 * entry's hash and its own content, computed by the database function audit_append, so
 * altering or removing any entry breaks the chain that verifyAuditChain walks. Against someone
 * who can rewrite the database itself, entries are sealed with a key it never sees and chain
 * heads are signed in checkpoints (audit-seal.ts).
 */
import type { Sequelize } from 'sequelize';
import { execute, prepared, selectOne, selectRows, type Tx } from '../platform/db/sql.js';
import type { AuditView, ChainVerdict } from '../api/audit.js';
import { auditSealOf, type AuditSeal, type ChainHead, type Checkpoint } from './audit-seal.js';

export interface AuditEntry {
  actor: string | null;
  unitCode: string | null;
  action: string;
  target?: string | null;
  outcome: 'ok' | 'refused' | 'failed';
  requestId?: string | null;
  details?: Record<string, unknown>;
}

/** Entries are spread over this many interleaved chains (see migration 0001). */
export const AUDIT_CHAINS = 16;

const AUDIT_APPEND = prepared('fw_audit_append_sealed', 'SELECT audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9)');

/** Appends one entry inside the caller's transaction (or on its own), sealed when a key is set. One round trip. */
export async function appendAudit(sequelize: Sequelize, entry: AuditEntry, transaction?: Tx): Promise<void> {
  await execute(sequelize, AUDIT_APPEND, auditAppendParams(sequelize, entry), transaction);
}

/**
 * The nine parameters of `audit_append` for an entry, stamped now and sealed when a key is
 * set: for statements that append an entry along with their own write.
 */
export function auditAppendParams(sequelize: Sequelize, entry: AuditEntry): unknown[] {
  const at = new Date();
  const content = {
    at,
    actor: entry.actor,
    unitCode: entry.unitCode,
    action: entry.action,
    target: entry.target ?? null,
    outcome: entry.outcome,
    requestId: entry.requestId ?? null,
    details: entry.details ?? {},
  };
  const mac = auditSealOf(sequelize)?.sign(content) ?? null;
  return [content.actor, content.unitCode, content.action, content.target, content.outcome, content.requestId, JSON.stringify(content.details), at, mac];
}

export type { ChainVerdict } from '../api/audit.js';

/** A stored entry with the hash the database recomputes for it. */
interface VerifyRow extends Omit<AuditRow, 'chain'> {
  expected: string;
}

type Broken = { seq: number | null; reason: NonNullable<ChainVerdict['reason']> };

/**
 * Walks every chain in order, in pages: the database recomputes each entry's hash; with the
 * seal, each entry's MAC is checked (once a chain has a sealed entry, every later one must be
 * sealed), no MAC may appear twice, and every checkpoint (those stored, and `external` ones
 * kept elsewhere) must be correctly signed and still find its heads in the chains.
 */
export async function verifyAuditChain(sequelize: Sequelize, options: { pageSize?: number; external?: readonly Checkpoint[] } = {}): Promise<ChainVerdict> {
  const pageSize = options.pageSize ?? 5_000;
  const seal = auditSealOf(sequelize);
  const checkpoints = await listCheckpoints(sequelize);
  let broken: Broken | undefined = seal ? checkCheckpoints(seal, checkpoints, options.external ?? []) : undefined;
  // The hashes checkpoints expect, by chain and position.
  const expected = new Map<string, string>();
  for (const checkpoint of [...checkpoints, ...(options.external ?? [])]) for (const [chain, pos, hash] of checkpoint.heads) expected.set(`${chain}:${pos}`, hash);
  const lastPos = new Map<number, number>();
  let entries = 0;
  const fail = (b: Broken) => {
    if (!broken || (b.seq !== null && (broken.seq === null || b.seq < broken.seq))) broken = b;
  };
  for (let chain = 0; chain < AUDIT_CHAINS; chain++) {
    let prev = `formwork-audit-genesis-${chain}`;
    let pos = 0;
    let sealed = false;
    let stop = false;
    while (!stop) {
      const rows = await selectRows<VerifyRow>(
        sequelize,
        `SELECT seq, chain_pos, prev_hash, hash, at, actor, unit_code, action, target, outcome, request_id, details, mac,
                audit_hash(prev_hash, audit_content(seq, chain, chain_pos, at, actor, unit_code, action, target, outcome, request_id, details)) AS expected
           FROM audit_log WHERE chain = $1 AND chain_pos > $2 ORDER BY chain_pos LIMIT $3`,
        [chain, pos, pageSize],
      );
      for (const row of rows) {
        const reason: Broken['reason'] | undefined =
          row.chain_pos !== pos + 1 || row.prev_hash !== prev ? 'link'
          : row.hash !== row.expected ? 'content'
          : expected.has(`${chain}:${row.chain_pos}`) && expected.get(`${chain}:${row.chain_pos}`) !== row.hash ? 'checkpoint'
          : seal && row.mac !== null && !seal.check(contentOf(row), row.mac) ? 'seal'
          : seal && row.mac === null && sealed ? 'unsealed'
          : undefined;
        if (reason) {
          fail({ seq: row.seq, reason });
          stop = true;
          break;
        }
        sealed ||= row.mac !== null;
        prev = row.hash;
        pos = row.chain_pos;
        entries += 1;
      }
      if (rows.length < pageSize) break;
    }
    lastPos.set(chain, pos);
  }
  // A chain shorter than a checkpoint saw it: its newest entries were removed.
  for (const checkpoint of [...checkpoints, ...(options.external ?? [])]) {
    for (const [chain, pos] of checkpoint.heads) if ((lastPos.get(chain) ?? 0) < pos) fail({ seq: null, reason: 'truncated' });
  }
  const duplicate = await selectOne<{ seq: number }>(sequelize, 'SELECT max(seq) AS seq FROM audit_log WHERE mac IN (SELECT mac FROM audit_log WHERE mac IS NOT NULL GROUP BY mac HAVING count(*) > 1)');
  if (duplicate?.seq) fail({ seq: Number(duplicate.seq), reason: 'replayed' });
  const summary = { entries, sealed: seal !== undefined, checkpoints: checkpoints.length };
  const found = broken as Broken | undefined;
  if (!found) return { ok: true, ...summary };
  return { ok: false, ...summary, reason: found.reason, ...(found.seq !== null ? { brokenAt: found.seq } : {}) };
}

function contentOf(row: VerifyRow) {
  return {
    at: new Date(row.at),
    actor: row.actor,
    unitCode: row.unit_code,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    requestId: row.request_id,
    details: row.details,
  };
}

/** Checkpoints signed by the key and linked one to the next; external ones found unchanged in the table. */
function checkCheckpoints(seal: AuditSeal, stored: readonly Checkpoint[], external: readonly Checkpoint[]): Broken | undefined {
  let prevMac: string | null = null;
  for (const checkpoint of stored) {
    if (checkpoint.prevMac !== prevMac || seal.checkpointMac(checkpoint) !== checkpoint.mac) return { seq: null, reason: 'checkpoint-signature' };
    prevMac = checkpoint.mac;
  }
  for (const kept of external) {
    if (seal.checkpointMac(kept) !== kept.mac) return { seq: null, reason: 'checkpoint-signature' };
    if (!stored.some((c) => c.id === kept.id && c.mac === kept.mac)) return { seq: null, reason: 'checkpoint-missing' };
  }
  return undefined;
}

export async function listCheckpoints(sequelize: Sequelize): Promise<Checkpoint[]> {
  const rows = await selectRows<{ id: string; at: Date; heads: ChainHead[]; prev_mac: string | null; mac: string }>(sequelize, 'SELECT * FROM audit_checkpoints ORDER BY id');
  return rows.map((r) => ({ id: Number(r.id), at: new Date(r.at).toISOString(), heads: r.heads, prevMac: r.prev_mac, mac: r.mac }));
}

/**
 * Signs every chain's head now and stores it as the next checkpoint (after the newest one);
 * undefined without a key. Concurrent takers queue on one lock.
 */
export async function takeCheckpoint(sequelize: Sequelize): Promise<Checkpoint | undefined> {
  const seal = auditSealOf(sequelize);
  if (!seal) return undefined;
  return sequelize.transaction(async (tx) => {
    await execute(sequelize, 'SELECT pg_advisory_xact_lock(7361093399)', [], tx);
    const heads = await selectRows<{ chain: number; chain_pos: string; hash: string }>(
      sequelize,
      'SELECT DISTINCT ON (chain) chain, chain_pos, hash FROM audit_log ORDER BY chain, chain_pos DESC',
      [],
      tx,
    );
    const last = await selectOne<{ id: string; mac: string }>(sequelize, 'SELECT id, mac FROM audit_checkpoints ORDER BY id DESC LIMIT 1', [], tx);
    const unsigned = {
      id: Number(last?.id ?? 0) + 1,
      at: new Date().toISOString(),
      heads: heads.map((h): ChainHead => [h.chain, Number(h.chain_pos), h.hash]),
      prevMac: last?.mac ?? null,
    };
    const checkpoint = { ...unsigned, mac: seal.checkpointMac(unsigned) };
    await execute(
      sequelize,
      'INSERT INTO audit_checkpoints (id, at, heads, prev_mac, mac) VALUES ($1, $2, $3, $4, $5)',
      [checkpoint.id, checkpoint.at, JSON.stringify(checkpoint.heads), checkpoint.prevMac, checkpoint.mac],
      tx,
    );
    return checkpoint;
  });
}

interface AuditRow {
  seq: number;
  chain: number;
  chain_pos: number;
  at: Date;
  actor: string | null;
  unit_code: string | null;
  action: string;
  target: string | null;
  outcome: string;
  request_id: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
  mac: string | null;
}

export type { AuditView } from '../api/audit.js';

export interface AuditFilter {
  /** ltree path: entries whose unit lies at or below it. */
  path: string;
  /** Also entries without a unit (system entries): only for the root. */
  includeSystem: boolean;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  /** Newest first: entries with seq below this. */
  before?: number;
  limit: number;
}

/** Entries of a subtree, newest first. `action` ending in '.' or '*' matches a prefix. */
export async function listAudit(sequelize: Sequelize, filter: AuditFilter): Promise<AuditView[]> {
  const action = filter.action?.endsWith('*') ? filter.action.slice(0, -1) : filter.action;
  const prefix = filter.action !== undefined && (filter.action.endsWith('*') || filter.action.endsWith('.'));
  const rows = await selectRows<AuditRow>(
    sequelize,
    `SELECT a.* FROM audit_log a
       LEFT JOIN units u ON u.code = a.unit_code
      WHERE (u.path <@ $1::ltree OR ($2 AND a.unit_code IS NULL))
        AND ($3::text IS NULL OR a.actor = $3)
        AND ($4::text IS NULL OR (CASE WHEN $5 THEN starts_with(a.action, $4) ELSE a.action = $4 END))
        AND ($6::timestamptz IS NULL OR a.at >= $6)
        AND ($7::timestamptz IS NULL OR a.at < $7)
        AND ($8::bigint IS NULL OR a.seq < $8)
      ORDER BY a.seq DESC
      LIMIT $9`,
    [filter.path, filter.includeSystem, filter.actor ?? null, action ?? null, prefix, filter.from ?? null, filter.to ?? null, filter.before ?? null, filter.limit],
  );
  return rows.map((r) => ({
    seq: r.seq,
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    unitCode: r.unit_code,
    action: r.action,
    target: r.target,
    outcome: r.outcome,
    requestId: r.request_id,
    details: r.details,
    hash: r.hash,
  }));
}
