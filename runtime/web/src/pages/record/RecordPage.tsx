/**
 * One record (or a new one): its form from the definition version it was made under, the
 * workflow actions open to me, its history, attachments, linked records, documents and — for a
 * report — where its pre-filled figures come from.
 */
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Col, Descriptions, Result, Row, Space, Spin, Tag, TreeSelect, Typography } from 'antd';
import { FileWordOutlined } from '@ant-design/icons';
import { withToday, type EvaluationContext } from '../../../kit/engine';
import { download } from '../../../kit/api';
import { RecordForm } from '../../../kit/form/RecordForm';
import { formatTime } from '../../../kit/format';
import { useRecordWords } from './words';
import { useAuth } from '../../../kit/session';
import { unitTree } from '../../../kit/units';
import type { RecordView } from '../../../kit/contract';
import { ActionDialog } from './ActionDialog';
import { AttachmentsCard } from './AttachmentsCard';
import { HistoryCard } from './HistoryCard';
import { LinkedRecordsCard } from './LinkedRecordsCard';
import { PrefillSourcesCard } from './PrefillSourcesCard';
import { mergePatch } from './record-data';
import { useRecord } from './useRecord';
import { useRecordActions } from './useRecordActions';

/** A unit's name as the record answer gives it. */
const recordUnitName = (record: RecordView, code: string) => record.unitNames?.[code] ?? code;

/** A record (`/r/:id`) or a new one (`/m/:key/new`, initial data from `?data=`). */
export function RecordPage() {
  const { id, key: newKey } = useParams();
  const { t, pick, locale } = useRecordWords();
  const { me, can } = useAuth();
  const navigate = useNavigate();
  const { record, loaded, error, history, attachments, units, form, load, refreshAttachments } = useRecord(id, newKey);
  const [unitCode, setUnitCode] = useState<string>();
  const isNew = !id;
  const { busy, save, setAction, action, actionDone } = useRecordActions({ isNew, newKey, record, unitCode, form, load });

  const compiled = loaded?.compiled;
  const state = record?.state ?? compiled?.workflow.initial ?? '';
  const holder = record ? record.assignedUnit === me!.unitCode : true;
  const editable = Boolean(compiled && compiled.workflow.states[state]?.draft && holder && (isNew ? can('records.create') : can('records.write')));
  const context = useMemo<EvaluationContext>(
    () => withToday({ user: { username: me!.username, roles: me!.roles }, unit: { code: me!.unitCode, level: me!.unitLevel }, state, ...(record?.period ? { period: record.period } : {}) }),
    [me, state, record?.period],
  );
  const systemFilled = useMemo(
    () => Object.fromEntries((compiled?.report?.prefilled ?? []).map((e) => [e.pointer, t('prefilled')])),
    [compiled, t],
  );

  if (error) return <Result status="warning" title={error} extra={<Button onClick={() => navigate(-1)}>{t('back')}</Button>} />;
  if (!loaded || !compiled || (!isNew && !record)) return <Spin />;
  const definition = compiled.definition;
  const stateTitle = pick(compiled.workflow.states[state]?.title);

  return (
    <>
      <div className="fw-page-title">
        <Space wrap>
          <h2>{pick(definition.title)}</h2>
          <Tag color="blue" data-testid="record-state">
            {stateTitle}
          </Tag>
          {record?.overdue && <Tag color="red">{t('overdue')}</Tag>}
          {record?.period && <Tag>{`${t('period')} ${record.period}`}</Tag>}
        </Space>
        <Space wrap>
          {editable && !form.formFailed && (
            <Button type="primary" loading={busy} onClick={() => void save()} data-testid="save-record">
              {isNew ? t('create') : t('save')}
            </Button>
          )}
          {(record?.availableActions ?? []).map((a) => (
            <Button key={a.action} onClick={() => setAction(a)} data-testid={`action-${a.action}`}>
              {pick(a.title)}
            </Button>
          ))}
          {(definition.documents ?? []).map((doc) => (
            <Button key={doc.name} icon={<FileWordOutlined />} onClick={() => void download(`/api/records/${record!.id}/documents/${doc.name}`, `${pick(doc.title)}.docx`)} disabled={!record}>
              {pick(doc.title)}
            </Button>
          ))}
        </Space>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          {record && (
            <Card size="small" style={{ marginBottom: 12 }}>
              <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
                <Descriptions.Item label={t('unit')}>{recordUnitName(record, record.unitCode)}</Descriptions.Item>
                <Descriptions.Item label={t('holder')}>{recordUnitName(record, record.assignedUnit)}</Descriptions.Item>
                <Descriptions.Item label={record.dueAt ? t('dueAt') : t('due')}>{formatTime(record.dueAt ?? record.deadlineAt) || '—'}</Descriptions.Item>
                <Descriptions.Item label={t('createdAt')}>{formatTime(record.createdAt)}</Descriptions.Item>
                <Descriptions.Item label={t('updatedAt')}>{formatTime(record.updatedAt)}</Descriptions.Item>
              </Descriptions>
            </Card>
          )}
          {isNew && units.length > 1 && (
            <Card size="small" style={{ marginBottom: 12 }}>
              <Space>
                {t('unit')}
                <TreeSelect allowClear style={{ width: 240 }} treeData={unitTree(units)} placeholder={me!.unitName} value={unitCode} onChange={setUnitCode} />
              </Space>
            </Card>
          )}
          <Card size="small">
            {form.problems.length > 0 && (
              <Typography.Paragraph type="danger" data-testid="form-problems">
                {t('errorsFound')}
              </Typography.Paragraph>
            )}
            <RecordForm
              key={form.formKey}
              compiled={compiled}
              codelists={loaded.codelists}
              initialData={form.data}
              context={context}
              disabled={!editable}
              serverProblems={form.problems}
              showRequired={form.showRequired}
              systemFilled={systemFilled}
              onChange={form.onChange}
              onFailure={form.onFailure}
            />
          </Card>
          {record && compiled.report && compiled.report.prefilled.length > 0 && <PrefillSourcesCard record={record} />}
          {record && <LinkedRecordsCard record={record} compiled={compiled} />}
        </Col>
        <Col xs={24} xl={8}>
          {record && (
            <AttachmentsCard
              record={record}
              attachments={attachments}
              writable={holder && !record.final && can('records.write')}
              onChanged={refreshAttachments}
            />
          )}
          {record && <HistoryCard history={history} compiled={compiled} locale={locale} />}
        </Col>
      </Row>
      {action && record && (
        <ActionDialog
          action={action}
          record={record}
          loaded={loaded}
          edited={mergePatch(record.data, form.data)}
          context={context}
          units={units}
          onClose={() => setAction(undefined)}
          onDone={actionDone}
          onProblems={form.showProblems}
        />
      )}
    </>
  );
}
