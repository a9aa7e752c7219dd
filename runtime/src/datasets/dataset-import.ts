/**
 * Dataset imports: each row of a CSV, XLSX or JSON-lines file becomes a new record of the
 * dataset's module, validated exactly as `POST /api/modules/{key}/records` validates one (the
 * same engine, draft semantics and rules). The answer lists every problem by row (as a
 * spreadsheet numbers it) and column. A dry run writes nothing; an atomic import writes nothing
 * unless every row is valid, and then all rows in one transaction; otherwise valid rows are
 * written in batches, each its own transaction. Each row carries a stable key (the hash of its
 * unit and data, with its occurrence in the file), kept with the idempotency keys, so importing
 * the same file again — or a corrected one — creates only what is new. Every import is audited.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { FormworkError, canonicalJson, problem, type CompiledModule, type Problem } from '../../../engine/src/index.js';
import type { PublishedVersion } from '../modules/module-store.js';
import { appendAudit } from '../audit/audit-store.js';
import type { Access } from '../identity/access.js';
import type { SessionUser } from '../identity/identity-store.js';
import type { Database } from '../platform/db/database.js';
import { selectRows } from '../platform/db/sql.js';
import type { UnitPlace } from '../records/record-core.js';
import type { Prepared, PreparedUpdate, RecordService } from '../records/record-service.js';
import { findRecord } from '../records/record-store.js';
import { claimIdempotencyKeys, storeIdempotentResponses } from '../records/idempotency-store.js';
import type { ImportMapping, ImportResult, RowProblem } from '../api/datasets.js';
import type { DatasetService } from './dataset-service.js';
import { recordsByKey } from './dataset-store.js';
import { ImportKeys } from './import-keys.js';
import { applyDefaults, applyMapping, columnOfPath, matchHeader, rowData } from './import-map.js';
import { linkBack, resolveRefs } from './import-refs.js';
import { parseImport, type ImportFormat } from './import-parse.js';
import type { PlannedColumn } from './dataset-rows.js';

export interface ImportOptions {
  format: ImportFormat;
  dryRun: boolean;
  atomic: boolean;
  /** The unit rows without @unitCode are created at (default: the caller's). */
  unit?: string;
  /** The chosen column mapping (file column → dataset column code, or null: ignored); unnamed columns are matched by code or title. */
  mapping?: ImportMapping;
  requestId: string;
  /** Hears of the rows checked and written so far (a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

/** Rows written per transaction when an import is not atomic. */
const BATCH = 500;

/** A row of the file read into record data (see import-map.ts rowData). */
type MappedRow = ReturnType<typeof rowData>;

/** What checking a row needs besides the row. */
interface RowPlan {
  published: PublishedVersion;
  compiled: CompiledModule;
  columns: readonly PlannedColumn[];
  fallback: UnitPlace;
  unitColumn: string | undefined;
  unitOf: (code: string) => Promise<UnitPlace | null>;
}

interface ValidRow {
  row: number;
  key: string;
  /** A new record, or an update of the record the row's import key names. */
  prepared: { create: Prepared } | { update: PreparedUpdate };
}

export class DatasetImporter {
  constructor(
    private readonly db: Database,
    private readonly datasets: DatasetService,
    private readonly records: RecordService,
    private readonly access: Access,
  ) {}

