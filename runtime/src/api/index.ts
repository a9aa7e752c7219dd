/**
 * The HTTP contract of Formwork: the TypeBox schema of every request and answer, each with its
 * TypeScript type. The routes validate and serialise with these schemas, the services return
 * these types, and the web apps `import type` them: one declaration per shape.
 */
import { ErrorSchema, LocalizedTextSchema, ProblemSchema } from './common.js';
import { ReportAssignmentSchema } from './reports.js';
import { UnitSchema } from './units.js';

export * from './common.js';
export * from './system.js';
export * from './auth.js';
export * from './users.js';
export * from './units.js';
export * from './modules.js';
export * from './records.js';
export * from './inbox.js';
export * from './attachments.js';
export * from './stats.js';
export * from './quality.js';
export * from './reports.js';
export * from './audit.js';
export * from './drafts.js';
export * from './datasets.js';

/**
 * The schemas routes reach by `$ref` (see `ref()`), added once at the root with `addSchema`:
 * a child context that adds schemas of its own gets a fresh schema controller and loses the
 * root's validator compiler (and with it allErrors).
 */
export const SHARED_SCHEMAS = [LocalizedTextSchema, ProblemSchema, ErrorSchema, UnitSchema, ReportAssignmentSchema];
