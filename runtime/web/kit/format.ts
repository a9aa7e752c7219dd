/** How dates, states and values are shown. */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { deadlineText, parsePeriod, periodTitle, type PeriodType } from './engine';

dayjs.extend(utc);

/** An instant in China time (UTC+8, wherever the browser is), to the minute. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return dayjs(iso).utcOffset(480).format('YYYY-MM-DD HH:mm');
}

/** A deadline or due date in China time, a due day's end as its 24:00 wherever it comes from (the engine's deadlineText). */
export function formatDeadline(iso: string | null | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? '' : deadlineText(at);
}

/** A report period in words (2026年第4季度 / 2026 Q4); the key itself when it is not one of the type. */
export function formatPeriod(type: PeriodType | undefined, key: string, locale: 'zh-CN' | 'en'): string {
  const period = type ? parsePeriod(type, key) : undefined;
  return period ? periodTitle(period)[locale] : key;
}

const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A value for a table cell: code titles for codes, dates as they are, a record's id as a mark that one is linked, nothing raw. */
export function formatValue(value: unknown, title?: string): string {
  if (value === undefined || value === null || value === '') return '';
  if (title) return title;
  if (typeof value === 'string' && RECORD_ID.test(value)) return '已关联';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return `${value.length} 项`;
  if (typeof value === 'object') return '…';
  return String(value);
}

/** A rate (0–1) as a percentage with one decimal. */
export function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}
