/** Shapes shared by the routes' schemas (validation, serialisation and the OpenAPI document). */
import { Type } from 'typebox';
import { UNIT_CODE_PATTERN } from '../units/unit-service.js';

export const LocalizedTextSchema = Type.Object(
  { 'zh-CN': Type.String(), en: Type.Optional(Type.String()) },
  { $id: 'LocalizedText', additionalProperties: false },
);

export const ProblemSchema = Type.Object(
  {
    path: Type.String({ description: 'JSON Pointer of the problem' }),
    code: Type.String({ description: 'Stable code, FW_…' }),
    message: Type.String(),
    params: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { $id: 'Problem' },
);

export const ErrorSchema = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    errors: Type.Optional(Type.Array(Type.Ref('Problem'))),
  },
  { $id: 'Error' },
);

/** Standard error responses, by status. */
export function errors(...statuses: number[]): Record<number, ReturnType<typeof Type.Ref>> {
  return Object.fromEntries(statuses.map((s) => [s, Type.Ref('Error')]));
}

export const UnitSchema = Type.Object(
  { code: Type.String(), name: Type.String(), parentCode: Type.Union([Type.String(), Type.Null()]), level: Type.Integer(), kind: Type.String() },
  { $id: 'Unit' },
);

/**
 * Registered once at the root: a child context that adds schemas of its own gets a fresh
 * schema controller and loses the root's validator compiler (and with it allErrors).
 */
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

export const SHARED_SCHEMAS = [LocalizedTextSchema, ProblemSchema, ErrorSchema, UnitSchema, ReportAssignmentSchema];

export const ModuleKeySchema = Type.String({ pattern: '^[a-z][a-z0-9_-]{1,63}$', description: 'Module key' });

export const UuidSchema = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });

/** A unit's code: an empty or malformed one is refused (400), never taken for the caller's unit. */
export const UnitCodeSchema = Type.String({ pattern: UNIT_CODE_PATTERN });
