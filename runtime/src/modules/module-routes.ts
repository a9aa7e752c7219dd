/** Module definitions: list, read, versions, publish, dry-run, records migration and TypeScript declarations. */
import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { localizeProblem, negotiateLocale } from '../../../engine/src/index.js';
import type { AppContext } from '../context.js';
import type { TypedApp } from '../platform/http/typed-app.js';
import { caller } from '../platform/http/auth-plugin.js';
import { progressLines } from '../platform/http/progress-lines.js';
import { ModuleKeyParamsSchema, errors } from '../api/common.js';
import {
  DefinitionSchema,
  DryRunBodySchema,
  DryRunResultSchema,
  MigrateBodySchema,
  MigrateStreamSchema,
  MigrationReportSchema,
  ModuleListSchema,
  ModuleVersionParamsSchema,
  ModuleVersionQuerySchema,
  PublishBodySchema,
  PublishedSchema,
  TypesSourceSchema,
  VersionListSchema,
  type PublishedDefinition,
} from '../api/modules.js';
import type { PublishedVersion } from './module-store.js';

/** Largest definition body accepted by publish (the engine's own limit, 2 MiB of JSON, is checked first). */
export const PUBLISH_BODY_LIMIT = 4 * 1024 * 1024;

/**
 * A published definition as answered. Stored definitions carry their version already; the
 * published version is set again because the definition's own type leaves it optional.
 */
function answerDefinition(published: PublishedVersion): PublishedDefinition {
  return { ...published.definition, version: published.version };
}

export default async function moduleRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  moduleVersionRoutes(api, ctx);
  moduleToolRoutes(api, ctx);
}

function moduleVersionRoutes(api: TypedApp, ctx: AppContext): void {
  api.get(
    '/api/modules',
    {
      config: { permission: 'modules.read' },
      schema: { tags: ['modules'], summary: 'Published modules', security: [{ bearer: [] }], response: { 200: ModuleListSchema } },
    },
    async () =>
      (await ctx.modules.list()).map((m) => ({
        key: m.key,
        kind: m.definition.kind,
        title: m.definition.title,
        latestVersion: m.version,
      })),
  );

  api.get(
    '/api/modules/:key',
    {
      config: { permission: 'modules.read' },
      schema: {
        tags: ['modules'],
        summary: 'The latest published definition',
        security: [{ bearer: [] }],
        params: ModuleKeyParamsSchema,
        response: { 200: DefinitionSchema, ...errors(404) },
      },
    },
    async (request) => answerDefinition(await ctx.modules.latest(request.params.key)),
  );

  api.get(
    '/api/modules/:key/versions',
    {
      config: { permission: 'modules.read' },
      schema: {
        tags: ['modules'],
        summary: 'Every published version of a module',
        security: [{ bearer: [] }],
        params: ModuleKeyParamsSchema,
        response: { 200: VersionListSchema, ...errors(404) },
      },
    },
    async (request) => {
      const { key } = request.params;
      await ctx.modules.latest(key);
      return ctx.moduleVersions(key);
    },
  );

  api.get(
    '/api/modules/:key/versions/:n',
    {
      config: { permission: 'modules.read' },
      schema: {
        tags: ['modules'],
        summary: 'One published version',
        security: [{ bearer: [] }],
        params: ModuleVersionParamsSchema,
        response: { 200: DefinitionSchema, ...errors(404) },
      },
    },
    async (request) => {
      const { key, n } = request.params;
      return answerDefinition(await ctx.modules.version(key, n));
    },
  );

  api.post(
    '/api/modules/:key/versions',
    {
      bodyLimit: PUBLISH_BODY_LIMIT,
      config: { permission: 'modules.publish' },
      schema: {
        tags: ['modules'],
        summary: 'Publish a new version (checked against the meta-model, its own tests run); live on every instance at once',
        security: [{ bearer: [] }],
        params: ModuleKeyParamsSchema,
        body: PublishBodySchema,
        response: { 201: PublishedSchema, ...errors(400, 409, 413, 422) },
      },
    },
    async (request, reply) => {
      const user = caller(request);
      const { notes, ...result } = await ctx.modules.publish(request.params.key, request.body, { username: user.username, unitCode: user.unitCode, requestId: request.id });
      const locale = negotiateLocale(request.headers['accept-language']);
      return reply.status(201).send(notes.length > 0 ? { ...result, notes: notes.map((n) => localizeProblem(n, locale)) } : result);
    },
  );
}

function moduleToolRoutes(api: TypedApp, ctx: AppContext): void {
  api.post(
    '/api/modules/:key/dry-run',
    {
      config: { permission: 'modules.dryRun' },
      schema: {
        tags: ['modules'],
        summary: 'Evaluate data against the module without writing: every problem a final submission would have',
        security: [{ bearer: [] }],
        params: ModuleKeyParamsSchema,
        querystring: ModuleVersionQuerySchema,
        body: DryRunBodySchema,
        response: { 200: DryRunResultSchema, ...errors(400, 404, 422) },
      },
    },
    async (request) => {
      const { version } = request.query;
      const result = await ctx.modules.dryRun(request.params.key, { ...request.body, ...(version !== undefined ? { version } : {}) }, caller(request));
      const locale = negotiateLocale(request.headers['accept-language']);
      return {
        version: result.version,
        errors: result.errors.map((p) => localizeProblem(p, locale)),
        warnings: result.warnings.map((p) => localizeProblem(p, locale)),
        events: result.events,
        derived: result.derived,
      };
    },
  );

  api.post(
    '/api/modules/:key/migrate',
    {
      config: { permission: 'modules.migrate' },
      schema: {
        tags: ['modules'],
        summary:
          'Move the records of earlier versions to version `to` through each version’s migration, in batches (as `formwork records migrate`); `dryRun` only counts. Designers at headquarters only. Records that would be invalid are left unchanged and listed with their problems. Accept: application/x-ndjson streams a progress line per batch, then the result',
        security: [{ bearer: [] }],
        params: ModuleKeyParamsSchema,
        body: MigrateBodySchema,
        response: { 200: Type.Union([MigrationReportSchema, MigrateStreamSchema]), ...errors(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const locale = negotiateLocale(request.headers['accept-language']);
      const migration = await ctx.migrations.prepare(caller(request), request.params.key, request.body, locale, request.id);
      if (!(request.headers.accept ?? '').includes('application/x-ndjson')) return migration.run();
      const lines = progressLines((onProgress) => migration.run(onProgress), locale, { 'zh-CN': '迁移记录失败', en: 'The migration failed' });
      return reply.type('application/x-ndjson; charset=utf-8').header('cache-control', 'no-store').send(Readable.from(lines));
    },
  );

  api.get(
    '/api/modules/:key/types.d.ts',
    {
      config: { permission: 'modules.read' },
      schema: {
        tags: ['modules'],
        summary: 'TypeScript declarations of the record data (latest version, or ?version=n)',
        security: [{ bearer: [] }],
        params: ModuleKeyParamsSchema,
        querystring: ModuleVersionQuerySchema,
        response: { 200: TypesSourceSchema, ...errors(404) },
      },
    },
    async (request, reply) => {
      const types = await ctx.modules.types(request.params.key, request.query.version);
      return reply.type('application/typescript; charset=utf-8').header('x-module-version', String(types.version)).send(types.source);
    },
  );
}
