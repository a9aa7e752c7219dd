/** The instance itself: liveness, and the OpenAPI document of this contract. */
import { Type, type Static } from 'typebox';

/** `GET /api/health` when the database answers. */
export const HealthSchema = Type.Object({ status: Type.Literal('ok'), db: Type.Literal('ok') });
export type Health = Static<typeof HealthSchema>;

/** `GET /api/health` (503) when it does not. */
export const DegradedSchema = Type.Object({ status: Type.Literal('degraded'), db: Type.Literal('error') });
export type Degraded = Static<typeof DegradedSchema>;

/**
 * `GET /api/openapi.json`: an OpenAPI 3.1 document, passed through whole (the route is hidden
 * from the document it serves).
 */
export const OpenApiDocumentSchema = Type.Object({ openapi: Type.String() }, { additionalProperties: true });
