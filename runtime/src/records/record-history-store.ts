/** A record's history: appended by every write, read as the record's timeline, asked whether the record ever moved. */
import type { Sequelize } from 'sequelize';
import { selectOne, selectRows, type Tx } from '../platform/db/sql.js';
import type { HistoryView } from '../api/records.js';
import type { HistoryEntry } from './record-store.js';

/** Appends history; with a job key, returns false when that job's entry already exists. */
export async function insertHistory(sequelize: Sequelize, recordId: string, entry: HistoryEntry, tx: Tx): Promise<boolean> {
  const row = await selectOne<{ id: number }>(
    sequelize,
    `INSERT INTO record_history (record_id, at, actor, unit_code, kind, action, from_state, to_state, comment, changes, details, job_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (record_id, job_key) WHERE job_key IS NOT NULL DO NOTHING
     RETURNING id`,
    [
      recordId,
      entry.at,
      entry.actor,
      entry.unitCode,
      entry.kind,
      entry.action ?? null,
      entry.fromState ?? null,
      entry.toState ?? null,
      entry.comment ?? null,
      JSON.stringify(entry.changes ?? []),
      JSON.stringify(entry.details ?? {}),
      entry.jobKey ?? null,
    ],
    tx,
  );
  return row !== undefined;
}

export async function listHistory(sequelize: Sequelize, recordId: string): Promise<HistoryView[]> {
  const rows = await selectRows<{
    id: number;
    at: Date;
    actor: string | null;
    actor_name: string | null;
    unit_code: string | null;
    unit_name: string | null;
    kind: string;
    action: string | null;
    from_state: string | null;
    to_state: string | null;
    comment: string | null;
    changes: HistoryView['changes'];
    details: Record<string, unknown>;
  }>(
    sequelize,
    `SELECT h.*, us.display_name AS actor_name, un.name AS unit_name
       FROM record_history h
       LEFT JOIN users us ON us.username = h.actor
       LEFT JOIN units un ON un.code = h.unit_code
      WHERE h.record_id = $1
      ORDER BY h.id`,
    [recordId],
  );
  return rows.map((r, i) => ({
    seq: i + 1,
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    actorName: r.actor_name,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    kind: r.kind,
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    comment: r.comment,
    changes: r.changes,
    details: r.details,
  }));
}

/**
 * Whether a record ever left its first state (a transition in its history) or was made by a
 * workflow step of another record (a rectification task a finding handed down): then its unit
 * cannot withdraw it.
 */
export async function everMoved(sequelize: Sequelize, recordId: string, tx: Tx): Promise<boolean> {
  const row = await selectOne<{ moved: boolean }>(
    sequelize,
    `SELECT EXISTS (SELECT 1 FROM record_history h
                     WHERE h.record_id = $1 AND (h.kind IN ('transition', 'route', 'escalate') OR (h.kind = 'create' AND h.details ->> 'from' IS NOT NULL))) AS moved`,
    [recordId],
    tx,
  );
  return row?.moved ?? true;
}
