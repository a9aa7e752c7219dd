/**
 * ISO 8601 durations (P1Y2M3W4DT5H6M7S) added to instants, for deadlines. Calendar parts
 * (years, months, days) are added in the organisation's time zone, so "P1D" from 18:00 is
 * 18:00 the next day and a month keeps the day of the month where it can.
 */

export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parses a duration; undefined when it is not one. */
export function parseDuration(text: string): Duration | undefined {
  const m = PATTERN.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return undefined;
  const n = (i: number) => (m[i] ? Number(m[i]) : 0);
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

/** The organisation's offset from UTC, in minutes (China Standard Time, no daylight saving). */
export const ZONE_OFFSET_MINUTES = 8 * 60;

/** Adds a duration to an instant (calendar parts in the organisation's time zone). */
export function addDuration(start: Date, duration: Duration | string): Date {
  const d = typeof duration === 'string' ? parseDuration(duration) : duration;
  if (!d) throw new TypeError(`Not an ISO 8601 duration: ${String(duration)}`);
  // Shift into local wall-clock time, add calendar parts there, shift back.
  const local = new Date(start.getTime() + ZONE_OFFSET_MINUTES * 60_000);
  const day = local.getUTCDate();
  local.setUTCDate(1);
  local.setUTCFullYear(local.getUTCFullYear() + d.years, local.getUTCMonth() + d.months, 1);
  const lastDay = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
  local.setUTCDate(Math.min(day, lastDay) + d.weeks * 7 + d.days);
  const back = local.getTime() - ZONE_OFFSET_MINUTES * 60_000;
  return new Date(back + ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000);
}

/** Subtracts a duration (for reminders before a deadline). */
export function subtractDuration(end: Date, duration: Duration | string): Date {
  const d = typeof duration === 'string' ? parseDuration(duration) : duration;
  if (!d) throw new TypeError(`Not an ISO 8601 duration: ${String(duration)}`);
  const negated: Duration = {
    years: -d.years,
    months: -d.months,
    weeks: -d.weeks,
    days: -d.days,
    hours: -d.hours,
    minutes: -d.minutes,
    seconds: -d.seconds,
  };
  return addDuration(end, negated);
}

/**
 * The end of a date-only value's day in the organisation's time zone ("2026-09-30" → the last
 * instant of 30 September, China time); date-times are taken as they are.
 */
export function endOfDay(value: string): Date | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const midnight = Date.parse(`${value}T00:00:00Z`);
    if (Number.isNaN(midnight)) return undefined;
    return new Date(midnight + 86_400_000 - 1 - ZONE_OFFSET_MINUTES * 60_000);
  }
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t);
}

/**
 * A deadline as people in China read it: `YYYY-MM-DD HH:mm`, China time, and a deadline at the
 * end of a day — 23:59:59.999 (a date-only due date) or 00:00 of the next (a period's end plus
 * days) — as that day's `24:00`, so one due day reads the same wherever it comes from.
 */
export function deadlineText(instant: Date): string {
  const local = new Date(instant.getTime() + ZONE_OFFSET_MINUTES * 60_000);
  const ms = local.getTime() % 86_400_000;
  if (ms === 0) return `${new Date(local.getTime() - 86_400_000).toISOString().slice(0, 10)} 24:00`;
  if (ms >= 86_400_000 - 1000) return `${local.toISOString().slice(0, 10)} 24:00`;
  return local.toISOString().slice(0, 16).replace('T', ' ');
}
