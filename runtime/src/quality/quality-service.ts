/**
 * Adoption and data quality per unit ("应录尽录、准确可靠、及时更新"): for a unit of the caller's
 * subtree, each child's subtree, the unit's own records and the whole, over a period — entries,
 * entry lag against each module's declared limit, deadlines, stale drafts, report timeliness and
 * approval, returns for correction, sign-ins. Every figure is computed from what is stored.
 */
import {
  FormworkError,
  chinaMidnight,
  parsePeriod,
  parsePointer,
  periodContaining,
  previousPeriod,
  qualitySettings,
  type Period,
  type Problem,
} from '../../../engine/src/index.js';
import { appendAudit } from '../audit/audit-store.js';
import type { Database } from '../platform/db/database.js';
import type { Access } from '../identity/access.js';
import type { SessionUser } from '../identity/identity-store.js';
import type { ModuleRegistry } from '../modules/module-registry.js';
import { listChildren } from '../units/unit-store.js';
import { isAllowed } from '../identity/permissions.js';
import type {
  QualityMeasures,
  QualityQuery,
  QualityRecord,
  QualityRecordsQuery,
  QualityRecordsResult,
  QualityResult,
  QualityRow,
  QualityTrendQuery,
  QualityTrendResult,
} from '../api/quality.js';
import { nudgeWeek, nudgesOn, sendNudges, setNudges } from './quality-nudges.js';
import { figureRecords, type FigureRecordRow } from './quality-records-store.js';
import { recordMeasures, userMeasures, type QualityModuleSpec, type RecordMeasureRow, type UserMeasureRow } from './quality-store.js';
import { EMPTY_MONTH, trendMeasures, type TrendRow } from './quality-trend-store.js';
import { recordSummary } from './record-summary.js';

const DAY_MS = 86_400_000;

/** A record behind a figure as the service answers it: its warnings not yet in the caller's language. */
export type FigureRecord = Omit<QualityRecord, 'warnings'> & { warnings: Problem[] };
export type FigureRecords = Omit<QualityRecordsResult, 'items'> & { items: FigureRecord[] };

export class QualityService {
  constructor(
    private readonly db: Database,
    private readonly registry: ModuleRegistry,
    private readonly access: Access,
    private readonly now: () => Date,
  ) {}

  async measures(caller: SessionUser, query: QualityQuery, requestId: string): Promise<QualityResult> {
    const unit = await this.access.unit(caller, query.unit ?? caller.unitCode, requestId);
    const now = this.now();
    const window = qualityWindow(query, now);
    const specs = await this.moduleSpecs(query.module);
    const w = { unitPath: unit.path, from: chinaMidnight(window.from), to: chinaMidnight(nextDay(window.to)), now };
    const [records, users, children] = await Promise.all([
      recordMeasures(this.db.reader, specs.map((s) => s.spec), w),
      userMeasures(this.db.reader, w),
      listChildren(this.db.reader, unit.path),
    ]);
    const row = (code: string, name: string, bucket: string | null): QualityRow => ({ code, name, ...measuresOf(records, users, bucket) });
    await appendAudit(this.db.sequelize, {
      actor: caller.username,
      unitCode: caller.unitCode,
      action: 'quality.read',
      target: `unit:${unit.code}`,
      outcome: 'ok',
      requestId,
      details: { period: window.key, from: window.from, to: window.to, module: query.module ?? null },
    });
    return {
      unit: { code: unit.code, name: unit.name, level: unit.level },
      period: window,
      asOf: now.toISOString(),
      modules: specs.map((s) => s.view),
      total: row(unit.code, unit.name, null),
      own: row(unit.code, unit.name, unit.path),
      children: children.map((c) => row(c.code, c.name, c.path)),
    };
  }

