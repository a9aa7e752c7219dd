/** The 数据质量 trend: one measure of a unit's whole subtree over the twelve months up to the chosen one. */
import { useEffect, useState } from 'react';
import { Alert, Card, Grid, Select } from 'antd';
import type { EChartsOption } from 'echarts';
import { get, query } from '../../../kit/api';
import { Chart } from '../../../kit/Chart';
import { percent } from '../../../kit/format';
import type { QualityTrendMonth, QualityTrendResult } from '../../../kit/contract';
import { useMonthLabel, useQualityWords } from './words';

/** The measures that have a history, with the word naming each and whether it is a rate. */
const TREND_MEASURES = [
  { key: 'records', word: 'records' },
  { key: 'entryLagMedianDays', word: 'lag' },
  { key: 'lateEntries', word: 'late' },
  { key: 'lateShare', word: 'lateShare', rate: true },
  { key: 'missedDeadlines', word: 'missed' },
  { key: 'reportsOnTime', word: 'reportsOnTime' },
  { key: 'reportsLate', word: 'reportsLate' },
  { key: 'approvalRate', word: 'approval', rate: true },
  { key: 'returned', word: 'returned' },
  { key: 'openWarnings', word: 'openWarnings' },
  { key: 'activeUsers', word: 'activeUsers' },
] as const satisfies readonly { key: keyof QualityTrendMonth; word: string; rate?: boolean }[];

export type TrendMeasure = (typeof TREND_MEASURES)[number]['key'];

/** The line of one measure over the months (a month without a value — no rate to take — is a gap). */
function line(months: QualityTrendMonth[], measure: (typeof TREND_MEASURES)[number], label: (period: string) => string, name: string): EChartsOption {
  const rate = 'rate' in measure && measure.rate;
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : rate ? percent(Number(v)) : String(v)) },
    grid: { left: 48, right: 16, top: 24, bottom: 32 },
    xAxis: { type: 'category', data: months.map((m) => label(m.period)), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', minInterval: rate ? undefined : 1, axisLabel: rate ? { formatter: (v: number) => `${Math.round(v * 100)}%` } : {} },
    series: [{ name, type: 'line', data: months.map((m) => m[measure.key]), connectNulls: false, itemStyle: { color: '#b71c1c' } }],
  };
}

/** The trend card of `unit`'s subtree (its name in the title), the twelve months up to `period` (YYYY-MM). */
export function TrendCard({ unit, name, period }: { unit: string | undefined; name: string; period: string }) {
  const { t } = useQualityWords();
  const label = useMonthLabel();
  const narrow = !Grid.useBreakpoint().md;
  const [measure, setMeasure] = useState<TrendMeasure>('lateEntries');
  const [trend, setTrend] = useState<QualityTrendResult>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    setError(undefined);
    get<QualityTrendResult>(`/api/quality/trend${query({ unit, period })}`).then(setTrend, (e: Error) => setError(e.message));
  }, [unit, period]);
  const chosen = TREND_MEASURES.find((m) => m.key === measure)!;
  const picker = (
    <Select<TrendMeasure>
      style={{ width: narrow ? '100%' : 200 }}
      value={measure}
      onChange={setMeasure}
      options={TREND_MEASURES.map((m) => ({ value: m.key, label: t(m.word) }))}
      data-testid="quality-trend-measure"
    />
  );
  // On a phone the measure is picked above the chart, leaving the title the card's width.
  return (
    <Card size="small" style={{ marginTop: 12 }} title={`${t('trend')} · ${t('trendOf', { unit: name })}`} extra={narrow ? undefined : picker} data-testid="quality-trend">
      {narrow && <div style={{ marginBottom: 8 }}>{picker}</div>}
      {error && <Alert type="error" showIcon message={t('loadFailed')} description={error} />}
      {trend && <Chart testId="quality-trend-chart" option={line(trend.months, chosen, label, t(chosen.word))} />}
    </Card>
  );
}
