/** Records: create, list, read, update drafts, workflow actions, history, documents. */
import { Type, type Static } from 'typebox';
import { BilingualTextSchema, DateTimeQuerySchema, OpenObject, ProblemSchema, StringEnum, UnitCodeSchema, UuidSchema, ref } from './common.js';

/** A workflow action the caller may take now. */
export const AvailableActionSchema = Type.Object({
  action: Type.String(),
  title: BilingualTextSchema,
  to: Type.String(),
  requires: Type.Array(Type.String()),
  comment: StringEnum(['none', 'optional', 'required']),
  handoff: Type.Optional(Type.Object({ direction: StringEnum(['up', 'down', 'home']), role: Type.Optional(Type.String()) })),
});
export type AvailableAction = Static<typeof AvailableActionSchema>;

/** A related record shown with a record (`fields` given: its data keyed by JSON Pointer). */
export const LinkedViewSchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  state: Type.String(),
  unitCode: Type.String(),
  updatedAt: Type.String(),
  data: OpenObject(),
});
export type LinkedView = Static<typeof LinkedViewSchema>;

/** A record as the API shows it; warnings come localised to the caller's language. */
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
  data: OpenObject(),
  derived: OpenObject(),
  deadlineAt: Type.Union([Type.String(), Type.Null()]),
  overdue: Type.Boolean(),
  createdAt: Type.String(),
  createdBy: Type.String(),
  updatedAt: Type.String(),
  updatedBy: Type.String(),
  period: Type.Optional(Type.String({ description: 'Report records: the period, e.g. 2026Q3' })),
  dueAt: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Report records: when the report is due' })),
  prefill: Type.Optional(Type.Record(Type.String(), Type.Number(), { description: 'Report records being filled: the pre-filled figures as they are now, by JSON Pointer (saving stores them)' })),
  warnings: Type.Optional(Type.Array(ref(ProblemSchema))),
  availableActions: Type.Optional(Type.Array(AvailableActionSchema)),
  fieldAccess: Type.Optional(
    Type.Record(Type.String(), StringEnum(['read', 'hidden']), {
      description: "The fields the caller may not edit in the record's state (JSON Pointer, `*` for any row → read or hidden); hidden fields are left out of data. Absent or empty: everything the caller's unit may write is editable.",
    }),
  ),
  links: Type.Optional(Type.Record(Type.String(), Type.Array(LinkedViewSchema))),
});
export type RecordView = Static<typeof RecordSchema>;

/** `POST /api/modules/:key/records`: a draft may be incomplete. */
export const CreateRecordBodySchema = Type.Object({ data: OpenObject(), unitCode: Type.Optional(UnitCodeSchema) }, { additionalProperties: false });
export type CreateRecordBody = Static<typeof CreateRecordBodySchema>;

/** `Idempotency-Key`: the same key and body replays the first answer. */
export const IdempotencyHeadersSchema = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) });
export type IdempotencyHeaders = Static<typeof IdempotencyHeadersSchema>;

/** `If-Match`: the record version an update or action was based on. */
export const IfMatchHeadersSchema = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 40 })) });
export type IfMatchHeaders = Static<typeof IfMatchHeadersSchema>;

/** `GET /api/modules/:key/records` filters and page. */
export const ListRecordsQuerySchema = Type.Object(
  {
    unit: Type.Optional(UnitCodeSchema),
    state: Type.Optional(Type.String({ maxLength: 64 })),
    filter: Type.Optional(Type.String({ maxLength: 2000, description: 'JSON object matched against data, e.g. {"category":"political"}' })),
    from: Type.Optional(DateTimeQuerySchema),
    to: Type.Optional(DateTimeQuerySchema),
    overdue: Type.Optional(Type.Boolean()),
    period: Type.Optional(Type.String({ maxLength: 16, description: 'Report records of this period, e.g. 2026Q3' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ListRecordsQuery = Static<typeof ListRecordsQuerySchema>;

/** A page of records; `nextCursor` continues it, null at the end. */
export const RecordListSchema = Type.Object({ items: Type.Array(RecordSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type RecordList = Static<typeof RecordListSchema>;

/** `PATCH /api/records/:id`: `data` is a JSON Merge Patch. */
export const UpdateRecordBodySchema = Type.Object({ data: OpenObject() }, { additionalProperties: false });
export type UpdateRecordBody = Static<typeof UpdateRecordBodySchema>;

/** `{ id, action }`: a workflow action on a record. */
export const ActionParamsSchema = Type.Object({ id: UuidSchema, action: Type.String({ pattern: '^[a-z][a-zA-Z0-9_]{0,63}$' }) });
export type ActionParams = Static<typeof ActionParamsSchema>;

/** `POST /api/records/:id/actions/:action` (a bodiless POST is taken as `{}`). */
export const ActionBodySchema = Type.Object(
  {
    comment: Type.Optional(Type.String({ maxLength: 4000 })),
    data: Type.Optional(OpenObject()),
    unitCode: Type.Optional(Type.String({ maxLength: 64, description: 'The unit below to hand the record down to' })),
  },
  { additionalProperties: false },
);
export type ActionBody = Static<typeof ActionBodySchema>;

/** One change a save made, at its JSON Pointer. */
export const ChangeSchema = Type.Object(
  { path: Type.String({ description: 'JSON Pointer of the changed value' }), from: Type.Optional(Type.Unknown()), to: Type.Optional(Type.Unknown()) },
  { additionalProperties: true },
);
export type Change = Static<typeof ChangeSchema>;

/** One entry of a record's history: a change or a transition, who, when, what. */
export const HistoryEntrySchema = Type.Object({
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
  changes: Type.Array(ChangeSchema),
  details: OpenObject(),
});
export type HistoryView = Static<typeof HistoryEntrySchema>;

/** A record's history, oldest first. */
export const HistorySchema = Type.Array(HistoryEntrySchema);

/** `{ id, name }`: one of the documents a record's module defines. */
export const DocumentParamsSchema = Type.Object({ id: UuidSchema, name: Type.String({ pattern: '^[a-z][a-zA-Z0-9_-]{0,63}$' }) });
export type DocumentParams = Static<typeof DocumentParamsSchema>;

/** A DOCX rendering of a record: a string in the document, bytes on the wire. */
export const DocumentSchema = Type.Unsafe<string | Uint8Array>(Type.String({ description: 'DOCX' }));
