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
  title: Type.Optional(Type.String({ description: "GET and lists: the record's title, its module's list.title parts joined by \" · \" (codes by their titles, dates in China time)" })),
  cells: Type.Optional(
    Type.Record(Type.String(), Type.String(), {
      description: "Lists: the module's list columns as shown, by JSON Pointer (codes by titles, unit codes by names, ids of other records by their titles); empty values left out",
    }),
  ),
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
    q: Type.Optional(Type.String({ maxLength: 100, description: "Text search: a substring (Chinese included) of the title fields, or of the unit's name and the period where the title shows them" })),
    sort: Type.Optional(
      Type.String({ maxLength: 520, description: "Order by a list column's JSON Pointer (the module's list.columns) or createdAt, updatedAt, deadlineAt, period; default: the module's list.sort, else newest first" }),
    ),
    order: Type.Optional(StringEnum(['asc', 'desc'], { description: 'Direction of `sort` (default desc)' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type ListRecordsQuery = Static<typeof ListRecordsQuerySchema>;

/** The totals of a list's filter over every page: how many records, and the sums of the columns declared with `sum`. */
export const ListTotalsSchema = Type.Object({
  count: Type.Integer(),
  sums: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()]), { description: 'By JSON Pointer of the summed column; null when no record has a value' }),
});
export type ListTotals = Static<typeof ListTotalsSchema>;

/** A page of records; `nextCursor` continues it, null at the end; `totals` covers every page. */
export const RecordListSchema = Type.Object({ items: Type.Array(RecordSchema), nextCursor: Type.Union([Type.String(), Type.Null()]), totals: ListTotalsSchema });
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

/** `POST /api/records/actions/:action`: one workflow action on many records, with one comment. */
export const BulkActionBodySchema = Type.Object(
  {
    ids: Type.Array(UuidSchema, { minItems: 1, maxItems: 200, uniqueItems: true, description: 'The records, each checked (scope, holder, role, state, data) and audited on its own' }),
    comment: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);
export type BulkActionBody = Static<typeof BulkActionBodySchema>;

/** `{ action }` of a bulk action. */
export const BulkActionParamsSchema = Type.Object({ action: Type.String({ pattern: '^[a-z][a-zA-Z0-9_]{0,63}$' }) });
export type BulkActionParams = Static<typeof BulkActionParamsSchema>;

/** What a bulk action did to one record: done (its new state and version), or refused with the status and error a single action would have had. */
export const BulkActionResultSchema = Type.Object({
  id: Type.String(),
  ok: Type.Boolean(),
  status: Type.Integer({ description: '200 when done, else the status the single action answers (403, 404, 409, 422)' }),
  state: Type.Optional(Type.String()),
  version: Type.Optional(Type.Integer()),
  code: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(ref(ProblemSchema))),
});
export type BulkActionResult = Static<typeof BulkActionResultSchema>;

/** The answer of a bulk action: one result per record, in the order asked; each record is done whole or not at all. */
export const BulkActionAnswerSchema = Type.Object({ done: Type.Integer(), failed: Type.Integer(), results: Type.Array(BulkActionResultSchema) });
export type BulkActionAnswer = Static<typeof BulkActionAnswerSchema>;

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
