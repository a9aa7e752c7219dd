/**
 * The arithmetic of an impact: each record's evaluation under the published version it was
 * written under and under the draft, added up into the answer (problems by code and field,
 * computed values and events that differ, report figures by period, how often each rule fired).
 * Pure: the scan (draft-impact.ts) reads the records and evaluates them.
 */
import { canonicalJson, getAt, localizeProblem, type Aggregate, type CompiledModule, type FiredEvent, type Locale, type LocalizedText, type Problem } from '../../../engine/src/index.js';
import { IMPACT_SAMPLE, type ImpactAnswer } from '../api/drafts.js';

/** The events that act on a record beyond its own data: where it goes and who hears of it. */
export const ACTING_EVENTS = ['route', 'escalate', 'notify', 'create'] as const;

/** One record evaluated both ways. */
export interface RecordOutcome {
  id: string;
  /** Report records: their period. */
  period: string | null;
  /** What would block the record in its state under the draft. */
  draftProblems: readonly Problem[];
  /** Whether the version it was written under finds it valid in its state. */
  publishedValid: boolean;
  draftEvents: readonly FiredEvent[];
  publishedEvents: readonly FiredEvent[];
  draftDerived: Readonly<Record<string, unknown>>;
  publishedDerived: Readonly<Record<string, unknown>>;
  /** Report records: the data as each evaluation leaves it (figures are read from it). */
  draftData?: unknown;
  publishedData?: unknown;
}

interface Group {
  count: number;
  sample: string[];
}

interface ProblemGroup extends Group {
  code: string;
  path: string;
  message: string;
}

/** Running sums of one figure's values, enough for every aggregate. */
interface Sums {
  sum: number;
  count: number;
  min: number | null;
  max: number | null;
}

const emptySums = (): Sums => ({ sum: 0, count: 0, min: null, max: null });

export class ImpactTally {
  private scanned = 0;
  private invalid = 0;
  private newlyInvalid = 0;
  private derivedChanged = 0;
  private eventsChanged = 0;
  private readonly problems = new Map<string, ProblemGroup>();
  private readonly derived = new Map<string, Group>();
  private readonly events = new Map<string, Group>();
  private readonly fired = new Map<string, number>();
  private readonly figures = new Map<string, Group & { period: string; path: string; before: Sums; after: Sums }>();

  constructor(
    private readonly draft: CompiledModule,
    private readonly locale: Locale,
  ) {}

