/**
 * Shapes every resource of the API shares: localised texts, problems, the one error shape,
 * identifiers, and the helpers that keep a schema and its TypeScript type one declaration.
 * Nothing here reaches the server's services or stores: the web apps import these types.
 */
import { Type, type Static, type TSchema, type TUnsafe } from 'typebox';

/**
 * A `$ref` to a schema registered by `$id` (see SHARED_SCHEMAS in index.ts), typed as that
 * schema: TypeBox types a bare `Type.Ref('Name')` as `unknown`, which would let any answer
 * through the type provider. The JSON is the same `{ "$ref": "Name" }`.
 */
export function ref<T extends TSchema>(schema: T): TUnsafe<Static<T>> {
  const id = '$id' in schema ? schema.$id : undefined;
  if (typeof id !== 'string') throw new Error('ref() needs a schema with an $id');
  return Type.Unsafe<Static<T>>(Type.Ref(id));
}

/**
 * An object with any properties (record data, details, a definition): `{ type: 'object',
 * additionalProperties: true }`, typed as a string-keyed record rather than TypeBox's `object`
 * so that readers can index it.
 */
export function OpenObject(options: { description?: string } = {}): TUnsafe<Record<string, unknown>> {
  return Type.Unsafe<Record<string, unknown>>(Type.Object({}, { additionalProperties: true, ...options }));
}

/**
 * A string out of a fixed set, written `{ type: 'string', enum: [...] }` and typed as the union:
 * the answer's type stays `string` in the OpenAPI document, with the allowed values added.
 */
export function StringEnum<const T extends readonly string[]>(values: T, options: { description?: string; default?: T[number] } = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>(Type.String({ ...options, enum: [...values] }));
}

/**
 * One of a fixed set of strings, written as TypeBox writes a union of literals (`anyOf` of
 * `const`s) and typed as the union: `Type.Union(values.map(Type.Literal))` is typed `never`, as
 * TypeBox cannot see the literals through an array's `map`.
 */
export function LiteralUnion<const T extends readonly string[]>(values: T, options: { description?: string } = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v)), options));
}

/** A text as definitions carry it: zh-CN always, en when given. Registered as `LocalizedText`. */
export const LocalizedTextSchema = Type.Object(
  { 'zh-CN': Type.String(), en: Type.Optional(Type.String()) },
  { $id: 'LocalizedText', additionalProperties: false },
);
export type LocalizedText = Static<typeof LocalizedTextSchema>;

/** A text in both languages, as the server sends titles and messages (en falls back to zh-CN). */
export const BilingualTextSchema = Type.Object({ 'zh-CN': Type.String(), en: Type.String() });
export type BilingualText = Static<typeof BilingualTextSchema>;

/** One problem, localised to the caller's language, at its JSON Pointer. Registered as `Problem`. */
export const ProblemSchema = Type.Object(
  {
    path: Type.String({ description: 'JSON Pointer of the problem' }),
    code: Type.String({ description: 'Stable code, FW_…' }),
    message: Type.String(),
    params: Type.Optional(OpenObject()),
  },
  { $id: 'Problem' },
);
/** A problem as answered: the engine's `Problem` with its message in the caller's language. */
export type LocalizedProblem = Static<typeof ProblemSchema>;

/** The one error shape of every route. Registered as `Error`. */
export const ErrorSchema = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    errors: Type.Optional(Type.Array(ref(ProblemSchema))),
  },
  { $id: 'Error' },
);
export type ErrorBody = Static<typeof ErrorSchema>;

/** Standard error responses, by status: `{ ...errors(404, 422) }` in a route's `response`. */
export function errors<const S extends readonly number[]>(...statuses: S): { [K in S[number]]: TUnsafe<ErrorBody> } {
  const out: Record<number, TUnsafe<ErrorBody>> = {};
  for (const status of statuses) out[status] = ref(ErrorSchema);
  return out as { [K in S[number]]: TUnsafe<ErrorBody> };
}

/**
 * The answer of a route that answers nothing (204): `{ type: 'null' }` in the document, typed
 * `void` so that handlers end with a bare `reply.status(204).send()`.
 */
export const NoContentSchema = Type.Unsafe<void>(Type.Null());

/** A module's key: lower case, as definitions name it. */
export const ModuleKeySchema = Type.String({ pattern: '^[a-z][a-z0-9_-]{1,63}$', description: 'Module key' });

/** A record's or a file's id. */
/** A moment in a query: ISO 8601 with a zone, years 1000–9999 (PostgreSQL has no year 0; JavaScript dates end in 275760). */
export const DateTimeQuerySchema = Type.String({ format: 'date-time', pattern: '^[1-9][0-9]{3}-', maxLength: 40, description: 'ISO 8601 date-time with a zone' });

/** The largest value a PostgreSQL integer column holds (versions, small ids). */
export const PG_INT_MAX = 2_147_483_647;
/** The largest bigint a JSON number carries exactly (sequence numbers). */
export const SAFE_BIGINT_MAX = Number.MAX_SAFE_INTEGER;

export const UuidSchema = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });

/** What a unit's code may look like (the unit service checks imported rows against it too). */
export const UNIT_CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';

/** A unit's code: an empty or malformed one is refused (400), never taken for the caller's unit. */
export const UnitCodeSchema = Type.String({ pattern: UNIT_CODE_PATTERN });

/** `{ key }`: the routes under `/api/modules/:key` and `/api/reports/:key`. */
export const ModuleKeyParamsSchema = Type.Object({ key: ModuleKeySchema });
export type ModuleKeyParams = Static<typeof ModuleKeyParamsSchema>;

/** `{ id }`: the routes under `/api/records/:id`. */
export const RecordIdParamsSchema = Type.Object({ id: UuidSchema });
export type RecordIdParams = Static<typeof RecordIdParamsSchema>;
