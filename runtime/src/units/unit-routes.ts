/** The unit tree: read, create, rename, move, import; each unit's designated administrators. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { parse as parseCsv } from 'csv-parse/sync';
import { FormworkError, problem } from '../../../engine/src/index.js';
import type { AppContext } from '../context.js';
import type { TypedApp } from '../platform/http/typed-app.js';
import { caller } from '../platform/http/auth-plugin.js';
import { inspectCsvText } from '../platform/http/input-guard.js';
import { MAX_IMPORT_ROWS, type ImportRow } from './unit-service.js';
import { errors, ref } from '../api/common.js';
import {
  CreateUnitBodySchema,
  UnitAdminsSchema,
  UnitImportResultSchema,
  UnitParamsSchema,
  UnitSchema,
  UnitTreeQuerySchema,
  UnitTreeSchema,
  UpdateUnitBodySchema,
} from '../api/units.js';

const IMPORT_BODY_LIMIT = 10 * 1024 * 1024;

export default async function unitRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // CSV bodies (unit import) arrive as text; only the import route accepts them.
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => {
    const refused = inspectCsvText(body as string);
    if (refused) done(refused, undefined);
    else done(null, body);
  });
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  unitTreeRoutes(api, ctx);
  unitImportRoutes(api, ctx);
}

function unitTreeRoutes(api: TypedApp, ctx: AppContext): void {
  api.get(
    '/api/units',
    {
      config: { permission: 'units.read' },
      schema: {
        tags: ['organisation'],
        summary: "The caller's visible unit tree (their unit and all below), parents first",
        security: [{ bearer: [] }],
        querystring: UnitTreeQuerySchema,
        response: { 200: UnitTreeSchema, ...errors(404) },
      },
    },
    async (request) => ctx.units.tree(caller(request), request.query.root, request.id),
  );

  api.get(
    '/api/units/:code',
    {
      config: { permission: 'units.read' },
      schema: { tags: ['organisation'], summary: 'One unit', security: [{ bearer: [] }], params: UnitParamsSchema, response: { 200: ref(UnitSchema), ...errors(404) } },
    },
    async (request) => ctx.units.get(caller(request), request.params.code, request.id),
  );

  api.post(
    '/api/units',
    {
      config: { permission: 'units.write' },
      schema: {
        tags: ['organisation'],
        summary: 'Create a unit below one in the caller’s subtree',
        security: [{ bearer: [] }],
        body: CreateUnitBodySchema,
        response: { 201: ref(UnitSchema), ...errors(404, 409, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await ctx.units.create(caller(request), request.body, request.id)),
  );

  api.patch(
    '/api/units/:code',
    {
      config: { permission: 'units.write' },
      schema: {
        tags: ['organisation'],
        summary: 'Rename a unit, change its kind, or move it (with everything below it) under another parent',
        security: [{ bearer: [] }],
        params: UnitParamsSchema,
        body: UpdateUnitBodySchema,
        response: { 200: ref(UnitSchema), ...errors(403, 404, 422) },
      },
    },
    async (request) => ctx.units.update(caller(request), request.params.code, request.body, request.id),
  );
}

function unitImportRoutes(api: TypedApp, ctx: AppContext): void {
  api.post(
    '/api/units/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      config: { permission: 'units.write' },
      schema: {
        tags: ['organisation'],
        summary: 'Import a unit tree: CSV (code,name,parentCode,kind) or a JSON array; all or nothing, every bad row named',
        security: [{ bearer: [] }],
        response: { 201: UnitImportResultSchema, ...errors(400, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const { rows, rowNumber } = importRows(request.body, String(request.headers['content-type'] ?? ''));
      return reply.status(201).send(await ctx.units.import(caller(request), rows, request.id, rowNumber));
    },
  );

  api.get(
    '/api/units/:code/admins',
    {
      config: { permission: 'users.read' },
      schema: {
        tags: ['organisation'],
        summary: "A unit's designated administrators (visible to the unit and the units above it)",
        security: [{ bearer: [] }],
        params: UnitParamsSchema,
        response: { 200: UnitAdminsSchema, ...errors(404) },
      },
    },
    async (request) => ctx.units.admins(caller(request), request.params.code, request.id),
  );
}

/** The rows of an import body, and how to number them for people (CSV lines, 1-based JSON items). */
function importRows(body: unknown, contentType: string): { rows: ImportRow[]; rowNumber: (index: number) => number } {
  if (typeof body === 'string' && /^text\/csv/.test(contentType)) {
    let rows: ImportRow[];
    try {
      rows = parseCsv<ImportRow>(body.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true, bom: true });
    } catch (error) {
      throw new FormworkError('FW_REQ_MALFORMED_CSV', { reason: (error as Error).message });
    }
    checkCount(rows.length);
    // Line 1 is the header.
    return { rows, rowNumber: (index) => index + 2 };
  }
  if (!isRowList(body)) throw new FormworkError('FW_REQ_INVALID', {}, [problem('', 'FW_VAL_TYPE', { type: 'array' })]);
  checkCount(body.length);
  return { rows: body, rowNumber: (index) => index + 1 };
}

/** A JSON import body: a list of objects (their fields are checked row by row by the service). */
function isRowList(body: unknown): body is ImportRow[] {
  return Array.isArray(body) && body.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r));
}

function checkCount(count: number): void {
  if (count > MAX_IMPORT_ROWS) throw new FormworkError('FW_REQ_TOO_MANY_ROWS', { count, limit: MAX_IMPORT_ROWS });
}
