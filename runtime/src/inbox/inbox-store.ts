/** The inbox: records awaiting a unit's roles, and notifications with their read marks. */
import type { Sequelize } from 'sequelize';
import { execute, selectRows, type Tx } from '../platform/db/sql.js';
import { SELECT, toRecord, type Row, type StoredRecord } from '../records/record-store.js';
import type { NotificationView } from '../api/inbox.js';

/** Records held by a unit and waiting for one of the roles: overdue first, then by deadline. */
export async function inboxRecords(sequelize: Sequelize, unitCode: string, roles: string[], limit: number): Promise<StoredRecord[]> {
  const rows = await selectRows<Row>(
    sequelize,
    `${SELECT}
      WHERE r.assigned_unit = $1 AND NOT r.final AND r.awaiting_roles && $2::text[] AND r.withdrawn_at IS NULL
      ORDER BY r.overdue_at IS NULL, r.deadline_at NULLS LAST, r.updated_at
      LIMIT $3`,
    [unitCode, roles, limit],
  );
  return rows.map(toRecord);
}


export async function insertNotification(
  sequelize: Sequelize,
  n: { unitCode: string; roles: string[] | null; recordId: string | null; kind: string; message: Record<string, string>; at: Date },
  tx: Tx,
): Promise<void> {
  await execute(
    sequelize,
    'INSERT INTO notifications (unit_code, roles, record_id, kind, message, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [n.unitCode, n.roles, n.recordId, n.kind, JSON.stringify(n.message), n.at],
    tx,
  );
}

/** Many notifications in one statement. */
export async function insertNotifications(
  sequelize: Sequelize,
  rows: readonly { unitCode: string; roles: string[] | null; recordId: string | null; kind: string; message: Record<string, string>; at: Date }[],
  tx: Tx,
): Promise<void> {
  if (rows.length === 0) return;
  await execute(
    sequelize,
    `INSERT INTO notifications (unit_code, roles, record_id, kind, message, created_at)
     SELECT n.unit_code, CASE WHEN n.roles = '' THEN NULL ELSE string_to_array(n.roles, ',') END, n.record_id, n.kind, n.message, n.created_at
       FROM jsonb_to_recordset($1::jsonb) AS n (unit_code text, roles text, record_id uuid, kind text, message jsonb, created_at timestamptz)`,
    [JSON.stringify(rows.map((n) => ({ unit_code: n.unitCode, roles: n.roles?.join(',') ?? '', record_id: n.recordId, kind: n.kind, message: n.message, created_at: n.at.toISOString() })))],
    tx,
  );
}

export type { NotificationView } from '../api/inbox.js';

export async function listNotifications(sequelize: Sequelize, user: { username: string; unitCode: string; roles: string[] }, limit: number): Promise<NotificationView[]> {
  const rows = await selectRows<{ id: number; kind: string; record_id: string | null; module_key: string | null; message: NotificationView['message']; created_at: Date; read: boolean }>(
    sequelize,
    `SELECT n.id, n.kind, n.record_id, r.module_key, n.message, n.created_at, (nr.username IS NOT NULL) AS read
       FROM notifications n
       LEFT JOIN records r ON r.id = n.record_id
       LEFT JOIN notification_reads nr ON nr.notification_id = n.id AND nr.username = $1
      WHERE n.unit_code = $2 AND (n.roles IS NULL OR n.roles && $3::text[])
      ORDER BY (nr.username IS NOT NULL), n.id DESC
      LIMIT $4`,
    [user.username, user.unitCode, user.roles, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    recordId: r.record_id,
    moduleKey: r.module_key,
    message: r.message,
    createdAt: new Date(r.created_at).toISOString(),
    read: r.read,
  }));
}

