/** How dates, states and values are shown. */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

/** An instant in China time (UTC+8, wherever the browser is), to the minute. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return dayjs(iso).utcOffset(480).format('YYYY-MM-DD HH:mm');
}

/** A value for a table cell: code titles for codes, dates as they are, nothing raw. */
export function formatValue(value: unknown, title?: string): string {
  if (value === undefined || value === null || value === '') return '';
  if (title) return title;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return `${value.length} 项`;
  if (typeof value === 'object') return '…';
  return String(value);
}

/** A rate (0–1) as a percentage with one decimal. */
export function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}
