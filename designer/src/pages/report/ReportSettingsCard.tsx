/** A report template's filling settings: period type, levels, deadline, early submission and approved states, from pickers. */
import { Alert, Card, Checkbox, Form, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { LEVELS, PERIOD_TYPES, readDeadline, readReport, setReport, templateStates, writeDeadline, type PeriodType } from '../../model/report-settings';
import type { DraftProblem } from '../../../../runtime/web/kit/contract';
import type { Draft } from '../../model/paths';
import { placeOf } from '../../model/problem-map';
import type { Change } from '../draft/useDraftEditor';
import { useReportWords } from './words';

/** The filling settings card. */
export function ReportSettingsCard({ definition, problems, edit }: { definition: Draft; problems: readonly DraftProblem[]; edit(change: Change, key?: string): void }) {
  const { t, pick } = useReportWords();
  // Problems of the report's own settings (a figure's show on its line).
  const own = problems.filter((p) => {
    const place = placeOf(definition, p.path);
    return place.area === 'report' && place.field === undefined;
  });
  const report = readReport(definition);
  const deadline = readDeadline(report.deadline);
  const set = (patch: Parameters<typeof setReport>[1], key?: string) => edit((d) => setReport(d, patch), key);
  return (
    <Card size="small" title={t('settingsTitle')} data-testid="report-settings">
      {own.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={own.map((p) => p.message).join('；')} data-testid="report-problems" />}
      <Form layout="vertical" size="small">
        <Form.Item label={t('periodType')}>
          <Select<PeriodType>
            value={report.period}
            onChange={(period) => set({ period })}
            options={PERIOD_TYPES.map((p) => ({ value: p, label: t(`period_${p}`) }))}
            style={{ maxWidth: 240 }}
            data-testid="report-period"
          />
        </Form.Item>
        <Form.Item label={t('levels')} validateStatus={report.levels.length === 0 ? 'error' : undefined} help={report.levels.length === 0 ? t('levelsNone') : undefined}>
          <Checkbox.Group
            value={report.levels}
            onChange={(levels) => set({ levels: levels as number[] })}
            options={LEVELS.map((l) => ({ value: l, label: t(`level_${l}`) }))}
            data-testid="report-levels"
          />
        </Form.Item>
        <Form.Item label={t('deadline')}>
          {deadline ? (
            <Space wrap>
              <Typography.Text>{t('deadlineAfter')}</Typography.Text>
              <InputNumber
                min={0}
                max={366}
                value={deadline.amount}
                onChange={(n) => n !== null && set({ deadline: writeDeadline(n, deadline.unit) }, 'report:deadline')}
                style={{ width: 90 }}
                data-testid="report-deadline"
              />
              <Select value={deadline.unit} onChange={(unit) => set({ deadline: writeDeadline(deadline.amount, unit) })} options={[{ value: 'D', label: t('days') }, { value: 'M', label: t('months') }]} style={{ width: 100 }} />
            </Space>
          ) : (
            <Alert type="info" showIcon message={t('deadlineOther', { value: report.deadline ?? '' })} />
          )}
        </Form.Item>
        <Form.Item label={t('submitBeforeEnd')} help={report.submitBeforeEnd ? t('submitBeforeEndYes') : t('submitBeforeEndNo')}>
          <Switch checked={report.submitBeforeEnd === true} onChange={(on) => set({ submitBeforeEnd: on })} data-testid="report-submit-early" />
        </Form.Item>
        <Form.Item label={t('approved')}>
          <Select
            mode="multiple"
            allowClear
            value={report.approved ?? []}
            placeholder={t('approvedDefault')}
            onChange={(approved: string[]) => set({ approved })}
            options={templateStates(definition).map((s) => ({ value: s.name, label: pick(s.title) }))}
            data-testid="report-approved"
          />
        </Form.Item>
      </Form>
    </Card>
  );
}
