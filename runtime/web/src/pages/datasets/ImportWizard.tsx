/**
 * The import wizard (`/datasets/import`): choose a dataset (and the unit for rows without one) →
 * upload a CSV, Excel or JSON-lines file → check it (a dry run: how each file column maps to a
 * dataset column — changeable, or not imported — then the accepted rows and each rejected row) → import (optionally all or nothing) → the result.
 */
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Checkbox, Empty, Form, Result, Select, Space, Spin, Steps, TreeSelect, Typography, Upload, message } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { ApiError, postText, query } from '../../../kit/api';
import type { DatasetView, ImportResult } from '../../../kit/contract';
import { useDatasets } from '../../../kit/datasets/useDatasets';
import { useAuth } from '../../../kit/session';
import { listUnits, unitTree, type UnitNode } from '../../../kit/units';
import { importContentType } from './import-logic';
import { RejectedRows } from './RejectedRows';
import { ColumnMapping, type MappingLine } from './ColumnMapping';
import { useDatasetWords } from './words';

/** Sends the file to the import: a check (dry run) or the import itself. */
async function send(dataset: DatasetView, file: File, options: { dryRun: boolean; atomic: boolean; unit: string | undefined; mapping: Record<string, string | null> }): Promise<ImportResult> {
  const mapping = Object.keys(options.mapping).length > 0 ? JSON.stringify(options.mapping) : undefined;
  const path = `/api/datasets/${encodeURIComponent(dataset.name)}/import${query({ dryRun: options.dryRun, atomic: options.atomic, unit: options.unit, mapping })}`;
  return postText<ImportResult>(path, file, importContentType(file.name)!);
}

