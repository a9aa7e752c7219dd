/**
 * Files attached to records (evidence, decisions, scans): uploaded by the unit holding a record
 * while it is open, read by anyone who may read the record, removed by the holder. Each upload,
 * download and removal is audited; uploads and removals are in the record's history.
 */
import { createHash } from 'node:crypto';
import { FormworkError } from '../../../engine/src/index.js';
import { appendAudit } from '../audit/audit-store.js';
import { deleteAttachment, findAttachment, insertAttachment, listAttachments, type AttachmentView } from './attachment-store.js';
import type { Database } from '../platform/db/database.js';
import type { SessionUser } from '../identity/identity-store.js';
import { insertHistory, type StoredRecord } from '../records/record-store.js';
import type { RecordService } from '../records/record-service.js';

/** Types a browser may show inline; anything else is served as a download of bytes. */
const SAFE_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'text/plain', 'text/csv',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/msword', 'application/vnd.ms-excel', 'application/zip', 'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'application/ofd']);

/** A file name safe to store and send back: no paths, no control characters, at most 200 characters. */
export function cleanFilename(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim();
  return (base || 'file').slice(0, 200);
}

export class AttachmentService {
  constructor(
    private readonly db: Database,
    private readonly records: RecordService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Attaches the file `read` gives — read only once the caller is known to hold the open record,
   * so nobody else makes the server buffer an upload.
   */
  async upload(
    caller: SessionUser,
    recordId: string,
    read: () => Promise<{ filename: string; contentType: string; content: Buffer }>,
    requestId: string,
  ): Promise<AttachmentView> {
    const record = await this.writable(caller, recordId, requestId);
    const file = await read();
    if (file.content.length === 0) throw new FormworkError('FW_ATTACHMENT_EMPTY');
    const { sequelize } = this.db;
    const now = this.now();
    const contentType = SAFE_TYPES.has(file.contentType) ? file.contentType : 'application/octet-stream';
    return sequelize.transaction(async (tx) => {
      const stored = await insertAttachment(
        sequelize,
        {
          recordId: record.id,
          filename: cleanFilename(file.filename),
          contentType,
          content: file.content,
          sha256: createHash('sha256').update(file.content).digest('hex'),
          uploadedBy: caller.username,
          unitCode: caller.unitCode,
          at: now,
        },
        tx,
      );
      const details = { attachment: { id: stored.id, filename: stored.filename, size: stored.size, sha256: stored.sha256 } };
      await insertHistory(sequelize, record.id, { at: now, actor: caller.username, unitCode: caller.unitCode, kind: 'attach', details }, tx);
      await appendAudit(sequelize, { actor: caller.username, unitCode: caller.unitCode, action: 'record.attach', target: `record:${record.id}`, outcome: 'ok', requestId, details }, tx);
      return stored;
    });
  }

  async list(caller: SessionUser, recordId: string, requestId: string): Promise<AttachmentView[]> {
    const record = await this.records.visible(caller, recordId, requestId);
    const found = await listAttachments(this.db.sequelize, record.id);
    await this.audited(caller, 'record.attachment.list', record.id, requestId);
    return found;
  }

  async download(caller: SessionUser, recordId: string, id: string, requestId: string): Promise<AttachmentView & { content: Buffer }> {
    const record = await this.records.visible(caller, recordId, requestId);
    const found = await findAttachment(this.db.sequelize, record.id, id, true);
    if (!found) throw new FormworkError('FW_ATTACHMENT_NOT_FOUND');
    await this.audited(caller, 'record.attachment.read', record.id, requestId, { attachment: id });
    return found as AttachmentView & { content: Buffer };
  }

  async remove(caller: SessionUser, recordId: string, id: string, requestId: string): Promise<void> {
    const record = await this.writable(caller, recordId, requestId);
    const { sequelize } = this.db;
    const now = this.now();
    const found = await findAttachment(sequelize, record.id, id, false);
    if (!found) throw new FormworkError('FW_ATTACHMENT_NOT_FOUND');
    await sequelize.transaction(async (tx) => {
      // Two removals at once: only the one that marked it deleted writes history and audit.
      if (!(await deleteAttachment(sequelize, record.id, id, caller.username, now, tx))) throw new FormworkError('FW_ATTACHMENT_NOT_FOUND');
      const details = { attachment: { id, filename: found.filename } };
      await insertHistory(sequelize, record.id, { at: now, actor: caller.username, unitCode: caller.unitCode, kind: 'detach', details }, tx);
      await appendAudit(sequelize, { actor: caller.username, unitCode: caller.unitCode, action: 'record.detach', target: `record:${record.id}`, outcome: 'ok', requestId, details }, tx);
    });
  }

  /** A read of a record's files, in the audit log. */
  private audited(caller: SessionUser, action: string, recordId: string, requestId: string, details?: Record<string, unknown>): Promise<void> {
    return appendAudit(this.db.sequelize, { actor: caller.username, unitCode: caller.unitCode, action, target: `record:${recordId}`, outcome: 'ok', requestId, ...(details ? { details } : {}) });
  }

  /** A record the caller's unit holds and that is still open. */
  private async writable(caller: SessionUser, recordId: string, requestId: string): Promise<StoredRecord> {
    const record = await this.records.visible(caller, recordId, requestId);
    if (caller.unitCode !== record.assignedUnit) throw new FormworkError('FW_WF_NOT_HOLDER', { unit: record.assignedUnit });
    if (record.final) throw new FormworkError('FW_ATTACHMENT_CLOSED');
    return record;
  }
}
