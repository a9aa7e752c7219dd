/**
 * Records as people tell them apart: each one's title (its module's `list.title`) and list
 * cells (`list.columns`), with codes by their titles, unit codes by unit names, ids of other
 * records by those records' titles, instants in China time. Looked up for a page at once.
 */
import type { Sequelize } from 'sequelize';
import { cellText, getAt, pick, recordTitle, type CompiledModule, type Locale } from '../../../engine/src/index.js';
import type { ModuleRegistry } from '../modules/module-registry.js';
import { selectRows } from '../platform/db/sql.js';
import { findUnits } from '../units/unit-store.js';
import { SELECT, toRecord, type Row, type StoredRecord } from './record-store.js';

/** A record's title and, when asked for, its list cells by JSON Pointer. */
export interface Titled {
  title: string;
  cells?: Record<string, string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Records by id that a caller may see (and not withdrawn): what a list's id columns point to. */
async function visibleRecords(sequelize: Sequelize, ids: string[], callerPath: string): Promise<StoredRecord[]> {
  if (ids.length === 0) return [];
  const rows = await selectRows<Row>(
    sequelize,
    `${SELECT}
      WHERE r.id = ANY ($1::uuid[]) AND r.withdrawn_at IS NULL AND (u.path <@ $2::ltree OR a.path <@ $2::ltree)`,
    [ids, callerPath],
  );
  return rows.map(toRecord);
}

export class RecordTitles {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly registry: ModuleRegistry,
  ) {}

  /** The compiled definition a record was written under (undefined if that version cannot load). */
  private async compiledOf(record: Pick<StoredRecord, 'moduleKey' | 'moduleVersion'>): Promise<CompiledModule | undefined> {
    const published = await this.registry.getVersion(record.moduleKey, record.moduleVersion);
    return published && this.registry.compiled(published);
  }

  /**
   * Titles (and with `cells`, list cells) of records a caller sees, by record id. Ids in the
   * cells name only records the caller may see; others show as their module's title.
   */
  async describe(records: readonly StoredRecord[], options: { callerPath: string; locale: Locale; cells?: CompiledModule }): Promise<Map<string, Titled>> {
    const compiledBy = new Map<string, CompiledModule | undefined>();
    for (const r of records) {
      const key = `${r.moduleKey}@${r.moduleVersion}`;
      if (!compiledBy.has(key)) compiledBy.set(key, await this.compiledOf(r));
    }
    const columns = options.cells?.list.columns ?? [];
    // Every unit a title or a unit column names, and every record an id column names: one lookup each.
    const unitCodes = new Set(records.map((r) => r.unitCode));
    const refIds = new Set<string>();
    for (const r of records) {
      for (const c of columns) {
        const value = getAt(r.data, c.path);
        if (c.unit && typeof value === 'string') unitCodes.add(value);
        if (c.module !== undefined && typeof value === 'string' && UUID.test(value)) refIds.add(value);
      }
    }
    const unitNames = new Map((await findUnits(this.sequelize, [...unitCodes])).map((u) => [u.code, u.name]));
    const referred = await visibleRecords(this.sequelize, [...refIds], options.callerPath);
    const refTitles = new Map<string, string>();
    for (const ref of referred) {
      const compiled = await this.compiledOf(ref);
      if (compiled) refTitles.set(ref.id, this.titleOf(compiled, ref, unitNames.get(ref.unitCode), options.locale));
    }

    const out = new Map<string, Titled>();
    for (const r of records) {
      const compiled = compiledBy.get(`${r.moduleKey}@${r.moduleVersion}`);
      const title = compiled ? this.titleOf(compiled, r, unitNames.get(r.unitCode), options.locale) : '';
      if (!options.cells || !compiled) {
        out.set(r.id, { title });
        continue;
      }
      const cells: Record<string, string> = {};
      for (const c of columns) {
        const value = getAt(r.data, c.path);
        if (value === undefined || value === null || value === '') continue;
        if (c.unit) cells[c.path] = unitNames.get(String(value)) ?? String(value);
        else if (c.module !== undefined) cells[c.path] = refTitles.get(String(value)) ?? (await this.moduleTitle(c.module, options.locale));
        else cells[c.path] = cellText(value, compiled.codeTitle(c.path, value), compiled.fieldType(c.path)?.format);
      }
      out.set(r.id, { title, cells });
    }
    return out;
  }

  /** A record's title in its own module's terms. */
  private titleOf(compiled: CompiledModule, record: StoredRecord, unitName: string | undefined, locale: Locale): string {
    const moduleTitle = pick(compiled.definition.title, locale);
    return recordTitle(compiled.list, record.data, (p, v) => compiled.codeTitle(p, v), { moduleTitle, period: record.period, locale, ...(unitName ? { unitName } : {}) }, compiled.fieldType);
  }

  /** A module's title (for an id the caller may not follow). */
  private async moduleTitle(key: string, locale: Locale): Promise<string> {
    const latest = await this.registry.getLatest(key);
    return latest ? pick((await this.registry.compiled(latest)).definition.title, locale) : '';
  }
}
