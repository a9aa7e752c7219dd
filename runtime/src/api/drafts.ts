/**
 * The drafts API: module definitions being edited in the designer (see API.md, "Drafts").
 * Request and answer schemas, with their TypeScript types.
 */
import { Type, type Static } from 'typebox';
import { ModuleKeySchema as ModuleKey, PG_INT_MAX, ProblemSchema, UuidSchema, ref, type LocalizedProblem } from './common.js';

/** A problem of a draft, at its JSON Pointer into the definition, in the caller's language. */
const DraftProblemSchema = ref(ProblemSchema);
export type DraftProblem = LocalizedProblem;

export const DraftIdParams = Type.Object({ id: UuidSchema });

export const BasedOnSchema = Type.Union([Type.Object({ key: Type.String(), version: Type.Integer() }), Type.Null()], {
  description: 'The published version the draft revises (null: a new module)',
});

/** A definition as being edited: any JSON object (it may be invalid while edited). */
const EditedDefinition = Type.Record(Type.String(), Type.Unknown(), { description: 'The module definition as edited (may be invalid)' });

export const DraftSummarySchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  revision: Type.Integer(),
  basedOn: BasedOnSchema,
  title: Type.Union([Type.Object({ 'zh-CN': Type.String(), en: Type.Optional(Type.String()) }), Type.Null()], { description: 'The definition’s title, if it has one' }),
  kind: Type.Union([Type.String(), Type.Null()]),
  updatedBy: Type.String(),
  updatedAt: Type.String(),
});
export type DraftSummary = Static<typeof DraftSummarySchema>;

export const DraftSchema = Type.Object({
  ...DraftSummarySchema.properties,
  definition: EditedDefinition,
  problems: Type.Array(DraftProblemSchema, { description: 'What publishing would refuse now (schema, safety, meaning; tests not run)' }),
  createdBy: Type.String(),
  createdAt: Type.String(),
  notes: Type.Optional(Type.Array(DraftProblemSchema, { description: 'Import: what was converted, each at its path' })),
});
export type DraftView = Static<typeof DraftSchema>;

export const CreateDraftBody = Type.Union([
  Type.Object({ definition: EditedDefinition }, { additionalProperties: false }),
  Type.Object(
    {
      from: Type.Object({ key: ModuleKey, version: Type.Optional(Type.Integer({ minimum: 1, maximum: PG_INT_MAX })) }, { additionalProperties: false }),
      key: Type.Optional(Type.String({ description: 'Copy as a new module under this key (absent: a draft revising the module)' })),
    },
    { additionalProperties: false },
  ),
]);
export type CreateDraftInput = Static<typeof CreateDraftBody>;

export const SaveDraftBody = Type.Object({ definition: EditedDefinition }, { additionalProperties: false });
export type SaveDraftInput = Static<typeof SaveDraftBody>;

export const SaveDraftResult = Type.Object({ revision: Type.Integer(), problems: Type.Array(DraftProblemSchema) });
export type SaveDraftAnswer = Static<typeof SaveDraftResult>;

export const ListDraftsQuery = Type.Object({ key: Type.Optional(ModuleKey) }, { additionalProperties: false });

export const DraftTestResultSchema = Type.Object({
  name: Type.String(),
  ok: Type.Boolean(),
  diff: Type.Optional(Type.Array(Type.String(), { description: 'What differed from the expectation, one line each' })),
});

export const CheckResultSchema = Type.Object({
  ok: Type.Boolean(),
  problems: Type.Array(DraftProblemSchema),
  tests: Type.Array(DraftTestResultSchema),
});
export type CheckAnswer = Static<typeof CheckResultSchema>;

export const PublishResultSchema = Type.Object({ key: Type.String(), version: Type.Integer() });

/** A changed attribute: a side is absent where the value is. */
const AttributeChange = Type.Object({ attribute: Type.String(), before: Type.Optional(Type.Unknown()), after: Type.Optional(Type.Unknown()) });
/** One field, rule, state, transition or report field of a diff (see the engine's diffDefinitions). */
const DiffEntry = Type.Object({ changes: Type.Optional(Type.Array(AttributeChange)) }, { additionalProperties: true });
/** A code of a code list added, removed, deprecated or reinstated (with its title) or retitled (titles before and after). */
const CodeEntry = Type.Object({ value: Type.Unknown(), title: Type.Optional(Type.String()), before: Type.Optional(Type.String()), after: Type.Optional(Type.String()) });
const AddedRemovedChanged = Type.Object({ added: Type.Array(DiffEntry), removed: Type.Array(DiffEntry), changed: Type.Array(DiffEntry) });

/** The structural differences between two definitions: what a designer checks before publishing. */
export const DiffResultSchema = Type.Object({
  basedOn: BasedOnSchema,
  fields: AddedRemovedChanged,
  rules: AddedRemovedChanged,
  workflow: Type.Object({ changes: Type.Array(AttributeChange), states: AddedRemovedChanged, transitions: AddedRemovedChanged }),
  report: Type.Object({ settings: Type.Array(AttributeChange), fields: AddedRemovedChanged }),
  other: Type.Object({
    changes: Type.Array(AttributeChange),
    codes: Type.Object({
      added: Type.Array(CodeEntry),
      removed: Type.Array(CodeEntry),
      retitled: Type.Array(CodeEntry),
      deprecated: Type.Array(CodeEntry, { description: 'Retired: still valid for records that hold them, no longer offered' }),
      reinstated: Type.Array(CodeEntry, { description: 'Offered again' }),
    }),
  }),
});
export type DiffAnswer = Static<typeof DiffResultSchema>;

