/**
 * The audit log: append-only (the database refuses UPDATE, DELETE and TRUNCATE) and
 * tamper-evident: each entry carries the SHA-256 of the previous entry's hash and its own
 * content, computed by the database function audit_append (migration 0001), so altering or
 * removing any entry breaks the chain that verifyAuditChain walks.
 */
import type { Sequelize } from 'sequelize';
import { execute, prepared, selectRows, type Tx } from '../platform/db/sql.js';
import type { AuditView, ChainVerdict } from '../api/audit.js';

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

const AUDIT_APPEND = prepared('fw_audit_append', 'SELECT audit_append($1, $2, $3, $4, $5, $6, $7)');

/** Appends one entry inside the caller's transaction (or on its own). One round trip. */
export async function appendAudit(sequelize: Sequelize, entry: AuditEntry, transaction?: Tx): Promise<void> {
  await execute(
    sequelize,
    AUDIT_APPEND,
    [entry.actor, entry.unitCode, entry.action, entry.target ?? null, entry.outcome, entry.requestId ?? null, JSON.stringify(entry.details ?? {})],
    transaction,
  );
}

export type { ChainVerdict } from '../api/audit.js';

/** Walks every chain in order, in pages; the database recomputes each entry's hash. */
export async function verifyAuditChain(sequelize: Sequelize, pageSize = 5_000): Promise<ChainVerdict> {
  let entries = 0;
  let brokenAt: number | undefined;
  for (let chain = 0; chain < AUDIT_CHAINS; chain++) {
    let prev = `formwork-audit-genesis-${chain}`;
    let pos = 0;
    let broken = false;
    while (!broken) {
      const rows = await selectRows<{ seq: number; chain_pos: number; prev_hash: string; hash: string; expected: string }>(
        sequelize,
        `SELECT seq, chain_pos, prev_hash, hash,
                audit_hash(prev_hash, audit_content(seq, chain, chain_pos, at, actor, unit_code, action, target, outcome, request_id, details)) AS expected
           FROM audit_log WHERE chain = $1 AND chain_pos > $2 ORDER BY chain_pos LIMIT $3`,
        [chain, pos, pageSize],
      );
      for (const row of rows) {
        if (row.chain_pos !== pos + 1 || row.prev_hash !== prev || row.hash !== row.expected) {
          brokenAt = Math.min(brokenAt ?? row.seq, row.seq);
          broken = true;
          break;
        }
        prev = row.hash;
        pos = row.chain_pos;
        entries += 1;
      }
      if (rows.length < pageSize) break;
    }
  }
  return brokenAt === undefined ? { ok: true, entries } : { ok: false, entries, brokenAt };
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
