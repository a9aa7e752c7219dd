/**
 * 数据质量: how each child unit of mine (or of the unit drilled into) enters, keeps current and
 * reports, over a month — a sortable table coloured against thresholds, each figure opening the
 * records behind it, each child's name going down the tree, the trend of a measure over twelve
 * months, the assessment file for download. What is shown lives in the address
 * (`?unit=&period=&figure=&line=`), so going back from a record finds the page as it was.
 */
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Breadcrumb, Button, Card, DatePicker, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { download, get, query } from '../../../kit/api';
import { formatTime, percent } from '../../../kit/format';
import { useAuth } from '../../../kit/session';
import { listUnits, unitTrail, type UnitNode } from '../../../kit/units';
import type { QualityDrillMeasure, QualityResult, QualityRow } from '../../../kit/contract';
import { FigureDrawer, type Figure } from './FigureDrawer';
import { TrendCard } from './TrendCard';
import { useQualityWords } from './words';

type Line = QualityRow & { key: string; kind: 'child' | 'own' | 'total' };

/** A figure coloured when it passes its threshold (red) or is half way there (orange). */
const flag = (value: number | null, warn: number, bad: number) => (value === null ? undefined : value >= bad ? 'fw-quality-bad' : value >= warn ? 'fw-quality-warn' : undefined);

/** A figure of a line: a link to the records behind it when there are any. */
function FigureLink({ line, measure, value, text, onOpen }: { line: Line; measure: QualityDrillMeasure; value: number; text?: string; onOpen: (line: Line, measure: QualityDrillMeasure) => void }) {
  if (value === 0) return <>{text ?? value}</>;
  return (
    <a onClick={() => onOpen(line, measure)} data-testid={`quality-figure-${measure}-${line.key}`}>
      {text ?? value}
    </a>
  );
}

/** The page's state in the address: the unit, the month and the open figure (if any). */
function useQualityAddress() {
  const { me } = useAuth();
  const [search, setSearch] = useSearchParams();
  const unit = search.get('unit') ?? me!.unitCode;
  const period = /^\d{4}-\d{2}$/.test(search.get('period') ?? '') ? search.get('period')! : dayjs().format('YYYY-MM');
  const figure = search.get('figure') as QualityDrillMeasure | null;
  const line = search.get('line');
  const set = (next: { unit?: string; period?: string; figure?: QualityDrillMeasure | null; line?: string | null }) => {
    const merged = { unit, period, figure, line, ...next };
    setSearch(query({ unit: merged.unit === me!.unitCode ? undefined : merged.unit, period: merged.period, figure: merged.figure, line: merged.figure ? merged.line : undefined }));
  };
  return { unit, period, figure, line, set };
}

