/**
 * 迁移已有记录 (module history page; reached right after publishing a version with a migration):
 * a trial run first — the server's records migration, dry, with a progress bar per batch: how
 * many records of earlier versions there are, how many would move, which would stay as they are
 * and why — then the real run, the same way. `POST /api/modules/{key}/migrate`, as the CLI's
 * `formwork records migrate`; only designers at headquarters may run it (the server says so).
 */
import { useRef, useState } from 'react';
import { Alert, Button, Card, Col, List, Progress, Row, Space, Statistic, Tag, Typography } from 'antd';
import { ApiError } from '../../../../runtime/web/kit/api';
import type { MigrationReportAnswer } from '../../../../runtime/web/kit/contract';
import { migrateRecords } from '../../api';
import { useMigrationWords } from './words';

type Run =
  | { phase: 'idle' }
  | { phase: 'running'; dryRun: boolean; examined: number; total: number | undefined }
  | { phase: 'done'; report: MigrationReportAnswer }
  | { phase: 'failed'; message: string };

export interface MigrateRecordsCardProps {
  moduleKey: string;
  /** The version to migrate to (the latest, declaring a migration). */
  version: number;
  /** Just published: say so. */
  highlight?: boolean;
  /** A field's full title by data pointer (problems are named by their fields). */
  fieldTitle(path: string): string | undefined;
}

export function MigrateRecordsCard({ moduleKey, version, highlight, fieldTitle }: MigrateRecordsCardProps) {
  const { t } = useMigrationWords();
  const [run, setRun] = useState<Run>({ phase: 'idle' });
  const generation = useRef(0);

  const start = async (dryRun: boolean) => {
    const mine = ++generation.current;
    setRun({ phase: 'running', dryRun, examined: 0, total: undefined });
    try {
      for await (const line of migrateRecords(moduleKey, version, dryRun)) {
        if (generation.current !== mine) return;
        if (line.type === 'progress') setRun({ phase: 'running', dryRun, examined: line.examined, total: line.total });
        else if (line.type === 'result') setRun({ phase: 'done', report: line.result });
        else setRun({ phase: 'failed', message: line.message });
      }
    } catch (e) {
      if (generation.current === mine) setRun({ phase: 'failed', message: e instanceof ApiError ? e.message : String(e) });
    }
  };

  const report = run.phase === 'done' ? run.report : undefined;
  return (
    <Card
      size="small"
      title={t('migrateTitle')}
      style={{ marginBottom: 12, ...(highlight ? { borderColor: '#1677ff' } : {}) }}
      data-testid="migrate-records"
      extra={
        run.phase !== 'running' && (
          <Button type={report?.dryRun ? 'default' : 'primary'} onClick={() => void start(true)} data-testid="migrate-dry-run">
            {report ? t('dryRun') : t('migrateButton')}
          </Button>
        )
      }
    >
      {highlight && run.phase === 'idle' && <Alert type="success" showIcon style={{ marginBottom: 8 }} message={t('afterPublish', { n: version })} />}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('migrateHint', { n: version })}
      </Typography.Paragraph>
      {run.phase === 'running' && (
        <div data-testid="migrate-progress">
          <Progress percent={run.total ? Math.floor((run.examined / run.total) * 100) : 0} status="active" />
          <Typography.Text type="secondary">{run.total === undefined ? t('migrateStarting') : t('migrateProgress', { examined: run.examined, total: run.total })}</Typography.Text>
        </div>
      )}
      {run.phase === 'failed' && <Alert type="error" showIcon message={t('migrateFailed', { message: run.message })} data-testid="migrate-error" />}
      {report && (
        <div data-testid="migrate-result">
          <Alert
            type={report.dryRun ? 'info' : 'success'}
            showIcon
            style={{ marginBottom: 8 }}
            message={report.examined === 0 ? t('nothingToMigrate') : report.dryRun ? t('dryRunDone') : t('migrateDone')}
          />
          <Row gutter={16}>
            <Col xs={8}>
              <Statistic title={t('examined')} value={report.examined} />
            </Col>
            <Col xs={8}>
              <Statistic title={report.dryRun ? t('wouldMigrate') : t('migrated')} value={report.migrated} valueStyle={{ color: '#389e0d' }} />
            </Col>
            <Col xs={8}>
              <Statistic title={t('leftUnchanged')} value={report.failed.length} valueStyle={report.failed.length ? { color: '#cf1322' } : {}} />
            </Col>
          </Row>
          {report.failed.length > 0 && (
            <List
              size="small"
              header={t('unchangedList')}
              dataSource={report.failed.slice(0, 50)}
              data-testid="migrate-failures"
              renderItem={(f, i) => (
                <List.Item actions={[<a key="open" href={`/r/${f.id}`} target="_blank" rel="noreferrer">{t('openRecord')}</a>]}>
                  <Space direction="vertical" size={0}>
                    <span>
                      <Tag color="red">{t(`reason_${f.reason}`, { n: f.fromVersion })}</Tag>
                      {i + 1}. {t('recordOfVersion', { n: f.fromVersion })}
                    </span>
                    {(f.errors ?? []).map((e, j) => (
                      <Typography.Text key={j} type="secondary" style={{ fontSize: 12 }}>
                        {fieldTitle(e.path) ? `${fieldTitle(e.path)}：` : ''}
                        {e.message}
                      </Typography.Text>
                    ))}
                  </Space>
                </List.Item>
              )}
            />
          )}
          {report.dryRun && report.migrated > 0 && (
            <Button type="primary" style={{ marginTop: 8 }} onClick={() => void start(false)} data-testid="migrate-run">
              {t('runMigration', { n: report.migrated })}
            </Button>
          )}
        </div>
      )}
    </Card>
  );
}
