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
import { Chart, type ChartClick } from '../../kit/Chart';
import { listModules, loadModule, type Loaded, type ModuleSummary } from '../../kit/definitions';
import { defineWords } from '../../kit/i18n';
import { topFields } from '../../kit/schema-fields';
import { useAuth } from '../../kit/session';
import { listUnits, unitTrail, type UnitNode } from '../../kit/units';
import type { StatsResult as Stats } from '../../kit/contract';
import { PeriodPicker, type PeriodSpan, type PickedPeriod } from '../../kit/PeriodPicker';

/** The overview page's words. */
const useDashboardWords = defineWords({
  dashboard: ['数据总览', 'Overview'],
  byState: ['按办理状态', 'By state'],
  byUnit: ['按单位', 'By unit'],
  byMonth: ['按月趋势', 'By month'],
  records: ['条', 'records'],
} as const);

/** The records counted one way, as bars (lying, for a closed-list field's long names). */
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

/** The records by state, as a ring. */
const pie = (stats: Stats | undefined): EChartsOption => ({
  tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
  // State names are long for a narrow card: names in a scrolling legend, counts on the slices.
  legend: { type: 'scroll', bottom: 0 },
  series: [{ type: 'pie', radius: ['35%', '62%'], center: ['50%', '44%'], label: { formatter: '{c}' }, data: (stats?.groups ?? []).map((g) => ({ name: g.label, value: g.count })) }],
});

/** The records by month, as a line. */
const line = (stats: Stats | undefined): EChartsOption => ({
  tooltip: { trigger: 'axis' },
  grid: { left: 40, right: 16, top: 16, bottom: 32 },
  xAxis: { type: 'category', data: (stats?.groups ?? []).map((g) => g.label) },
  yAxis: { type: 'value' },
  series: [{ type: 'line', smooth: true, data: (stats?.groups ?? []).map((g) => g.count), itemStyle: { color: '#b71c1c' } }],
});

/** A click on a chart as the key of the group it hit (nothing for a group without one). */
const onGroup = (stats: Stats | undefined, then: (key: string) => void) => (p: ChartClick) => {
  const g = stats?.groups[p.dataIndex];
  if (g?.key) then(g.key);
};

/**
 * What the overview shows: the modules to choose from, the units, the chosen module (`?module=`,
 * the case module or the first record module by default) and unit (`?unit=`, mine by default),
 * the module's charted fields and its records counted by each grouping.
 */
function useDashboardData(search: URLSearchParams) {
  const { me } = useAuth();
  const [modules, setModules] = useState<ModuleSummary[]>([]);
  const [units, setUnits] = useState<UnitNode[]>([]);
  const [loaded, setLoaded] = useState<Loaded>();
  const [stats, setStats] = useState<Record<string, Stats>>({});
  const key = search.get('module') ?? (modules.find((m) => m.key === 'discipline-case') ?? modules.find((m) => m.kind === 'record'))?.key;
  const unit = search.get('unit') ?? me!.unitCode;
  const from = search.get('from') ?? undefined;
  const to = search.get('to') ?? undefined;

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
      void get<Stats>(`/api/modules/${key}/stats${query({ by, unit, from, to })}`).then((s) => setStats((all) => ({ ...all, [by]: s })));
    }
  }, [key, loaded, unit, groupings, from, to]);

  return { modules, units, key, unit, loaded, stats, charted, dateField };
}

/** The page's title, the period the figures cover and the choice of module. */
function DashboardToolbar({
  modules,
  moduleKey,
  onModule,
  period,
  onPeriod,
}: {
  modules: ModuleSummary[];
  moduleKey: string;
  onModule: (key: string) => void;
  period: PickedPeriod;
  onPeriod: (period: PickedPeriod) => void;
}) {
  const { t, pick } = useDashboardWords();
  return (
    <div className="fw-page-title">
      <h2>{t('dashboard')}</h2>
      <Space wrap>
        <PeriodPicker value={period} onChange={onPeriod} />
        <Select
          style={{ width: 200 }}
          value={moduleKey}
          options={modules.filter((m) => m.kind === 'record').map((m) => ({ value: m.key, label: pick(m.title) }))}
          onChange={onModule}
        />
      </Space>
    </div>
  );
}