/** Two published versions compared (`GET /api/modules/{key}/diff`). */
export const VersionDiffQuery = Type.Object(
  {
    from: Type.Integer({ minimum: 1, maximum: PG_INT_MAX, description: 'The older version' }),
    to: Type.Optional(Type.Integer({ minimum: 1, maximum: PG_INT_MAX, description: 'The newer version (default: the latest)' })),
  },
  { additionalProperties: false },
);

/** An import: a Formwork definition, or a form written for react-jsonschema-form (draft-07 spellings allowed). */
export const ImportDraftBody = Type.Record(Type.String(), Type.Unknown(), {
  description: 'A Formwork definition, or { key, title, schema, uiSchema?, formData? } as written for react-jsonschema-form',
});

export const FiguresBody = Type.Object(
  {
    unitCode: Type.String({ minLength: 1, maxLength: 64, description: 'The unit whose subtree the figures count' }),
    period: Type.String({ minLength: 1, maxLength: 16, description: 'A period of the template’s type, e.g. 2026Q3' }),
  },
  { additionalProperties: false },
);
export type FiguresInput = Static<typeof FiguresBody>;

export const FiguresResultSchema = Type.Object({
  unitCode: Type.String(),
  period: Type.String(),
  figures: Type.Array(
    Type.Object({
      path: Type.String({ description: 'JSON Pointer of the figure' }),
      label: Type.Object({ 'zh-CN': Type.String(), en: Type.Optional(Type.String()) }),
      value: Type.Number(),
    }),
  ),
});
export type FiguresAnswer = Static<typeof FiguresResultSchema>;

/** Up to this many record ids are given as samples of each group of an impact. */
export const IMPACT_SAMPLE = 5;

const Sample = Type.Array(Type.String(), { maxItems: IMPACT_SAMPLE, description: `Up to ${IMPACT_SAMPLE} record ids (open them at /r/{id})` });
const FieldLabel = Type.Union([Type.String(), Type.Null()], { description: 'The field’s title in the caller’s language (null: no field, or not found)' });
const RuleRef = Type.Object({ name: Type.String(), description: Type.String({ description: 'The rule’s description in the caller’s language, or its name' }) });

/** `POST /api/drafts/{id}/impact`: the draft run over the module's existing records the caller may read; nothing written. */
export const ImpactResultSchema = Type.Object({
  basedOn: BasedOnSchema,
  scanned: Type.Integer({ description: 'Records evaluated (every record of the module the caller may read)' }),
  invalid: Type.Integer({ description: 'Records the draft would find invalid (blocking problems in their state)' }),
  newlyInvalid: Type.Integer({ description: 'Of those, the records valid under the version they were written under' }),
  byProblem: Type.Array(
    Type.Object({
      code: Type.String(),
      path: Type.String({ description: 'JSON Pointer into the record data' }),
      label: FieldLabel,
      message: Type.String({ description: 'The problem as the first record shows it, in the caller’s language' }),
      count: Type.Integer(),
      sample: Sample,
    }),
    { description: 'Invalid records grouped by problem code and field, most frequent first' },
  ),
  derivedChanged: Type.Integer({ description: 'Computed values (record × field) the draft computes differently from the published version' }),
  derivedByField: Type.Array(Type.Object({ path: Type.String(), label: FieldLabel, count: Type.Integer(), sample: Sample })),
  eventsChanged: Type.Integer({ description: 'Records whose route, escalate, notify or create events differ' }),
  eventsByType: Type.Array(Type.Object({ type: Type.String(), count: Type.Integer(), sample: Sample }), { description: 'Records whose events of each type differ' }),
  figuresChanged: Type.Optional(
    Type.Array(
      Type.Object({
        period: Type.String(),
        path: Type.String(),
        label: FieldLabel,
        count: Type.Integer({ description: 'Reports of the period whose figure would change' }),
        sample: Sample,
        before: Type.Union([Type.Number(), Type.Null()], { description: 'The field’s roll-up over the scanned reports of the period (its aggregate), now' }),
        after: Type.Union([Type.Number(), Type.Null()], { description: 'The same under the draft' }),
      }),
      { description: 'Report modules: the figures of each period that would change' },
    ),
  ),
  rules: Type.Array(Type.Object({ ...RuleRef.properties, fired: Type.Integer({ description: 'Records on which the rule fired under the draft' }) })),
  deadRules: Type.Array(RuleRef, { description: 'Rules that fired on none of the records (none when there are no records)' }),
  alwaysRules: Type.Array(RuleRef, { description: 'Rules that fired on every record' }),
});
export type ImpactAnswer = Static<typeof ImpactResultSchema>;

/** One line of the streamed answer (Accept: application/x-ndjson). */
export type ImpactLine = { type: 'progress'; scanned: number; total: number } | { type: 'result'; result: ImpactAnswer } | { type: 'error'; code: string; message: string };

/** The streamed answer: progress lines, then the result line. */
export const ImpactStreamSchema = Type.Unsafe<unknown>(
  Type.String({ description: 'With Accept: application/x-ndjson: one JSON line per batch {type:"progress",scanned,total}, then {type:"result",result}' }),
);
