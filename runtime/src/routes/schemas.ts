/** Shapes shared by the routes' schemas (validation, serialisation and the OpenAPI document). */
import { Type } from 'typebox';

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
export const SHARED_SCHEMAS = [LocalizedTextSchema, ProblemSchema, ErrorSchema, UnitSchema];

export const ModuleKeySchema = Type.String({ pattern: '^[a-z][a-z0-9_-]{1,63}$', description: 'Module key' });
