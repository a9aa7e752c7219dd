/**
 * Datasets: every `exports` entry of a published module is a dataset with stable column codes,
 * types and the codes each coded column allows (its codebook). Exports stream the rows of the
 * caller's subtree (or a unit's), filtered by the dataset's own date, its states and the
 * caller's choice, as CSV (UTF-8 with a BOM, for Excel), XLSX or JSON lines; every export is
 * audited with its filter and row count.
 */
import { PassThrough, type Readable } from 'node:stream';
import { FormworkError, LINKED_TABLE_KEYS, chinaMidnight, getAt, parsePeriod, unitRelation, type CompiledModule, type DatasetSpec, type Period } from '../../../engine/src/index.js';
import type { Database } from '../platform/db/database.js';
import type { Access } from '../identity/access.js';
import type { SessionUser } from '../identity/identity-store.js';
import type { ModuleRegistry } from '../modules/module-registry.js';
import type { PublishedVersion } from '../modules/module-store.js';
import { appendAudit } from '../audit/audit-store.js';
import type { DatasetColumn, DatasetView, ExportQuery, LinkedTable } from '../api/datasets.js';
import { countDatasetRows, datasetBatches, datasetCopySql, type DatasetFilter } from './dataset-store.js';
import { cellTypes, headerOf, planRows, type PlannedColumn, type RowSource } from './dataset-rows.js';
import { contentTypeOf, writeTables, type ExportTable } from './dataset-writers.js';
import { CsvRows, copySelect, copyable } from './dataset-copy.js';
import { copyOut } from '../platform/db/copy.js';
import { withRefKeys } from './import-refs.js';

const ATTRIBUTES: Record<string, { title: { 'zh-CN': string; en: string }; type: DatasetColumn['type'] }> = {
  '@id': { title: { 'zh-CN': '记录编号', en: 'Record id' }, type: 'string' },
  '@unitCode': { title: { 'zh-CN': '单位代码', en: 'Unit code' }, type: 'string' },
  '@state': { title: { 'zh-CN': '办理状态', en: 'State' }, type: 'string' },
  '@createdAt': { title: { 'zh-CN': '创建时间', en: 'Created at' }, type: 'date-time' },
  '@updatedAt': { title: { 'zh-CN': '更新时间', en: 'Updated at' }, type: 'date-time' },
  '@moduleVersion': { title: { 'zh-CN': '表单版本', en: 'Form version' }, type: 'integer' },
};

/** The two columns every linked table starts with. */
const LINK_COLUMNS: [DatasetColumn, DatasetColumn] = [
  { code: LINKED_TABLE_KEYS[0], title: { 'zh-CN': '所属记录编号', en: 'Parent record id' }, type: 'string', source: '@id', codes: [] },
  { code: LINKED_TABLE_KEYS[1], title: { 'zh-CN': '序号', en: 'Row number' }, type: 'integer', source: '@row', codes: [] },
];

/** A dataset found: its module version, compiled module and spec. */
interface Found {
  published: PublishedVersion;
  compiled: CompiledModule;
  spec: DatasetSpec;
}

/** An export under way: what to send and what it is called. */
export interface ExportStream {
  filename: string;
  contentType: string;
  body: Readable;
}

export class DatasetService {
  constructor(
    private readonly db: Database,
    private readonly registry: ModuleRegistry,
    private readonly access: Access,
  ) {}

  /** Every dataset of the latest published modules, with its codebook. */
  async list(): Promise<DatasetView[]> {
    const out: DatasetView[] = [];
    for (const published of this.registry.list()) {
      if ((published.definition.exports ?? []).length === 0) continue;
      const compiled = await this.registry.compiled(published);
      for (const spec of published.definition.exports ?? []) out.push(await this.withRefTitles(describe({ published, compiled, spec })));
    }
    return out;
  }

  async describe(name: string): Promise<DatasetView> {
    return this.withRefTitles(describe(await this.find(name)));
  }

  /** The titles of the modules and key fields a dataset's `ref` columns name (for the codebook and the wizard). */
  private async withRefTitles(view: DatasetView): Promise<DatasetView> {
    if (!view.columns.some((c) => c.ref)) return view;
    const columns = await Promise.all(
      view.columns.map(async (column) => {
        if (!column.ref) return column;
        const published = await this.registry.getLatest(column.ref.module);
        if (!published) return column;
        const title = published.definition.title;
        const keyTitle = (await this.registry.compiled(published)).fieldLabel(column.ref.key);
        return { ...column, ref: { ...column.ref, moduleTitle: { 'zh-CN': title['zh-CN'], en: title.en ?? title['zh-CN'] }, ...(keyTitle ? { keyTitle } : {}) } };
      }),
    );
    return { ...view, columns };
  }

