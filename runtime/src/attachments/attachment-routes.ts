/** Files attached to records: upload, list, download, remove. */
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FormworkError } from '../../../engine/src/index.js';
import type { AppContext } from '../context.js';
import { caller } from '../platform/http/auth-plugin.js';
import { NoContentSchema, RecordIdParamsSchema, errors } from '../api/common.js';
import { AttachmentListSchema, AttachmentParamsSchema, AttachmentSchema, FileSchema } from '../api/attachments.js';

/** The one file of a multipart upload, read whole (its size is capped by the multipart limits). */
async function uploadedFile(request: FastifyRequest, limit: number): Promise<{ filename: string; contentType: string; content: Buffer }> {
  if (!request.isMultipart()) throw new FormworkError('FW_REQ_UNSUPPORTED_MEDIA_TYPE', { contentType: request.headers['content-type'] ?? 'none' });
  try {
    const part = await request.file();
    if (!part) throw new FormworkError('FW_ATTACHMENT_MISSING');
    const content = await part.toBuffer();
    if (part.file.truncated) throw new FormworkError('FW_ATTACHMENT_TOO_LARGE', { limit });
    return { filename: part.filename, contentType: part.mimetype, content };
  } catch (error) {
    if (error instanceof FormworkError) throw error;
    // @fastify/multipart's own errors: a file over the limit, too many parts, a broken body.
    const code = (error as { code?: string }).code ?? '';
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new FormworkError('FW_ATTACHMENT_TOO_LARGE', { limit });
    // Anything else is busboy refusing the body (cut short, no boundary …): the client's fault,
    // as nothing here has touched the database.
    throw new FormworkError('FW_REQ_INVALID', { reason: code || (error as Error).message });
  }
}

export default async function attachmentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // Multipart bodies are parsed for these routes only (every other route takes JSON: 415).
  await app.register(multipart, { limits: { fileSize: ctx.limits.attachmentBytes, files: 1, fields: 0, parts: 2 } });
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.post(
    '/api/records/:id/attachments',
    {
      config: { permission: 'records.write' },
      schema: {
        tags: ['records'],
        summary: 'Attach a file to a record (multipart/form-data, one file): the unit holding an open record',
        security: [{ bearer: [] }],
        consumes: ['multipart/form-data'],
        params: RecordIdParamsSchema,
        response: { 201: AttachmentSchema, ...errors(403, 404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const read = () => uploadedFile(request, ctx.limits.attachmentBytes);
      const stored = await ctx.attachments.upload(caller(request), request.params.id, read, request.id);
      return reply.status(201).send(stored);
    },
  );

  api.get(
    '/api/records/:id/attachments',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['records'],
        summary: 'The files attached to a record',
        security: [{ bearer: [] }],
        params: RecordIdParamsSchema,
        response: { 200: AttachmentListSchema, ...errors(404) },
      },
    },
    async (request) => ctx.attachments.list(caller(request), request.params.id, request.id),
  );

  api.get(
    '/api/records/:id/attachments/:attachmentId',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['records'],
        summary: 'Download an attached file (always as an attachment, never rendered inline)',
        security: [{ bearer: [] }],
        params: AttachmentParamsSchema,
        response: { 200: FileSchema, ...errors(404) },
      },
    },
    async (request, reply) => {
      const { id, attachmentId } = request.params;
      const file = await ctx.attachments.download(caller(request), id, attachmentId, request.id);
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="file"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .header('x-content-sha256', file.sha256)
        .send(file.content);
    },
  );

  api.delete(
    '/api/records/:id/attachments/:attachmentId',
    {
      config: { permission: 'records.write' },
      schema: {
        tags: ['records'],
        summary: 'Remove an attached file (the unit holding an open record); kept in the history',
        security: [{ bearer: [] }],
        params: AttachmentParamsSchema,
        response: { 204: NoContentSchema, ...errors(403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id, attachmentId } = request.params;
      await ctx.attachments.remove(caller(request), id, attachmentId, request.id);
      return reply.status(204).send();
    },
  );
}
