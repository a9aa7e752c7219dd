/** Records: create, list, read, update drafts, workflow actions, history. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { localizeProblem, negotiateLocale, type Problem } from '../../../engine/src/index.js';
import type { AppContext } from '../context.js';
import { caller } from '../platform/http/auth-plugin.js';
import type { RecordView } from './record-service.js';
import { DOCX_TYPE } from './record-documents.js';
import { ModuleKeySchema, UnitCodeSchema, UuidSchema, errors } from '../api/common.js';

const Uuid = UuidSchema;
const IdParams = Type.Object({ id: Uuid });
const Localized = Type.Object({ 'zh-CN': Type.String(), en: Type.String() });
const ActionSchema = Type.Object({
  action: Type.String(),
  title: Localized,
  to: Type.String(),
  requires: Type.Array(Type.String()),
  comment: Type.String(),
  handoff: Type.Optional(Type.Object({ direction: Type.String(), role: Type.Optional(Type.String()) })),
});
export const RecordSchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  moduleVersion: Type.Integer(),
  unitCode: Type.String(),
  assignedUnit: Type.String(),
  unitNames: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'GET: the names of the units the record names (its unit and the holding unit), by code' })),
  assignedRole: Type.Union([Type.String(), Type.Null()]),
  state: Type.String(),
  final: Type.Boolean(),
  version: Type.Integer(),
  data: Type.Object({}, { additionalProperties: true }),
  derived: Type.Object({}, { additionalProperties: true }),
  deadlineAt: Type.Union([Type.String(), Type.Null()]),
  overdue: Type.Boolean(),
  createdAt: Type.String(),
  createdBy: Type.String(),
  updatedAt: Type.String(),
  updatedBy: Type.String(),
  period: Type.Optional(Type.String({ description: 'Report records: the period, e.g. 2026Q3' })),
  dueAt: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Report records: when the report is due' })),
  prefill: Type.Optional(Type.Record(Type.String(), Type.Number(), { description: 'Report records being filled: the pre-filled figures as they are now, by JSON Pointer (saving stores them)' })),
  warnings: Type.Optional(Type.Array(Type.Ref('Problem'))),
  availableActions: Type.Optional(Type.Array(ActionSchema)),
  links: Type.Optional(
    Type.Record(
      Type.String(),
      Type.Array(
        Type.Object({
          id: Type.String(),
          key: Type.String(),
          state: Type.String(),
          unitCode: Type.String(),
          updatedAt: Type.String(),
          data: Type.Object({}, { additionalProperties: true }),
        }),
      ),
    ),
  ),
});

/** Localizes the warnings of a record answer and sets its ETag. */
function answer(request: FastifyRequest, record: RecordView & { warnings?: Problem[] }) {
  const locale = negotiateLocale(request.headers['accept-language']);
  return record.warnings ? { ...record, warnings: record.warnings.map((w) => localizeProblem(w, locale)) } : record;
}

