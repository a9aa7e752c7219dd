/** Datasets: the `exports` entries of module definitions, listed, described and exported. */
import { Type, type Static } from 'typebox';
import { BilingualTextSchema, DateTimeQuerySchema, StringEnum, UnitCodeSchema, UuidSchema } from './common.js';

/** The type of a dataset column. */
export const COLUMN_TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'date-time', 'array', 'object'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** One allowed value of a column: the code written in the dataset and its title. */
export const ColumnCodeSchema = Type.Object({
  code: Type.Union([Type.String(), Type.Number(), Type.Boolean()]),
  title: BilingualTextSchema,
  deprecated: Type.Boolean({ description: 'Retired: kept valid for existing records, not offered for new ones' }),
});

/** One column: its stable code, titles, type and (for coded fields) the allowed codes. */
export const DatasetColumnSchema = Type.Object({
  code: Type.String(),
  title: BilingualTextSchema,
  type: StringEnum(COLUMN_TYPES),
  source: Type.String({ description: 'A JSON Pointer into the record data (in a linked table: into one item), or a record attribute (@id, @unitCode, @state, @createdAt, @updatedAt, @moduleVersion; @row: a linked table row’s position in its list)' }),
  codes: Type.Array(ColumnCodeSchema),
  importDefault: Type.Optional(Type.Union([Type.String(), Type.Number(), Type.Boolean()], { description: 'The value an import stores when a row leaves the column empty (the stored value, not its dataset code)' })),
  ref: Type.Optional(
    Type.Object(
      {
        module: Type.String({ description: 'The module whose records the column names' }),
        key: Type.String({ description: 'The field of that module whose value the cells hold (its records’ key, e.g. a team’s finding number)' }),
        moduleTitle: Type.Optional(BilingualTextSchema),
        keyTitle: Type.Optional(Type.Object({ 'zh-CN': Type.String(), en: Type.String() }, { description: 'The title of that field' })),
      },
      { description: 'The column names a record of another module by its key: an import looks the key up among the importer’s records (one unknown is a row error) and stores the record’s id; an export writes the key back' },
    ),
  ),
});
export type DatasetColumn = Static<typeof DatasetColumnSchema>;

/**
 * A repeating group exported as a linked table: one row per item of the list, linked to its
 * record by PARENT_ID (the record's @id) with ROW_NO (its position, from 1).
 */
export const LinkedTableSchema = Type.Object({
  name: Type.String({ description: 'The table code: its file in the zip (<name>.csv …) or its sheet' }),
  title: BilingualTextSchema,
  source: Type.String({ description: 'The list field of the record data (a JSON Pointer)' }),
  columns: Type.Array(DatasetColumnSchema),
});
export type LinkedTable = Static<typeof LinkedTableSchema>;

/** A dataset the caller may export (its codebook: every column with its codes). */
export const DatasetSchema = Type.Object({
  name: Type.String(),
  module: Type.String(),
  moduleVersion: Type.Integer(),
  title: BilingualTextSchema,
  dateField: Type.String({ description: 'What period, from and to filter: a date field of the data, or @createdAt' }),
  states: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'Only records in these workflow states (null: every state)' }),
  columns: Type.Array(DatasetColumnSchema),
  importKey: Type.Union([Type.String(), Type.Null()], { description: 'The column whose value names an existing record on import (that row updates it instead of creating one); null: every row creates' }),
  tables: Type.Array(LinkedTableSchema, { description: 'Repeating groups as linked tables (extra files in a zip, or extra sheets)' }),
});
export type DatasetView = Static<typeof DatasetSchema>;
export const DatasetListSchema = Type.Array(DatasetSchema);

