/**
 * The audit log: append-only (the database refuses UPDATE, DELETE and TRUNCATE) and
 * tamper-evident: each entry carries the SHA-256 of the previous entry's hash and its own
 * content, so altering or removing any entry breaks the chain that verifyAuditChain walks.
 */
import { createHash } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { canonicalJson } from '../../../engine/src/index.js';
import { selectOne, selectRows, type Tx } from './sql.js';

export interface AuditEntry {
  actor: string | null;
  unitCode: string | null;
  action: string;
  target?: string | null;
  outcome: 'ok' | 'refused' | 'failed';
  requestId?: string | null;
  details?: Record<string, unknown>;
}

export const AUDIT_GENESIS = 'formwork-audit-genesis';
/** Advisory lock key serialising appends so the chain has one order. */
const AUDIT_LOCK = 7_361_093_482;

interface AuditRow {
  seq: number;
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
}

function entryHash(prev: string, seq: number, at: string, e: Omit<AuditRow, 'seq' | 'at' | 'prev_hash' | 'hash'>): string {
  const content = canonicalJson({
    seq,
    at,
    actor: e.actor,
    unit: e.unit_code,
    action: e.action,
    target: e.target,
    outcome: e.outcome,
    requestId: e.request_id,
    details: e.details,
  });
  return createHash('sha256').update(prev).update('\n').update(content).digest('hex');
}

/** Appends one entry inside the caller's transaction (or its own). */
export async function appendAudit(sequelize: Sequelize, entry: AuditEntry, transaction?: Tx): Promise<void> {
  if (!transaction) {
    await sequelize.transaction((tx) => appendAudit(sequelize, entry, tx));
    return;
  }
  await sequelize.query('SELECT pg_advisory_xact_lock($1)', { bind: [AUDIT_LOCK], transaction });
  const last = await selectOne<{ hash: string }>(sequelize, 'SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1', [], transaction);
  const next = await selectOne<{ seq: number }>(sequelize, "SELECT nextval('audit_log_seq_seq') AS seq", [], transaction);
  const seq = next!.seq;
  const at = new Date().toISOString();
  const row = {
    actor: entry.actor,
    unit_code: entry.unitCode,
    action: entry.action,
    target: entry.target ?? null,
    outcome: entry.outcome,
    request_id: entry.requestId ?? null,
    details: entry.details ?? {},
  };
  const prev = last?.hash ?? AUDIT_GENESIS;
  const hash = entryHash(prev, seq, at, row);
  await sequelize.query(
    `INSERT INTO audit_log (seq, at, actor, unit_code, action, target, outcome, request_id, details, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    {
      bind: [seq, at, row.actor, row.unit_code, row.action, row.target, row.outcome, row.request_id, JSON.stringify(row.details), prev, hash],
      transaction,
    },
  );
}

export interface ChainVerdict {
  ok: boolean;
  entries: number;
  /** The first entry whose link or content does not match. */
  brokenAt?: number;
}

/** Walks the whole chain in order, in pages. */
export async function verifyAuditChain(sequelize: Sequelize, pageSize = 5_000): Promise<ChainVerdict> {
  let prev = AUDIT_GENESIS;
  let after = 0;
  let entries = 0;
  for (;;) {
    const rows = await selectRows<AuditRow>(
      sequelize,
      'SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2',
      [after, pageSize],
    );
    for (const row of rows) {
      const expected = entryHash(prev, row.seq, new Date(row.at).toISOString(), row);
      if (row.prev_hash !== prev || row.hash !== expected) return { ok: false, entries, brokenAt: row.seq };
      prev = row.hash;
      entries += 1;
      after = row.seq;
    }
    if (rows.length < pageSize) return { ok: true, entries };
  }
}

/** An audit entry as the API shows it. */
export interface AuditView {
  seq: number;
  at: string;
  actor: string | null;
  unitCode: string | null;
  action: string;
  target: string | null;
  outcome: string;
  requestId: string | null;
  details: Record<string, unknown>;
  hash: string;
}

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