/** The module's records in the subtree, and by state (a slice lists that state's records). */
function StateCards({ title, stats, onState }: { title: string; stats: Stats | undefined; onState: (state: string) => void }) {
  const { t } = useDashboardWords();
  return (
    <>
      <Card size="small">
        <Statistic title={title} value={stats?.total ?? 0} suffix={t('records')} data-testid="dashboard-total" />
      </Card>
      <Card size="small" title={t('byState')} style={{ marginTop: 16 }}>
        <Chart testId="chart-state" option={pie(stats)} onClick={onGroup(stats, onState)} />
      </Card>
    </>
  );
}

/** A chart of the records counted one way, in a card (`onPick` has the key of a clicked group). */
function ChartCard({ title, testId, option, stats, onPick }: { title: string; testId?: string; option: EChartsOption; stats?: Stats; onPick?: (key: string) => void }) {
  return (
    <Card size="small" title={title}>
      <Chart testId={testId} option={option} onClick={onPick && onGroup(stats, onPick)} />
    </Card>
  );
}

/** The overview (`/dashboard?module=&unit=&span=&from=&to=`): one module's records in a unit's subtree, charted, over a period. */
export function DashboardPage() {
  const { t, pick } = useDashboardWords();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const { modules, units, key, unit, loaded, stats, charted, dateField } = useDashboardData(search);

  if (!key) return <Empty />;
  if (!loaded) return <Spin />;
  const { compiled } = loaded;
  const toList = (params: Record<string, string>) => navigate(`/m/${key}${query({ unit, ...params })}`);
  // The period stays as the module and the unit change.
  const periodParams = Object.fromEntries(['span', 'from', 'to'].flatMap((p) => (search.get(p) ? [[p, search.get(p)!]] : [])));
  const period: PickedPeriod = { span: (search.get('span') as PeriodSpan | null) ?? 'all', ...(search.get('from') ? { from: search.get('from')! } : {}), ...(search.get('to') ? { to: search.get('to')! } : {}) };
  const toUnit = (code: string) => setSearch({ module: key, unit: code, ...periodParams });
  const onPeriod = (next: PickedPeriod) =>
    setSearch({ module: key, ...(search.get('unit') ? { unit } : {}), ...(next.span !== 'all' ? { span: next.span } : {}), ...(next.from ? { from: next.from } : {}), ...(next.to ? { to: next.to } : {}) });

  return (
    <>
      <DashboardToolbar modules={modules} moduleKey={key} onModule={(value) => setSearch({ module: value, ...periodParams })} period={period} onPeriod={onPeriod} />
      <Breadcrumb style={{ marginBottom: 12 }} items={unitTrail(units, unit, me!.unitCode).map((u) => ({ title: <a onClick={() => toUnit(u.code)}>{u.name}</a> }))} />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <StateCards title={pick(compiled.definition.title)} stats={stats.state} onState={(state) => toList({ state })} />
        </Col>
        <Col xs={24} md={16}>
          <ChartCard title={t('byUnit')} testId="chart-unit" option={bar(stats.unit)} stats={stats.unit} onPick={(code) => (code !== unit ? toUnit(code) : toList({}))} />
        </Col>
        {charted.map((f) => (
          <Col xs={24} md={12} key={f.pointer}>
            <ChartCard
              title={pick(compiled.fieldLabel(f.pointer))}
              testId={`chart-${f.name}`}
              option={bar(stats[f.pointer], true)}
              stats={stats[f.pointer]}
              onPick={(value) => toList({ filter: JSON.stringify({ [f.name]: value }) })}
            />
          </Col>
        ))}
        {dateField && (
          <Col xs={24} md={12}>
            <ChartCard title={`${pick(compiled.fieldLabel(dateField.pointer))} · ${t('byMonth')}`} option={line(stats[`month:${dateField.pointer}`])} />
          </Col>
        )}
      </Row>
    </>
  );
}
