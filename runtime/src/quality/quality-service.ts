/**
 * Adoption and data quality per unit ("应录尽录、准确可靠、及时更新"): for a unit of the caller's
 * subtree, each child's subtree, the unit's own records and the whole, over a period — entries,
 * entry lag against each module's declared limit, deadlines, stale drafts, report timeliness and
 * approval, returns for correction, sign-ins. Every figure is computed from what is stored.
 */
import { FormworkError, chinaMidnight, parsePeriod, parsePointer, periodContaining, qualitySettings, type Period } from '../../../engine/src/index.js';
import { appendAudit } from '../audit/audit-store.js';
import type { Database } from '../platform/db/database.js';
import type { Access } from '../identity/access.js';
import type { SessionUser } from '../identity/identity-store.js';
import type { ModuleRegistry } from '../modules/module-registry.js';
import { listChildren } from '../units/unit-store.js';
import type { QualityMeasures, QualityQuery, QualityResult, QualityRow } from '../api/quality.js';
import { nudgeWeek, nudgesOn, sendNudges, setNudges } from './quality-nudges.js';
import { recordMeasures, userMeasures, type QualityModuleSpec, type RecordMeasureRow, type UserMeasureRow } from './quality-store.js';

const DAY_MS = 86_400_000;

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
    users: u?.users ?? 0,
    activeUsers: u?.activeUsers ?? 0,
    lastSignInAt: u?.lastSignInAt?.toISOString() ?? null,
  };
}
