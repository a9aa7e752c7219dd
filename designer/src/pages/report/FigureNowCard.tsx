/**
 * Try the template on real data: for a unit of the caller's subtree and a recent period, the
 * figures its pre-fill rules give now (`POST /api/drafts/{id}/figures`; the draft is saved
 * first, nothing is written).
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Select, Space, Table, Typography } from 'antd';
import { CalculatorOutlined } from '@ant-design/icons';
import { ApiError } from '../../../../runtime/web/kit/api';
import type { FiguresAnswer } from '../../../../runtime/web/kit/contract';
import { listUnits, type UnitNode } from '../../../../runtime/web/kit/units';
import { draftFigures } from '../../api';
import type { Draft } from '../../model/paths';
import { periodLabel, readReport, recentPeriods } from '../../model/report-settings';
import { useReportWords } from './words';

/** The try-it card. */
export function FigureNowCard({ draftId, definition, flush }: { draftId: string; definition: Draft; flush(): Promise<void> }) {
  const { t, pick, locale } = useReportWords();
  const report = readReport(definition);
  const prefilled = Object.values(report.fields).filter((f) => f?.prefill).length;
  const [units, setUnits] = useState<UnitNode[]>([]);
  const [unit, setUnit] = useState<string>();
  const periods = recentPeriods(report.period, new Date());
  const [period, setPeriod] = useState<string>();
  const [answer, setAnswer] = useState<FiguresAnswer>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void listUnits().then((list) => {
      setUnits(list);
      setUnit((u) => u ?? list[0]?.code);
    });
  }, []);
  const chosenPeriod = periods.some((p) => p.key === period) ? period : periods[0]?.key;

  const run = async () => {
    if (!unit || !chosenPeriod) return;
    setBusy(true);
    setError(undefined);
    try {
      await flush();
      setAnswer(await draftFigures(draftId, { unitCode: unit, period: chosenPeriod }));
    } catch (e) {
      setAnswer(undefined);
      setError(e instanceof ApiError ? [e.message, ...e.problems.map((p) => p.message)].join('；') : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('nowTitle')} data-testid="figures-now">
      <Typography.Paragraph type="secondary">{t('nowIntro')}</Typography.Paragraph>
      {prefilled === 0 ? (
        <Typography.Text type="secondary">{t('nowNone')}</Typography.Text>
      ) : (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <Select
              value={unit}
              onChange={setUnit}
              showSearch
              optionFilterProp="label"
              style={{ width: 220 }}
              options={units.map((u) => ({ value: u.code, label: u.name, level: u.level }))}
              optionRender={(option) => <span style={{ paddingLeft: Math.max(0, Number(option.data.level) - 1) * 14 }}>{option.label}</span>}
              aria-label={t('nowUnit')}
              data-testid="now-unit"
            />
            <Select value={chosenPeriod} onChange={setPeriod} style={{ width: 170 }} options={periods.map((p) => ({ value: p.key, label: periodLabel(p, locale) }))} aria-label={t('nowPeriod')} data-testid="now-period" />
            <Button type="primary" ghost icon={<CalculatorOutlined />} loading={busy} onClick={() => void run()} data-testid="now-run">
              {t('nowRun')}
            </Button>
          </Space>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
          {answer && (
            <Table
              size="small"
              pagination={false}
              rowKey="path"
              dataSource={answer.figures}
              columns={[
                { title: t('figure'), render: (_, f) => pick(f.label) },
                { title: t('nowValue'), width: 110, align: 'right', render: (_, f) => <span data-testid={`now-value-${f.path}`}>{f.value.toLocaleString(locale)}</span> },
              ]}
              data-testid="now-result"
            />
          )}
        </>
      )}
    </Card>
  );
}
