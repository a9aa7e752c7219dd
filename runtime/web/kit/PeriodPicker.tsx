/** The overview's period: a month, a quarter, a year or any range of days (see {@link PeriodPicker}). */
import { DatePicker, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import quarterOfYear from 'dayjs/plugin/quarterOfYear';
import { defineWords } from './i18n';

dayjs.extend(quarterOfYear);

/** How a period is picked. */
export type PeriodSpan = 'all' | 'month' | 'quarter' | 'year' | 'range';

/** A picked period: its span and its first and last day (YYYY-MM-DD), none for all time. */
export interface PickedPeriod {
  span: PeriodSpan;
  from?: string;
  to?: string;
}

const usePeriodWords = defineWords({
  all: ['全部时间', 'All time'],
  month: ['按月', 'Month'],
  quarter: ['按季度', 'Quarter'],
  year: ['按年', 'Year'],
  range: ['自定义', 'Custom'],
  start: ['开始日期', 'From'],
  end: ['结束日期', 'To'],
} as const);

const DAY = 'YYYY-MM-DD';

/** The period of a span containing a day: its first and last day. */
export function periodAround(span: Exclude<PeriodSpan, 'all' | 'range'>, day: Dayjs): { from: string; to: string } {
  return { from: day.startOf(span).format(DAY), to: day.endOf(span).format(DAY) };
}

/** A span and, for it, a month, quarter, year or range picker; each choice names its first and last day. */
export function PeriodPicker({ value, onChange }: { value: PickedPeriod; onChange: (period: PickedPeriod) => void }) {
  const { t } = usePeriodWords();
  const from = value.from ? dayjs(value.from) : undefined;
  const to = value.to ? dayjs(value.to) : undefined;
  const pickSpan = (span: PeriodSpan) => {
    if (span === 'all') onChange({ span });
    else if (span === 'range') onChange({ span, ...(value.from ? { from: value.from } : {}), ...(value.to ? { to: value.to } : {}) });
    else onChange({ span, ...periodAround(span, from ?? dayjs()) });
  };
  return (
    <Space wrap data-testid="period-picker">
      <Select<PeriodSpan>
        style={{ width: 120 }}
        value={value.span}
        onChange={pickSpan}
        options={(['all', 'month', 'quarter', 'year', 'range'] as const).map((s) => ({ value: s, label: t(s) }))}
        data-testid="period-span"
      />
      {(value.span === 'month' || value.span === 'quarter' || value.span === 'year') && (
        <DatePicker
          picker={value.span}
          allowClear={false}
          value={from}
          onChange={(day: Dayjs | null) => day && onChange({ span: value.span, ...periodAround(value.span as 'month', day) })}
          data-testid="period-value"
        />
      )}
      {value.span === 'range' && (
        <DatePicker.RangePicker
          value={from && to ? [from, to] : null}
          placeholder={[t('start'), t('end')]}
          onChange={(days) => days?.[0] && days[1] && onChange({ span: 'range', from: days[0].format(DAY), to: days[1].format(DAY) })}
        />
      )}
    </Space>
  );
}
