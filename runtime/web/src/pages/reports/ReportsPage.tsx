/**
 * A report template by period: my unit's report (pre-filled, to fill and submit), the subtree's
 * completeness and timeliness, the roll-up with drill-down into children and a chart, the
 * spreadsheet export, and — for statistics staff above — assigning a period.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { App, Breadcrumb, Button, Card, DatePicker, Empty, Form, Input, Progress, Result, Row, Col, Select, Space, Spin, Switch, Table, Tabs, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api, ApiError, download, get, query } from '../../../kit/api';
import { Chart } from '../../../kit/Chart';
import { loadModule, type Loaded } from '../../../kit/definitions';
import { formatTime, percent } from '../../../kit/format';
import { useI18n, type Word } from '../../../kit/i18n';
import { useAuth } from '../../../kit/session';
import type { Completeness, PeriodSummary, RecordRow, RollupResult as Rollup, StatusResult as Status, UnitStatus } from '../../../kit/contract';

const STATUS_COLORS = { notStarted: 'default', draft: 'orange', submitted: 'blue', approved: 'green' } as const;
const TIMELINESS_COLORS = { onTime: 'green', late: 'red', pending: 'default' } as const;

export function ReportsPage() {
  const { key = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const { t, pick } = useI18n();
  const { can, me } = useAuth();
  const [loaded, setLoaded] = useState<Loaded>();
  const [periods, setPeriods] = useState<PeriodSummary[]>();
  const [error, setError] = useState<string>();
  const period = search.get('period') ?? periods?.[0]?.period;

  const reload = useCallback(() => {
    void get<PeriodSummary[]>(`/api/reports/${key}/periods`).then(setPeriods);
  }, [key]);
  useEffect(() => {
    setError(undefined);
    loadModule(key).then(setLoaded, (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
    reload();
  }, [key, reload]);

  if (error) return <Result status="warning" title={error} />;
  if (!loaded || !periods) return <Spin />;
  const report = loaded.compiled.report!;
  const canAssign = can('reports.assign') && report.spec.levels.some((l) => l > me!.unitLevel);

  return (
    <>
      <div className="fw-page-title">
        <h2>{pick(loaded.compiled.definition.title)}</h2>
        <Space>
          {t('period')}
          <Select
            style={{ width: 140 }}
            value={period}
            placeholder={t('noPeriods')}
            options={periods.map((p) => ({ value: p.period, label: p.period }))}
            onChange={(value: string) => setSearch({ period: value })}
            data-testid="period-select"
          />
        </Space>
      </div>
      <Tabs
        items={[
          ...(period
            ? [
                { key: 'mine', label: t('myReports'), children: <MyReports reportKey={key} period={period} loaded={loaded} /> },
                { key: 'progress', label: t('progress'), children: <Progressing reportKey={key} period={period} /> },
                { key: 'rollup', label: t('rollup'), children: <RollupView reportKey={key} period={period} /> },
              ]
            : []),
          ...(canAssign ? [{ key: 'assign', label: t('assign'), children: <AssignForm reportKey={key} levels={report.spec.levels.filter((l) => l > me!.unitLevel)} onAssigned={(p) => { reload(); setSearch({ period: p }); }} /> }] : []),
        ]}
      />
      {!period && !canAssign && <Empty description={t('noPeriods')} />}
    </>
  );
}

function MyReports({ reportKey, period, loaded }: { reportKey: string; period: string; loaded: Loaded }) {
  const { t, pick } = useI18n();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [rows, setRows] = useState<RecordRow[]>();
  useEffect(() => {
    void get<{ items: RecordRow[] }>(`/api/modules/${reportKey}/records${query({ period, unit: me!.unitCode, limit: 500 })}`).then((page) =>
      setRows(page.items.filter((r) => r.unitCode === me!.unitCode)),
    );
  }, [reportKey, period, me]);
  return (
    <Table<RecordRow>
      rowKey="id"
      size="small"
      loading={!rows}
      dataSource={rows}
      pagination={false}
      locale={{ emptyText: <Empty description={t('noPeriods')} /> }}
      columns={[
        { title: t('period'), render: (_, r) => r.period },
        { title: t('state'), render: (_, r) => <Tag>{pick(loaded.compiled.workflow.states[r.state]?.title) || r.state}</Tag>, key: 'state' },
        { title: t('due'), render: (_, r) => formatTime(r.deadlineAt) },
        { title: '', render: (_, r) => <Button type="primary" size="small" onClick={() => navigate(`/r/${r.id}`)} data-testid="open-my-report">{t('open')}</Button> },
      ]}
    />
  );
}

function Progressing({ reportKey, period }: { reportKey: string; period: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [status, setStatus] = useState<Status>();
  useEffect(() => {
    setStatus(undefined);
    void get<Status>(`/api/reports/${reportKey}/periods/${period}/status`).then(setStatus);
  }, [reportKey, period]);
  if (!status) return <Spin />;
  const rates = (c: Completeness) => (
    <Space wrap size="large">
      <span>
        {t('reportingRate')} <Progress type="circle" size={56} percent={Math.round(c.reportingRate * 100)} />
      </span>
      <span>
        {t('onTimeRate')} <Progress type="circle" size={56} percent={Math.round(c.onTimeRate * 100)} strokeColor="#52c41a" />
      </span>
      <span>
        {t('approvalRate')} <Progress type="circle" size={56} percent={Math.round(c.approvalRate * 100)} strokeColor="#1677ff" />
      </span>
    </Space>
  );
  return (
    <>
      <Card size="small" style={{ marginBottom: 12 }} data-testid="completeness">
        {rates(status.total)}
        <Table
          rowKey="level"
          size="small"
          style={{ marginTop: 12 }}
          pagination={false}
          dataSource={status.levels}
          scroll={{ x: 640 }}
          columns={[
            { title: t('level'), render: (_: unknown, l: Completeness & { level: number }) => t('levels', { n: l.level }) },
            { title: t('assigned'), dataIndex: 'assigned' },
            ...(['notStarted', 'draft', 'submitted', 'approved', 'late'] as Word[]).map((w) => ({ title: t(w), dataIndex: w })),
            { title: t('reportingRate'), render: (_: unknown, l: Completeness) => percent(l.reportingRate) },
            { title: t('onTimeRate'), render: (_: unknown, l: Completeness) => percent(l.onTimeRate) },
          ]}
        />
      </Card>
      <Table<UnitStatus>
        rowKey="unitCode"
        size="small"
        dataSource={status.units}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 640 }}
        onRow={(u) => ({ onClick: () => navigate(`/r/${u.recordId}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('unit'), dataIndex: 'unitName' },
          { title: t('state'), render: (_, u) => <Tag color={STATUS_COLORS[u.status]}>{t(u.status)}</Tag> },
          { title: '', render: (_, u) => <Tag color={TIMELINESS_COLORS[u.timeliness]}>{t(u.timeliness)}</Tag> },
          { title: t('dueAt'), render: (_, u) => formatTime(u.dueAt), responsive: ['md'] },
          { title: t('submitted'), render: (_, u) => formatTime(u.submittedAt), responsive: ['md'] },
        ]}
      />
    </>
  );
}

function RollupView({ reportKey, period }: { reportKey: string; period: string }) {
  const { t, pick } = useI18n();
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

function AssignForm({ reportKey, levels, onAssigned }: { reportKey: string; levels: number[]; onAssigned(period: string): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const submit = async (values: { period: string; level: number; dueAt?: Dayjs }) => {
    setBusy(true);
    try {
      const answer = await api<{ created: number; existing: number }>('POST', `/api/reports/${reportKey}/periods/${values.period.trim()}/assign`, {
        level: values.level,
        ...(values.dueAt ? { dueAt: values.dueAt.format('YYYY-MM-DD') } : {}),
      });
      void message.success(`${answer.created} / ${answer.created + answer.existing}`);
      onAssigned(values.period.trim());
    } catch (e) {
      void message.error(e instanceof ApiError ? (e.problems[0]?.message ?? e.message) : t('failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Row>
      <Col xs={24} md={12}>
        <Form layout="vertical" onFinish={submit} initialValues={{ level: levels[levels.length - 1] }}>
          <Form.Item name="period" label={t('period')} rules={[{ required: true }]}>
            <Input placeholder="2026Q3" />
          </Form.Item>
          <Form.Item name="level" label={t('level')} rules={[{ required: true }]}>
            <Select options={levels.map((l) => ({ value: l, label: t('levels', { n: l }) }))} />
          </Form.Item>
          <Form.Item name="dueAt" label={t('dueAt')}>
            <DatePicker />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('assign')}
          </Button>
        </Form>
      </Col>
    </Row>
  );
}
