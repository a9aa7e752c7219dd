/** The subtree's completeness and timeliness for a period (see {@link ProgressTab}). */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Card, Progress, Space, Spin, Table, Tag } from 'antd';
import { get } from '../../../kit/api';
import { formatDeadline, formatTime, percent } from '../../../kit/format';
import { useReportWords, type ReportWord } from './words';
import type { Completeness, StatusResult as Status, UnitStatus } from '../../../kit/contract';

const STATUS_COLORS = { notStarted: 'default', draft: 'orange', submitted: 'blue', approved: 'green' } as const;
const TIMELINESS_COLORS = { onTime: 'green', late: 'red', pending: 'default' } as const;

/** Rates for the subtree and each level, and every assigned unit's report status (click to open). */
export function ProgressTab({ reportKey, period }: { reportKey: string; period: string }) {
  const { t } = useReportWords();
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
            ...(['notStarted', 'draft', 'submitted', 'approved', 'late'] as ReportWord[]).map((w) => ({ title: t(w), dataIndex: w })),
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
          { title: t('dueAt'), render: (_, u) => formatDeadline(u.dueAt), responsive: ['md'] },
          { title: t('submitted'), render: (_, u) => formatTime(u.submittedAt), responsive: ['md'] },
        ]}
      />
    </>
  );
}
