/**
 * 数据质量: how each child unit of mine (or of the unit drilled into) enters, keeps current and
 * reports, over a month — a sortable table coloured against thresholds, each child's name going
 * down the tree, the assessment file for download.
 */
import { useEffect, useState } from 'react';
import { Alert, Breadcrumb, Button, Card, DatePicker, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { download, get, query } from '../../../kit/api';
import { percent } from '../../../kit/format';
import { defineWords } from '../../../kit/i18n';
import type { QualityResult, QualityRow } from '../../../kit/contract';

const useQualityWords = defineWords({
  title: ['数据质量', 'Data quality'],
  unitColumn: ['单位', 'Unit'],
  own: ['本级', 'own'],
  total: ['合计', 'Total'],
  records: ['录入数', 'Entered'],
  lag: ['录入时长中位数（天）', 'Entry lag, median (days)'],
  late: ['超期录入', 'Late entries'],
  overdueNow: ['当前逾期', 'Overdue now'],
  missed: ['期内逾期', 'Deadlines missed'],
  stale: ['长期未动草稿', 'Stale drafts'],
  reports: ['报表按时/应报', 'Reports on time / due'],
  approval: ['审核通过率', 'Approval rate'],
  returned: ['退回修改', 'Returned'],
  active: ['活跃用户/用户', 'Active users / users'],
  lastSignIn: ['最近登录', 'Last sign-in'],
  exportXlsx: ['导出考核表', 'Export the assessment file'],
  loadFailed: ['数据质量加载失败', 'Could not load the data quality'],
} as const);

interface Trail {
  code: string | undefined;
  name: string;
}

/** A figure coloured when it passes its threshold (red) or is half way there (orange). */
const flag = (value: number | null, warn: number, bad: number) => (value === null ? undefined : value >= bad ? 'fw-quality-bad' : value >= warn ? 'fw-quality-warn' : undefined);

export function QualityPage() {
  const { t } = useQualityWords();
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const [trail, setTrail] = useState<Trail[]>([{ code: undefined, name: '' }]);
  const [result, setResult] = useState<QualityResult>();
  const [error, setError] = useState<string>();
  const unit = trail.at(-1)!.code;
  const period = month.format('YYYY-MM');
  const path = (format: 'json' | 'xlsx') => `/api/quality${query({ unit, period, format })}`;

  useEffect(() => {
    setError(undefined);
    get<QualityResult>(path('json'))
      .then((answer) => {
        setResult(answer);
        if (!trail[0]!.name) setTrail([{ code: answer.unit.code, name: answer.unit.name }]);
      })
      .catch((e: Error) => setError(e.message));
  }, [unit, period]);

  const rows: (QualityRow & { key: string; kind: 'child' | 'own' | 'total' })[] = result
    ? [
        ...result.children.map((c) => ({ ...c, key: c.code, kind: 'child' as const })),
        { ...result.own, key: '(own)', name: `${result.own.name}（${t('own')}）`, kind: 'own' as const },
        { ...result.total, key: '(total)', name: t('total'), kind: 'total' as const },
      ]
    : [];
  type Row = (typeof rows)[number];
  const RANK = { child: 0, own: 1, total: 2 } as const;
  // Children are ranked; the unit's own line and the total stay below them either way.
  const num = (pickOf: (r: QualityRow) => number | null) => (a: Row, b: Row, order?: 'ascend' | 'descend' | null) =>
    RANK[a.kind] !== RANK[b.kind] ? (RANK[a.kind] - RANK[b.kind]) * (order === 'descend' ? -1 : 1) : (pickOf(a) ?? -1) - (pickOf(b) ?? -1);

  return (
    <Card title={t('title')} data-testid="quality-page">
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Breadcrumb items={trail.map((u, i) => ({ title: <a onClick={() => setTrail(trail.slice(0, i + 1))}>{u.name}</a> }))} />
        <Space>
          <DatePicker picker="month" value={month} allowClear={false} onChange={(d) => d && setMonth(d)} data-testid="quality-month" />
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
        dataSource={rows}
        scroll={{ x: 1300 }}
        data-testid="quality-table"
        rowClassName={(r) => (r.kind === 'total' ? 'fw-section' : '')}
        columns={[
          {
            title: t('unitColumn'),
            fixed: 'left',
            width: 200,
            render: (_, r) =>
              r.kind === 'child' ? (
                <a onClick={() => setTrail([...trail, { code: r.code, name: r.name }])} data-testid={`quality-drill-${r.code}`}>
                  {r.name}
                </a>
              ) : (
                <Typography.Text strong={r.kind === 'total'}>{r.name}</Typography.Text>
              ),
          },
          { title: t('records'), dataIndex: 'records', sorter: num((r) => r.records), width: 90 },
          { title: t('lag'), dataIndex: 'entryLagMedianDays', sorter: num((r) => r.entryLagMedianDays), width: 120, render: (v: number | null) => v ?? '—' },
          {
            title: t('late'),
            sorter: num((r) => r.lateShare),
            width: 110,
            onCell: (r) => ({ className: flag(r.lateShare, 0.1, 0.2) }),
            render: (_, r) => `${r.lateEntries}${r.lateShare === null ? '' : `（${percent(r.lateShare)}）`}`,
          },
          { title: t('overdueNow'), dataIndex: 'overdueNow', sorter: num((r) => r.overdueNow), width: 90, onCell: (r) => ({ className: flag(r.overdueNow, 1, 5) }) },
          { title: t('missed'), dataIndex: 'missedDeadlines', sorter: num((r) => r.missedDeadlines), width: 90 },
          { title: t('stale'), dataIndex: 'staleDrafts', sorter: num((r) => r.staleDrafts), width: 110, onCell: (r) => ({ className: flag(r.staleDrafts, 1, 5) }) },
          {
            title: t('reports'),
            sorter: num((r) => (r.reportsDue ? r.reportsOnTime / r.reportsDue : null)),
            width: 120,
            onCell: (r) => ({ className: flag(r.reportsLate, 1, 1) }),
            render: (_, r) => `${r.reportsOnTime}/${r.reportsDue}`,
          },
          { title: t('approval'), sorter: num((r) => r.approvalRate), width: 100, render: (_, r) => (r.approvalRate === null ? '—' : percent(r.approvalRate)) },
          { title: t('returned'), dataIndex: 'returned', sorter: num((r) => r.returned), width: 90 },
          { title: t('active'), sorter: num((r) => r.activeUsers), width: 110, render: (_, r) => `${r.activeUsers}/${r.users}` },
          { title: t('lastSignIn'), width: 150, render: (_, r) => (r.lastSignInAt ? dayjs(r.lastSignInAt).format('YYYY-MM-DD HH:mm') : '—') },
        ]}
      />
    </Card>
  );
}
