/** Statistical reports: assignment by period, completeness and timeliness, roll-up, pre-fill. */
import { Type, type Static } from 'typebox';
import { BilingualTextSchema, LiteralUnion, ModuleKeySchema, OpenObject, StringEnum, UnitCodeSchema } from './common.js';

/** Most records one pre-fill drill-down answers. */
export const MAX_DRILL = 500;

/** `{ key, period }`: a report template and one of its periods. */
export const PeriodParamsSchema = Type.Object({
  key: ModuleKeySchema,
  period: Type.String({ minLength: 1, maxLength: 16, description: 'A period of the template’s type: 2026-09 (month), 2026Q3 (quarter), 2026H2 (half), 2026 (year)' }),
});
export type PeriodParams = Static<typeof PeriodParamsSchema>;

/** `POST /api/reports/:key/periods/:period/assign`: a level, or named units, and when it is due. */
export const AssignBodySchema = Type.Object(
  {
    level: Type.Optional(Type.Integer({ minimum: 1, maximum: 16, description: 'Every unit of this level in the caller’s subtree' })),
    unitCodes: Type.Optional(Type.Array(UnitCodeSchema, { minItems: 1, maxItems: 10_000 })),
    dueAt: Type.Optional(Type.String({ minLength: 10, maxLength: 40, description: 'ISO date-time, or a date (due at the end of that day, China time); default: the template’s deadline after the period ends' })),
  },
  { additionalProperties: false },
);
export type AssignBody = Static<typeof AssignBodySchema>;

/** What an assignment created (201) or found already there (200). Registered as `ReportAssignment`. */
export const ReportAssignmentSchema = Type.Object(
  {
    key: Type.String(),
    period: Type.String(),
    dueAt: Type.String(),
    created: Type.Integer({ description: 'Report records created now' }),
    existing: Type.Integer({ description: 'Targets that already had their report for the period' }),
    records: Type.Array(Type.Object({ id: Type.String(), unitCode: Type.String(), created: Type.Boolean() })),
  },
  { $id: 'ReportAssignment' },
);
export type AssignResult = Static<typeof ReportAssignmentSchema>;

/** One period a report was assigned for, with counts. */
export const PeriodSummarySchema = Type.Object({
  period: Type.String(),
  assigned: Type.Integer(),
  submitted: Type.Integer(),
  approved: Type.Integer(),
  firstDue: Type.Union([Type.String(), Type.Null()]),
  lastDue: Type.Union([Type.String(), Type.Null()]),
});
export type PeriodSummary = Static<typeof PeriodSummarySchema>;

/** The periods of a report, newest first. */
export const PeriodListSchema = Type.Array(PeriodSummarySchema);

/** A unit as reports name it. */
export const UnitRefSchema = Type.Object({ code: Type.String(), name: Type.String(), level: Type.Integer() });
export type UnitRef = Static<typeof UnitRefSchema>;

/** `GET …/status?unit=&level=`. */
export const StatusQuerySchema = Type.Object(
  { unit: Type.Optional(UnitCodeSchema), level: Type.Optional(Type.Integer({ minimum: 1, maximum: 16 })) },
  { additionalProperties: false },
);
export type StatusQuery = Static<typeof StatusQuerySchema>;

// Spread into the totals and into each level's line, which adds the level.
const completeness = {
  assigned: Type.Integer(),
  notStarted: Type.Integer(),
  draft: Type.Integer(),
  submitted: Type.Integer(),
  approved: Type.Integer(),
  onTime: Type.Integer(),
  late: Type.Integer(),
  reportingRate: Type.Number(),
  onTimeRate: Type.Number(),
  approvalRate: Type.Number(),
};

/** Counts by status and timeliness; rates of assigned (submitted or approved, on time, approved). */
export const CompletenessSchema = Type.Object(completeness);
export type Completeness = Static<typeof CompletenessSchema>;

/** Where a unit's report stands in its period. */
export const REPORT_STATUSES = ['notStarted', 'draft', 'submitted', 'approved'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
/** Whether a report came in by its due time (pending: not handed in, not yet due). */
export const TIMELINESS = ['onTime', 'late', 'pending'] as const;
export type Timeliness = (typeof TIMELINESS)[number];

/** One unit's report for the period. */
export const UnitStatusSchema = Type.Object({
  unitCode: Type.String(),
  unitName: Type.String(),
  level: Type.Integer(),
  recordId: Type.String(),
  state: Type.String(),
  status: LiteralUnion(REPORT_STATUSES),
  timeliness: LiteralUnion(TIMELINESS),
  dueAt: Type.Union([Type.String(), Type.Null()]),
  submittedAt: Type.Union([Type.String(), Type.Null()]),
  approvedAt: Type.Union([Type.String(), Type.Null()]),
  heldBy: Type.String(),
});
export type UnitStatus = Static<typeof UnitStatusSchema>;

/** Completeness and timeliness per unit of a subtree, with totals per level. */
export const StatusResultSchema = Type.Object({
  key: Type.String(),
  period: Type.String(),
  unit: UnitRefSchema,
  asOf: Type.String(),
  total: CompletenessSchema,
  levels: Type.Array(Type.Object({ level: Type.Integer(), ...completeness })),
  units: Type.Array(UnitStatusSchema),
});
export type StatusResult = Static<typeof StatusResultSchema>;

/** `GET …/rollup?unit=&include=&format=`. */
export const RollupQuerySchema = Type.Object(
  {
    unit: Type.Optional(UnitCodeSchema),
    include: Type.Optional(Type.Union([Type.Literal('approved'), Type.Literal('submitted')])),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('xlsx')])),
  },
  { additionalProperties: false },
);
export type RollupQuery = Static<typeof RollupQuerySchema>;