  /** The JSON Schema (2020-12) of one exported row, codes as enums. */
  async rowSchema(name: string): Promise<Record<string, unknown>> {
    const dataset = await this.describe(name);
    const properties: Record<string, unknown> = {};
    for (const column of dataset.columns) {
      const type = column.type === 'date' || column.type === 'date-time' ? 'string' : column.type === 'array' ? 'string' : column.type;
      properties[column.code] = {
        title: column.title['zh-CN'],
        type: [type, 'null'],
        ...(column.type === 'date' || column.type === 'date-time' ? { format: column.type } : {}),
        ...(column.codes.length > 0 ? { enum: [...column.codes.map((c) => c.code), null] } : {}),
      };
    }
    return { $schema: 'https://json-schema.org/draft/2020-12/schema', title: dataset.title['zh-CN'], type: 'object', properties, additionalProperties: false };
  }

  /** A dataset's module, codebook and columns with their value → code maps (what an import reads). */
  async planned(name: string): Promise<{ published: PublishedVersion; compiled: CompiledModule; dataset: DatasetView; columns: PlannedColumn[] }> {
    const found = await this.find(name);
    const dataset = describe(found);
    return { published: found.published, compiled: found.compiled, dataset, columns: plannedColumns(found, dataset) };
  }

  /** A module's Chinese title (its key when it is not published). */
  async moduleTitle(key: string): Promise<string> {
    return (await this.registry.getLatest(key))?.definition.title['zh-CN'] ?? key;
  }

  /** How many rows an export would write now. */
  async countRows(caller: SessionUser, name: string, query: ExportQuery, requestId: string): Promise<number> {
    const { filter } = await this.plan(caller, name, query, requestId);
    return countDatasetRows(this.db.reader, filter);
  }

  /**
   * Streams the rows of a dataset; the export is audited when it ends (rows written, or the
   * failure). `onRows` hears of each batch written (a progress bar).
   */
  async export(caller: SessionUser, name: string, query: ExportQuery, requestId: string, onRows?: (written: number) => void): Promise<ExportStream> {
    const { found, dataset, filter } = await this.plan(caller, name, query, requestId);
    const byCopy = query.format === 'csv' && !(await this.hidesFields(found));
    const tables = this.exportTables(caller, found, dataset, filter, query, byCopy);
    const encoding = query.encoding ?? 'utf-8';
    const { contentType, extension } = contentTypeOf(query.format, tables.length, encoding);
    const body = new PassThrough();
    const details = { dataset: name, format: query.format, labels: query.labels, encoding, unit: query.unit ?? caller.unitCode, period: query.period ?? null, from: query.from ?? null, to: query.to ?? null, state: query.state ?? null };
    const audit = (outcome: 'ok' | 'failed', extra: Record<string, unknown>) =>
      appendAudit(this.db.sequelize, { actor: caller.username, unitCode: caller.unitCode, action: 'dataset.export', target: `dataset:${name}`, outcome, requestId, details: { ...details, ...extra } });
    void (async () => {
      // Rows of the dataset's own table (one per record), and of each linked table.
      const written = tables.map(() => 0);
      const counts = () => ({ rows: written[0], ...(tables.length > 1 ? { tableRows: Object.fromEntries(tables.slice(1).map((t, i) => [t.name, written[i + 1]])) } : {}) });
      try {
        await writeTables(body, query.format, tables, (table, n) => {
          written[table] = (written[table] ?? 0) + n;
          if (table === 0) onRows?.(written[0]!);
        }, encoding);
        await audit('ok', counts());
      } catch (error) {
        body.destroy(error as Error);
        await audit('failed', { ...counts(), reason: (error as Error).message }).catch(() => undefined);
      }
    })();
    return { filename: `${dataset.title['zh-CN']}.${extension}`, contentType, body };
  }

  /** Whether any version of the dataset's module hides fields from some readers (README "Field access"). */
  private async hidesFields(found: Found): Promise<boolean> {
    for (let version = 1; version <= found.published.version; version++) {
      const published = version === found.published.version ? found.published : await this.registry.getVersion(found.published.key, version);
      if (published && (await this.registry.compiled(published)).workflow.access.declared) return true;
    }
    return false;
  }

  /**
   * Batches of records with the fields field access hides from the caller left out (README
   * "Field access"): an export shows no more than the record's page does.
   */
  private async *seenBy(caller: SessionUser, found: Found, batches: AsyncGenerator<RowSource[]>): AsyncGenerator<RowSource[]> {
    const versions = new Map<number, CompiledModule | undefined>();
    for await (const batch of batches) {
      const out: RowSource[] = [];
      for (const record of batch) {
        if (!versions.has(record.moduleVersion)) {
          const published = await this.registry.getVersion(found.published.key, record.moduleVersion);
          versions.set(record.moduleVersion, published ? await this.registry.compiled(published) : undefined);
        }
        const access = (versions.get(record.moduleVersion) ?? found.compiled).workflow.access;
        if (!access.declared) out.push(record);
        else out.push({ ...record, data: access.withoutHidden(record.data, { state: record.state, roles: caller.roles, relation: unitRelation(caller.unitPath, record.unitPath ?? '') }) });
      }
      yield out;
    }
  }

