/** The roll-up of a period with drill-down, chart and export (see {@link RollupTab}). */
import { useEffect, useMemo, useState } from 'react';
import { App, Breadcrumb, Button, Card, Select, Space, Spin, Switch, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { ApiError, download, get, query } from '../../../kit/api';
import { Chart } from '../../../kit/Chart';
import { percent } from '../../../kit/format';
import { useReportWords } from './words';
import { useAuth } from '../../../kit/session';
import type { RollupResult as Rollup } from '../../../kit/contract';

/**
 * The figures of a unit (mine first) summed over its subtree, against the previous period, with
 * its children side by side; a child's name or bar drills down into it.
 */
export function RollupTab({ reportKey, period }: { reportKey: string; period: string }) {
  const { t, pick } = useReportWords();
  const { me } = useAuth();
  const { message } = App.useApp();
  const [trail, setTrail] = useState<{ code: string; name: string }[]>([{ code: me!.unitCode, name: me!.unitName }]);
  const [includeSubmitted, setIncludeSubmitted] = useState(false);
  const [rollup, setRollup] = useState<Rollup>();
  const [chartField, setChartField] = useState<string>();
  const unit = trail[trail.length - 1]!.code;

  useEffect(() => {
    setRollup(undefined);
    get<Rollup>(`/api/reports/${reportKey}/periods/${period}/rollup${query({ unit, include: includeSubmitted ? 'submitted' : undefined })}`).then(setRollup, (e: unknown) =>
      void message.error(e instanceof ApiError ? e.message : t('failed')),
    );
  }, [reportKey, period, unit, includeSubmitted, message, t]);

  const rows = useMemo(() => {
    if (!rollup) return [];
    const out: { key: string; label: string; section: boolean; path?: string }[] = [];
    let last: string[] = [];
    for (const f of rollup.fields) {
      f.section.forEach((s, i) => {
        if (last[i] !== s) out.push({ key: `s:${f.section.slice(0, i + 1).join('/')}`, label: `${'　'.repeat(i)}${s}`, section: true });
      });
      last = f.section;
      out.push({ key: f.path, label: `${'　'.repeat(f.section.length)}${pick(f.label)}`, section: false, path: f.path });
    }
    return out;
  }, [rollup, pick]);

  if (!rollup) return <Spin />;
  const field = chartField ?? rollup.fields[0]?.path;
  const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(2));
  const drill = (code: string, name: string) => setTrail((tr) => [...tr, { code, name }]);

  return (
    <>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Breadcrumb items={trail.map((u, i) => ({ title: <a onClick={() => setTrail(trail.slice(0, i + 1))}>{u.name}</a> }))} />
        <Space>
          <Switch checked={includeSubmitted} onChange={setIncludeSubmitted} /> {t('includeSubmitted')}
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              void download(`/api/reports/${reportKey}/periods/${period}/rollup${query({ unit, include: includeSubmitted ? 'submitted' : undefined, format: 'xlsx' })}`, `${reportKey}-${period}.xlsx`)
            }
            data-testid="export-xlsx"
          >
            {t('exportXlsx')}
          </Button>
        </Space>
      </Space>
      <Table
        className="fw-rollup"
        rowKey="key"
        size="small"
        bordered
        pagination={false}
        dataSource={rows}
        scroll={{ x: 480 + rollup.children.length * 110 }}
        data-testid="rollup-table"
        columns={[
          { title: t('item'), dataIndex: 'label', fixed: 'left', width: 240, onCell: (r) => ({ className: r.section ? 'fw-section' : '' }) },
          { title: `${t('total')}（${rollup.total.reports}/${rollup.total.assigned}）`, render: (_, r) => (r.path ? fmt(rollup.total.values[r.path]) : ''), width: 110 },
          { title: `${t('previous')} ${rollup.previousPeriod}`, render: (_, r) => (r.path ? fmt(rollup.previous.values[r.path]) : ''), width: 110 },
          {
            title: t('change'),
            width: 110,
            render: (_, r) => {
              const c = r.path ? rollup.change[r.path] : undefined;
              if (!c || c.absolute === null) return '';
              return `${c.absolute > 0 ? '+' : ''}${fmt(c.absolute)}${c.relative !== null ? `（${percent(c.relative)}）` : ''}`;
            },
          },
          ...(rollup.own ? [{ title: t('own'), width: 100, render: (_: unknown, r: { path?: string }) => (r.path ? fmt(rollup.own!.values[r.path]) : '') }] : []),
          ...rollup.children.map((c) => ({
            title: (
              <a onClick={() => drill(c.code, c.name)} data-testid={`drill-${c.code}`}>
                {c.name}（{c.reports}/{c.assigned}）
              </a>
            ),
            width: 110,
            render: (_: unknown, r: { path?: string }) => (r.path ? fmt(c.values[r.path]) : ''),
          })),
        ]}
      />
      {rollup.children.length > 0 && field && (
        <Card size="small" style={{ marginTop: 12 }} title={t('chart')} extra={<Select style={{ width: 240 }} value={field} onChange={setChartField} options={rollup.fields.map((f) => ({ value: f.path, label: pick(f.label) }))} />}>
          <Chart
            option={{
              tooltip: { trigger: 'axis' },
              legend: { data: [period, rollup.previousPeriod] },
              grid: { left: 40, right: 16, top: 32, bottom: 48 },
              xAxis: { type: 'category', data: rollup.children.map((c) => c.name), axisLabel: { interval: 0, rotate: rollup.children.length > 6 ? 30 : 0 } },
              yAxis: { type: 'value' },
              series: [
                { name: period, type: 'bar', data: rollup.children.map((c) => c.values[field] ?? 0), itemStyle: { color: '#b71c1c' } },
                { name: rollup.previousPeriod, type: 'bar', data: rollup.children.map((c) => c.previous[field] ?? 0), itemStyle: { color: '#bdbdbd' } },
              ],
            }}
            onClick={(p) => {
              const c = rollup.children[p.dataIndex];
              if (c) drill(c.code, c.name);
            }}
          />
        </Card>
      )}
    </>
  );
}
