/** Module definitions: the published modules, their versions, publishing, dry runs, the meta-model. */
import { Type, type Static } from 'typebox';
import { LocalizedTextSchema, ModuleKeySchema, OpenObject, PG_INT_MAX, ProblemSchema, ref } from './common.js';

/** `{ key, n }`: one published version of a module. */
export const ModuleVersionParamsSchema = Type.Object({ key: ModuleKeySchema, n: Type.Integer({ minimum: 1, maximum: PG_INT_MAX }) });
export type ModuleVersionParams = Static<typeof ModuleVersionParamsSchema>;

/** A published definition: the whole module definition (definitions/meta/module.schema.json). */
export const DefinitionSchema = Type.Object(
  { key: Type.String(), version: Type.Integer() },
  { additionalProperties: true, description: 'A module definition (definitions/meta/module.schema.json) with its version' },
);
export type PublishedDefinition = Static<typeof DefinitionSchema>;

/** One entry of `GET /api/modules`. */
export const ModuleSummarySchema = Type.Object({
  key: Type.String(),
  kind: Type.String(),
  title: ref(LocalizedTextSchema),
  latestVersion: Type.Integer(),
});
export type ModuleSummary = Static<typeof ModuleSummarySchema>;

/** `GET /api/modules`: the published modules. */
export const ModuleListSchema = Type.Array(ModuleSummarySchema);

/** One entry of `GET /api/modules/:key/versions`. */
export const VersionSummarySchema = Type.Object({ version: Type.Integer(), publishedBy: Type.String(), publishedAt: Type.String() });
export type VersionSummary = Static<typeof VersionSummarySchema>;

/** Every published version of a module, oldest first. */
export const VersionListSchema = Type.Array(VersionSummarySchema);

/** `POST /api/modules/:key/versions`: a whole module definition. */
export const PublishBodySchema = OpenObject({ description: 'A whole module definition' });

/** The answer of a publication: the module and its new version. */
export const PublishedSchema = Type.Object({
  key: Type.String(),
  version: Type.Integer(),
  notes: Type.Optional(Type.Array(ref(ProblemSchema), { description: 'The draft-07 spellings converted to 2020-12, each at its path (present only when there were some)' })),
});
export type Published = Static<typeof PublishedSchema>;

/** `POST /api/modules/:key/dry-run`. */
export const DryRunBodySchema = Type.Object(
  {
    data: Type.Unknown({ description: 'The record data to check' }),
    context: Type.Optional(OpenObject({ description: 'Overrides of the evaluation context (state, now, overdue …)' })),
    facts: Type.Optional(OpenObject({ description: 'Values of named facts' })),
  },
  { additionalProperties: false, required: ['data'] },
);
export type DryRunBody = Static<typeof DryRunBodySchema>;

/** `?version=n` of a dry run or of the TypeScript declarations (default: the latest). */
export const ModuleVersionQuerySchema = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1, maximum: PG_INT_MAX })) }, { additionalProperties: false });
export type ModuleVersionQuery = Static<typeof ModuleVersionQuerySchema>;

/** An event a rule raised. */
export const RuleEventSchema = Type.Object({ type: Type.String(), params: OpenObject(), rule: Type.String() });
export type RuleEvent = Static<typeof RuleEventSchema>;

/** The answer of a dry run: every problem a final submission would have, nothing written. */
export const DryRunResultSchema = Type.Object({
  version: Type.Integer(),
  errors: Type.Array(ref(ProblemSchema)),
  warnings: Type.Array(ref(ProblemSchema)),
  events: Type.Array(RuleEventSchema),
  derived: OpenObject(),
});
export type DryRunResult = Static<typeof DryRunResultSchema>;

/** `GET /api/modules/:key/types.d.ts`: TypeScript declarations of the record data. */
export const TypesSourceSchema = Type.String();

/** `GET /api/meta/:name`. */
export const MetaParamsSchema = Type.Object({ name: Type.String({ pattern: '^[a-z]+\\.schema\\.json$' }) });
export type MetaParams = Static<typeof MetaParamsSchema>;

/** A meta-model schema (module.schema.json, rules.schema.json …). */
export const MetaSchemaSchema = OpenObject();

/** `POST /api/modules/:key/migrate`: move the records of earlier versions to version `to`, or (dry) only count. */
export const MigrateBodySchema = Type.Object(
  {
    to: Type.Integer({ minimum: 2, maximum: PG_INT_MAX, description: 'The version to move records to (its migration, and its predecessors’, lead there)' }),
    dryRun: Type.Boolean({ description: 'Only count: what would move and what would be left unchanged; nothing written' }),
  },
  { additionalProperties: false },
);
export type MigrateBody = Static<typeof MigrateBodySchema>;

/** A record the migration leaves as it is, and why. */
export const MigrationFailureSchema = Type.Object({
  id: Type.String(),
  fromVersion: Type.Integer(),
  reason: Type.Union([Type.Literal('no-migration-path'), Type.Literal('unknown-state'), Type.Literal('invalid')], {
    description: 'no-migration-path: no version between declares a migration from it; unknown-state: its state is not in the new workflow; invalid: the migrated data breaks the new version',
  }),
  errors: Type.Optional(Type.Array(ref(ProblemSchema), { description: 'invalid: every blocking problem, at its JSON Pointer into the migrated data' })),
});

/** What a migration did (or, dry, would do): the same report as `formwork records migrate`. */
export const MigrationReportSchema = Type.Object({
  key: Type.String(),
  to: Type.Integer(),
  dryRun: Type.Boolean(),
  examined: Type.Integer({ description: 'Records of earlier versions looked at' }),
  migrated: Type.Integer({ description: 'Records moved to `to` (dry: that would move)' }),
  failed: Type.Array(MigrationFailureSchema, { description: 'Records left unchanged, with their problems' }),
});
export type MigrationReportAnswer = Static<typeof MigrationReportSchema>;

/** One line of the streamed answer (Accept: application/x-ndjson). */
export type MigrateLine = { type: 'progress'; examined: number; total: number } | { type: 'result'; result: MigrationReportAnswer } | { type: 'error'; code: string; message: string };

/** The streamed answer: progress lines, then the result line. */
export const MigrateStreamSchema = Type.Unsafe<unknown>(
  Type.String({ description: 'With Accept: application/x-ndjson: {type:"progress",examined,total} before the first batch and after each, then {type:"result",result}' }),
);