export const DatasetParamsSchema = Type.Object({ name: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' }) });
export type DatasetParams = Static<typeof DatasetParamsSchema>;

export const EXPORT_FORMATS = ['csv', 'xlsx', 'jsonl', 'parquet'] as const;

/** `GET /api/datasets/{name}`: which rows, in which format and with which labels. */
export const ExportQuerySchema = Type.Object(
  {
    format: StringEnum(EXPORT_FORMATS, { default: 'csv', description: 'CSV, XLSX, JSON lines or Parquet; with linked tables a zip of one file per table (XLSX: one sheet per table)' }),
    unit: Type.Optional(UnitCodeSchema),
    period: Type.Optional(Type.String({ pattern: '^[0-9]{4}(Q[1-4]|H[12]|-[0-9]{2})?$', description: 'A year (2026), half (2026H1), quarter (2026Q3) or month (2026-07) of the dataset’s date' })),
    from: Type.Optional(Type.Union([Type.String({ format: 'date', pattern: '^[1-9][0-9]{3}-' }), DateTimeQuerySchema], { description: 'From this day (or moment), inclusive' })),
    to: Type.Optional(Type.Union([Type.String({ format: 'date', pattern: '^[1-9][0-9]{3}-' }), DateTimeQuerySchema], { description: 'Up to this day, inclusive (or this moment, exclusive)' })),
    state: Type.Optional(Type.String({ maxLength: 500, description: 'Workflow states, comma-separated' })),
    labels: StringEnum(['codes', 'titles', 'both'], { default: 'codes', description: 'Coded values as codes, as their titles, or both (a _TITLE column beside each coded one)' }),
    header: StringEnum(['codes', 'titles'], { default: 'codes', description: 'The header row: column codes or Chinese titles' }),
    encoding: Type.Optional(StringEnum(['utf-8', 'gb18030'], { default: 'utf-8', description: 'CSV only: UTF-8 with a byte-order mark (Excel opens it as UTF-8), or GB18030 for software set to the Chinese code page; other formats are always UTF-8' })),
  },
  { additionalProperties: false },
);
export type ExportQuery = Static<typeof ExportQuerySchema>;

export const CodebookQuerySchema = Type.Object({ format: StringEnum(['json', 'xlsx'], { default: 'json' }) }, { additionalProperties: false });
export type CodebookQuery = Static<typeof CodebookQuerySchema>;

/** `GET /api/datasets/{name}/schema.json`: the JSON Schema of one exported row (with codes). */
export const RowSchemaSchema = Type.Object({}, { additionalProperties: true, description: 'A JSON Schema (2020-12)' });

/** An exported file or a codebook spreadsheet, streamed (its type in Content-Type). */
export const DatasetFileSchema = Type.Unsafe<unknown>(Type.String({ description: 'the rows (CSV, XLSX, JSON lines, Parquet, or a zip of them with linked tables) or the codebook (XLSX)' }));

/** `POST /api/datasets/{name}/import`: check only, all or nothing, and the unit rows without @unitCode go to. */
export const ImportQuerySchema = Type.Object(
  {
    dryRun: Type.Boolean({ default: false, description: 'Check every row, write nothing' }),
    atomic: Type.Boolean({ default: false, description: 'Write nothing unless every row is valid, then every row in one transaction' }),
    unit: Type.Optional(UnitCodeSchema),
    mapping: Type.Optional(
      Type.String({
        maxLength: 20_000,
        description:
          'The column mapping, a JSON object: file column → dataset column code, or null to ignore that column (see ImportMappingSchema). File columns it does not name are matched by code or Chinese title; a code the dataset does not have is 422 FW_DATASET_IMPORT_MAPPING naming it',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ImportQuery = Static<typeof ImportQuerySchema>;

/** The `mapping` of an import, once read from its JSON: each file column named → a dataset column code, or null (ignored). */
export const ImportMappingSchema = Type.Record(Type.String({ maxLength: 200 }), Type.Union([Type.String({ maxLength: 200 }), Type.Null()]));
export type ImportMapping = Static<typeof ImportMappingSchema>;

/** How one column of the file was read: the dataset column it fills, or null when it is ignored. */
export const ImportHeaderSchema = Type.Object({
  name: Type.String({ description: 'The file column as its header names it' }),
  column: Type.Union([Type.String(), Type.Null()], { description: 'The dataset column code it fills (by code, Chinese title or the mapping); null: ignored' }),
});
export type ImportHeader = Static<typeof ImportHeaderSchema>;

/** One problem of one row: its row as a spreadsheet numbers it (the header is row 1), the column, a stable code and a Chinese message. */
export const RowProblemSchema = Type.Object({
  row: Type.Integer({ minimum: 1 }),
  column: Type.Optional(Type.String({ description: 'The dataset column code the problem lies in (when it lies in one)' })),
  code: Type.String(),
  message: Type.String(),
});
export type RowProblem = Static<typeof RowProblemSchema>;

/** What an import did (or, in a dry run or a refused atomic import, would do). */
export const ImportResultSchema = Type.Object({
  accepted: Type.Integer({ description: 'Valid rows: written now (created or updated) or by an earlier import of the same rows (in a dry run: those that would be)' }),
  created: Type.Integer({ description: 'Records created now' }),
  updated: Type.Integer({ description: 'Existing records updated now (rows whose import key names one)' }),
  alreadyImported: Type.Integer({ description: 'Rows an earlier import already created (nothing new written)' }),
  rejectedRows: Type.Integer(),
  rejected: Type.Array(RowProblemSchema),
  dryRun: Type.Boolean(),
  atomic: Type.Boolean(),
  written: Type.Boolean({ description: 'Whether anything was written (false in a dry run and in an atomic import with a rejected row)' }),
  header: Type.Array(ImportHeaderSchema, { description: 'Each column of the file, in order, with the dataset column it was read into' }),
});
export type ImportResult = Static<typeof ImportResultSchema>;

/** `POST /api/export-jobs`: a dataset exported in the background, with the query an export takes. */
export const ExportJobStartSchema = Type.Object(
  {
    dataset: DatasetParamsSchema.properties.name,
    query: Type.Optional(Type.Partial(ExportQuerySchema)),
  },
  { additionalProperties: false },
);
export type ExportJobStart = Static<typeof ExportJobStartSchema>;

export const EXPORT_JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;

/** An export job of the caller: its progress, and its file once done (until it expires). */
export const ExportJobSchema = Type.Object({
  id: UuidSchema,
  dataset: Type.String(),
  title: BilingualTextSchema,
  query: Type.Object({}, { additionalProperties: true, description: 'The export query it runs (format, labels, unit, period …)' }),
  status: StringEnum(EXPORT_JOB_STATUSES),
  rows: Type.Integer({ description: 'Rows written so far' }),
  total: Type.Union([Type.Integer(), Type.Null()], { description: 'Rows the filter selected when the job was asked for' }),
  filename: Type.Union([Type.String(), Type.Null()]),
  bytes: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  expiresAt: Type.String({ format: 'date-time', description: 'When the file is deleted (FORMWORK_EXPORT_KEEP_HOURS after it was done)' }),
});
export type ExportJobView = Static<typeof ExportJobSchema>;
export const ExportJobListSchema = Type.Array(ExportJobSchema);
export const ExportJobParamsSchema = Type.Object({ id: UuidSchema });
/** The answer of an export too large to stream at once: the job it became. */
export const ExportJobAcceptedSchema = Type.Object({ job: ExportJobSchema });