  /**
   * The tables an export writes: the dataset's own (a row per record), then each linked table (a
   * row per item of its list). Each table reads the records again in its turn, so the export
   * holds one batch at a time whatever the number of tables.
   */
  private exportTables(caller: SessionUser, found: Found, dataset: DatasetView, filter: DatasetFilter, query: ExportQuery, byCopy: boolean): ExportTable[] {
    // Exports read from the replica when there is one (DATABASE_READ_URL), each record as the caller may see it.
    const main = plannedColumns(found, dataset);
    const records = () => withRefKeys(this.db, main, this.seenBy(caller, found, datasetBatches(this.db.reader, filter)));
    const own: ExportTable = {
      name: dataset.name,
      sheet: dataset.title['zh-CN'],
      header: headerOf(main, query.labels, query.header),
      types: cellTypes(main, query.labels),
      batches: () => mapBatches(records(), planRows(main, query.labels)),
    };
    // CSV of a dataset no reader is hidden anything from: PostgreSQL writes the rows (dataset-copy.ts).
    if (byCopy && copyable(main)) {
      const { values, cells } = copySelect(main, query.labels);
      own.csv = (out, onRows) => copyOut(this.db.reader, datasetCopySql(filter, values, cells), [new CsvRows(onRows)], out);
    }
    const linked = dataset.tables.map((table, i): ExportTable => {
      const columns = plannedTableColumns(found.spec.repeats![i]!, table);
      const cellsOf = planRows(columns, query.labels);
      return {
        name: table.name,
        sheet: table.title['zh-CN'],
        header: headerOf(columns, query.labels, query.header),
        types: cellTypes(columns, query.labels),
        batches: async function* () {
          for await (const batch of records()) {
            const rows = batch.flatMap((record) => itemsOf(record, table.source).map((item, j) => cellsOf({ ...record, data: item, row: j + 1 })));
            if (rows.length > 0) yield rows;
          }
        },
      };
    });
    return [own, ...linked];
  }

  /** The dataset, its codebook and the filter an export's query makes (a unit checked against the caller's scope). */
  private async plan(caller: SessionUser, name: string, query: ExportQuery, requestId: string): Promise<{ found: Found; dataset: DatasetView; filter: DatasetFilter }> {
    const found = await this.find(name);
    const dataset = describe(found);
    const scope = query.unit ? (await this.access.unit(caller, query.unit, requestId)).path : caller.unitPath;
    const bounds = exportBounds(dataset.dateField, query);
    return { found, dataset, filter: { moduleKey: found.published.key, scopePath: scope, states: statesOf(found.spec, query.state), dateField: dataset.dateField, ...bounds } };
  }

  private async find(name: string): Promise<Found> {
    for (const published of this.registry.list()) {
      const spec = (published.definition.exports ?? []).find((s) => s.name === name);
      if (spec) return { published, compiled: await this.registry.compiled(published), spec };
    }
    throw new FormworkError('FW_DATASET_NOT_FOUND', { name });
  }
}

/** The codebook's columns with the spec's value → code maps. */
function plannedColumns(found: Found, dataset: DatasetView): PlannedColumn[] {
  return dataset.columns.map((c, i) => {
    const spec = found.spec.columns[i]!;
    return { ...c, ...(spec.map ? { map: spec.map } : {}), ...(spec.ref ? { ref: spec.ref } : {}) };
  });
}

/** A linked table's columns (after its PARENT_ID and ROW_NO) with their value → code maps. */
function plannedTableColumns(repeat: NonNullable<DatasetSpec['repeats']>[number], table: LinkedTable): PlannedColumn[] {
  return table.columns.map((c, i) => {
    const map = i < LINK_COLUMNS.length ? undefined : repeat.columns[i - LINK_COLUMNS.length]!.map;
    return { ...c, ...(map ? { map } : {}) };
  });
}

/** The items of a record's list (objects; anything else in it is left out). */
function itemsOf(record: RowSource, source: string): unknown[] {
  const list = getAt(record.data, source);
  return Array.isArray(list) ? list.filter((item) => item !== null && typeof item === 'object') : [];
}

async function* mapBatches(batches: AsyncIterable<RowSource[]>, cellsOf: (record: RowSource) => unknown[]): AsyncGenerator<unknown[][]> {
  for await (const batch of batches) yield batch.map(cellsOf);
}