export function QualityPage() {
  const { t } = useQualityWords();
  const { me } = useAuth();
  const { unit, period, figure, line, set } = useQualityAddress();
  const [units, setUnits] = useState<UnitNode[]>([]);
  const [result, setResult] = useState<QualityResult>();
  const [error, setError] = useState<string>();
  const path = (format: 'json' | 'xlsx') => `/api/quality${query({ unit, period, format })}`;

  useEffect(() => {
    void listUnits().then(setUnits, () => setUnits([]));
  }, []);
  useEffect(() => {
    setError(undefined);
    get<QualityResult>(path('json')).then(setResult, (e: Error) => setError(e.message));
  }, [unit, period]);

  const lines: Line[] =
    result && result.unit.code === unit
      ? [
          ...result.children.map((c) => ({ ...c, key: c.code, kind: 'child' as const })),
          { ...result.own, key: 'own', name: `${result.own.name}（${t('own')}）`, kind: 'own' as const },
          { ...result.total, key: 'total', name: t('total'), kind: 'total' as const },
        ]
      : [];
  const RANK = { child: 0, own: 1, total: 2 } as const;
  // Children are ranked; the unit's own line and the total stay below them either way.
  const num = (pickOf: (r: QualityRow) => number | null) => (a: Line, b: Line, order?: 'ascend' | 'descend' | null) =>
    RANK[a.kind] !== RANK[b.kind] ? (RANK[a.kind] - RANK[b.kind]) * (order === 'descend' ? -1 : 1) : (pickOf(a) ?? -1) - (pickOf(b) ?? -1);
  const open = (l: Line, measure: QualityDrillMeasure) => set({ figure: measure, line: l.key });
  const link = (measure: QualityDrillMeasure, value: (r: Line) => number, text?: (r: Line) => string) => (_: unknown, r: Line) => (
    <FigureLink line={r} measure={measure} value={value(r)} text={text?.(r)} onOpen={open} />
  );
  const shown = lines.find((l) => l.key === line);
  const drawn: Figure | undefined =
    figure && shown ? { measure: figure, unit: shown.kind === 'child' ? shown.code : unit, own: shown.kind === 'own', name: shown.name } : undefined;
  const trail = unitTrail(units, unit, me!.unitCode);

  return (
    <Card title={t('title')} data-testid="quality-page">
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Breadcrumb items={(trail.length > 0 ? trail : [{ code: unit, name: result?.unit.name ?? '' }]).map((u) => ({ title: <a onClick={() => set({ unit: u.code, figure: null })}>{u.name}</a> }))} />
        <Space wrap>
          <DatePicker
            picker="month"
            value={dayjs(`${period}-01`)}
            allowClear={false}
            onChange={(d) => d && set({ period: d.format('YYYY-MM') })}
            data-testid="quality-month"
          />
          <Button icon={<DownloadOutlined />} onClick={() => void download(path('xlsx'), `quality-${period}.xlsx`)} data-testid="quality-xlsx">
            {t('exportXlsx')}
          </Button>
        </Space>
      </Space>
      {error && <Alert type="error" message={t('loadFailed')} description={error} showIcon style={{ marginBottom: 12 }} />}
      <Table
        rowKey="key"
        size="small"
        bordered
        pagination={false}
        dataSource={lines}
        loading={!lines.length && !error}
        scroll={{ x: 1400 }}
        data-testid="quality-table"
        rowClassName={(r) => (r.kind === 'total' ? 'fw-section' : '')}
        footer={() => <Typography.Text type="secondary">{t('figureHint')}</Typography.Text>}
        columns={[
          {
            title: t('unitColumn'),
            fixed: 'left',
            width: 200,
            render: (_, r) =>
              r.kind === 'child' ? (
                <a onClick={() => set({ unit: r.code, figure: null })} data-testid={`quality-drill-${r.code}`}>
                  {r.name}
                </a>
              ) : (
                <Typography.Text strong={r.kind === 'total'}>{r.name}</Typography.Text>
              ),
          },
          { title: t('records'), sorter: num((r) => r.records), width: 90, render: link('records', (r) => r.records) },
          { title: t('lag'), dataIndex: 'entryLagMedianDays', sorter: num((r) => r.entryLagMedianDays), width: 120, render: (v: number | null) => v ?? '—' },
          {
            title: t('late'),
            sorter: num((r) => r.lateShare),
            width: 110,
            onCell: (r) => ({ className: flag(r.lateShare, 0.1, 0.2) }),
            render: link('lateEntries', (r) => r.lateEntries, (r) => `${r.lateEntries}${r.lateShare === null ? '' : `（${percent(r.lateShare)}）`}`),
          },
          { title: t('overdueNow'), sorter: num((r) => r.overdueNow), width: 90, onCell: (r) => ({ className: flag(r.overdueNow, 1, 5) }), render: link('overdueNow', (r) => r.overdueNow) },
          { title: t('missed'), sorter: num((r) => r.missedDeadlines), width: 90, render: link('missedDeadlines', (r) => r.missedDeadlines) },
          { title: t('stale'), sorter: num((r) => r.staleDrafts), width: 110, onCell: (r) => ({ className: flag(r.staleDrafts, 1, 5) }), render: link('staleDrafts', (r) => r.staleDrafts) },
          {
            title: t('reports'),
            sorter: num((r) => (r.reportsDue ? r.reportsOnTime / r.reportsDue : null)),
            width: 120,
            onCell: (r) => ({ className: flag(r.reportsLate, 1, 1) }),
            render: link('reportsLate', (r) => r.reportsLate, (r) => `${r.reportsOnTime}/${r.reportsDue}`),
          },
          { title: t('approval'), sorter: num((r) => r.approvalRate), width: 100, render: (_, r) => (r.approvalRate === null ? '—' : percent(r.approvalRate)) },
          { title: t('returned'), sorter: num((r) => r.returned), width: 90, render: link('returned', (r) => r.returned) },
          {
            title: t('openWarnings'),
            sorter: num((r) => r.openWarnings),
            width: 100,
            onCell: (r) => ({ className: flag(r.openWarnings, 1, 5) }),
            render: link('openWarnings', (r) => r.openWarnings),
          },
          { title: t('active'), sorter: num((r) => r.activeUsers), width: 110, render: (_, r) => `${r.activeUsers}/${r.users}` },
          { title: t('lastSignIn'), width: 150, render: (_, r) => (r.lastSignInAt ? formatTime(r.lastSignInAt) : '—') },
        ]}
      />
      <TrendCard unit={unit} name={result?.unit.name ?? ''} period={period} />
      <FigureDrawer figure={drawn} period={period} onClose={() => set({ figure: null })} />
    </Card>
  );
}
