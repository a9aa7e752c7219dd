/** The roll-up's chart (see {@link RollupChartCard}). */
import { Card, Select } from 'antd';
import type { EChartsOption } from 'echarts';
import { Chart } from '../../../kit/Chart';
import { useReportWords } from './words';
import type { RollupResult as Rollup } from '../../../kit/contract';

/** One figure of each child, this period's bars beside the previous period's. */
const comparison = (rollup: Rollup, period: string, field: string): EChartsOption => ({
  tooltip: { trigger: 'axis' },
  legend: { data: [period, rollup.previousPeriod] },
  grid: { left: 40, right: 16, top: 32, bottom: 48 },
  xAxis: { type: 'category', data: rollup.children.map((c) => c.name), axisLabel: { interval: 0, rotate: rollup.children.length > 6 ? 30 : 0 } },
  yAxis: { type: 'value' },
  series: [
    { name: period, type: 'bar', data: rollup.children.map((c) => c.values[field] ?? 0), itemStyle: { color: '#b71c1c' } },
    { name: rollup.previousPeriod, type: 'bar', data: rollup.children.map((c) => c.previous[field] ?? 0), itemStyle: { color: '#bdbdbd' } },
  ],
});

/** The children's figure `field` (chosen in the card's corner) against the previous period; a bar drills down. */
export function RollupChartCard({
  rollup,
  period,
  field,
  onField,
  onDrill,
}: {
  rollup: Rollup;
  period: string;
  field: string;
  onField: (field: string) => void;
  onDrill: (code: string, name: string) => void;
}) {
  const { t, pick } = useReportWords();
  return (
    <Card size="small" style={{ marginTop: 12 }} title={t('chart')} extra={<Select style={{ width: 240 }} value={field} onChange={onField} options={rollup.fields.map((f) => ({ value: f.path, label: pick(f.label) }))} />}>
      <Chart
        option={comparison(rollup, period, field)}
        onClick={(p) => {
          const c = rollup.children[p.dataIndex];
          if (c) onDrill(c.code, c.name);
        }}
      />
    </Card>
  );
}
