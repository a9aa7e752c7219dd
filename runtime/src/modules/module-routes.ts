/** Module definitions: list, read, versions, publish, dry-run and TypeScript declarations. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { localizeProblem, negotiateLocale } from '../../../engine/src/index.js';
import type { AppContext } from '../context.js';
import { caller } from '../platform/http/auth-plugin.js';
import { ModuleKeySchema, errors } from '../api/common.js';

/** Largest definition body accepted by publish (the engine's own limit, 2 MiB of JSON, is checked first). */
export const PUBLISH_BODY_LIMIT = 4 * 1024 * 1024;

const KeyParams = Type.Object({ key: ModuleKeySchema });
const VersionParams = Type.Object({ key: ModuleKeySchema, n: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const DefinitionSchema = Type.Object(
  { key: Type.String(), version: Type.Integer() },
  { additionalProperties: true, description: 'A module definition (definitions/meta/module.schema.json) with its version' },
);
const ModuleSummary = Type.Object({
  key: Type.String(),
  kind: Type.String(),
  title: Type.Ref('LocalizedText'),
  latestVersion: Type.Integer(),
});
const DryRunBody = Type.Object(
  {
    data: Type.Unknown({ description: 'The record data to check' }),
    context: Type.Optional(
      Type.Object({}, { additionalProperties: true, description: 'Overrides of the evaluation context (state, now, overdue …)' }),
    ),
    facts: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'Values of named facts' })),
  },
  { additionalProperties: false, required: ['data'] },
);
const DryRunQuery = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });
const EventSchema = Type.Object({ type: Type.String(), params: Type.Object({}, { additionalProperties: true }), rule: Type.String() });

export default async function moduleRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get(
    '/api/modules',
    {
      config: { permission: 'modules.read' },
      schema: { tags: ['modules'], summary: 'Published modules', security: [{ bearer: [] }], response: { 200: Type.Array(ModuleSummary) } },
    },
    async () =>
      (await ctx.modules.list()).map((m) => ({
        key: m.key,
        kind: m.definition.kind,
        title: m.definition.title,
        latestVersion: m.version,
      })),
  );

  app.get(
    '/api/modules/:key',
    {
      config: { permission: 'modules.read' },
      schema: {
        tags: ['modules'],
        summary: 'The latest published definition',
        security: [{ bearer: [] }],
        params: KeyParams,
        response: { 200: DefinitionSchema, ...errors(404) },
      },
    },
    async (request) => (await ctx.modules.latest((request.params as { key: string }).key)).definition,
  );

  app.get(
    '/api/modules/:key/versions',
    {
      config: { permission: 'modules.read' },
      schema: {
        tags: ['modules'],
        summary: 'Every published version of a module',
        security: [{ bearer: [] }],
        params: KeyParams,
        response: {
          200: Type.Array(Type.Object({ version: Type.Integer(), publishedBy: Type.String(), publishedAt: Type.String() })),
          ...errors(404),
        },
      },
    },
    async (request) => {
      const { key } = request.params as { key: string };
      await ctx.modules.latest(key);
      return ctx.moduleVersions(key);
    },
  );

  app.get(
    '/api/modules/:key/versions/:n',
    {
      config: { permission: 'modules.read' },
      schema: {
        tags: ['modules'],
        summary: 'One published version',
        security: [{ bearer: [] }],
        params: VersionParams,
        response: { 200: DefinitionSchema, ...errors(404) },
      },
    },
    async (request) => {
      const { key, n } = request.params as { key: string; n: number };
      return (await ctx.modules.version(key, n)).definition;
    },
  );

  app.post(
    '/api/modules/:key/versions',
    {
      bodyLimit: PUBLISH_BODY_LIMIT,
      config: { permission: 'modules.publish' },
      schema: {
        tags: ['modules'],
        summary: 'Publish a new version (checked against the meta-model, its own tests run); live on every instance at once',
        security: [{ bearer: [] }],
        params: KeyParams,
        body: Type.Object({}, { additionalProperties: true, description: 'A whole module definition' }),
        response: {
          // notes: the draft-07 spellings converted to 2020-12 (present only when there were some).
          201: Type.Object({ key: Type.String(), version: Type.Integer(), notes: Type.Optional(Type.Array(Type.Ref('Problem'))) }),
          ...errors(400, 409, 413, 422),
        },
      },
    },
    async (request, reply) => {
      const user = caller(request);
      const { key } = request.params as { key: string };
      const { notes, ...result } = await ctx.modules.publish(key, request.body, { username: user.username, unitCode: user.unitCode, requestId: request.id });
      const locale = negotiateLocale(request.headers['accept-language']);
      return reply.status(201).send(notes.length > 0 ? { ...result, notes: notes.map((n) => localizeProblem(n, locale)) } : result);
    },
  );

  app.post(
    '/api/modules/:key/dry-run',
    {
      config: { permission: 'modules.dryRun' },
      schema: {
        tags: ['modules'],
        summary: 'Evaluate data against the module without writing: every problem a final submission would have',
        security: [{ bearer: [] }],
        params: KeyParams,
        querystring: DryRunQuery,
        body: DryRunBody,
        response: {
          200: Type.Object({
            version: Type.Integer(),
            errors: Type.Array(Type.Ref('Problem')),
            warnings: Type.Array(Type.Ref('Problem')),
            events: Type.Array(EventSchema),
            derived: Type.Object({}, { additionalProperties: true }),
          }),
          ...errors(400, 404, 422),
        },
      },
    },
    async (request) => {
      const { key } = request.params as { key: string };
      const { version } = request.query as { version?: number };
      const body = request.body as { data: unknown; context?: Record<string, unknown>; facts?: Record<string, unknown> };
      const result = await ctx.modules.dryRun(key, { ...body, ...(version !== undefined ? { version } : {}) }, caller(request));
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

  app.get(
    '/api/modules/:key/types.d.ts',
    {
      config: { permission: 'modules.read' },
      schema: {
        tags: ['modules'],
        summary: 'TypeScript declarations of the record data (latest version, or ?version=n)',
        security: [{ bearer: [] }],
        params: KeyParams,
        querystring: DryRunQuery,
        response: { 200: Type.String(), ...errors(404) },
      },
    },
    async (request, reply) => {
      const { key } = request.params as { key: string };
      const { version } = request.query as { version?: number };
      const types = await ctx.modules.types(key, version);
      return reply.type('application/typescript; charset=utf-8').header('x-module-version', String(types.version)).send(types.source);
    },
  );
}
