/** Files attached to records. */
import { Type, type Static } from 'typebox';
import { UuidSchema } from './common.js';

/** An attached file, without its content. */
export const AttachmentSchema = Type.Object({
  id: Type.String(),
  recordId: Type.String(),
  filename: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  uploadedBy: Type.String(),
  unitCode: Type.String(),
  uploadedAt: Type.String(),
});
export type AttachmentView = Static<typeof AttachmentSchema>;

/** The files attached to a record. */
export const AttachmentListSchema = Type.Array(AttachmentSchema);

/** `{ id, attachmentId }`: one file of a record. */
export const AttachmentParamsSchema = Type.Object({ id: UuidSchema, attachmentId: UuidSchema });
export type AttachmentParams = Static<typeof AttachmentParamsSchema>;

/** The content of a file, sent as an attachment: a string in the document, bytes on the wire. */
export const FileSchema = Type.Unsafe<string | Uint8Array>(Type.String({ description: 'the file' }));