/** A dataset's codebook: each column's code, titles, type and allowed codes. */
function describe({ published, compiled, spec }: Found): DatasetView {
  return {
    name: spec.name,
    module: published.key,
    moduleVersion: published.version,
    title: { 'zh-CN': spec.title['zh-CN'], en: spec.title.en ?? spec.title['zh-CN'] },
    dateField: spec.dateField ?? '@createdAt',
    importKey: spec.importKey ?? null,
    states: spec.states ?? null,
    columns: spec.columns.map((column) => describeColumn(compiled, column, '')),
    tables: (spec.repeats ?? []).map((repeat): LinkedTable => {
      const label = compiled.fieldLabel(repeat.source) ?? { 'zh-CN': repeat.name, en: repeat.name };
      return {
        name: repeat.name,
        title: repeat.title ? { 'zh-CN': repeat.title['zh-CN'], en: repeat.title.en ?? label.en } : label,
        source: repeat.source,
        // An item's fields are described through the list's `items` (any index names them).
        columns: [...LINK_COLUMNS, ...repeat.columns.map((column) => describeColumn(compiled, column, `${repeat.source}/0`))],
      };
    }),
  };
}

/** One column's codebook entry; `base` is the list item a linked table's column reads from. */
function describeColumn(compiled: CompiledModule, column: DatasetSpec['columns'][number], base: string): DatasetColumn {
  const attribute = ATTRIBUTES[column.source];
  const pointer = attribute ? column.source : `${base}${column.source}`;
  const label = attribute?.title ?? compiled.fieldLabel(pointer) ?? { 'zh-CN': column.code, en: column.code };
  const title = column.title ? { 'zh-CN': column.title['zh-CN'], en: column.title.en ?? label.en } : label;
  const ref = 'ref' in column && column.ref ? { ref: { module: column.ref.module, key: column.ref.key } } : {};
  const fallback = 'importDefault' in column && column.importDefault !== undefined ? { importDefault: column.importDefault } : {};
  return { code: column.code, title, type: attribute?.type ?? columnType(compiled, pointer), source: column.source, codes: codesOf(compiled, pointer, column.map), ...ref, ...fallback };
}

function columnType(compiled: CompiledModule, source: string): DatasetColumn['type'] {
  const declared = compiled.fieldType(source);
  if (!declared) return 'string';
  if (declared.type === 'string' && (declared.format === 'date' || declared.format === 'date-time')) return declared.format;
  return (['string', 'integer', 'number', 'boolean', 'array', 'object'] as const).find((t) => t === declared.type) ?? 'string';
}

function codesOf(compiled: CompiledModule, source: string, map: Readonly<Record<string, string | number | undefined>> | undefined): DatasetColumn['codes'] {
  if (source === '@state') {
    return Object.entries(compiled.workflow.states).map(([code, state]) => ({ code, title: { 'zh-CN': state.title['zh-CN'], en: state.title.en ?? state.title['zh-CN'] }, deprecated: false }));
  }
  if (source.startsWith('@')) return [];
  return compiled.fieldOptions(source).map((option) => {
    const title = option.title ?? String(option.code);
    return { code: map?.[String(option.code)] ?? option.code, title: { 'zh-CN': title, en: title }, deprecated: option.deprecated };
  });
}

/** The states exported: those asked for (comma-separated), within the dataset's own. */
function statesOf(spec: DatasetSpec, asked: string | undefined): string[] | null {
  const wanted = asked ? asked.split(',').map((s) => s.trim()).filter(Boolean) : null;
  if (!spec.states) return wanted;
  return wanted ? wanted.filter((s) => spec.states!.includes(s)) : [...spec.states];
}

/** The period's or from/to's bounds on the dataset's date: days for a data field, moments for a record time. */
export function exportBounds(dateField: string, query: Pick<ExportQuery, 'period' | 'from' | 'to'>): Pick<DatasetFilter, 'from' | 'to'> {
  const period = query.period ? periodOf(query.period) : undefined;
  const fromDay = period?.start ?? dayOf(query.from);
  const toDay = period ? period.end : query.to && isDay(query.to) ? nextDay(query.to) : undefined;
  const onData = dateField.startsWith('/');
  const from = onData ? (fromDay ?? null) : fromDay ? chinaMidnight(fromDay) : query.from ? new Date(query.from) : null;
  const to = onData ? (toDay ?? dayOf(query.to) ?? null) : toDay ? chinaMidnight(toDay) : query.to ? new Date(query.to) : null;
  return { from, to };
}

function periodOf(text: string): Period {
  for (const type of ['month', 'quarter', 'half', 'year'] as const) {
    const period = parsePeriod(type, text);
    if (period) return period;
  }
  throw new FormworkError('FW_DATASET_PERIOD', { period: text });
}

const isDay = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text);
/** The China-time day of a date or a moment. */
function dayOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  return isDay(text) ? text : new Date(new Date(text).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
function nextDay(day: string): string {
  return new Date(new Date(`${day}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
}
