/** Files attached to records: the SQL, in one place. The content stays out of every listing. */
import type { Sequelize } from 'sequelize';
import { execute, selectOne, selectRows, type Tx } from '../platform/db/sql.js';
import type { AttachmentView } from '../api/attachments.js';

export type { AttachmentView } from '../api/attachments.js';

interface Row {
  id: string;
  record_id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string;
  unit_code: string;
  uploaded_at: Date;
}

const COLUMNS = 'id, record_id, filename, content_type, size, sha256, uploaded_by, unit_code, uploaded_at';

const toView = (r: Row): AttachmentView => ({
  id: r.id,
  recordId: r.record_id,
  filename: r.filename,
  contentType: r.content_type,
  size: r.size,
  sha256: r.sha256,
  uploadedBy: r.uploaded_by,
  unitCode: r.unit_code,
  uploadedAt: new Date(r.uploaded_at).toISOString(),
});

export async function insertAttachment(
  sequelize: Sequelize,
  a: { recordId: string; filename: string; contentType: string; content: Buffer; sha256: string; uploadedBy: string; unitCode: string; at: Date },
  tx: Tx,
): Promise<AttachmentView> {
  const row = await selectOne<Row>(
    sequelize,
    `INSERT INTO attachments (record_id, filename, content_type, size, sha256, content, uploaded_by, unit_code, uploaded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
    [a.recordId, a.filename, a.contentType, a.content.length, a.sha256, a.content, a.uploadedBy, a.unitCode, a.at],
    tx,
  );
  return toView(row!);
}

export async function listAttachments(sequelize: Sequelize, recordId: string): Promise<AttachmentView[]> {
  const rows = await selectRows<Row>(sequelize, `SELECT ${COLUMNS} FROM attachments WHERE record_id = $1 AND deleted_at IS NULL ORDER BY uploaded_at, id`, [recordId]);
  return rows.map(toView);
}

export async function findAttachment(sequelize: Sequelize, recordId: string, id: string, withContent: boolean): Promise<(AttachmentView & { content?: Buffer }) | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const row = await selectOne<Row & { content?: Buffer }>(
    sequelize,
    `SELECT ${COLUMNS}${withContent ? ', content' : ''} FROM attachments WHERE record_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [recordId, id],
  );
  return row && { ...toView(row), ...(withContent ? { content: row.content! } : {}) };
}

/** Removes an attachment from its record (the row is kept, marked deleted, for the audit trail). */
export async function deleteAttachment(sequelize: Sequelize, recordId: string, id: string, by: string, at: Date, tx: Tx): Promise<boolean> {
  return (await execute(sequelize, 'UPDATE attachments SET deleted_by = $3, deleted_at = $4 WHERE record_id = $1 AND id = $2 AND deleted_at IS NULL', [recordId, id, by, at], tx)) === 1;
}
