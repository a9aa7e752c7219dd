/** Adoption and data quality per unit (`GET /api/quality`): the measures of each child subtree. */
import { Type, type Static } from 'typebox';
import { BilingualTextSchema, DateTimeQuerySchema, PG_INT_MAX, ProblemSchema, StringEnum, UnitCodeSchema, ref } from './common.js';

const Day = Type.String({ format: 'date', pattern: '^[1-9][0-9]{3}-' });

/** Which period a quality question covers, and which module (shared by the measures and their drill-down). */
const WindowQuery = {
  period: Type.Optional(Type.String({ pattern: '^[0-9]{4}(Q[1-4]|H[12]|-[0-9]{2})?$', description: 'A year (2026), half (2026H1), quarter (2026Q3) or month (2026-07); default: the current month' })),
  from: Type.Optional(Type.Union([Day, DateTimeQuerySchema], { description: 'From this day (China time), inclusive' })),
  to: Type.Optional(Type.Union([Day, DateTimeQuerySchema], { description: 'Up to this day (China time), inclusive' })),
  module: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_-]{1,63}$', description: 'Only this module’s records (or reports)' })),
};

/** `GET /api/quality` query: whose children, which period, which module. */
export const QualityQuerySchema = Type.Object(
  {
    unit: Type.Optional(UnitCodeSchema),
    ...WindowQuery,
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('xlsx')])),
  },
  { additionalProperties: false },
);
export type QualityQuery = Static<typeof QualityQuerySchema>;

const Nullable = <T extends ReturnType<typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()]);

/** The measures of one subtree (or of the unit's own records, or of the whole). */
export const QualityMeasuresSchema = Type.Object({
  /** Records (not report records) created in the period. */
  records: Type.Integer(),
  /** The same, per module key. */
  recordsByModule: Type.Record(Type.String(), Type.Integer()),
  /** Records of the period whose module declares a matter date and that carry one. */
  lagCounted: Type.Integer(),
  /** Median days from the matter's date to the record's creation (null: nothing counted). */
  entryLagMedianDays: Nullable(Type.Number()),
  /** Records entered later than their module's entry limit. */
  lateEntries: Type.Integer(),
  /** lateEntries / lagCounted (null: nothing counted). */
  lateShare: Nullable(Type.Number()),
  /** Records past their deadline now: overdue and not final. */
  overdueNow: Type.Integer(),
  /** Deadlines that passed in the period (each stay in a state counted once). */
  missedDeadlines: Type.Integer(),
  /** Drafts nobody has touched for more than their module's staleDraftDays, now. */
  staleDrafts: Type.Integer(),
  /** Report records due in the period. */
  reportsDue: Type.Integer(),
  reportsOnTime: Type.Integer(),
  /** Submitted after the due time, or not submitted and past it. */
  reportsLate: Type.Integer(),
  reportsSubmitted: Type.Integer(),
  reportsApproved: Type.Integer(),
  /** reportsApproved / reportsSubmitted (null: none submitted). */
  approvalRate: Nullable(Type.Number()),
  /** Transitions back to a draft state in the period (returned for correction). */
  returned: Type.Integer(),
  /** Rule warnings still on the records handed in during the period (left a draft state), as their last write left them. */
  openWarnings: Type.Integer(),
  /** Active user accounts. */
  users: Type.Integer(),
  /** Distinct users who signed in during the period. */
  activeUsers: Type.Integer(),
  /** The last sign-in of anyone there (ever). */
  lastSignInAt: Type.Union([Type.String(), Type.Null()]),
});
export type QualityMeasures = Static<typeof QualityMeasuresSchema>;

/** A unit's line: its code and name with the measures of its subtree (or its own records). */
export const QualityRowSchema = Type.Intersect([Type.Object({ code: Type.String(), name: Type.String() }), QualityMeasuresSchema]);
export type QualityRow = Static<typeof QualityRowSchema>;

/** What each module's measures read (its quality block with defaults). */
export const QualityModuleSchema = Type.Object({
  key: Type.String(),
  kind: Type.String(),
  matterDate: Type.Union([Type.String(), Type.Null()]),
  entryLimitDays: Type.Integer(),
  staleDraftDays: Type.Integer(),
});

/** `GET /api/quality`: the unit's children (each for its subtree), its own records and the total. */
export const QualityResultSchema = Type.Object({
  unit: Type.Object({ code: Type.String(), name: Type.String(), level: Type.Integer() }),
  period: Type.Object({ key: Type.Union([Type.String(), Type.Null()]), from: Type.String(), to: Type.String() }),
  asOf: Type.String(),
  modules: Type.Array(QualityModuleSchema),
  total: QualityRowSchema,
  own: QualityRowSchema,
  children: Type.Array(QualityRowSchema),
});
export type QualityResult = Static<typeof QualityResultSchema>;

/** The JSON answer or the assessment workbook. */
export const QualityAnswerSchema = Type.Unsafe<QualityResult | Uint8Array>(QualityResultSchema);

/** The figures whose records can be listed (`GET /api/quality/records?measure=`). */
export const QUALITY_DRILL_MEASURES = ['records', 'lateEntries', 'overdueNow', 'missedDeadlines', 'staleDrafts', 'reportsLate', 'returned', 'openWarnings'] as const;
export type QualityDrillMeasure = (typeof QUALITY_DRILL_MEASURES)[number];

