/** Records: create, list, read, update and withdraw drafts, workflow actions, history, documents. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { localizeProblem, negotiateLocale } from '../../../engine/src/index.js';
import type { AppContext } from '../context.js';
import type { TypedApp } from '../platform/http/typed-app.js';
import { caller } from '../platform/http/auth-plugin.js';
import type { RecordView as ServiceRecord } from './record-service.js';
import { DOCX_TYPE } from './record-documents.js';
import { ModuleKeyParamsSchema, NoContentSchema, RecordIdParamsSchema, errors } from '../api/common.js';
import { HTTP_STATUS } from '../platform/http/error-handler.js';
import {
  ActionBodySchema,
  BulkActionAnswerSchema,
  BulkActionBodySchema,
  BulkActionParamsSchema,
  type BulkActionResult,
  ActionParamsSchema,
  CreateRecordBodySchema,
  DocumentParamsSchema,
  DocumentSchema,
  HistorySchema,
  IdempotencyHeadersSchema,
  IfMatchHeadersSchema,
  ListRecordsQuerySchema,
  RecordListSchema,
  RecordSchema,
  UpdateRecordBodySchema,
  type RecordView,
} from '../api/records.js';

/** A record as answered: its warnings in the caller's language. */
function answer(request: FastifyRequest, record: ServiceRecord): RecordView {
  const { warnings, ...rest } = record;
  if (!warnings) return rest;
  const locale = negotiateLocale(request.headers['accept-language']);
  return { ...rest, warnings: warnings.map((w) => localizeProblem(w, locale)) };
}

export default async function recordRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  recordDataRoutes(api, ctx);
  recordWorkflowRoutes(api, ctx);
}

function recordDataRoutes(api: TypedApp, ctx: AppContext): void {
  api.post(
    '/api/modules/:key/records',
    {
      config: { permission: 'records.create', touchWithWrite: true },
      schema: {
        tags: ['records'],
        summary: 'Create a record (a draft may be incomplete); Idempotency-Key replays the first answer',
        security: [{ bearer: [] }],
        params: ModuleKeyParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: CreateRecordBodySchema,
        response: { 201: RecordSchema, ...errors(400, 404, 422) },
      },
    },
    async (request, reply) => {
      const idempotencyKey = request.headers['idempotency-key'];
      const result = await ctx.records.create(caller(request), request.params.key, request.body, {
        requestId: request.id,
        ...(idempotencyKey ? { idempotencyKey } : {}),
        ...(request.sessionTouch ? { sessionTouch: request.sessionTouch } : {}),
      });
      // A replay answers with the status stored with the first answer: 201.
      return reply.status(201).header('etag', `"${result.body.version}"`).send(answer(request, result.body));
    },
  );

  api.get(
    '/api/modules/:key/records',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['records'],
        summary: 'Records of a module in the caller’s subtree, newest first; filter by unit subtree, state, data (JSON containment), dates, overdue',
        security: [{ bearer: [] }],
        params: ModuleKeyParamsSchema,
        querystring: ListRecordsQuerySchema,
        response: { 200: RecordListSchema, ...errors(404, 422) },
      },
    },
    async (request) => {
      const page = await ctx.records.list(caller(request), request.params.key, request.query, request.id, request.headers['accept-language']);
      return { items: page.items.map((record) => answer(request, record)), nextCursor: page.nextCursor, totals: page.totals };
    },
  );

  api.get(
    '/api/records/:id',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['records'],
        summary: 'A record, with the actions the caller may take now',
        security: [{ bearer: [] }],
        params: RecordIdParamsSchema,
        response: { 200: RecordSchema, ...errors(404) },
      },
    },
    async (request, reply) => {
      const record = await ctx.records.get(caller(request), request.params.id, request.id);
      return reply.header('etag', `"${record.version}"`).send(answer(request, record));
    },
  );

  api.patch(
    '/api/records/:id',
    {
      config: { permission: 'records.write' },
      schema: {
        tags: ['records'],
        summary: 'Update a draft: `data` is a JSON Merge Patch; If-Match must hold the record version',
        security: [{ bearer: [] }],
        params: RecordIdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: UpdateRecordBodySchema,
        response: { 200: RecordSchema, ...errors(403, 404, 409, 422, 428) },
      },
    },
    async (request, reply) => {
      const record = await ctx.records.update(caller(request), request.params.id, request.body.data, request.headers['if-match'], request.id);
      return reply.header('etag', `"${record.version}"`).send(answer(request, record));
    },
  );

  api.delete(
    '/api/records/:id',
    {
      config: { permission: 'records.write' },
      schema: {
        tags: ['records'],
        summary: 'Withdraw a draft its unit made and never submitted (If-Match: the record version): kept in history and audit, gone from lists; 409 once it left its first state',
        security: [{ bearer: [] }],
        params: RecordIdParamsSchema,
        headers: IfMatchHeadersSchema,
        response: { 204: NoContentSchema, ...errors(404, 409, 428) },
      },
    },
    async (request, reply) => {
      await ctx.records.withdraw(caller(request), request.params.id, request.headers['if-match'], request.id);
      return reply.status(204).send();
    },
  );
}