  /**
   * The records behind one figure of a line of the measures: of a unit's subtree (a child's line,
   * or the total) or of the unit alone (`own`: its own line), a page at a time, the worst first.
   * They are case data, so the caller must also read records (every role that reads the measures does).
   */
  async records(caller: SessionUser, query: QualityRecordsQuery, requestId: string): Promise<FigureRecords> {
    if (!isAllowed('records.read', caller.roles)) throw new FormworkError('FW_AUTH_FORBIDDEN');
    const unit = await this.access.unit(caller, query.unit ?? caller.unitCode, requestId);
    const now = this.now();
    const window = qualityWindow(query, now);
    const specs = await this.moduleSpecs(query.module);
    const own = query.own ?? false;
    const page = await figureRecords(
      this.db.sequelize,
      specs.map((s) => s.spec),
      { unitPath: unit.path, from: chinaMidnight(window.from), to: chinaMidnight(nextDay(window.to)), now, own, measure: query.measure, limit: query.limit, offset: query.offset },
    );
    const paths = new Map(specs.map((s) => [s.spec.key, s.spec.path]));
    const items: FigureRecord[] = [];
    for (const row of page.rows) items.push(await this.figureRecord(row, query.measure, paths.get(row.moduleKey) ?? null, now));
    await appendAudit(this.db.sequelize, {
      actor: caller.username,
      unitCode: caller.unitCode,
      action: 'quality.records',
      target: `unit:${unit.code}`,
      outcome: 'ok',
      requestId,
      details: { measure: query.measure, own, period: window.key, from: window.from, to: window.to, module: query.module ?? null, count: items.length, ids: items.map((i) => i.id) },
    });
    return { unit: { code: unit.code, name: unit.name, level: unit.level }, own, measure: query.measure, period: window, asOf: now.toISOString(), total: page.total, sum: page.sum, items };
  }

  /**
   * The measures of a unit's whole subtree month by month, over the twelve months up to `period`
   * (default: the current month): those with a history (entries, lags, deadlines missed, reports,
   * returns, open warnings, active users).
   */
  async trend(caller: SessionUser, query: QualityTrendQuery, requestId: string): Promise<QualityTrendResult> {
    const unit = await this.access.unit(caller, query.unit ?? caller.unitCode, requestId);
    const now = this.now();
    const last = query.period ? parsePeriod('month', query.period) : periodContaining('month', now);
    if (!last) throw new FormworkError('FW_DATASET_PERIOD', { period: query.period });
    const months = [last];
    while (months.length < 12) months.unshift(previousPeriod(months[0]!));
    const specs = await this.moduleSpecs(query.module);
    const from = months[0]!.start;
    const to = last.last;
    const rows = await trendMeasures(this.db.sequelize, specs.map((s) => s.spec), { unitPath: unit.path, from: chinaMidnight(from), to: chinaMidnight(nextDay(to)), now });
    await appendAudit(this.db.sequelize, {
      actor: caller.username,
      unitCode: caller.unitCode,
      action: 'quality.read',
      target: `unit:${unit.code}`,
      outcome: 'ok',
      requestId,
      details: { trend: true, from, to, module: query.module ?? null },
    });
    return {
      unit: { code: unit.code, name: unit.name, level: unit.level },
      asOf: now.toISOString(),
      months: months.map((p) => trendMonth(p, rows.get(p.key))),
    };
  }

  /** A record behind a figure: what it is, where, and why it counts. */
  private async figureRecord(row: FigureRecordRow, measure: QualityRecordsQuery['measure'], matterPath: string[] | null, now: Date): Promise<FigureRecord> {
    const published = await this.registry.getVersion(row.moduleKey, row.moduleVersion);
    const compiled = published && (await this.registry.compiled(published));
    const title = compiled?.definition.title ?? { 'zh-CN': row.moduleKey };
    const state = compiled?.workflow.states[row.state]?.title ?? { 'zh-CN': row.state, en: row.state };
    const matter = matterPath ? valueAt(row.data, matterPath) : undefined;
    const daysSince = (at: Date) => Math.floor((now.getTime() - at.getTime()) / DAY_MS);
    const reason = figureReason(row, measure, now, daysSince);
    return {
      id: row.id,
      key: row.moduleKey,
      moduleTitle: { 'zh-CN': title['zh-CN'], en: title.en ?? title['zh-CN'] },
      summary: compiled ? recordSummary(compiled, row.data) : '',
      unitCode: row.unitCode,
      unitName: row.unitName,
      state: row.state,
      stateTitle: { 'zh-CN': state['zh-CN'], en: state.en ?? state['zh-CN'] },
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      deadlineAt: row.deadlineAt?.toISOString() ?? null,
      matterDate: typeof matter === 'string' ? matter : null,
      period: row.period,
      dueAt: row.dueAt?.toISOString() ?? null,
      count: row.count,
      ...reason,
      warnings: measure === 'openWarnings' ? row.warnings : [],
    };
  }

