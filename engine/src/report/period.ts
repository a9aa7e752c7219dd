/**
 * Report periods, as the customer writes them: 2026-09 (month), 2026Q3 (quarter), 2026H2
 * (half), 2026 (year). A period covers whole days in China time (UTC+8): it starts at 00:00 of
 * its first day and ends at 00:00 of the day after its last.
 */
import type { ReportSpec } from '../definition/generated/module-definition.js';
import { addDuration } from '../workflow/duration.js';

export type PeriodType = ReportSpec['period'];

export interface Period {
  /** The canonical name, e.g. 2026Q3. */
  key: string;
  type: PeriodType;
  year: number;
  /** 1-based index within the year (month 1–12, quarter 1–4, half 1–2, year 1). */
  index: number;
  /** First day, YYYY-MM-DD. */
  start: string;
  /** The day after the last, YYYY-MM-DD (exclusive end). */
  end: string;
  /** Last day, YYYY-MM-DD. */
  last: string;
}

const PATTERNS: Record<PeriodType, RegExp> = {
  month: /^(\d{4})-(0[1-9]|1[0-2])$/,
  quarter: /^(\d{4})Q([1-4])$/,
  half: /^(\d{4})H([12])$/,
  year: /^(\d{4})$/,
};
const MONTHS: Record<PeriodType, number> = { month: 1, quarter: 3, half: 6, year: 12 };
const PER_YEAR: Record<PeriodType, number> = { month: 12, quarter: 4, half: 2, year: 1 };
/** Years a period may name: far enough for history and planning, near enough to catch typos. */
export const PERIOD_YEARS = { min: 1990, max: 2100 } as const;

const pad = (n: number) => String(n).padStart(2, '0');
const day = (year: number, month0: number) => {
  const y = year + Math.floor(month0 / 12);
  return `${y}-${pad((month0 % 12) + 1)}-01`;
};

/** Parses a period of the given type; undefined when the text is not one. */
export function parsePeriod(type: PeriodType, text: string): Period | undefined {
  const match = PATTERNS[type].exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  if (year < PERIOD_YEARS.min || year > PERIOD_YEARS.max) return undefined;
  const index = type === 'year' ? 1 : Number(match[2]);
  return periodOf(type, year, index);
}

/** The period of a type with a year and an index. */
export function periodOf(type: PeriodType, year: number, index: number): Period {
  const months = MONTHS[type];
  const startMonth0 = (index - 1) * months;
  const key = type === 'month' ? `${year}-${pad(index)}` : type === 'quarter' ? `${year}Q${index}` : type === 'half' ? `${year}H${index}` : String(year);
  const end = day(year, startMonth0 + months);
  const lastDate = new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return { key, type, year, index, start: day(year, startMonth0), end, last: lastDate };
}

/** The period before (e.g. 2026Q1 → 2025Q4). */
export function previousPeriod(period: Period): Period {
  return period.index > 1 ? periodOf(period.type, period.year, period.index - 1) : periodOf(period.type, period.year - 1, PER_YEAR[period.type]);
}

/** The period containing an instant (China time). */
export function periodContaining(type: PeriodType, instant: Date): Period {
  const local = new Date(instant.getTime() + 8 * 3_600_000);
  const year = local.getUTCFullYear();
  const index = Math.floor(local.getUTCMonth() / MONTHS[type]) + 1;
  return periodOf(type, year, type === 'year' ? 1 : index);
}

/** 00:00 China time of a YYYY-MM-DD day, as an instant. */
export function chinaMidnight(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

/** The default due instant: `deadline` (ISO duration) after the period's end. */
export function periodDue(period: Period, deadline: string): Date | undefined {
  return addDuration(chinaMidnight(period.end), deadline);
}

/**
 * The first instant a report of the period may be submitted: 00:00 China time of its last day,
 * unless the template allows submitting before the period ends (`submitBeforeEnd`).
 */
export function submittableFrom(spec: Pick<ReportSpec, 'submitBeforeEnd'>, period: Period): Date | undefined {
  return spec.submitBeforeEnd ? undefined : chinaMidnight(period.last);
}

/** A period in words: 2026年第4季度 / 2026 Q4. */
export function periodTitle(period: Pick<Period, 'type' | 'year' | 'index' | 'key'>): { 'zh-CN': string; en: string } {
  switch (period.type) {
    case 'month':
      return { 'zh-CN': `${period.year}年${period.index}月`, en: period.key };
    case 'quarter':
      return { 'zh-CN': `${period.year}年第${period.index}季度`, en: `${period.year} Q${period.index}` };
    case 'half':
      return { 'zh-CN': `${period.year}年${period.index === 1 ? '上' : '下'}半年`, en: `${period.year} H${period.index}` };
    case 'year':
      return { 'zh-CN': `${period.year}年`, en: String(period.year) };
  }
}

/** How a period of a type is written, for messages. */
export const PERIOD_EXAMPLES: Record<PeriodType, string> = { month: '2026-09', quarter: '2026Q3', half: '2026H2', year: '2026' };

/** A period as people write it: 2026年第3季度 / 2026 Q3; text that is no period comes back as it is. */
export function periodName(text: string, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const type = (Object.keys(PATTERNS) as PeriodType[]).find((t) => PATTERNS[t].test(text));
  const period = type && parsePeriod(type, text);
  if (!period) return text;
  const { year, index } = period;
  if (locale === 'en') return { month: `${year}-${pad(index)}`, quarter: `${year} Q${index}`, half: `${year} H${index}`, year: String(year) }[period.type];
  return { month: `${year}年${index}月`, quarter: `${year}年第${index}季度`, half: `${year}年${index === 1 ? '上' : '下'}半年`, year: `${year}年` }[period.type];
}
