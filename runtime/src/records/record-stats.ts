/**
 * Counts of a module's records for overviews ("from the forest to the trees"): by workflow
 * state, by a field's value (named by its code list title), by month of a date field, or by the
 * child units below a unit — within the caller's subtree, each group ready to drill into.
 */
import { FormworkError, parsePointer, pick, problem, qualitySettings, type CompiledModule, type Locale } from '../../../engine/src/index.js';
import { appendAudit } from '../audit/audit-store.js';
import type { Database } from '../platform/db/database.js';
import type { SessionUser } from '../identity/identity-store.js';
import { countRecordsBy, type StatsGrouping } from './stats-store.js';
import { listChildren } from '../units/unit-store.js';
import type { Access } from '../identity/access.js';
import type { ModuleRegistry } from '../modules/module-registry.js';
import { parseDataFilter } from './record-service.js';
import type { StatsGroup, StatsQuery, StatsResult } from '../api/stats.js';

// Declared with the contract; re-exported for the readers that still import it from here.
export type { StatsGroup, StatsQuery, StatsResult } from '../api/stats.js';

const EMPTY = { 'zh-CN': '（未填写）', en: '(empty)' } as const;
const OWN = { 'zh-CN': '本级', en: 'own' } as const;

export class RecordStats {
  constructor(
    private readonly db: Database,
    private readonly registry: ModuleRegistry,
    private readonly access: Access,
  ) {}

  /** A period of days, counted on the module's matter date where it declares one; a first day after the last is a bad query. */
  private period(compiled: CompiledModule, from: string | undefined, to: string | undefined): { from?: string; to?: string; datePath?: string[] } {
    if (from && to && from > to) throw new FormworkError('FW_REC_BAD_QUERY', { reason: `from (${from}) is after to (${to})` }, [problem('/from', 'FW_REC_BAD_QUERY', { reason: `from (${from}) is after to (${to})` })]);
    const matter = qualitySettings(compiled.definition).matterDate;
    return { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(matter ? { datePath: parsePointer(matter) } : {}) };
  }

  async stats(caller: SessionUser, key: string, query: StatsQuery, locale: Locale, requestId: string): Promise<StatsResult> {
    const published = await this.registry.getLatest(key);
    if (!published) throw new FormworkError('FW_MODULE_NOT_FOUND', { key });
    const compiled = await this.registry.compiled(published);
    const unit = await this.access.unit(caller, query.unit ?? caller.unitCode, requestId);
    const filter = parseDataFilter(query.filter);
    let by: StatsGrouping;
    if (query.by === 'state') by = { kind: 'state' };
    else if (query.by === 'unit') by = { kind: 'unit', depth: unit.path.split('.').length };
    else {
      const month = query.by.startsWith('month:');
      const pointer = month ? query.by.slice(6) : query.by;
      if (!pointer.startsWith('/') || !compiled.fields.exists(pointer) || (month && !compiled.fields.isDate(pointer))) {
        throw new FormworkError('FW_REC_BAD_QUERY', { reason: `by must be state, unit, a field of the module or month:<date field> (got ${query.by})` });
      }
      by = month ? { kind: 'month', path: parsePointer(pointer) } : { kind: 'field', path: parsePointer(pointer) };
    }
    // Dashboards read from the replica when there is one (DATABASE_READ_URL).
    const rows = await countRecordsBy(this.db.reader, {
      moduleKey: key,
      scopePath: caller.unitPath,
      unitPath: unit.path,
      ...(query.state ? { state: query.state } : {}),
      ...(filter ? { dataFilter: filter } : {}),
      ...(query.from || query.to ? { period: this.period(compiled, query.from, query.to) } : {}),
      by,
    });
    const children = by.kind === 'unit' ? new Map((await listChildren(this.db.reader, unit.path)).map((c) => [c.path, c])) : undefined;
    const groups = rows.map((row): StatsGroup => {
      if (row.key === null) return { key: null, label: EMPTY[locale], count: row.count };
      switch (by.kind) {
        case 'state': {
          const state = compiled.workflow.states[row.key];
          return { key: row.key, label: state ? pick(state.title, locale) : row.key, count: row.count };
        }
        case 'unit': {
          const child = children!.get(row.key);
          return child ? { key: child.code, label: child.name, count: row.count } : { key: unit.code, label: `${unit.name}（${OWN[locale]}）`, count: row.count };
        }
        case 'field':
          return { key: row.key, label: compiled.codeTitle(query.by, row.key) ?? row.key, count: row.count };
        default:
          return { key: row.key, label: row.key, count: row.count };
      }
    });
    if (by.kind === 'month') groups.sort((a, b) => String(a.key).localeCompare(String(b.key)));
    await appendAudit(this.db.sequelize, {
      actor: caller.username,
      unitCode: caller.unitCode,
      action: 'record.stats',
      target: `module:${key}`,
      outcome: 'ok',
      requestId,
      details: { by: query.by, unit: unit.code },
    });
    return { key, by: query.by, unit: { code: unit.code, name: unit.name }, total: groups.reduce((n, g) => n + g.count, 0), groups };
  }
}