export function ImportWizard() {
  const { t, pick } = useDatasetWords();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const { datasets, error } = useDatasets(can('datasets.import'));
  const [units, setUnits] = useState<UnitNode[]>([]);
  const [step, setStep] = useState(0);
  const [unit, setUnit] = useState<string>();
  const [file, setFile] = useState<File>();
  const [check, setCheck] = useState<ImportResult>();
  const [result, setResult] = useState<ImportResult>();
  const [atomic, setAtomic] = useState(false);
  const [busy, setBusy] = useState(false);
  // The columns chosen by hand (file column → dataset column code, or null: not imported), sent with the check and the import.
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  // Columns the dataset does not know, from a refused check, until one is chosen for each.
  const [unknown, setUnknown] = useState<string[]>([]);
  useEffect(() => {
    void listUnits().then(setUnits);
  }, []);
  if (error) return <Result status="warning" title={error} />;
  if (!datasets) return <Spin />;
  if (datasets.length === 0) return <Empty description={t('noDatasets')} />;
  const dataset = datasets.find((d) => d.name === search.get('dataset')) ?? datasets[0]!;

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    try {
      const answer = await send(dataset, file, { dryRun, atomic: !dryRun && atomic, unit, mapping });
      setUnknown([]);
      if (dryRun) {
        setCheck(answer);
        setStep(2);
      } else {
        setResult(answer);
        setStep(3);
      }
    } catch (e) {
      if (e instanceof ApiError && e.code === 'FW_DATASET_IMPORT_COLUMN') {
        setUnknown(e.problems.map((p) => String(p.params?.column ?? '')));
        return;
      }
      void message.error(e instanceof ApiError ? e.message : t('failed'));
    } finally {
      setBusy(false);
    }
  };
  const choose = (name: string, column: string | null) => setMapping((m) => ({ ...m, [name]: column }));
  // The file's columns as the last check read them, with any choice made since.
  const lines: MappingLine[] = (check?.header ?? []).map((h) => ({ name: h.name, column: Object.hasOwn(mapping, h.name) ? mapping[h.name] : h.column }));
  const changed = lines.some((l, i) => l.column !== check?.header[i]?.column);
  // All or nothing with a row still wrong would write nothing: correct the file first.
  const blocked = atomic && (check?.rejectedRows ?? 0) > 0;
  const startOver = () => {
    setFile(undefined);
    setCheck(undefined);
    setMapping({});
    setUnknown([]);
    setResult(undefined);
    setStep(1);
  };

  return (
    <>
      <div className="fw-page-title">
        <h2>{t('importTitle')}</h2>
        <Button onClick={() => navigate(`/datasets?dataset=${encodeURIComponent(dataset.name)}`)}>{t('goBack')}</Button>
      </div>
      <Card size="small">
        <Steps
          size="small"
          responsive={false}
          labelPlacement="vertical"
          current={step}
          style={{ marginBottom: 16 }}
          items={[{ title: t('stepDataset') }, { title: t('stepFile') }, { title: t('stepCheck') }, { title: t('stepResult') }]}
          data-testid="import-steps"
        />
        {step > 0 && step < 3 && (
          <Typography.Paragraph strong data-testid="import-into">
            {t('importingInto', { title: pick(dataset.title) })}
          </Typography.Paragraph>
        )}
        {step === 0 && (
          <Form layout="vertical" style={{ maxWidth: 480 }}>
            <Form.Item label={t('chooseDataset')}>
              <Select value={dataset.name} onChange={(name: string) => setSearch({ dataset: name })} options={datasets.map((d) => ({ value: d.name, label: pick(d.title) }))} data-testid="import-dataset" />
            </Form.Item>
            <Form.Item label={t('importUnit')}>
              <TreeSelect allowClear value={unit} onChange={(v?: string) => setUnit(v)} placeholder={t('myUnit')} treeData={unitTree(units)} data-testid="import-unit" />
            </Form.Item>
            <Typography.Paragraph type="secondary">{t('idempotentHint')}</Typography.Paragraph>
            <Button type="primary" onClick={() => setStep(1)} data-testid="import-next">
              {t('next')}
            </Button>
          </Form>
        )}
        {step === 1 && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Paragraph style={{ marginBottom: 0 }}>{t('fileHint')}</Typography.Paragraph>
            {dataset.columns
              .filter((c) => c.ref)
              .map((c) => (
                <Alert
                  key={c.code}
                  type="info"
                  showIcon
                  data-testid={`import-ref-${c.code}`}
                  message={t('refHint', { column: pick(c.title), module: c.ref!.moduleTitle ? pick(c.ref!.moduleTitle) : c.ref!.module, key: c.ref!.keyTitle ? pick(c.ref!.keyTitle) : c.ref!.key })}
                />
              ))}
            <div data-testid="import-file">
              <Upload.Dragger
                accept=".csv,.xlsx,.jsonl,.ndjson"
                multiple={false}
                showUploadList={false}
                beforeUpload={(chosen) => {
                  if (!importContentType(chosen.name)) void message.error(t('badFile'));
                  else {
                    setFile(chosen);
                    setMapping({});
                    setUnknown([]);
                  }
                  return false;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p>{file ? t('chosenFile', { name: file.name }) : t('chooseFile')}</p>
              </Upload.Dragger>
            </div>
            {unknown.length > 0 && (
              <>
                <Alert type="warning" showIcon message={t('mappingUnknownAlert')} data-testid="import-unknown" />
                <ColumnMapping dataset={dataset} unknownOnly lines={unknown.map((name) => ({ name, column: Object.hasOwn(mapping, name) ? mapping[name] : undefined }))} onChange={choose} />
              </>
            )}
            <Space wrap>
              <Button onClick={() => setStep(0)}>{t('back')}</Button>
              <Button type="primary" disabled={!file || unknown.some((name) => !Object.hasOwn(mapping, name))} loading={busy} onClick={() => void run(true)} data-testid="import-check">
                {t('check')}
              </Button>
            </Space>
          </Space>
        )}
        {step === 2 && check && file && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert
              type={check.rejectedRows > 0 ? 'warning' : 'success'}
              showIcon
              data-testid="check-summary"
              message={
                check.rejectedRows > 0
                  ? t('checkSummary', { rows: check.accepted + check.rejectedRows, accepted: check.accepted, rejected: check.rejectedRows })
                  : t('checkClean', { accepted: check.accepted })
              }
              description={check.alreadyImported > 0 ? t('alreadyNote', { n: check.alreadyImported }) : undefined}
            />
            <ColumnMapping dataset={dataset} lines={lines} onChange={choose} />
            {changed && (
              <Button loading={busy} onClick={() => void run(true)} data-testid="import-recheck">
                {t('recheck')}
              </Button>
            )}
            {check.rejected.length > 0 && (
              <>
                <Typography.Title level={5} style={{ margin: 0 }}>
                  {t('problems')}
                </Typography.Title>
                <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                  {t('fixHint')}
                </Typography.Paragraph>
                <RejectedRows dataset={dataset} rejected={check.rejected} fileName={file.name} />
              </>
            )}
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {t('idempotentHint')}
            </Typography.Paragraph>
            <Checkbox checked={atomic} onChange={(e) => setAtomic(e.target.checked)} data-testid="import-atomic">
              {t('atomic')}
            </Checkbox>
            {blocked && <Alert type="info" showIcon message={t('atomicBlocked')} data-testid="import-blocked" />}
            <Space wrap>
              <Button onClick={startOver} data-testid="import-again">
                {t('startOver')}
              </Button>
              <Button type="primary" disabled={check.accepted === 0 || blocked || changed} loading={busy} onClick={() => void run(false)} data-testid="import-run">
                {t('importAccepted', { n: check.accepted })}
              </Button>
            </Space>
          </Space>
        )}
        {step === 3 && result && file && (
          <Result
            status={result.rejectedRows > 0 ? 'warning' : 'success'}
            title={result.atomic && result.rejectedRows > 0 ? t('resultNothing') : t('resultWritten', { created: result.created })}
            subTitle={
              <Space direction="vertical" data-testid="import-result">
                {result.updated > 0 && <span data-testid="import-updated">{t('resultUpdated', { n: result.updated })}</span>}
                {result.alreadyImported > 0 && <span>{t('resultAlready', { n: result.alreadyImported })}</span>}
                {result.rejectedRows > 0 && <span>{t('resultRejected', { n: result.rejectedRows })}</span>}
                <span>{t('idempotentHint')}</span>
              </Space>
            }
            extra={[
              <Button key="again" onClick={startOver} data-testid="import-another">
                {t('startOver')}
              </Button>,
              <Button key="list" type="primary" onClick={() => navigate(`/m/${dataset.module}`)} data-testid="import-to-list">
                {t('toList')}
              </Button>,
            ]}
          >
            {result.rejected.length > 0 && <RejectedRows dataset={dataset} rejected={result.rejected} fileName={file.name} />}
          </Result>
        )}
      </Card>
    </>
  );
}
