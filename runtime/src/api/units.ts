/** The unit tree: units, their creation, renaming, moving and import. */
import { Type, type Static } from 'typebox';
import { LiteralUnion, StringEnum, UnitCodeSchema, ref } from './common.js';
import { UserSchema } from './users.js';

/** The kinds of unit the organisation knows. */
export const UNIT_KINDS = ['company', 'factory', 'discipline', 'inspection', 'other'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** A unit kind in a request (a union of literals, as the document has always shown it). */
export const UnitKindSchema = LiteralUnion(UNIT_KINDS);

/** A unit as the API shows it. Registered as `Unit` (see SHARED_SCHEMAS). */
export const UnitSchema = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    parentCode: Type.Union([Type.String(), Type.Null()]),
    level: Type.Integer(),
    kind: StringEnum(UNIT_KINDS),
  },
  { $id: 'Unit' },
);
export type UnitView = Static<typeof UnitSchema>;

/** A unit tree, parents first. */
export const UnitTreeSchema = Type.Array(ref(UnitSchema));

/** A unit's designated administrators. */
export const UnitAdminsSchema = Type.Array(UserSchema);

/** `{ code }` of a unit. */
export const UnitParamsSchema = Type.Object({ code: UnitCodeSchema });
export type UnitParams = Static<typeof UnitParamsSchema>;

/** `GET /api/units?root=`: the subtree of a unit (default: the caller's). */
export const UnitTreeQuerySchema = Type.Object({ root: Type.Optional(UnitCodeSchema) }, { additionalProperties: false });
export type UnitTreeQuery = Static<typeof UnitTreeQuerySchema>;

/** `POST /api/units`. */
export const CreateUnitBodySchema = Type.Object(
  { code: UnitCodeSchema, name: Type.String({ minLength: 1, maxLength: 200 }), parentCode: UnitCodeSchema, kind: Type.Optional(UnitKindSchema) },
  { additionalProperties: false },
);
export type CreateUnitBody = Static<typeof CreateUnitBodySchema>;

/** `PATCH /api/units/:code`: rename, change the kind, or move under another parent. */
export const UpdateUnitBodySchema = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), kind: Type.Optional(UnitKindSchema), parentCode: Type.Optional(UnitCodeSchema) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUnitBody = Static<typeof UpdateUnitBodySchema>;

/** The answer of `POST /api/units/import`. */
export const UnitImportResultSchema = Type.Object({ imported: Type.Integer() });
export type UnitImportResult = Static<typeof UnitImportResultSchema>;