export default async function recordRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post(
    '/api/modules/:key/records',
    {
      config: { permission: 'records.create' },
      schema: {
        tags: ['records'],
        summary: 'Create a record (a draft may be incomplete); Idempotency-Key replays the first answer',
        security: [{ bearer: [] }],
        params: Type.Object({ key: ModuleKeySchema }),
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        body: Type.Object({ data: Type.Object({}, { additionalProperties: true }), unitCode: Type.Optional(UnitCodeSchema) }, { additionalProperties: false }),
        response: { 201: RecordSchema, ...errors(400, 404, 422) },
      },
    },
    async (request, reply) => {
      const { key } = request.params as { key: string };
      const idempotencyKey = request.headers['idempotency-key'] as string | undefined;
      const result = await ctx.records.create(caller(request), key, request.body as { data: unknown; unitCode?: string }, {
        requestId: request.id,
        ...(idempotencyKey ? { idempotencyKey } : {}),
      });
      return reply.status(result.status as 201).header('etag', `"${result.body.version}"`).send(answer(request, result.body));
    },
  );

  app.get(
    '/api/modules/:key/records',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['records'],
        summary: 'Records of a module in the caller’s subtree, newest first; filter by unit subtree, state, data (JSON containment), dates, overdue',
        security: [{ bearer: [] }],
        params: Type.Object({ key: ModuleKeySchema }),
        querystring: Type.Object(
          {
            unit: Type.Optional(UnitCodeSchema),
            state: Type.Optional(Type.String({ maxLength: 64 })),
            filter: Type.Optional(Type.String({ maxLength: 2000, description: 'JSON object matched against data, e.g. {"category":"political"}' })),
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            overdue: Type.Optional(Type.Boolean()),
            period: Type.Optional(Type.String({ maxLength: 16, description: 'Report records of this period, e.g. 2026Q3' })),
            limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
            cursor: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(RecordSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errors(404, 422) },
      },
    },
    async (request) =>
      ctx.records.list(caller(request), (request.params as { key: string }).key, request.query as Parameters<typeof ctx.records.list>[2], request.id),
  );

  app.get(
    '/api/records/:id',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['records'],
        summary: 'A record, with the actions the caller may take now',
        security: [{ bearer: [] }],
        params: IdParams,
        response: { 200: RecordSchema, ...errors(404) },
      },
    },
    async (request, reply) => {
      const record = await ctx.records.get(caller(request), (request.params as { id: string }).id, request.id);
      return reply.header('etag', `"${record.version}"`).send(record);
    },
  );

  app.patch(
    '/api/records/:id',
    {
      config: { permission: 'records.write' },
      schema: {
        tags: ['records'],
        summary: 'Update a draft: `data` is a JSON Merge Patch; If-Match must hold the record version',
        security: [{ bearer: [] }],
        params: IdParams,
        headers: Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 40 })) }),
        body: Type.Object({ data: Type.Object({}, { additionalProperties: true }) }, { additionalProperties: false }),
        response: { 200: RecordSchema, ...errors(403, 404, 409, 422, 428) },
      },
    },
    async (request, reply) => {
      const record = await ctx.records.update(
        caller(request),
        (request.params as { id: string }).id,
        (request.body as { data: Record<string, unknown> }).data,
        request.headers['if-match'] as string | undefined,
        request.id,
      );
      return reply.header('etag', `"${record.version}"`).send(answer(request, record));
    },
  );

  app.post(
    '/api/records/:id/actions/:action',
    {
      config: { permission: 'records.act' },
      schema: {
        tags: ['records'],
        summary: 'Take a workflow action: 409 when not available now, 403 for a role not allowed, 422 for fields required at this step',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Uuid, action: Type.String({ pattern: '^[a-z][a-zA-Z0-9_]{0,63}$' }) }),
        headers: Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 40 })) }),
        body: Type.Object(
          {
            comment: Type.Optional(Type.String({ maxLength: 4000 })),
            data: Type.Optional(Type.Object({}, { additionalProperties: true })),
            unitCode: Type.Optional(Type.String({ maxLength: 64, description: 'The unit below to hand the record down to' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: RecordSchema, ...errors(403, 404, 409, 422) },
      },
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const { id, action } = request.params as { id: string; action: string };
      const record = await ctx.records.act(caller(request), id, action, request.body as object, request.headers['if-match'] as string | undefined, request.id);
      return reply.header('etag', `"${record.version}"`).send(answer(request, record));
    },
  );

  app.get(
    '/api/records/:id/history',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['records'],
        summary: 'Every change and transition of a record: who, when, what',
        security: [{ bearer: [] }],
        params: IdParams,
        response: {
          200: Type.Array(
            Type.Object({
              seq: Type.Integer(),
              at: Type.String(),
              actor: Type.Union([Type.String(), Type.Null()]),
              actorName: Type.Union([Type.String(), Type.Null()], { description: "The actor's display name" }),
              unitCode: Type.Union([Type.String(), Type.Null()]),
              unitName: Type.Union([Type.String(), Type.Null()]),
              kind: Type.String(),
              action: Type.Union([Type.String(), Type.Null()]),
              fromState: Type.Union([Type.String(), Type.Null()]),
              toState: Type.Union([Type.String(), Type.Null()]),
              comment: Type.Union([Type.String(), Type.Null()]),
              changes: Type.Array(Type.Object({}, { additionalProperties: true })),
              details: Type.Object({}, { additionalProperties: true }),
            }),
          ),
          ...errors(404),
        },
      },
    },
    async (request) => ctx.records.history(caller(request), (request.params as { id: string }).id, request.id),
  );

  app.get(
    '/api/records/:id/documents/:name',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['records'],
        summary: 'A record as one of its module’s documents (DOCX), e.g. an integrity opinion reply',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Uuid, name: Type.String({ pattern: '^[a-z][a-zA-Z0-9_-]{0,63}$' }) }),
        response: { 200: Type.String({ description: 'DOCX' }), ...errors(404) },
      },
    },
    async (request, reply) => {
      const { id, name } = request.params as { id: string; name: string };
      const locale = negotiateLocale(request.headers['accept-language']);
      const doc = await ctx.records.document(caller(request), id, name, locale, request.id);
      return reply
        .type(DOCX_TYPE)
        .header('content-disposition', `attachment; filename="document.docx"; filename*=UTF-8''${encodeURIComponent(doc.filename)}`)
        .send(doc.content);
    },
  );

  app.get(
    '/api/inbox',
    {
      config: { permission: 'inbox.read' },
      schema: {
        tags: ['records'],
        summary: 'Records awaiting an action by the caller’s unit and roles (overdue first), and notifications (unread first)',
        security: [{ bearer: [] }],
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            tasks: Type.Array(
              Type.Object({
                id: Type.String(),
                key: Type.String(),
                moduleTitle: Localized,
                state: Type.String(),
                stateTitle: Localized,
                unitCode: Type.String(),
                assignedRole: Type.Union([Type.String(), Type.Null()]),
                deadlineAt: Type.Union([Type.String(), Type.Null()]),
                overdue: Type.Boolean(),
                updatedAt: Type.String(),
              }),
            ),
            notifications: Type.Array(
              Type.Object({
                id: Type.Integer(),
                kind: Type.String(),
                recordId: Type.Union([Type.String(), Type.Null()]),
                moduleKey: Type.Union([Type.String(), Type.Null()]),
                message: Localized,
                createdAt: Type.String(),
                read: Type.Boolean(),
              }),
            ),
            unread: Type.Integer(),
          }),
        },
      },
    },
    async (request) => ctx.inbox.inbox(caller(request), (request.query as { limit: number }).limit),
  );

  app.post(
    '/api/notifications/:id/read',
    {
      config: { permission: 'inbox.read' },
      schema: {
        tags: ['records'],
        summary: 'Mark a notification read (for the caller)',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 204: Type.Null(), ...errors(404) },
      },
    },
    async (request, reply) => {
      await ctx.inbox.markRead(caller(request), (request.params as { id: number }).id);
      return reply.status(204).send();
    },
  );
}
