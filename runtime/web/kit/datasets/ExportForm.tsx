/**
 * An export's choices (dataset, format, labels, header, a CSV's encoding) and its download, with either the record
 * list's filters applied (shown in words) or pickers of its own (unit, states, period, dates).
 */
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, DatePicker, Form, Radio, Select, Space, TreeSelect, message } from 'antd';
import { CloudDownloadOutlined, DownloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { ApiError, api, download } from '../api';
import type { DatasetView, ExportJobView } from '../contract';
import { listUnits, unitTree, useUnitName, type UnitNode } from '../units';
import { DEFAULT_EXPORT, exportExtension, exportPath, filtersOfList, periodOf, type ExportOptions } from './export-logic';
import { dateFieldTitle, stateOptions } from './useDatasets';
import { useExportWords } from './words';

/** What the form holds. */
interface ExportValues {
  dataset: string;
  format: ExportOptions['format'];
  labels: ExportOptions['labels'];
  header: ExportOptions['header'];
  encoding?: ExportOptions['encoding'];
  unit?: string;
  states?: string[];
  periodKind?: 'none' | 'year' | 'quarter' | 'month';
  periodDay?: Dayjs | null;
  dates?: [Dayjs | null, Dayjs | null] | null;
}

/**
 * The export form. `list`: the record list's query string, whose filters apply as they map
 * (said in words); without it the form has its own unit, state, period and date pickers.
 */
export function ExportForm({ datasets, list, initialDataset, onDone }: { datasets: DatasetView[]; list?: URLSearchParams; initialDataset?: string; onDone?: () => void }) {
  const { t, pick, locale } = useExportWords();
  const [form] = Form.useForm<ExportValues>();
  const [busy, setBusy] = useState<false | 'download' | 'background'>(false);
  const navigate = useNavigate();
  const [units, setUnits] = useState<UnitNode[]>([]);
  const unitName = useUnitName();
  useEffect(() => {
    void listUnits().then(setUnits);
  }, []);
  const chosen = Form.useWatch('dataset', form) ?? initialDataset ?? datasets[0]?.name;
  const periodKind = Form.useWatch('periodKind', form) ?? 'none';
  const format = Form.useWatch('format', form) ?? DEFAULT_EXPORT.format;
  const dataset = datasets.find((d) => d.name === chosen) ?? datasets[0];
  const applied = useMemo(() => (list && dataset ? filtersOfList(list, dataset) : undefined), [list, dataset]);
  if (!dataset) return null;
  const dateTitle = dateFieldTitle(dataset, pick, t('createdAt'), t('ownDate'));
  const states = stateOptions(dataset, pick);

  const optionsOf = (values: ExportValues): ExportOptions => {
    const base: ExportOptions = { format: values.format, labels: values.labels, header: values.header, encoding: values.encoding };
    const options: ExportOptions = applied
      ? { ...base, ...applied.options }
      : {
          ...base,
          unit: values.unit,
          states: values.states,
          period: periodOf(values.periodKind ?? 'none', values.periodDay?.format('YYYY-MM-DD')),
          from: values.dates?.[0]?.format('YYYY-MM-DD'),
          to: values.dates?.[1]?.format('YYYY-MM-DD'),
        };
    return options;
  };

  /** To the export centre, where the job shows its progress and its file. */
  const toCentre = () => {
    onDone?.();
    navigate('/datasets/exports');
  };

  const submit = async (values: ExportValues) => {
    const options = optionsOf(values);
    const fallback = `${pick(dataset.title)}.${exportExtension(values.format, dataset)}`;
    setBusy('download');
    try {
      let job: ExportJobView | undefined;
      await download(exportPath(dataset.name, options), fallback, (answer) => (job = (answer as { job: ExportJobView }).job));
      if (job) {
        void message.info(t('becameJob', { n: job.total ?? 0 }));
        return toCentre();
      }
      void message.success(t('downloaded', { name: pick(dataset.title) }));
      onDone?.();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : t('failed'));
    } finally {
      setBusy(false);
    }
  };

  const background = async () => {
    const values = form.getFieldsValue(true) as ExportValues;
    const { format, labels, header, encoding, unit, states, period, from, to } = optionsOf(values);
    const query = { format, labels, header, ...(format === 'csv' && encoding === 'gb18030' ? { encoding } : {}), ...(unit ? { unit } : {}), ...(states && states.length > 0 ? { state: states.join(',') } : {}), ...(period ? { period } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
    setBusy('background');
    try {
      await api<ExportJobView>('POST', '/api/export-jobs', { dataset: dataset.name, query });
      void message.success(t('backgroundStarted'));
      toCentre();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : t('failed'));
    } finally {
      setBusy(false);
    }
  };

  // The list's filters in words: the unit's name, the state's title, the days.
  const listWords: string[] = [];
  if (applied?.options.unit) listWords.push(t('filterUnit', { name: unitName(applied.options.unit) }));
  const listState = applied?.options.states?.[0];
  if (listState) listWords.push(t('filterState', { name: states.find((s) => s.value === listState)?.label ?? '' }));
  if (applied?.options.from || applied?.options.to) listWords.push(t('filterDates', { from: applied.options.from ?? '', to: applied.options.to ?? '' }));

  return (
    <Form<ExportValues>
      form={form}
      layout="vertical"
      initialValues={{ ...DEFAULT_EXPORT, encoding: 'utf-8', dataset: dataset.name, periodKind: 'none' }}
      onFinish={(values) => void submit(values)}
      data-testid="export-form"
    >
      {datasets.length > 1 && (
        <Form.Item name="dataset" label={t('dataset')}>
          <Select data-testid="export-dataset" options={datasets.map((d) => ({ value: d.name, label: pick(d.title) }))} />
        </Form.Item>
      )}
      <Choice name="format" label={t('format')} options={[['xlsx', t('formatXlsx')], ['csv', t('formatCsv')], ['jsonl', t('formatJsonl')], ['parquet', t('formatParquet')]]} />
      {format === 'csv' && <Choice name="encoding" label={t('encoding')} options={[['utf-8', t('encodingUtf8')], ['gb18030', t('encodingGb')]]} />}
      {dataset.tables.length > 0 && <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid="export-tables" message={t('linkedTables', { tables: dataset.tables.map((x) => pick(x.title)).join(locale === 'en' ? ', ' : '、') })} />}
      <Choice name="labels" label={t('labels')} extra={t('labelsHint')} options={[['codes', t('labelsCodes')], ['titles', t('labelsTitles')], ['both', t('labelsBoth')]]} />
      <Choice name="header" label={t('header')} options={[['titles', t('headerTitles')], ['codes', t('headerCodes')]]} />
      {applied ? (
        <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }} data-testid="export-applied">
          <Alert type="info" showIcon message={listWords.length > 0 ? t('listFilters') + listWords.join(locale === 'en' ? '; ' : '；') : t('noListFilters')} />
          {list?.get('state') && !applied.options.states && <Alert type="warning" showIcon message={t('stateDropped')} />}
          {applied.datesDropped && <Alert type="warning" showIcon message={t('datesDropped', { field: dateTitle })} />}
          {applied.fieldsDropped && <Alert type="warning" showIcon message={t('fieldsDropped')} />}
        </Space>
      ) : (
        <>
          <Form.Item name="unit" label={t('unit')}>
            <TreeSelect allowClear placeholder={t('subtree')} treeData={unitTree(units)} data-testid="export-unit" />
          </Form.Item>
          <Form.Item name="states" label={t('state')}>
            <Select mode="multiple" allowClear placeholder={t('allStatesOf')} options={states} data-testid="export-states" />
          </Form.Item>
          <Form.Item label={t('periodKind')} extra={t('dateBy', { field: dateTitle })}>
            <Space wrap>
              <Form.Item name="periodKind" noStyle>
                <Select
                  style={{ width: 120 }}
                  data-testid="export-period-kind"
                  options={[
                    { value: 'none', label: t('periodNone') },
                    { value: 'year', label: t('periodYear') },
                    { value: 'quarter', label: t('periodQuarter') },
                    { value: 'month', label: t('periodMonth') },
                  ]}
                />
              </Form.Item>
              {periodKind !== 'none' && (
                <Form.Item name="periodDay" noStyle>
                  <DatePicker picker={periodKind === 'year' ? 'year' : periodKind === 'quarter' ? 'quarter' : 'month'} data-testid="export-period" />
                </Form.Item>
              )}
            </Space>
          </Form.Item>
          <Form.Item name="dates" label={t('dateRange')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} data-testid="export-dates" />
          </Form.Item>
        </>
      )}
      <Space wrap>
        <Button type="primary" htmlType="submit" icon={<DownloadOutlined />} loading={busy === 'download'} disabled={busy === 'background'} data-testid="export-download">
          {t('download')}
        </Button>
        <Button icon={<CloudDownloadOutlined />} onClick={() => void background()} loading={busy === 'background'} disabled={busy === 'download'} data-testid="export-background">
          {t('background')}
        </Button>
      </Space>
      <div className="fw-hint" style={{ marginTop: 8, color: 'rgba(0,0,0,0.45)' }}>{t('backgroundHint')}</div>
    </Form>
  );
}

/** One choice of the form as radio buttons (`export-<name>` for tests): its values with their words. */
function Choice({ name, label, extra, options }: { name: keyof ExportValues; label: string; extra?: string; options: [string, string][] }) {
  return (
    <Form.Item name={name} label={label} extra={extra}>
      <Radio.Group data-testid={`export-${name}`} options={options.map(([value, words]) => ({ value, label: words }))} />
    </Form.Item>
  );
}
