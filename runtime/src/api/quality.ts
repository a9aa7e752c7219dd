/** Adoption and data quality per unit (`GET /api/quality`): the measures of each child subtree. */
import { Type, type Static } from 'typebox';
import { DateTimeQuerySchema, UnitCodeSchema } from './common.js';

const Day = Type.String({ format: 'date', pattern: '^[1-9][0-9]{3}-' });

/** `GET /api/quality` query: whose children, which period, which module. */
export const QualityQuerySchema = Type.Object(
  {
    unit: Type.Optional(UnitCodeSchema),
    period: Type.Optional(Type.String({ pattern: '^[0-9]{4}(Q[1-4]|H[12]|-[0-9]{2})?$', description: 'A year (2026), half (2026H1), quarter (2026Q3) or month (2026-07); default: the current month' })),
    from: Type.Optional(Type.Union([Day, DateTimeQuerySchema], { description: 'From this day (China time), inclusive' })),
    to: Type.Optional(Type.Union([Day, DateTimeQuerySchema], { description: 'Up to this day (China time), inclusive' })),
    module: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_-]{1,63}$', description: 'Only this module’s records (or reports)' })),
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

/** `PUT /api/quality/nudges/:code`: a unit's weekly nudge on or off. */
export const NudgeParamsSchema = Type.Object({ code: UnitCodeSchema }, { additionalProperties: false });
export const NudgeBodySchema = Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false });
export type NudgeBody = Static<typeof NudgeBodySchema>;
export const NudgeResultSchema = Type.Object({ code: Type.String(), enabled: Type.Boolean() });
export type NudgeResult = Static<typeof NudgeResultSchema>;
