/** Files attached to records, through the Attachment model. The content stays out of every listing. */
import type { Transaction } from 'sequelize';
import type { SqlTarget } from '../platform/db/sql.js';
import { ATTACHMENT_METADATA, attachmentModel, type AttachmentEntity } from './attachment-model.js';
import type { AttachmentView } from '../api/attachments.js';

export type { AttachmentView } from '../api/attachments.js';

const toView = (a: Pick<AttachmentEntity, (typeof ATTACHMENT_METADATA)[number]>): AttachmentView => ({
  id: a.id,
  recordId: a.recordId,
  filename: a.filename,
  contentType: a.contentType,
  size: a.size,
  sha256: a.sha256,
  uploadedBy: a.uploadedBy,
  unitCode: a.unitCode,
  uploadedAt: new Date(a.uploadedAt).toISOString(),
});

export async function insertAttachment(
  sequelize: SqlTarget,
  a: { recordId: string; filename: string; contentType: string; content: Buffer; sha256: string; uploadedBy: string; unitCode: string; at: Date },
  tx?: Transaction,
): Promise<AttachmentView> {
  const created = await attachmentModel(sequelize).create(
    {
      recordId: a.recordId,
      filename: a.filename,
      contentType: a.contentType,
      size: a.content.length,
      sha256: a.sha256,
      content: a.content,
      uploadedBy: a.uploadedBy,
      unitCode: a.unitCode,
      uploadedAt: a.at,
    },
    // Not the content back: it was just sent.
    { transaction: tx ?? null, returning: ['id'] },
  );
  return toView(created);
}

export async function listAttachments(sequelize: SqlTarget, recordId: string): Promise<AttachmentView[]> {
  const rows = await attachmentModel(sequelize).findAll({
    attributes: [...ATTACHMENT_METADATA],
    where: { recordId, deletedAt: null },
    order: [
      ['uploadedAt', 'ASC'],
      ['id', 'ASC'],
    ],
    raw: true,
  });
  return rows.map(toView);
}

export async function findAttachment(sequelize: SqlTarget, recordId: string, id: string, withContent: boolean): Promise<(AttachmentView & { content?: Buffer }) | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const row = await attachmentModel(sequelize).findOne({
    attributes: [...ATTACHMENT_METADATA, ...(withContent ? (['content'] as const) : [])],
    where: { recordId, id, deletedAt: null },
    raw: true,
  });
  return row ? { ...toView(row), ...(withContent ? { content: row.content } : {}) } : undefined;
}

/** Removes an attachment from its record (the row is kept, marked deleted, for the audit trail). */
export async function deleteAttachment(sequelize: SqlTarget, recordId: string, id: string, by: string, at: Date, tx: Transaction): Promise<boolean> {
  const [changed] = await attachmentModel(sequelize).update({ deletedBy: by, deletedAt: at }, { where: { recordId, id, deletedAt: null }, transaction: tx });
  return changed === 1;
}