  async import(caller: SessionUser, name: string, body: Buffer, options: ImportOptions): Promise<ImportResult> {
    const { published, compiled, dataset, columns } = await this.datasets.planned(name);
    const table = await parseImport(body, options.format);
    const matched = matchHeader(table.header, columns);
    const { matches, unknownTargets } = options.mapping ? applyMapping(table.header, matched.matches, columns, options.mapping) : { matches: matched.matches, unknownTargets: [] };
    if (unknownTargets.length > 0) {
      throw new FormworkError('FW_DATASET_IMPORT_MAPPING', { column: unknownTargets.join('、') }, unknownTargets.map((column) => problem(`/mapping/${column}`, 'FW_DATASET_IMPORT_MAPPING', { column })));
    }
    const unknown = matches.flatMap((m) => ('unknown' in m ? [m.unknown] : []));
    if (unknown.length > 0) {
      throw new FormworkError(
        'FW_DATASET_IMPORT_COLUMN',
        { column: unknown.join('、') },
        unknown.map((column) => problem(`/header/${table.header.indexOf(column)}`, 'FW_DATASET_IMPORT_COLUMN', { column })),
      );
    }
    const fallback: UnitPlace = options.unit ? await this.access.unit(caller, options.unit, options.requestId) : { code: caller.unitCode, path: caller.unitPath, level: caller.unitLevel };
    const namespace = `dataset:${name}`;
    const units = new Map<string, UnitPlace | null>();
    const unitOf = async (code: string): Promise<UnitPlace | null> => {
      if (!units.has(code)) units.set(code, await this.access.unit(caller, code, options.requestId).catch(() => null));
      return units.get(code)!;
    };
    const unitColumn = columns.find((c) => c.source === '@unitCode')?.code;
    const total = table.rows.length;

    const mappedRows = table.rows.map(({ row, cells }) => ({ row, mapped: rowData(cells, table.header, matches) }));
    applyDefaults(columns, mappedRows.map((r) => r.mapped));
    // Cells naming another module's records by its key hold their ids from here on (import-refs.ts).
    await resolveRefs(columns, mappedRows.map((r) => r.mapped), (module, field, keys) => recordsByKey(this.db.sequelize, module, caller.unitPath, field, keys), (module) => this.datasets.moduleTitle(module));
    // The records the import key names, among those of the caller's subtree (updates never reach outside it).
    const importKeys = await ImportKeys.of(columns, dataset.importKey, mappedRows.map((r) => r.mapped), (source, keys) => recordsByKey(this.db.sequelize, published.key, caller.unitPath, source, keys));

    // The rows' keys first: those imported before are accepted as they are.
    const seen = new Map<string, number>();
    const keyed = mappedRows.map(({ row, mapped }) => {
      const recordKey = importKeys?.column.source === '@id' ? importKeys.keyOf(mapped) : undefined;
      const content = createHash('sha256').update(canonicalJson({ unit: mapped.unitCode ?? fallback.code, data: mapped.data, ...(recordKey ? { record: recordKey } : {}) })).digest('hex');
      const n = (seen.get(content) ?? 0) + 1;
      seen.set(content, n);
      return { row, mapped, key: `import:${content}:${n}` };
    });
    const already = await this.importedBefore(namespace, keyed.map((k) => k.key));

    const rejected: RowProblem[] = [];
    let alreadyImported = 0;
    let validRows = 0;
    let done = 0;
    let created = 0;
    let updated = 0;
    /** Rows a concurrent import of the same file wrote first (found when their keys were claimed). */
    let twins = 0;
    const details = { dataset: name, module: published.key, format: options.format, ...(options.mapping ? { mapping: options.mapping } : {}), unit: fallback.code, rows: total, dryRun: options.dryRun, atomic: options.atomic };
    const audit = (outcome: 'ok' | 'failed', extra: Record<string, unknown>) =>
      appendAudit(this.db.sequelize, { actor: caller.username, unitCode: caller.unitCode, action: 'dataset.import', target: `dataset:${name}`, outcome, requestId: options.requestId, details: { ...details, ...extra } });

    // Batches are written while the next ones are checked (PostgreSQL writes as Node validates),
    // each in its own transaction. An atomic import checks every row first and writes them all in
    // one transaction only if none was rejected (its chain locks are held for the write alone).
    const pending: ValidRow[] = [];
    let writing: Promise<void> = Promise.resolve();
    let failure: unknown;
    const write = (batch: ValidRow[]) => {
      if (options.dryRun || batch.length === 0) return;
      writing = writing.then(async () => {
        if (failure !== undefined) return;
        try {
          const outcome = await this.db.sequelize.transaction((tx) => this.writeBatch(caller, namespace, batch, name, columns, options.requestId, tx));
          created += outcome.created;
          updated += outcome.updated;
          twins += outcome.already;
        } catch (error) {
          failure = error;
        }
      });
    };
    try {
      for (const part of chunks(keyed, BATCH)) {
        if (failure !== undefined) break;
        const valid: ValidRow[] = [];
        for (const { row, mapped, key } of part) {
          options.onProgress?.(++done, total);
          const checked = await this.check(caller, row, mapped, key, already, importKeys, { published, compiled, columns, fallback, unitColumn, unitOf });
          if (checked === 'already') alreadyImported += 1;
          else if ('problems' in checked) rejected.push(...checked.problems);
          else valid.push(checked);
        }
        validRows += valid.length;
        if (options.atomic) pending.push(...valid);
        else write(valid);
      }
      if (options.atomic && rejected.length === 0) write(pending);
      await writing;
      if (failure !== undefined) throw failure;
    } catch (error) {
      await writing;
      await audit('failed', { created, reason: (error as Error).message }).catch(() => undefined);
      throw error;
    }
    const written = !options.dryRun && !(options.atomic && rejected.length > 0);
    if (!written) created = updated = twins = 0;
    alreadyImported += twins;
    const result: ImportResult = {
      accepted: written ? created + updated + alreadyImported : validRows + alreadyImported,
      created,
      updated,
      alreadyImported,
      rejected: rejected.sort((a, b) => a.row - b.row),
      rejectedRows: new Set(rejected.map((r) => r.row)).size,
      dryRun: options.dryRun,
      atomic: options.atomic,
      written,
      header: table.header.map((name, i) => ({ name, column: 'column' in matches[i]! ? matches[i].column.code : null })),
    };
    await audit('ok', { accepted: result.accepted, created, updated, alreadyImported, rejectedRows: result.rejectedRows });
    return result;
  }