  add(outcome: RecordOutcome): void {
    this.scanned += 1;
    const { id } = outcome;
    if (outcome.draftProblems.length > 0) {
      this.invalid += 1;
      if (outcome.publishedValid) this.newlyInvalid += 1;
      const seen = new Set<string>();
      for (const p of outcome.draftProblems) {
        const key = `${p.code}\u0000${p.path}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const group = this.problems.get(key) ?? { code: p.code, path: p.path, message: localizeProblem(p, this.locale).message, count: 0, sample: [] };
        this.problems.set(key, count(group, id));
      }
    }
    for (const path of new Set([...Object.keys(outcome.draftDerived), ...Object.keys(outcome.publishedDerived)])) {
      if (same(outcome.draftDerived[path], outcome.publishedDerived[path])) continue;
      this.derivedChanged += 1;
      this.derived.set(path, count(this.derived.get(path) ?? { count: 0, sample: [] }, id));
    }
    let eventsDiffer = false;
    for (const type of ACTING_EVENTS) {
      if (same(eventsOf(outcome.draftEvents, type), eventsOf(outcome.publishedEvents, type))) continue;
      eventsDiffer = true;
      this.events.set(type, count(this.events.get(type) ?? { count: 0, sample: [] }, id));
    }
    if (eventsDiffer) this.eventsChanged += 1;
    for (const rule of new Set(outcome.draftEvents.map((e) => e.rule))) this.fired.set(rule, (this.fired.get(rule) ?? 0) + 1);
    if (this.draft.report && outcome.period !== null) this.addFigures(outcome, outcome.period);
  }

  /** Report records: each rolled-up figure before and after, summed per period. */
  private addFigures(outcome: RecordOutcome, period: string): void {
    for (const entry of this.draft.report!.rollup) {
      const key = `${period}\u0000${entry.pointer}`;
      const figure = this.figures.get(key) ?? { period, path: entry.pointer, count: 0, sample: [], before: emptySums(), after: emptySums() };
      const before = getAt(outcome.publishedData, entry.pointer);
      const after = getAt(outcome.draftData, entry.pointer);
      accumulate(figure.before, before);
      accumulate(figure.after, after);
      if (!same(before, after)) count(figure, outcome.id);
      this.figures.set(key, figure);
    }
  }

  answer(basedOn: ImpactAnswer['basedOn']): ImpactAnswer {
    const label = (path: string) => this.draft.fieldLabel(path)?.[this.locale] ?? null;
    const byCount = <T extends Group>(a: T, b: T) => b.count - a.count;
    const rules = (this.draft.definition.rules ?? []).map((rule) => {
      // A rule without a description is named by what it says (its message or reason), else by its name.
      const params = rule.event.params as { message?: LocalizedText; reason?: LocalizedText };
      const text = rule.description ?? params.message ?? params.reason;
      return { name: rule.name, description: text?.[this.locale] ?? text?.['zh-CN'] ?? rule.name, fired: this.fired.get(rule.name) ?? 0 };
    });
    const ref = ({ name, description }: { name: string; description: string }) => ({ name, description });
    const answer: ImpactAnswer = {
      basedOn,
      scanned: this.scanned,
      invalid: this.invalid,
      newlyInvalid: this.newlyInvalid,
      byProblem: [...this.problems.values()].sort(byCount).map((g) => ({ code: g.code, path: g.path, label: label(g.path), message: g.message, count: g.count, sample: g.sample })),
      derivedChanged: this.derivedChanged,
      derivedByField: [...this.derived].map(([path, g]) => ({ path, label: label(path), count: g.count, sample: g.sample })).sort(byCount),
      eventsChanged: this.eventsChanged,
      eventsByType: [...this.events].map(([type, g]) => ({ type, count: g.count, sample: g.sample })).sort(byCount),
      rules,
      // With no records, no rule can be said to be dead or to always fire.
      deadRules: this.scanned === 0 ? [] : rules.filter((r) => r.fired === 0).map(ref),
      alwaysRules: this.scanned === 0 ? [] : rules.filter((r) => r.fired === this.scanned).map(ref),
    };
    if (this.draft.report) {
      const aggregates = new Map(this.draft.report.rollup.map((e) => [e.pointer, e.aggregate ?? 'sum']));
      answer.figuresChanged = [...this.figures.values()]
        .filter((f) => f.count > 0)
        .sort((a, b) => a.period.localeCompare(b.period) || b.count - a.count)
        .map((f) => ({
          period: f.period,
          path: f.path,
          label: label(f.path),
          count: f.count,
          sample: f.sample,
          before: aggregated(f.before, aggregates.get(f.path)!),
          after: aggregated(f.after, aggregates.get(f.path)!),
        }));
    }
    return answer;
  }
}

function count<T extends Group>(group: T, id: string): T {
  group.count += 1;
  if (group.sample.length < IMPACT_SAMPLE) group.sample.push(id);
  return group;
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return canonicalJson(a) === canonicalJson(b);
}

/** A record's events of one type, as comparable values in a stable order. */
function eventsOf(events: readonly FiredEvent[], type: string): string[] {
  return events
    .filter((e) => e.type === type)
    .map((e) => canonicalJson(e.params))
    .sort();
}

function accumulate(sums: Sums, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) return;
  sums.sum += value;
  sums.count += 1;
  sums.min = sums.min === null ? value : Math.min(sums.min, value);
  sums.max = sums.max === null ? value : Math.max(sums.max, value);
}

function aggregated(sums: Sums, aggregate: Aggregate): number | null {
  switch (aggregate) {
    case 'sum':
      return sums.sum;
    case 'avg':
      return sums.count === 0 ? null : sums.sum / sums.count;
    case 'min':
      return sums.min;
    case 'max':
      return sums.max;
    case 'count':
      return sums.count;
    default:
      return null;
  }
}