/** `GET /api/quality/records`: the records behind one figure of one line of the measures. */
export const QualityRecordsQuerySchema = Type.Object(
  {
    unit: Type.Optional(UnitCodeSchema),
    own: Type.Optional(Type.Boolean({ description: 'Only the unit’s own records (its own line), not its whole subtree' })),
    measure: StringEnum(QUALITY_DRILL_MEASURES, { description: 'The figure whose records to list' }),
    ...WindowQuery,
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: PG_INT_MAX, default: 0 }),
  },
  { additionalProperties: false },
);
export type QualityRecordsQuery = Static<typeof QualityRecordsQuerySchema>;

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** A record behind a figure: what it is, where, and why it counts. */
export const QualityRecordSchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  moduleTitle: BilingualTextSchema,
  /** The record's first filled-in fields, code values by their titles (as lists show them). */
  summary: Type.String(),
  unitCode: Type.String(),
  unitName: Type.String(),
  state: Type.String(),
  stateTitle: BilingualTextSchema,
  createdAt: Type.String(),
  updatedAt: Type.String(),
  deadlineAt: NullableString,
  /** The matter's own date (the module's quality.matterDate), when the record has one. */
  matterDate: NullableString,
  period: NullableString,
  dueAt: NullableString,
  /** What the record adds to the figure (a record returned twice in the period adds 2 to `returned`). */
  count: Type.Integer(),
  /** How far: the entry lag (records, late entries), days overdue (overdue now), days untouched (stale drafts), days late (late reports); else null. */
  days: Type.Union([Type.Integer(), Type.Null()]),
  /** The limit `days` is held against: the module's entryLimitDays or staleDraftDays; else null. */
  limitDays: Type.Union([Type.Integer(), Type.Null()]),
  /** When: overdue since, last touched (stale drafts), the last missed deadline or return in the period, the report handed in (null: not yet). */
  at: NullableString,
  /** The rule warnings left on it (open warnings), in the caller's language; else empty. */
  warnings: Type.Array(ref(ProblemSchema)),
});
export type QualityRecord = Static<typeof QualityRecordSchema>;

/** `GET /api/quality/records`: a page of the records behind a figure, how many there are and the figure they add up to. */
export const QualityRecordsResultSchema = Type.Object({
  unit: Type.Object({ code: Type.String(), name: Type.String(), level: Type.Integer() }),
  own: Type.Boolean(),
  measure: Type.String(),
  period: Type.Object({ key: Type.Union([Type.String(), Type.Null()]), from: Type.String(), to: Type.String() }),
  asOf: Type.String(),
  /** Records behind the figure (all pages). */
  total: Type.Integer(),
  /** The figure itself: what the records add up to. */
  sum: Type.Integer(),
  items: Type.Array(QualityRecordSchema),
});
export type QualityRecordsResult = Static<typeof QualityRecordsResultSchema>;

/** `GET /api/quality/trend`: whose subtree, up to which month, which module. */
export const QualityTrendQuerySchema = Type.Object(
  {
    unit: Type.Optional(UnitCodeSchema),
    period: Type.Optional(Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'The last of the twelve months (2026-07); default: the current month' })),
    module: WindowQuery.module,
  },
  { additionalProperties: false },
);
export type QualityTrendQuery = Static<typeof QualityTrendQuerySchema>;

const Ratio = Type.Union([Type.Number(), Type.Null()]);

/** One month of the trend: the measures of a period (see QualityMeasures) that have a history. */
export const QualityTrendMonthSchema = Type.Object({
  period: Type.String({ description: 'The month, e.g. 2026-06' }),
  from: Type.String(),
  to: Type.String(),
  records: Type.Integer(),
  lagCounted: Type.Integer(),
  entryLagMedianDays: Ratio,
  lateEntries: Type.Integer(),
  lateShare: Ratio,
  missedDeadlines: Type.Integer(),
  reportsDue: Type.Integer(),
  reportsOnTime: Type.Integer(),
  reportsLate: Type.Integer(),
  reportsSubmitted: Type.Integer(),
  reportsApproved: Type.Integer(),
  approvalRate: Ratio,
  returned: Type.Integer(),
  openWarnings: Type.Integer(),
  activeUsers: Type.Integer(),
});
export type QualityTrendMonth = Static<typeof QualityTrendMonthSchema>;

/** `GET /api/quality/trend`: the unit's whole subtree over the twelve months up to `period`, oldest first. */
export const QualityTrendResultSchema = Type.Object({
  unit: Type.Object({ code: Type.String(), name: Type.String(), level: Type.Integer() }),
  asOf: Type.String(),
  months: Type.Array(QualityTrendMonthSchema),
});
export type QualityTrendResult = Static<typeof QualityTrendResultSchema>;

/** `PUT /api/quality/nudges/:code`: a unit's weekly nudge on or off. */
export const NudgeParamsSchema = Type.Object({ code: UnitCodeSchema }, { additionalProperties: false });
export const NudgeBodySchema = Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false });
export type NudgeBody = Static<typeof NudgeBodySchema>;
export const NudgeResultSchema = Type.Object({ code: Type.String(), enabled: Type.Boolean() });
export type NudgeResult = Static<typeof NudgeResultSchema>;
