/**
 * One record (or a new one): its form from the definition version it was made under, the
 * workflow actions open to me, its history, attachments, linked records, documents and — for a
 * report — where its pre-filled figures come from.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { App, Button, Card, Col, Descriptions, Result, Row, Space, Spin, Tag, TreeSelect, Typography } from 'antd';
import { FileWordOutlined } from '@ant-design/icons';
import { withToday, type EvaluationContext } from '../../../kit/engine';
import { api, ApiError, download, get } from '../../../kit/api';
import { RecordForm, type FieldProblem } from '../../../kit/form/RecordForm';
import { loadModule, type Loaded } from '../../../kit/definitions';
import { formatTime } from '../../../kit/format';
import { useRecordWords } from './words';
import { useAuth } from '../../../kit/session';
import { listUnits, unitTree, type UnitNode } from '../../../kit/units';
import type { AttachmentView as Attachment, AvailableAction, HistoryView as HistoryEntry, RecordView } from '../../../kit/contract';
import { ActionDialog } from './ActionDialog';
import { AttachmentsCard } from './AttachmentsCard';
import { HistoryCard } from './HistoryCard';
import { LinkedRecordsCard } from './LinkedRecordsCard';
import { PrefillSourcesCard } from './PrefillSourcesCard';
import { mergePatch, problemsOf, withFigures } from './record-data';

/** A unit's name as the record answer gives it. */
const recordUnitName = (record: RecordView, code: string) => record.unitNames?.[code] ?? code;

/** A record (`/r/:id`) or a new one (`/m/:key/new`, initial data from `?data=`). */
export function RecordPage() {
  const { id, key: newKey } = useParams();
  const [search] = useSearchParams();
  const { t, pick, locale } = useRecordWords();
  const { me, can } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [record, setRecord] = useState<RecordView>();
  const [loaded, setLoaded] = useState<Loaded>();
  const [data, setData] = useState<Record<string, unknown>>({});
  const [formKey, setFormKey] = useState(0);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [showRequired, setShowRequired] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [units, setUnits] = useState<UnitNode[]>([]);
  const [unitCode, setUnitCode] = useState<string>();
  const [action, setAction] = useState<AvailableAction>();
  // A form the browser cannot render shows a notice; saving what nobody could see is not offered.
  const [formFailed, setFormFailed] = useState(false);

  const isNew = !id;
  const load = useCallback(async () => {
    setError(undefined);
    try {
      void listUnits().then(setUnits);
      if (isNew) {
        const module = await loadModule(newKey!);
        let initial: Record<string, unknown> = {};
        try {
          initial = JSON.parse(search.get('data') ?? '{}') as Record<string, unknown>;
        } catch {
          initial = {};
        }
        setLoaded(module);
        setRecord(undefined);
        setData(initial);
      } else {
        const found = await get<RecordView>(`/api/records/${id}`);
        const module = await loadModule(found.key, found.moduleVersion);
        setLoaded(module);
        setRecord(found);
        setData(found.prefill ? withFigures(found.data, found.prefill) : found.data);
        void get<HistoryEntry[]>(`/api/records/${id}/history`).then(setHistory);
        void get<Attachment[]>(`/api/records/${id}/attachments`).then(setAttachments);
      }
      setProblems([]);
      setFormFailed(false);
      setShowRequired(false);
      setFormKey((k) => k + 1);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }, [id, isNew, newKey, search]);
  useEffect(() => {
    void load();
  }, [load]);

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
  const onChange = useCallback((next: Record<string, unknown>) => setData(next), []);
  const onFormFailure = useCallback(() => setFormFailed(true), []);

  if (error) return <Result status="warning" title={error} extra={<Button onClick={() => navigate(-1)}>{t('back')}</Button>} />;
  if (!loaded || !compiled || (!isNew && !record)) return <Spin />;
  const definition = compiled.definition;
  const stateTitle = pick(compiled.workflow.states[state]?.title);

  const fail = (e: unknown) => {
    const found = problemsOf(e);
    setProblems(found);
    if (found.some((p) => p.code === 'FW_VAL_REQUIRED')) setShowRequired(true);
    if (e instanceof ApiError && e.code === 'FW_REC_VERSION_CONFLICT') void load();
    void message.error(e instanceof ApiError ? e.message : t('failed'));
  };

  const save = async () => {
    setBusy(true);
    try {
      if (isNew) {
        const created = await api<RecordView>('POST', `/api/modules/${newKey}/records`, { data, ...(unitCode ? { unitCode } : {}) });
        void message.success(t('saved'));
        navigate(`/r/${created.id}`, { replace: true });
      } else {
        const patch = mergePatch(record!.data, data);
        const updated = await api<RecordView>('PATCH', `/api/records/${record!.id}`, { data: patch }, { 'if-match': String(record!.version) });
        for (const w of updated.warnings ?? []) void message.warning(w.message);
        void message.success(t('saved'));
        await load();
      }
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

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
          {editable && !formFailed && (
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
            {problems.length > 0 && (
              <Typography.Paragraph type="danger" data-testid="form-problems">
                {t('errorsFound')}
              </Typography.Paragraph>
            )}
            <RecordForm
              key={formKey}
              compiled={compiled}
              codelists={loaded.codelists}
              initialData={data}
              context={context}
              disabled={!editable}
              serverProblems={problems}
              showRequired={showRequired}
              systemFilled={systemFilled}
              onChange={onChange}
              onFailure={onFormFailure}
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
              onChanged={() => void get<Attachment[]>(`/api/records/${record.id}/attachments`).then(setAttachments)}
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
          edited={mergePatch(record.data, data)}
          context={context}
          units={units}
          onClose={() => setAction(undefined)}
          onDone={async () => {
            setAction(undefined);
            void message.success(t('actionDone'));
            await load();
          }}
          onProblems={(found) => {
            setProblems(found);
            if (found.some((p) => p.code === 'FW_VAL_REQUIRED')) setShowRequired(true);
          }}
        />
      )}
    </>
  );
}