const ValuesSchema = Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()]), { description: 'Figures by JSON Pointer of the field' });

// Spread into the totals, the unit's own report and each child's line.
const figures = { reports: Type.Integer(), assigned: Type.Integer(), values: ValuesSchema };

/** Reports counted (in the included states), reports assigned, and the figures by field. */
export const FiguresSchema = Type.Object(figures);
export type Figures = Static<typeof FiguresSchema>;

/** A rolled-up field of the template. */
export const FieldViewSchema = Type.Object({ path: Type.String(), label: BilingualTextSchema, aggregate: Type.String(), section: Type.Array(Type.String()) });
export type FieldView = Static<typeof FieldViewSchema>;

/** The roll-up of a subtree, its children for drill-down, and the change from the previous period. */
export const RollupResultSchema = Type.Object({
  key: Type.String(),
  period: Type.String(),
  previousPeriod: Type.String(),
  include: StringEnum(['approved', 'submitted']),
  states: Type.Array(Type.String()),
  unit: UnitRefSchema,
  fields: Type.Array(FieldViewSchema),
  total: FiguresSchema,
  own: Type.Union([FiguresSchema, Type.Null()]),
  children: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: Type.Integer(), ...figures, previous: ValuesSchema })),
  previous: Type.Object({ reports: Type.Integer(), values: ValuesSchema }),
  change: Type.Record(Type.String(), Type.Object({ absolute: Type.Union([Type.Number(), Type.Null()]), relative: Type.Union([Type.Number(), Type.Null()]) })),
});
export type RollupResult = Static<typeof RollupResultSchema>;

/** The answer of the roll-up route: the JSON above, or with `format=xlsx` a workbook's bytes. */
export const RollupAnswerSchema = Type.Unsafe<RollupResult | Uint8Array>(RollupResultSchema);

/** The query behind a pre-filled figure. */
export const PrefillSourceSchema = Type.Object(
  {
    module: Type.String(),
    op: Type.String(),
    field: Type.Optional(Type.String()),
    dateField: Type.String(),
    scope: Type.String(),
    from: Type.String(),
    to: Type.String(),
    where: Type.Array(Type.Unknown()),
    states: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: true },
);
export type PrefillSource = Static<typeof PrefillSourceSchema>;

/** A pre-filled figure computed now, the query behind it and the figure stored in the report. */
export const PrefillFigureSchema = Type.Object({
  path: Type.String(),
  label: BilingualTextSchema,
  value: Type.Number(),
  stored: Type.Unknown(),
  source: PrefillSourceSchema,
});
export type PrefillFigure = Static<typeof PrefillFigureSchema>;

/** `GET /api/records/:id/prefill`: a report record's pre-filled figures, computed now. */
export const PrefillSchema = Type.Object({ recordId: Type.String(), period: Type.String(), fields: Type.Array(PrefillFigureSchema) });
export type Prefill = Static<typeof PrefillSchema>;

/** `GET /api/records/:id/prefill/records?field=&limit=`. */
export const PrefillRecordsQuerySchema = Type.Object(
  {
    field: Type.String({ minLength: 1, maxLength: 500, description: 'JSON Pointer of the pre-filled field' }),
    limit: Type.Integer({ minimum: 1, maximum: MAX_DRILL, default: 100 }),
  },
  { additionalProperties: false },
);
export type PrefillRecordsQuery = Static<typeof PrefillRecordsQuerySchema>;

/** A record a pre-filled figure counts. */
export const CountedRecordSchema = Type.Object({
  id: Type.String(),
  state: Type.String(),
  moduleVersion: Type.Integer(),
  unitCode: Type.String(),
  updatedAt: Type.String(),
  data: OpenObject(),
});
export type CountedRecord = Static<typeof CountedRecordSchema>;

/** The records behind a pre-filled figure (at most `limit`; `truncated` when there are more). */
export const PrefillRecordsSchema = Type.Object({ field: Type.String(), module: Type.String(), truncated: Type.Boolean(), items: Type.Array(CountedRecordSchema) });
export type PrefillRecords = Static<typeof PrefillRecordsSchema>;
