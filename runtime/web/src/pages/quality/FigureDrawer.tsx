/**
 * The records behind one figure of the 数据质量 table, in a drawer: what each record is, where,
 * its state and why it counts; a row opens the record in the workspace.
 */
import { useEffect, useState, type HTMLAttributes } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Drawer, Grid, Space, Table, Tag, Typography } from 'antd';
import { get, query } from '../../../kit/api';
import { formatTime } from '../../../kit/format';
import type { QualityDrillMeasure, QualityRecord, QualityRecordsResult } from '../../../kit/contract';
import { useMonthLabel, useQualityWords } from './words';

/** Which figure of which line: a child's subtree, the unit's own records, or the whole. */
export interface Figure {
  measure: QualityDrillMeasure;
  /** The unit whose line it is (a child, or the unit itself for its own line and the total). */
  unit: string;
  own: boolean;
  /** The line's name, for the title. */
  name: string;
}

const PAGE = 20;

/** The words naming each figure (its column in the table). */
export const FIGURE_WORDS = {
  records: 'records',
  lateEntries: 'late',
  overdueNow: 'overdueNow',
  missedDeadlines: 'missed',
  staleDrafts: 'stale',
  reportsLate: 'reportsLate',
  returned: 'returned',
  openWarnings: 'openWarnings',
} as const satisfies Record<QualityDrillMeasure, string>;

/** Why a record counts for the figure, in words. */
function useReason() {
  const { t } = useQualityWords();
  return (measure: QualityDrillMeasure, r: QualityRecord): string => {
    const time = formatTime(r.at);
    switch (measure) {
      case 'records':
      case 'lateEntries':
        return r.days !== null && r.matterDate ? t('reasonLag', { date: r.matterDate, days: r.days, limit: r.limitDays ?? '' }) : t('reasonEntered', { time });
      case 'overdueNow':
        return t('reasonOverdue', { days: r.days ?? 0, time });
      case 'missedDeadlines':
        return t('reasonMissed', { count: r.count, time });
      case 'staleDrafts':
        return t('reasonStale', { days: r.days ?? 0, limit: r.limitDays ?? '' });
      case 'reportsLate':
        return r.at ? t('reasonReportLate', { days: r.days ?? 0, time }) : t('reasonReportOut', { days: r.days ?? 0, time: formatTime(r.dueAt) });
      case 'returned':
        return t('reasonReturned', { count: r.count, time });
      case 'openWarnings':
        return t('reasonWarnings', { count: r.count, list: r.warnings.map((w) => w.message).join('；') });
    }
  };
}

/** The drawer of the records behind `figure` over the period (`period` or `from`/`to`); closed when there is no figure. */
export function FigureDrawer({ figure, period, onClose }: { figure: Figure | undefined; period: string; onClose: () => void }) {
  const { t, pick } = useQualityWords();
  const monthLabel = useMonthLabel();
  const navigate = useNavigate();
  const reason = useReason();
  const narrow = !Grid.useBreakpoint().md;
  const [page, setPage] = useState(1);
  const [answer, setAnswer] = useState<QualityRecordsResult>();
  const [error, setError] = useState<string>();
  const key = figure && `${figure.measure}:${figure.unit}:${figure.own}:${period}`;
  useEffect(() => setPage(1), [key]);
  useEffect(() => {
    if (!figure) return;
    setAnswer(undefined);
    setError(undefined);
    const params = { unit: figure.unit, own: figure.own || undefined, measure: figure.measure, period, limit: PAGE, offset: (page - 1) * PAGE };
    get<QualityRecordsResult>(`/api/quality/records${query(params)}`).then(setAnswer, (e: Error) => setError(e.message));
  }, [key, page]);

  const counted = answer && answer.sum !== answer.total;
  return (
    <Drawer
      open={figure !== undefined}
      onClose={onClose}
      width={narrow ? '100%' : 860}
      title={figure && t('behind', { unit: figure.name, figure: t(FIGURE_WORDS[figure.measure]), month: monthLabel(period) })}
      data-testid="quality-figure-drawer"
    >
      {error && <Alert type="error" showIcon message={t('loadFailed')} description={error} />}
      {answer && (
        <Typography.Paragraph type="secondary" data-testid="quality-figure-count">
          {counted ? t('behindSum', { total: answer.total, sum: answer.sum }) : t('behindCount', { total: answer.total })}
        </Typography.Paragraph>
      )}
      <Table<QualityRecord>
        rowKey="id"
        size="small"
        loading={!answer && !error}
        dataSource={answer?.items}
        locale={{ emptyText: t('noRecords') }}
        pagination={{ current: page, pageSize: PAGE, total: answer?.total ?? 0, onChange: setPage, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={(r) => ({ onClick: () => navigate(`/r/${r.id}`), style: { cursor: 'pointer' }, 'data-testid': `quality-record-${r.id}` }) as HTMLAttributes<HTMLElement>}
        scroll={{ x: narrow ? undefined : 760 }}
        columns={[
          {
            title: t('record'),
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{r.summary || pick(r.moduleTitle)}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {pick(r.moduleTitle)}
                  {r.period ? ` · ${r.period}` : ''}
                  {narrow ? ` · ${r.unitName}` : ''}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('unitColumn'), dataIndex: 'unitName', width: 150, responsive: ['md'] },
          { title: t('state'), width: 100, responsive: ['md'], render: (_, r) => <Tag>{pick(r.stateTitle)}</Tag> },
          { title: t('reason'), width: narrow ? 150 : 300, render: (_, r) => (figure ? reason(figure.measure, r) : '') },
        ]}
      />
    </Drawer>
  );
}
