/** My unit's reports of a period (see {@link MyReportsTab}). */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Empty, Table, Tag } from 'antd';
import { get, query } from '../../../kit/api';
import type { Loaded } from '../../../kit/definitions';
import { formatDeadline, formatPeriod } from '../../../kit/format';
import { useReportWords } from './words';
import { useAuth } from '../../../kit/session';
import type { RecordRow } from '../../../kit/contract';

/** My unit's report of the period, with its state and deadline, to open and fill. */
export function MyReportsTab({ reportKey, period, loaded }: { reportKey: string; period: string; loaded: Loaded }) {
  const { t, pick, locale } = useReportWords();
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
        { title: t('period'), render: (_, r) => formatPeriod(loaded.compiled.report?.spec.period, r.period ?? '', locale) },
        { title: t('state'), render: (_, r) => <Tag>{pick(loaded.compiled.workflow.states[r.state]?.title) || r.state}</Tag>, key: 'state' },
        { title: t('due'), render: (_, r) => formatDeadline(r.deadlineAt) },
        { title: '', render: (_, r) => <Button type="primary" size="small" onClick={() => navigate(`/r/${r.id}`)} data-testid="open-my-report">{t('open')}</Button> },
      ]}
    />
  );
}
