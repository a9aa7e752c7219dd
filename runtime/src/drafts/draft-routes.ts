/** Drafts of module definitions, for designers (see API.md, "Drafts"). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { negotiateLocale } from '../../../engine/src/index.js';
import { NoContentSchema, errors } from '../api/common.js';
import {
  CheckResultSchema,
  CreateDraftBody,
  DiffResultSchema,
  DraftIdParams,
  ImportDraftBody,
  DraftSchema,
  DraftSummarySchema,
  FiguresBody,
  FiguresResultSchema,
  ImpactResultSchema,
  ImpactStreamSchema,
  ListDraftsQuery,
  PublishResultSchema,
  SaveDraftBody,
  SaveDraftResult,
  VersionDiffQuery,
} from '../api/drafts.js';
import { ModuleKeySchema } from '../api/common.js';
import type { AppContext } from '../context.js';
import type { TypedApp } from '../platform/http/typed-app.js';
import { caller } from '../platform/http/auth-plugin.js';
import { PUBLISH_BODY_LIMIT } from '../modules/module-routes.js';
import { Readable } from 'node:stream';

const tags = ['drafts'];
const security = [{ bearer: [] }];

const locale = (header: string | undefined) => negotiateLocale(header);

export default async function draftRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  startAndCompareRoutes(api, ctx);
  editDraftRoutes(api, ctx);
  checkAndPublishRoutes(api, ctx);
}

function startAndCompareRoutes(api: TypedApp, ctx: AppContext): void {
  api.post(
    '/api/drafts',
    {
      bodyLimit: PUBLISH_BODY_LIMIT,
      config: { permission: 'drafts.write' },
      schema: {
        tags,
        security,
        summary: 'Start a draft: a new definition, or a copy of a published module to revise (or, with `key`, to start a new module from)',
        body: CreateDraftBody,
        response: { 201: DraftSchema, ...errors(400, 404, 413, 422) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await ctx.drafts.create(caller(request), request.body, locale(request.headers['accept-language']), request.id)),
  );

  api.post(
    '/api/drafts/import',
    {
      bodyLimit: PUBLISH_BODY_LIMIT,
      config: { permission: 'drafts.write' },
      schema: {
        tags,
        security,
        summary: 'Start a draft from a form written elsewhere: a Formwork definition, or a react-jsonschema-form schema + uiSchema (draft-07 spellings converted, each noted)',
        body: ImportDraftBody,
        response: { 201: DraftSchema, ...errors(400, 413, 422) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await ctx.drafts.importDraft(caller(request), request.body, locale(request.headers['accept-language']), request.id)),
  );

  api.get(
    '/api/drafts/:id/diff',
    {
      config: { permission: 'drafts.read' },
      schema: { tags, security, summary: 'What the draft changes against the version it revises: fields, rules, workflow, report', params: DraftIdParams, response: { 200: DiffResultSchema, ...errors(404) } },
    },
    async (request) => ctx.drafts.diff(request.params.id),
  );

  api.get(
    '/api/modules/:key/diff',
    {
      config: { permission: 'drafts.read' },
      schema: {
        tags,
        security,
        summary: 'Two published versions of a module compared (version history)',
        params: Type.Object({ key: ModuleKeySchema }),
        querystring: VersionDiffQuery,
        response: { 200: DiffResultSchema, ...errors(404, 422) },
      },
    },
    async (request) => ctx.drafts.compare(request.params.key, request.query.from, request.query.to),
  );
}

function editDraftRoutes(api: TypedApp, ctx: AppContext): void {
  api.get(
    '/api/drafts',
    {
      config: { permission: 'drafts.read' },
      schema: { tags, security, summary: 'Drafts, most recently saved first', querystring: ListDraftsQuery, response: { 200: Type.Array(DraftSummarySchema), ...errors(400) } },
    },
    async (request) => ctx.drafts.list(request.query.key),
  );

  api.get(
    '/api/drafts/:id',
    {
      config: { permission: 'drafts.read' },
      schema: { tags, security, summary: 'A draft, with what publishing would refuse now', params: DraftIdParams, response: { 200: DraftSchema, ...errors(404) } },
    },
    async (request, reply) => {
      const draft = await ctx.drafts.get(request.params.id, locale(request.headers['accept-language']));
      return reply.header('etag', `"${draft.revision}"`).send(draft);
    },
  );

  api.put(
    '/api/drafts/:id',
    {
      bodyLimit: PUBLISH_BODY_LIMIT,
      config: { permission: 'drafts.write' },
      schema: {
        tags,
        security,
        summary: 'Save a draft (autosave); If-Match: its revision. An invalid draft is saved, its problems listed',
        params: DraftIdParams,
        headers: Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 40 })) }),
        body: SaveDraftBody,
        response: { 200: SaveDraftResult, ...errors(400, 404, 409, 413, 422, 428) },
      },
    },
    async (request, reply) => {
      const saved = await ctx.drafts.save(caller(request), request.params.id, request.body, request.headers['if-match'], locale(request.headers['accept-language']), request.id);
      return reply.header('etag', `"${saved.revision}"`).send(saved);
    },
  );

  api.delete(
    '/api/drafts/:id',
    {
      config: { permission: 'drafts.write' },
      schema: { tags, security, summary: 'Withdraw a draft', params: DraftIdParams, response: { 204: NoContentSchema, ...errors(404) } },
    },
    async (request, reply) => {
      await ctx.drafts.remove(caller(request), request.params.id, request.id);
      return reply.status(204).send();
    },
  );
}

function checkAndPublishRoutes(api: TypedApp, ctx: AppContext): void {
  api.post(
    '/api/drafts/:id/check',
    {
      config: { permission: 'drafts.read' },
      schema: {
        tags,
        security,
        summary: 'Every publication check (meta-model, schema, safety, meaning, the definition’s tests); nothing written',
        params: DraftIdParams,
        response: { 200: CheckResultSchema, ...errors(404) },
      },
    },
    async (request) => ctx.drafts.check(request.params.id, locale(request.headers['accept-language'])),
  );

  api.post(
    '/api/drafts/:id/figures',
    {
      config: { permission: 'drafts.read' },
      schema: {
        tags,
        security,
        summary: 'A draft report template’s pre-filled figures as they would be now, for a unit’s subtree and a period (nothing written)',
        params: DraftIdParams,
        body: FiguresBody,
        response: { 200: FiguresResultSchema, ...errors(404, 422) },
      },
    },
    async (request) => ctx.drafts.figures(caller(request), request.params.id, request.body, request.id),
  );

  api.post(
    '/api/drafts/:id/impact',
    {
      config: { permission: 'drafts.read' },
      schema: {
        tags,
        security,
        summary:
          'The draft run over the module’s existing records the caller may read (READ ONLY, nothing written): invalid records by problem and field, computed values, events and report figures that would change, dead and always-firing rules. Accept: application/x-ndjson streams a progress line per batch, then the result',
        params: DraftIdParams,
        response: { 200: Type.Union([ImpactResultSchema, ImpactStreamSchema]), ...errors(404, 422) },
      },
    },
    async (request, reply) => {
      const language = locale(request.headers['accept-language']);
      const scan = await ctx.impact.prepare(caller(request), request.params.id, language, request.id);
      if (!(request.headers.accept ?? '').includes('application/x-ndjson')) return scan.run();
      return reply.type('application/x-ndjson; charset=utf-8').header('cache-control', 'no-store').send(Readable.from(ctx.impact.lines(scan, language)));
    },
  );

  api.post(
    '/api/drafts/:id/publish',
    {
      config: { permission: 'modules.publish' },
      schema: {
        tags,
        security,
        summary: 'Publish a draft as the next version of its module (live at once); the draft is gone',
        params: DraftIdParams,
        response: { 201: PublishResultSchema, ...errors(404, 409, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await ctx.drafts.publish(caller(request), request.params.id, request.id)),
  );
}
