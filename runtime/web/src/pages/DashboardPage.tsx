/**
 * The overview for units above: a module's records in the subtree by state, by each closed-list
 * field (disciplines, cadre grades …), by child unit and by month — each bar a way down to the
 * records ("from the forest to the trees").
 */
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Breadcrumb, Card, Col, Empty, Row, Select, Space, Spin, Statistic } from 'antd';
import type { EChartsOption } from 'echarts';
import { get, query } from '../../kit/api';
import { Chart } from '../../kit/Chart';
import { listModules, loadModule, type Loaded, type ModuleSummary } from '../../kit/definitions';
import { defineWords } from '../../kit/i18n';
import { topFields } from '../../kit/schema-fields';
import { useAuth } from '../../kit/session';
import { listUnits, type UnitNode } from '../../kit/units';
import type { StatsResult as Stats } from '../../kit/contract';

/** The overview page's words. */
const useDashboardWords = defineWords({
  dashboard: ['数据总览', 'Overview'],
  byState: ['按办理状态', 'By state'],
  byUnit: ['按单位', 'By unit'],
  byMonth: ['按月趋势', 'By month'],
  records: ['条', 'records'],
} as const);

const bar = (stats: Stats | undefined, horizontal = false): EChartsOption => {
  const groups = stats?.groups ?? [];
  const names = groups.map((g) => g.label);
  const values = groups.map((g) => g.count);
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: horizontal ? 110 : 40, right: 16, top: 16, bottom: horizontal ? 24 : 56 },
    xAxis: horizontal ? { type: 'value' } : { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 5 ? 30 : 0 } },
    yAxis: horizontal ? { type: 'category', data: names } : { type: 'value' },
    series: [{ type: 'bar', data: values, itemStyle: { color: '#b71c1c' }, barMaxWidth: 36 }],
  };
};

/** The overview (`/dashboard?module=&unit=`): one module's records in a unit's subtree, charted. */
export function DashboardPage() {
  const { t, pick } = useDashboardWords();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const [modules, setModules] = useState<ModuleSummary[]>([]);
  const [units, setUnits] = useState<UnitNode[]>([]);
  const [loaded, setLoaded] = useState<Loaded>();
  const [stats, setStats] = useState<Record<string, Stats>>({});
  const key = search.get('module') ?? (modules.find((m) => m.key === 'discipline-case') ?? modules.find((m) => m.kind === 'record'))?.key;
  const unit = search.get('unit') ?? me!.unitCode;

  useEffect(() => {
    void listModules().then(setModules);
    void listUnits().then(setUnits);
  }, []);
  useEffect(() => {
    if (key) void loadModule(key).then(setLoaded);
  }, [key]);

  const fields = useMemo(() => (loaded ? topFields(loaded.compiled, loaded.codelists) : []), [loaded]);
  const charted = useMemo(() => fields.filter((f) => f.options).slice(0, 3), [fields]);
  const dateField = useMemo(() => fields.find((f) => f.date), [fields]);
  const groupings = useMemo(
    () => ['state', 'unit', ...charted.map((f) => f.pointer), ...(dateField ? [`month:${dateField.pointer}`] : [])],
    [charted, dateField],
  );

  useEffect(() => {
    if (!key || !loaded) return;
    setStats({});
    for (const by of groupings) {
      void get<Stats>(`/api/modules/${key}/stats${query({ by, unit })}`).then((s) => setStats((all) => ({ ...all, [by]: s })));
    }
  }, [key, loaded, unit, groupings]);

  if (!key) return <Empty />;
  if (!loaded) return <Spin />;
  const { compiled } = loaded;
  const trail: UnitNode[] = [];
  for (let u = units.find((x) => x.code === unit); u; u = units.find((x) => x.code === u!.parentCode)) {
    trail.unshift(u);
    if (u.code === me!.unitCode) break;
  }
  const toList = (params: Record<string, string>) => navigate(`/m/${key}${query({ unit, ...params })}`);
  const pickGroup = (by: string, index: number) => stats[by]?.groups[index];

  return (
    <>
      <div className="fw-page-title">
        <h2>{t('dashboard')}</h2>
        <Space wrap>
          <Select
            style={{ width: 200 }}
            value={key}
            options={modules.filter((m) => m.kind === 'record').map((m) => ({ value: m.key, label: pick(m.title) }))}
            onChange={(value: string) => setSearch({ module: value })}
          />
        </Space>
      </div>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={trail.map((u) => ({ title: <a onClick={() => setSearch({ module: key, unit: u.code })}>{u.name}</a> }))}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Card size="small">
            <Statistic title={pick(compiled.definition.title)} value={stats.state?.total ?? 0} suffix={t('records')} data-testid="dashboard-total" />
          </Card>
          <Card size="small" title={t('byState')} style={{ marginTop: 16 }}>
            <Chart
              testId="chart-state"
              option={{
                tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
                // State names are long for a narrow card: names in a scrolling legend, counts on the slices.
                legend: { type: 'scroll', bottom: 0 },
                series: [{ type: 'pie', radius: ['35%', '62%'], center: ['50%', '44%'], label: { formatter: '{c}' }, data: (stats.state?.groups ?? []).map((g) => ({ name: g.label, value: g.count })) }],
              }}
              onClick={(p) => {
                const g = pickGroup('state', p.dataIndex);
                if (g?.key) toList({ state: g.key });
              }}
            />
          </Card>
        </Col>
        <Col xs={24} md={16}>
          <Card size="small" title={t('byUnit')}>
            <Chart
              testId="chart-unit"
              option={bar(stats.unit)}
              onClick={(p) => {
                const g = pickGroup('unit', p.dataIndex);
                if (g?.key && g.key !== unit) setSearch({ module: key, unit: g.key });
                else if (g?.key) toList({});
              }}
            />
          </Card>
        </Col>
        {charted.map((f) => (
          <Col xs={24} md={12} key={f.pointer}>
            <Card size="small" title={pick(compiled.fieldLabel(f.pointer))}>
              <Chart
                testId={`chart-${f.name}`}
                option={bar(stats[f.pointer], true)}
                onClick={(p) => {
                  const g = pickGroup(f.pointer, p.dataIndex);
                  if (g?.key) toList({ filter: JSON.stringify({ [f.name]: g.key }) });
                }}
              />
            </Card>
          </Col>
        ))}
        {dateField && (
          <Col xs={24} md={12}>
            <Card size="small" title={`${pick(compiled.fieldLabel(dateField.pointer))} · ${t('byMonth')}`}>
              <Chart
                option={{
                  tooltip: { trigger: 'axis' },
                  grid: { left: 40, right: 16, top: 16, bottom: 32 },
                  xAxis: { type: 'category', data: (stats[`month:${dateField.pointer}`]?.groups ?? []).map((g) => g.label) },
                  yAxis: { type: 'value' },
                  series: [{ type: 'line', smooth: true, data: (stats[`month:${dateField.pointer}`]?.groups ?? []).map((g) => g.count), itemStyle: { color: '#b71c1c' } }],
                }}
              />
            </Card>
          </Col>
        )}
      </Row>
    </>
  );
}
