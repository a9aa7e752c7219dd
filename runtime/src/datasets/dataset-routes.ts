/** Datasets: list, codebook (JSON or XLSX), one row's JSON Schema, streamed exports, export jobs and imports. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { caller } from '../platform/http/auth-plugin.js';
import { errors } from '../api/common.js';
import { Type } from 'typebox';
import {
  CodebookQuerySchema,
  DatasetFileSchema,
  DatasetListSchema,
  DatasetParamsSchema,
  DatasetSchema,
  ExportJobAcceptedSchema,
  ExportJobListSchema,
  ExportJobParamsSchema,
  ExportJobSchema,
  ExportJobStartSchema,
  ExportQuerySchema,
  ImportMappingSchema,
  ImportQuerySchema,
  type ImportMapping,
  ImportResultSchema,
  RowSchemaSchema,
} from '../api/datasets.js';
import { FormworkError, problem } from '../../../engine/src/index.js';
import { Value } from 'typebox/value';
import { CONTENT_TYPES, formatOf } from './import-parse.js';
import { codebookXlsx } from './dataset-codebook.js';

/** A file name in Content-Disposition, for every browser (RFC 6266 / 5987). */
const attachment = (name: string) => `attachment; filename="dataset"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** The largest import file accepted (413 beyond it). */
export const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

export default async function datasetRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // Import files arrive as bytes (CSV is decoded and checked by the import: UTF-8, no NULs); only the import route reads them.
  app.addContentTypeParser([...new Set(Object.values(CONTENT_TYPES).map((t) => t.split(';')[0]!)), 'application/jsonl', 'application/x-jsonlines'], { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/datasets',
    {
      // Importers read the codebooks too: which columns a file may have and the codes each takes.
      config: { permission: ['datasets.export', 'datasets.import'] },
      schema: { tags: ['datasets'], summary: 'The datasets the caller may export or import into, each with its codebook', security: [{ bearer: [] }], response: { 200: DatasetListSchema } },
    },
    async () => ctx.datasets.list(),
  );
  api.get(
    '/api/datasets/:name/codebook',
    {
      config: { permission: ['datasets.export', 'datasets.import'] },
      schema: {
        tags: ['datasets'],
        summary: 'Every column: code, titles, type, allowed codes with their titles (JSON, or XLSX with ?format=xlsx)',
        security: [{ bearer: [] }],
        params: DatasetParamsSchema,
        querystring: CodebookQuerySchema,
        response: { 200: Type.Union([DatasetSchema, DatasetFileSchema]), ...errors(404) },
      },
    },
    async (request, reply) => {
      const dataset = await ctx.datasets.describe(request.params.name);
      if (request.query.format === 'json') return dataset;
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', attachment(`${dataset.title['zh-CN']}-代码本.xlsx`))
        .send(await codebookXlsx(dataset));
    },
  );
  api.get(
    '/api/datasets/:name/schema.json',
    {
      config: { permission: 'datasets.export' },
      schema: { tags: ['datasets'], summary: 'The JSON Schema of one exported row', security: [{ bearer: [] }], params: DatasetParamsSchema, response: { 200: RowSchemaSchema, ...errors(404) } },
    },
    async (request) => ctx.datasets.rowSchema(request.params.name),
  );
  api.get(
    '/api/datasets/:name',
    {
      config: { permission: 'datasets.export' },
      schema: {
        tags: ['datasets'],
        summary:
          'Export the rows of the caller’s subtree (or unit’s), streamed: CSV (UTF-8 with BOM), XLSX, JSON lines or Parquet (a zip with linked tables); period/from/to filter the dataset’s own date. More rows than FORMWORK_EXPORT_JOB_ROWS: 202 with the export job it became',
        security: [{ bearer: [] }],
        params: DatasetParamsSchema,
        querystring: ExportQuerySchema,
        response: { 200: DatasetFileSchema, 202: ExportJobAcceptedSchema, ...errors(404, 422) },
      },
    },
    async (request, reply) => {
      const { jobRows } = ctx.exportJobs.policy;
      if (jobRows > 0) {
        const total = await ctx.datasets.countRows(caller(request), request.params.name, request.query, request.id);
        if (total > jobRows) return reply.status(202).send({ job: await ctx.exportJobs.start(caller(request), request.params.name, request.query, request.id, total) });
      }
      const out = await ctx.datasets.export(caller(request), request.params.name, request.query, request.id);
      return reply.type(out.contentType).header('content-disposition', attachment(out.filename)).send(out.body);
    },
  );
  api.post(
    '/api/datasets/:name/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      config: { permission: 'datasets.import' },
      schema: {
        tags: ['datasets'],
        summary: 'Import a CSV (UTF-8), XLSX or JSON-lines file as new records: every row validated as a create, problems by row and column; dryRun writes nothing, atomic all or nothing; re-importing the same rows creates nothing new',
        security: [{ bearer: [] }],
        params: DatasetParamsSchema,
        querystring: ImportQuerySchema,
        response: { 200: ImportResultSchema, ...errors(400, 404, 413, 415, 422) },
      },
    },
    async (request) => {
      const contentType = String(request.headers['content-type'] ?? '');
      const format = formatOf(contentType);
      if (!format || !Buffer.isBuffer(request.body)) throw new FormworkError('FW_REQ_UNSUPPORTED_MEDIA_TYPE', { contentType: contentType || 'none' });
      const { dryRun, atomic, unit } = request.query;
      const mapping = request.query.mapping === undefined ? undefined : readMapping(request.query.mapping);
      return ctx.imports.import(caller(request), request.params.name, request.body, { format, dryRun, atomic, ...(unit ? { unit } : {}), ...(mapping ? { mapping } : {}), requestId: request.id });
    },
  );
  api.post(
    '/api/export-jobs',
    {
      config: { permission: 'datasets.export' },
      schema: {
        tags: ['datasets'],
        summary: 'Export a dataset in the background: 202 with the job; its progress and file at /api/export-jobs/{id}',
        security: [{ bearer: [] }],
        body: ExportJobStartSchema,
        response: { 202: ExportJobSchema, ...errors(404, 422) },
      },
    },
    async (request, reply) => reply.status(202).send(await ctx.exportJobs.start(caller(request), request.body.dataset, request.body.query ?? {}, request.id)),
  );
  api.get(
    '/api/export-jobs',
    {
      config: { permission: 'datasets.export' },
      schema: { tags: ['datasets'], summary: 'The caller’s export jobs, newest first (the export centre)', security: [{ bearer: [] }], response: { 200: ExportJobListSchema } },
    },
    async (request) => ctx.exportJobs.list(caller(request)),
  );
  api.get(
    '/api/export-jobs/:id',
    {
      config: { permission: 'datasets.export' },
      schema: { tags: ['datasets'], summary: 'One of the caller’s export jobs: status and progress', security: [{ bearer: [] }], params: ExportJobParamsSchema, response: { 200: ExportJobSchema, ...errors(404) } },
    },
    async (request) => ctx.exportJobs.get(caller(request), request.params.id),
  );
  api.get(
    '/api/export-jobs/:id/file',
    {
      config: { permission: 'datasets.export' },
      schema: {
        tags: ['datasets'],
        summary: 'The file of a finished export job (409 before it is done, 410 once it expired)',
        security: [{ bearer: [] }],
        params: ExportJobParamsSchema,
        response: { 200: DatasetFileSchema, ...errors(404, 409, 410) },
      },
    },
    async (request, reply) => {
      const file = await ctx.exportJobs.file(caller(request), request.params.id, request.id);
      return reply.type(file.contentType).header('content-length', String(file.bytes)).header('content-disposition', attachment(file.filename)).send(file.body);
    },
  );
}

/** The import's `mapping` parameter read from its JSON and checked against its contract (422 FW_REQ_INVALID otherwise). */
function readMapping(text: string): ImportMapping {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new FormworkError('FW_REQ_INVALID', { in: 'querystring' }, [problem('/mapping', 'FW_VAL_TYPE', { type: 'object' })]);
  }
  if (!Value.Check(ImportMappingSchema, value)) throw new FormworkError('FW_REQ_INVALID', { in: 'querystring' }, [problem('/mapping', 'FW_VAL_TYPE', { type: 'object' })]);
  return value;
}