  /** Sends this week's nudges not sent yet (any instance may call it, any number of times); answers the units told now. */
  async sendWeeklyNudges(): Promise<string[]> {
    const now = this.now();
    const specs = await this.moduleSpecs(undefined);
    return sendNudges(this.db.sequelize, specs.map((s) => s.spec), nudgeWeek(now), now);
  }

  /** Turns a unit's weekly nudge on or off (a unit of the caller's subtree). */
  async setWeeklyNudges(caller: SessionUser, code: string, enabled: boolean, requestId: string): Promise<{ code: string; enabled: boolean }> {
    const unit = await this.access.unit(caller, code, requestId);
    await setNudges(this.db.sequelize, unit.code, enabled);
    await appendAudit(this.db.sequelize, { actor: caller.username, unitCode: caller.unitCode, action: 'quality.nudges', target: `unit:${unit.code}`, outcome: 'ok', requestId, details: { enabled } });
    return { code: unit.code, enabled: await nudgesOn(this.db.sequelize, unit.code) };
  }

  /** Whether a unit's weekly nudge is on (a unit of the caller's subtree). */
  async weeklyNudges(caller: SessionUser, code: string, requestId: string): Promise<{ code: string; enabled: boolean }> {
    const unit = await this.access.unit(caller, code, requestId);
    return { code: unit.code, enabled: await nudgesOn(this.db.sequelize, unit.code) };
  }

  /** The record and report modules measured (or the one asked for), with their quality settings and states. */
  private async moduleSpecs(only: string | undefined) {
    const versions = only ? [await this.registry.getLatest(only)] : this.registry.list();
    if (only && !versions[0]) throw new FormworkError('FW_MODULE_NOT_FOUND', { key: only });
    const out: { spec: QualityModuleSpec; view: QualityResult['modules'][number] }[] = [];
    for (const version of versions) {
      if (!version || version.definition.kind === 'codelist') continue;
      const compiled = await this.registry.compiled(version);
      const settings = qualitySettings(compiled.definition);
      const states = Object.values(compiled.workflow.states);
      out.push({
        spec: {
          key: version.key,
          path: settings.matterDate ? parsePointer(settings.matterDate) : null,
          entryLimitDays: settings.entryLimitDays,
          staleDraftDays: settings.staleDraftDays,
          draftStates: states.filter((s) => s.draft).map((s) => s.name),
          approvedStates: [...(compiled.report?.approvedStates ?? [])],
        },
        view: { key: version.key, kind: version.definition.kind, ...settings },
      });
    }
    return out;
  }
}

/** Why a record counts for a figure: how far (days) against which limit, and when. */
function figureReason(row: FigureRecordRow, measure: QualityRecordsQuery['measure'], now: Date, daysSince: (at: Date) => number) {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  switch (measure) {
    case 'records':
    case 'lateEntries':
      return { days: row.lag, limitDays: row.lag === null ? null : row.entryLimitDays, at: iso(row.createdAt) };
    case 'overdueNow':
      return { days: row.overdueAt ? daysSince(row.overdueAt) : null, limitDays: null, at: iso(row.overdueAt) };
    case 'staleDrafts':
      return { days: daysSince(row.updatedAt), limitDays: row.staleDraftDays, at: iso(row.updatedAt) };
    case 'reportsLate': {
      const handedIn = row.submittedAt ?? now;
      return { days: row.dueAt ? Math.ceil((handedIn.getTime() - row.dueAt.getTime()) / DAY_MS) : null, limitDays: null, at: iso(row.submittedAt) };
    }
    case 'missedDeadlines':
      return { days: null, limitDays: null, at: iso(row.lastMissed) };
    case 'returned':
      return { days: null, limitDays: null, at: iso(row.lastReturned) };
    case 'openWarnings':
      return { days: null, limitDays: null, at: iso(row.updatedAt) };
  }
}

/** The value at a path of keys in record data. */
function valueAt(data: unknown, path: readonly string[]): unknown {
  let at: unknown = data;
  for (const key of path) at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  return at;
}

