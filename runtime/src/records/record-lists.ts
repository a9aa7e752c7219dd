/**
 * A module's record list as a unit works through it: filters, text search over the record
 * titles, ordering by the module's list columns, keyset pages, totals over every page, and each
 * row with its title and cells. Audited like every read.
 */
import { FormworkError, negotiateLocale, parsePointer, searchText, SORT_BUILTINS, type CompiledModule } from '../../../engine/src/index.js';
import { appendAudit } from '../audit/audit-store.js';
import type { Access } from '../identity/access.js';
import type { SessionUser } from '../identity/identity-store.js';
import type { RecordCore } from './record-core.js';
import { listRecords, NEWEST_FIRST, storeSearchTexts, totalRecords, unindexedRecords, type ListOrder, type RecordFilter } from './record-list-store.js';
import type { RecordTitles } from './record-titles.js';
import { decodeCursor, encodeCursor, viewFor } from './record-view.js';
import type { RecordView } from './record-service.js';
import type { ListRecordsQuery, ListTotals } from '../api/records.js';

/** A `filter` query parameter: a JSON object matched against record data (undefined when absent). */
export function parseDataFilter(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new FormworkError('FW_REC_BAD_QUERY', { reason: 'filter must be a JSON object, e.g. {"category":"political"}' });
  }
  return parsed as Record<string, unknown>;
}

/**
 * The order a list asks for: a built-in key or one of the module's list columns (nothing else
 * reaches the SQL), else the module's declared order, else newest first; and its name, which
 * a cursor carries so that it is never read under another order.
 */
export function resolveOrder(compiled: CompiledModule, sort: string | undefined, direction: 'asc' | 'desc' | undefined): { order: ListOrder; name: string } {
  const declared = compiled.list.sort;
  const by = sort ?? declared?.by;
  const order = direction ?? (sort === undefined ? declared?.order : undefined) ?? 'desc';
  if (by === undefined) return { order: { ...NEWEST_FIRST, order: direction ?? NEWEST_FIRST.order }, name: `createdAt:${direction ?? NEWEST_FIRST.order}` };
  if ((SORT_BUILTINS as readonly string[]).includes(by)) return { order: { by: by as (typeof SORT_BUILTINS)[number], order }, name: `${by}:${order}` };
  if (compiled.list.columns.some((c) => c.path === by)) return { order: { by: { path: parsePointer(by) }, order }, name: `${by}:${order}` };
  const allowed = [...compiled.list.columns.map((c) => c.path), ...SORT_BUILTINS].join(', ');
  throw new FormworkError('FW_REC_BAD_QUERY', { reason: `sort must be one of: ${allowed}` }, [
    { path: '/sort', code: 'FW_REC_BAD_QUERY', message: { 'zh-CN': `只能按以下字段排序：${allowed}`, en: `sort must be one of: ${allowed}` } },
  ]);
}

export class RecordLists {
  constructor(
    private readonly core: RecordCore,
    private readonly access: Access,
    private readonly titles: RecordTitles,
  ) {}

  async list(
    caller: SessionUser,
    key: string,
    query: ListRecordsQuery,
    requestId: string,
    acceptLanguage?: string,
  ): Promise<{ items: RecordView[]; nextCursor: string | null; totals: ListTotals }> {
    const compiled = await this.core.registry.compiled(await this.core.latest(key));
    const unit = query.unit ? await this.access.unit(caller, query.unit, requestId) : undefined;
    const dataFilter = parseDataFilter(query.filter);
    const { order, name } = resolveOrder(compiled, query.sort, query.order);
    const after = query.cursor ? decodeCursor(query.cursor, name) : undefined;
    const text = query.q?.trim();
    const filter: RecordFilter = {
      moduleKey: key,
      scopePath: caller.unitPath,
      ...(unit ? { unitPath: unit.path } : {}),
      ...(query.state ? { state: query.state } : {}),
      ...(dataFilter ? { dataFilter } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      ...(query.overdue !== undefined ? { overdue: query.overdue } : {}),
      ...(query.period ? { period: query.period } : {}),
      ...(text ? { search: { text, unitName: compiled.list.title.includes('@unit'), period: compiled.list.title.includes('@period') } } : {}),
    };
    const summed = compiled.list.columns.filter((c) => c.sum).map((c) => c.path);
    const rows = await listRecords(this.core.db.sequelize, filter, { order, limit: query.limit + 1, ...(after ? { after } : {}) });
    const totals = await totalRecords(this.core.db.sequelize, filter, summed.map(parsePointer));
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    // Each record as the caller may see it (field access): its view, and the data its title and cells are made from.
    const versions = new Map<number, Promise<CompiledModule>>();
    const seen = await Promise.all(
      items.map(async (r) => {
        if (!versions.has(r.moduleVersion)) versions.set(r.moduleVersion, this.core.compiledOf(r));
        const written = await versions.get(r.moduleVersion)!;
        const site = this.core.accessSite(caller, r.unitPath, r.state);
        return { record: { ...r, data: written.workflow.access.withoutHidden(r.data, site) }, view: viewFor(r, written, site) };
      }),
    );
    const described = await this.titles.describe(
      seen.map((s) => s.record),
      { callerPath: caller.unitPath, locale: negotiateLocale(acceptLanguage), cells: compiled },
    );
    await appendAudit(this.core.db.sequelize, {
      actor: caller.username,
      unitCode: caller.unitCode,
      action: 'record.list',
      target: `module:${key}`,
      outcome: 'ok',
      requestId,
      details: { count: items.length, ids: items.map((r) => r.id), ...(text ? { q: text } : {}) },
    });
    return {
      items: seen.map(({ view }) => ({ ...view, ...described.get(view.id) })),
      nextCursor: rows.length > query.limit && last ? encodeCursor(name, last) : null,
      totals: { count: totals.count, sums: Object.fromEntries(summed.map((path, i) => [path, totals.sums[i] ?? null])) },
    };
  }

  /**
   * Writes the search text of records stored before titles were indexed (run at start; a
   * handful of statements once, none after). Answers how many were indexed.
   */
  async indexUnindexed(batch = 500): Promise<number> {
    const { sequelize } = this.core.db;
    let total = 0;
    for (;;) {
      const rows = await unindexedRecords(sequelize, batch);
      if (rows.length === 0) return total;
      const texts = [];
      for (const r of rows) {
        const published = await this.core.registry.getVersion(r.moduleKey, r.moduleVersion);
        const compiled = published && (await this.core.registry.compiled(published).catch(() => undefined));
        texts.push({ id: r.id, text: compiled ? searchText(compiled.list, r.data, compiled.codeTitle) : '' });
      }
      await storeSearchTexts(sequelize, texts);
      total += rows.length;
    }
  }
}
