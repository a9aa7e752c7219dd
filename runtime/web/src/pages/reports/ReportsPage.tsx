/**
 * A report template by period: my unit's report (pre-filled, to fill and submit), the subtree's
 * completeness and timeliness, the roll-up with drill-down into children and a chart, the
 * spreadsheet export, reviewing (approving or returning many at once), and — for statistics
 * staff above — assigning a period.
 */
import { useCallback, useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { Empty, Result, Select, Space, Spin, Tabs } from 'antd';
import { ApiError, get } from '../../../kit/api';
import { loadModule, type Loaded } from '../../../kit/definitions';
import { formatPeriod } from '../../../kit/format';
import { useReportWords } from './words';
import { useAuth } from '../../../kit/session';
import type { PeriodSummary } from '../../../kit/contract';
import { AssignForm } from './AssignForm';
import { MyReportsTab } from './MyReportsTab';
import { ProgressTab } from './ProgressTab';
import { RollupTab } from './RollupTab';
import { ReviewTab, mayReview } from './ReviewTab';

/** A report template (`/reports/:key`) by period (`?period=`, the latest by default). */
export function ReportsPage() {
  const { key = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const { t, pick, locale } = useReportWords();
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
            style={{ width: 160 }}
            value={period}
            placeholder={t('noPeriods')}
            options={periods.map((p) => ({ value: p.period, label: formatPeriod(report.spec.period, p.period, locale) }))}
            onChange={(value: string) => setSearch({ period: value })}
            data-testid="period-select"
          />
        </Space>
      </div>
      <Tabs
        items={[
          ...(period
            ? [
                { key: 'mine', label: t('myReports'), children: <MyReportsTab reportKey={key} period={period} loaded={loaded} /> },
                ...(mayReview(loaded, me!.roles) ? [{ key: 'review', label: t('review'), children: <ReviewTab reportKey={key} period={period} loaded={loaded} /> }] : []),
                { key: 'progress', label: t('progress'), children: <ProgressTab reportKey={key} period={period} /> },
                { key: 'rollup', label: t('rollup'), children: <RollupTab reportKey={key} period={period} /> },
              ]
            : []),
          ...(canAssign ? [{ key: 'assign', label: t('assign'), children: <AssignForm reportKey={key} levels={report.spec.levels.filter((l) => l > me!.unitLevel)} onAssigned={(p) => { reload(); setSearch({ period: p }); }} /> }] : []),
        ]}
      />
      {!period && !canAssign && <Empty description={t('noPeriods')} />}
    </>
  );
}