  /** One row checked: imported before, rejected with its problems, or valid (a create or an update). */
  private async check(caller: SessionUser, row: number, mapped: MappedRow, key: string, already: ReadonlySet<string>, importKeys: ImportKeys | undefined, plan: RowPlan): Promise<'already' | { problems: RowProblem[] } | ValidRow> {
    // A row with a cell that cannot be read is never taken for one imported before (its key leaves that cell out).
    if (already.has(key) && mapped.problems.length === 0) return 'already';
    const problems: RowProblem[] = mapped.problems.map((p) => ({ row, column: p.column, code: p.code, message: problem('', p.code, p.params).message['zh-CN'] }));
    const decision = importKeys?.decide(row, mapped) ?? { create: true as const };
    if ('problem' in decision) return { problems: [...problems, decision.problem] };
    if ('update' in decision) {
      // An update keeps the record's unit; the cells of the file are merged over its data.
      const record = (await findRecord(this.db.sequelize, decision.update))!;
      const checked = await this.records.prepareImportedUpdate(caller, record, mapped.data);
      if ('problems' in checked) problems.push(...this.cellProblems(row, checked.problems, problems, plan.columns));
      return problems.length > 0 || 'problems' in checked ? { problems } : { row, key, prepared: { update: checked.prepared } };
    }
    const unit = mapped.unitCode ? await plan.unitOf(mapped.unitCode) : plan.fallback;
    if (!unit) {
      problems.push({ row, ...(plan.unitColumn ? { column: plan.unitColumn } : {}), code: 'FW_DATASET_IMPORT_UNIT', message: problem('', 'FW_DATASET_IMPORT_UNIT', { unit: mapped.unitCode }).message['zh-CN'] });
      return { problems };
    }
    const checked = await this.records.prepareImported(caller, plan.published, plan.compiled, unit, mapped.data);
    if ('problems' in checked) problems.push(...this.cellProblems(row, checked.problems, problems, plan.columns));
    return problems.length > 0 || 'problems' in checked ? { problems } : { row, key, prepared: { create: checked.prepared } };
  }

  /**
   * Writes a batch in one transaction: the rows' keys claimed first, in one statement (a concurrent
   * twin's rows are left to it), then the batch's new records with their history and sealed audit
   * entries in one more, then its updates, then the keys' answers in one.
   */
  private async writeBatch(caller: SessionUser, namespace: string, batch: readonly ValidRow[], name: string, columns: readonly PlannedColumn[], requestId: string, tx: Transaction): Promise<{ created: number; updated: number; already: number }> {
    let created = 0;
    let updated = 0;
    const claimed = await claimIdempotencyKeys(this.db.sequelize, namespace, batch.map((v) => v.key), tx);
    const answers: { key: string; status: number; response: unknown }[] = [];
    // New records in one statement (records, history and sealed audit entries, in row order); updates one by one.
    const creates = batch.filter((v) => claimed.has(v.key) && 'create' in v.prepared);
    const records = await this.records.insertPreparedMany(caller, creates.map((v) => ({ prepared: (v.prepared as { create: Prepared }).create, details: { import: name, row: v.row } })), requestId, tx);
    creates.forEach(({ key, row }, i) => answers.push({ key, status: 201, response: { id: records[i]!.id, row } }));
    await linkBack(this.db, this.records, caller, columns, creates.map(({ row }, i) => ({ record: records[i]!, row })), { import: name, requestId }, tx);
    created += creates.length;
    for (const { row, key, prepared } of batch) {
      if (!claimed.has(key) || !('update' in prepared)) continue;
      const record = await this.records.updatePrepared(caller, prepared.update, requestId, { import: name, row }, tx);
      answers.push({ key, status: 200, response: { id: record.id, row } });
      updated += 1;
    }
    await storeIdempotentResponses(this.db.sequelize, namespace, answers, tx);
    return { created, updated, already: batch.length - claimed.size };
  }

  /** A validation's problems as row problems, but none in a column whose cell was already refused. */
  private cellProblems(row: number, found: readonly Problem[], already: readonly RowProblem[], columns: readonly PlannedColumn[]): RowProblem[] {
    const bad = new Set(already.map((p) => p.column));
    return found.flatMap((p) => {
      const column = columnOfPath(p.path, columns);
      return !column || !bad.has(column) ? [rowProblem(row, column, p)] : [];
    });
  }

  /** The keys among these that an earlier import of the dataset stored. */
  private async importedBefore(namespace: string, keys: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const part of chunks(keys, 5_000)) {
      const rows = await selectRows<{ key: string }>(this.db.sequelize, 'SELECT key FROM idempotency_keys WHERE username = $1 AND key = ANY ($2::text[])', [namespace, part]);
      for (const r of rows) found.add(r.key);
    }
    return found;
  }
}

function rowProblem(row: number, column: string | undefined, p: Problem): RowProblem {
  return { row, ...(column ? { column } : {}), code: p.code, message: p.message['zh-CN'] ?? p.code };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