function recordWorkflowRoutes(api: TypedApp, ctx: AppContext): void {
  api.post(
    '/api/records/:id/actions/:action',
    {
      config: { permission: 'records.act' },
      schema: {
        tags: ['records'],
        summary: 'Take a workflow action: 409 when not available now, 403 for a role not allowed, 422 for fields required at this step',
        security: [{ bearer: [] }],
        params: ActionParamsSchema,
        headers: IfMatchHeadersSchema,
        body: ActionBodySchema,
        response: { 200: RecordSchema, ...errors(403, 404, 409, 422) },
      },
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const { id, action } = request.params;
      const record = await ctx.records.act(caller(request), id, action, request.body, request.headers['if-match'], request.id);
      return reply.header('etag', `"${record.version}"`).send(answer(request, record));
    },
  );

  api.post(
    '/api/records/actions/:action',
    {
      config: { permission: 'records.act' },
      schema: {
        tags: ['records'],
        summary: 'Take one workflow action (e.g. approve or return reports) on many records with one comment: each record checked and audited on its own, done whole or not at all; a result per record',
        security: [{ bearer: [] }],
        params: BulkActionParamsSchema,
        body: BulkActionBodySchema,
        response: { 200: BulkActionAnswerSchema, ...errors(422) },
      },
    },
    async (request) => {
      const outcomes = await ctx.records.actMany(caller(request), request.body.ids, request.params.action, request.body.comment, request.id);
      const locale = negotiateLocale(request.headers['accept-language']);
      const results: BulkActionResult[] = outcomes.map((o) =>
        'record' in o
          ? { id: o.id, ok: true, status: 200, state: o.record.state, version: o.record.version }
          : {
              id: o.id,
              ok: false,
              status: HTTP_STATUS[o.error.code] ?? 500,
              code: o.error.code,
              message: o.error.messages[locale],
              ...(o.error.problems.length > 0 ? { errors: o.error.problems.map((p) => localizeProblem(p, locale)) } : {}),
            },
      );
      return { done: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length, results };
    },
  );

  api.get(
    '/api/records/:id/history',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['records'],
        summary: 'Every change and transition of a record: who, when, what',
        security: [{ bearer: [] }],
        params: RecordIdParamsSchema,
        response: { 200: HistorySchema, ...errors(404) },
      },
    },
    async (request) => ctx.records.history(caller(request), request.params.id, request.id),
  );

  api.get(
    '/api/records/:id/documents/:name',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['records'],
        summary: 'A record as one of its module’s documents (DOCX), e.g. an integrity opinion reply',
        security: [{ bearer: [] }],
        params: DocumentParamsSchema,
        response: { 200: DocumentSchema, ...errors(404) },
      },
    },
    async (request, reply) => {
      const { id, name } = request.params;
      const locale = negotiateLocale(request.headers['accept-language']);
      const doc = await ctx.records.document(caller(request), id, name, locale, request.id);
      return reply
        .type(DOCX_TYPE)
        .header('content-disposition', `attachment; filename="document.docx"; filename*=UTF-8''${encodeURIComponent(doc.filename)}`)
        .send(doc.content);
    },
  );
}