/** One month of the trend from its counts (a month without any has zeros). */
function trendMonth(period: Period, row: TrendRow | undefined): QualityTrendResult['months'][number] {
  const r = row ?? EMPTY_MONTH;
  return {
    period: period.key,
    from: period.start,
    to: period.last,
    records: r.records,
    lagCounted: r.lagCounted,
    entryLagMedianDays: r.lagMedian,
    lateEntries: r.lateEntries,
    lateShare: ratio(r.lateEntries, r.lagCounted),
    missedDeadlines: r.missedDeadlines,
    reportsDue: r.reportsDue,
    reportsOnTime: r.reportsOnTime,
    reportsLate: r.reportsLate,
    reportsSubmitted: r.reportsSubmitted,
    reportsApproved: r.reportsApproved,
    approvalRate: ratio(r.reportsApproved, r.reportsSubmitted),
    returned: r.returned,
    openWarnings: r.openWarnings,
    activeUsers: r.activeUsers,
  };
}

/** The days a query covers (China time, both inclusive): a period, from/to, or the current month. */
export function qualityWindow(query: Pick<QualityQuery, 'period' | 'from' | 'to'>, now: Date): { key: string | null; from: string; to: string } {
  if (query.period) {
    if (query.from || query.to) throw new FormworkError('FW_REC_BAD_QUERY', { reason: 'give a period or from/to, not both' });
    const period = anyPeriod(query.period);
    return { key: period.key, from: period.start, to: period.last };
  }
  if (query.from || query.to) {
    // One end alone: up to today, or from the first of the month that ends the span.
    const to = query.to ? dayOf(query.to) : dayOf(now.toISOString());
    const from = query.from ? dayOf(query.from) : `${to.slice(0, 7)}-01`;
    if (from > to) throw new FormworkError('FW_REC_BAD_QUERY', { reason: `from (${from}) is after to (${to})` });
    return { key: null, from, to };
  }
  const month = periodContaining('month', now);
  return { key: month.key, from: month.start, to: month.last };
}

function anyPeriod(text: string): Period {
  for (const type of ['month', 'quarter', 'half', 'year'] as const) {
    const period = parsePeriod(type, text);
    if (period) return period;
  }
  throw new FormworkError('FW_DATASET_PERIOD', { period: text });
}

/** The China-time day of a day or a moment. */
function dayOf(text: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : new Date(new Date(text).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

/** The measures of one bucket (null: the whole) from the rows of both statements; a bucket without rows has zeros. */
function measuresOf(records: readonly RecordMeasureRow[], users: readonly UserMeasureRow[], bucket: string | null): QualityMeasures {
  const r = records.find((x) => x.bucket === bucket && x.moduleKey === null);
  const u = users.find((x) => x.bucket === bucket);
  const byModule = Object.fromEntries(records.filter((x) => x.bucket === bucket && x.moduleKey !== null && x.records > 0).map((x) => [x.moduleKey!, x.records]));
  return {
    records: r?.records ?? 0,
    recordsByModule: byModule,
    lagCounted: r?.lagCounted ?? 0,
    entryLagMedianDays: r?.lagMedian ?? null,
    lateEntries: r?.lateEntries ?? 0,
    lateShare: ratio(r?.lateEntries ?? 0, r?.lagCounted ?? 0),
    overdueNow: r?.overdueNow ?? 0,
    missedDeadlines: r?.missedDeadlines ?? 0,
    staleDrafts: r?.staleDrafts ?? 0,
    reportsDue: r?.reportsDue ?? 0,
    reportsOnTime: r?.reportsOnTime ?? 0,
    reportsLate: r?.reportsLate ?? 0,
    reportsSubmitted: r?.reportsSubmitted ?? 0,
    reportsApproved: r?.reportsApproved ?? 0,
    approvalRate: ratio(r?.reportsApproved ?? 0, r?.reportsSubmitted ?? 0),
    returned: r?.returned ?? 0,
    openWarnings: r?.openWarnings ?? 0,
    users: u?.users ?? 0,
    activeUsers: u?.activeUsers ?? 0,
    lastSignInAt: u?.lastSignInAt?.toISOString() ?? null,
  };
}
