/** 导出中心 (`/datasets/exports`): the caller's background exports — what each exports, its progress, its file while it is kept. */
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Empty, Progress, Result, Space, Table, Tag, Typography, message } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { ApiError, download, get } from '../../../kit/api';
import type { ExportJobView } from '../../../kit/contract';
import { formatTime } from '../../../kit/format';
import { useUnitName } from '../../../kit/units';
import { useDatasetWords } from './words';

const STATUS_COLOR: Record<ExportJobView['status'], string> = { queued: 'default', running: 'processing', done: 'success', failed: 'error' };
const FORMAT_WORDS: Record<string, [string, string]> = { xlsx: ['Excel', 'Excel'], csv: ['CSV', 'CSV'], jsonl: ['JSON Lines', 'JSON lines'], parquet: ['Parquet', 'Parquet'] };

/** How big a file is, in words. */
function sizeOf(bytes: number | null): string {
  if (bytes === null) return '';
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function ExportCentre() {
  const { t, pick, locale } = useDatasetWords();
  const unitName = useUnitName();
  const [jobs, setJobs] = useState<ExportJobView[]>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const load = useCallback(() => {
    get<ExportJobView[]>('/api/export-jobs').then(
      (list) => {
        setJobs(list);
        setError(undefined);
      },
      (e: unknown) => setError(e instanceof ApiError ? e.message : t('failed')),
    );
  }, [t]);
  useEffect(load, [load]);
  // While a job is under way, look again every two seconds.
  const active = jobs?.some((j) => j.status === 'queued' || j.status === 'running') ?? false;
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(load, 2_000);
    return () => clearInterval(timer);
  }, [active, load]);

  const save = async (job: ExportJobView) => {
    setBusy(job.id);
    try {
      await download(`/api/export-jobs/${job.id}/file`, job.filename ?? `${pick(job.title)}`);
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : t('failed'));
    } finally {
      setBusy(undefined);
    }
  };

  /** The job's filter in words: the unit, the period or dates, the states. */
  const filterWords = (job: ExportJobView): string => {
    const q = job.query as Record<string, string | undefined>;
    const words = [q.unit ? t('jobUnit', { name: unitName(q.unit) }) : t('jobOwnUnit')];
    if (q.period) words.push(t('jobPeriod', { period: q.period }));
    if (q.from || q.to) words.push(t('jobDates', { from: q.from ?? '', to: q.to ?? '' }));
    if (q.state) words.push(t('jobStates'));
    return words.join(locale === 'en' ? '; ' : '；');
  };

  if (error) return <Result status="warning" title={error} />;
  return (
    <>
      <div className="fw-page-title">
        <h2>{t('exportCentre')}</h2>
        <Space>
          <Link to="/datasets">{t('backToDatasets')}</Link>
          <Button icon={<ReloadOutlined />} onClick={load} data-testid="exports-reload">
            {t('reload')}
          </Button>
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('exportCentreHint')}</Typography.Paragraph>
      <Table<ExportJobView>
        rowKey="id"
        size="small"
        loading={!jobs}
        dataSource={jobs ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('noJobs')} /> }}
        data-testid="export-jobs"
        columns={[
          {
            title: t('jobDataset'),
            key: 'dataset',
            render: (_: unknown, job) => (
              <Space direction="vertical" size={0}>
                <span>{pick(job.title)}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {FORMAT_WORDS[String((job.query as Record<string, unknown>).format)]?.[locale === 'en' ? 1 : 0] ?? ''} · {filterWords(job)}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('jobAsked', { time: formatTime(job.createdAt) })}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('jobStatus'),
            key: 'status',
            width: 200,
            render: (_: unknown, job) => (
              <Space direction="vertical" size={4} style={{ width: '100%' }} data-testid={`job-status-${job.status}`}>
                <Tag color={STATUS_COLOR[job.status]}>{t(`status_${job.status}`)}</Tag>
                {job.status === 'running' && <Progress size="small" percent={job.total ? Math.min(99, Math.floor((job.rows / job.total) * 100)) : 0} />}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {job.status === 'done' ? t('jobRowsDone', { rows: job.rows, size: sizeOf(job.bytes) }) : job.status === 'failed' ? t('jobFailed') : t('jobRows', { rows: job.rows, total: job.total ?? 0 })}
                </Typography.Text>
                {job.status === 'done' && (
                  <>
                    <Button size="small" type="primary" icon={<DownloadOutlined />} loading={busy === job.id} onClick={() => void save(job)} data-testid="job-download">
                      {t('jobDownload')}
                    </Button>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('jobKeptUntil', { time: formatTime(job.expiresAt) })}
                    </Typography.Text>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
