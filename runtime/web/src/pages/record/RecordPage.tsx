/**
 * One record (or a new one): its form from the definition version it was made under, the
 * workflow actions open to me, its history, attachments, linked records, documents and — for a
 * report — where its pre-filled figures come from.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { App, Button, Card, Col, Descriptions, Empty, Input, Modal, Result, Row, Space, Spin, Table, Tag, Timeline, TreeSelect, Typography, Upload } from 'antd';
import { DeleteOutlined, DownloadOutlined, FileWordOutlined, UploadOutlined } from '@ant-design/icons';
import { applyExpression, withToday, type CompiledModule, type EvaluationContext } from '../../../kit/engine';
import { api, ApiError, download, get, upload } from '../../../kit/api';
import { stepSchema } from '../../../kit/form/form-schema';
import { RecordForm, type FieldProblem } from '../../../kit/form/RecordForm';
import { StepForm } from '../../../kit/form/StepForm';
import { loadModule, type Loaded } from '../../../kit/definitions';
import { formatTime, formatValue } from '../../../kit/format';
import { useI18n } from '../../../kit/i18n';
import { useAuth } from '../../../kit/session';
import { listUnits, unitTree, useUnitName, type UnitNode } from '../../../kit/units';
import type { AttachmentView as Attachment, AvailableAction, HistoryView as HistoryEntry, LinkedView, PrefillFigure, RecordView } from '../../../kit/contract';

/** A unit's name as the record answer gives it. */
const recordUnitName = (record: RecordView, code: string) => record.unitNames?.[code] ?? code;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A JSON Merge Patch (RFC 7386) turning `before` into `after`. */
export function mergePatch(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) {
    const old = before[k];
    if (isObject(old) && isObject(v)) {
      const inner = mergePatch(old, v);
      if (Object.keys(inner).length > 0) patch[k] = inner;
    } else if (JSON.stringify(old) !== JSON.stringify(v)) patch[k] = v === undefined ? null : v;
  }
  for (const k of Object.keys(before)) if (!(k in after)) patch[k] = null;
  return patch;
}

const problemsOf = (error: unknown): FieldProblem[] => (error instanceof ApiError ? error.problems.map((p) => ({ path: p.path, code: p.code, message: p.message })) : []);

export function RecordPage() {
  const { id, key: newKey } = useParams();
  const [search] = useSearchParams();
  const { t, pick, locale } = useI18n();
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
          {editable && (
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
            />
          </Card>
          {record && compiled.report && compiled.report.prefilled.length > 0 && <PrefillSources record={record} />}
          {record && <Links record={record} compiled={compiled} />}
        </Col>
        <Col xs={24} xl={8}>
          {record && (
            <Attachments
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

/** The stored data with fresh pre-filled figures over it. */
function withFigures(data: Record<string, unknown>, figures: Record<string, number>): Record<string, unknown> {
  const out = structuredClone(data);
  for (const [pointer, value] of Object.entries(figures)) {
    const parts = pointer.split('/').slice(1);
    let node = out;
    for (const part of parts.slice(0, -1)) node = (isObject(node[part]) ? node[part] : (node[part] = {})) as Record<string, unknown>;
    node[parts[parts.length - 1]!] = value;
  }
  return out;
}

function ActionDialog(props: {
  action: AvailableAction;
  record: RecordView;
  loaded: Loaded;
  edited: Record<string, unknown>;
  context: EvaluationContext;
  units: UnitNode[];
  onClose(): void;
  onDone(): Promise<void>;
  onProblems(problems: FieldProblem[]): void;
}) {
  const { action, record, loaded, edited, units, onClose, onDone, onProblems } = props;
  const { t, pick, locale } = useI18n();
  const { message } = App.useApp();
  const missing = action.requires.filter((p) => {
    const value = p.split('/').slice(1).reduce<unknown>((n, k) => (isObject(n) ? n[k] : undefined), { ...record.data, ...edited });
    return value === undefined || value === null || value === '';
  });
  const [stepData, setStepData] = useState<Record<string, unknown>>({});
  const [comment, setComment] = useState('');
  const [target, setTarget] = useState<string>();
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const below = units.filter((u) => u.parentCode === record.assignedUnit);
  const missingKey = missing.join('|');
  const schema = useMemo(() => stepSchema(loaded, missing, locale), [loaded, missingKey, locale]);

  const submit = async () => {
    if (action.comment === 'required' && !comment.trim()) {
      setProblems([{ path: '/comment', code: 'FW_WF_COMMENT_REQUIRED', message: t('commentRequired') }]);
      return;
    }
    setBusy(true);
    try {
      const data = { ...edited, ...stepData };
      await api('POST', `/api/records/${record.id}/actions/${action.action}`, {
        ...(Object.keys(data).length > 0 ? { data } : {}),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        ...(target ? { unitCode: target } : {}),
      }, { 'if-match': String(record.version) });
      await onDone();
    } catch (e) {
      const found = problemsOf(e);
      setProblems(found);
      onProblems(found);
      void message.error(e instanceof ApiError ? e.message : t('failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={pick(action.title)} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} okText={t('confirm')} cancelText={t('cancel')} width={640} destroyOnHidden>
      {missing.length > 0 && (
        <>
          <Typography.Paragraph type="secondary">{t('stepNeeds')}</Typography.Paragraph>
          <StepForm schema={schema} problems={problems} onChange={setStepData} />
        </>
      )}
      {action.handoff?.direction === 'down' && (
        <div style={{ marginBottom: 12 }}>
          <Typography.Text>{t('handTo')}</Typography.Text>
          <TreeSelect style={{ width: '100%' }} value={target} onChange={setTarget} treeData={below.map((u) => ({ value: u.code, title: u.name }))} />
        </div>
      )}
      {action.comment !== 'none' && (
        <>
          <Typography.Text>
            {t('comment')}
            {action.comment === 'required' ? ' *' : ''}
          </Typography.Text>
          <Input.TextArea rows={3} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="action-comment" />
        </>
      )}
      {problems.length > 0 && (
        <Typography.Paragraph type="danger" style={{ marginTop: 12 }} data-testid="action-problems">
          {problems.map((p) => p.message).join('；')}
        </Typography.Paragraph>
      )}
    </Modal>
  );
}

function HistoryCard({ history, compiled, locale }: { history: HistoryEntry[]; compiled: CompiledModule; locale: 'zh-CN' | 'en' }) {
  const { t, pick } = useI18n();
  const stateName = (s: string | null) => (s ? pick(compiled.workflow.states[s]?.title) || s : '');
  const actionName = (a: string | null) => compiled.workflow.transitions.find((x) => x.action === a)?.title;
  const KIND: Record<string, [string, string]> = {
    create: ['登记', 'Created'],
    update: ['修改', 'Changed'],
    route: ['转办', 'Routed'],
    overdue: ['逾期', 'Overdue'],
    remind: ['到期提醒', 'Reminder'],
    escalate: ['督办', 'Escalated'],
    migrate: ['版本迁移', 'Migrated'],
    attach: ['上传附件', 'Attached'],
    detach: ['删除附件', 'Removed attachment'],
  };
  return (
    <Card size="small" title={t('history')} style={{ marginTop: 12 }}>
      <Timeline
        items={[...history].reverse().map((h) => ({
          color: h.kind === 'overdue' || h.kind === 'escalate' ? 'red' : h.kind === 'transition' ? 'blue' : 'gray',
          children: (
            <div>
              <div>
                <Typography.Text strong>{h.kind === 'transition' ? pick(actionName(h.action)) || h.action : (KIND[h.kind]?.[locale === 'en' ? 1 : 0] ?? h.kind)}</Typography.Text>
                {h.toState && h.kind === 'transition' && <Typography.Text type="secondary">{` → ${stateName(h.toState)}`}</Typography.Text>}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatTime(h.at)} {h.actorName ?? h.actor ?? ''} {h.unitName ?? h.unitCode ?? ''}
              </Typography.Text>
              {h.comment && <div>「{h.comment}」</div>}
              {h.changes.length > 0 && (
                <div style={{ fontSize: 12, color: '#888' }}>
                  {h.changes
                    .slice(0, 6)
                    .map((c) => pick(compiled.fieldLabel(c.path)) || c.path)
                    .join('、')}
                  {h.changes.length > 6 ? ` …(${h.changes.length})` : ''}
                </div>
              )}
              {typeof (h.details.attachment as { filename?: string } | undefined)?.filename === 'string' && (
                <div style={{ fontSize: 12 }}>{(h.details.attachment as { filename: string }).filename}</div>
              )}
            </div>
          ),
        }))}
      />
    </Card>
  );
}

function Attachments({ record, attachments, writable, onChanged }: { record: RecordView; attachments: Attachment[]; writable: boolean; onChanged(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  return (
    <Card
      size="small"
      title={t('attachments')}
      extra={
        writable && (
          <Upload
            showUploadList={false}
            customRequest={({ file, onSuccess, onError }) => {
              upload(`/api/records/${record.id}/attachments`, file as File).then(
                (answer) => {
                  onSuccess?.(answer);
                  onChanged();
                },
                (e: unknown) => {
                  onError?.(e as Error);
                  void message.error(e instanceof ApiError ? e.message : t('failed'));
                },
              );
            }}
          >
            <Button size="small" icon={<UploadOutlined />} data-testid="upload-attachment">
              {t('upload')}
            </Button>
          </Upload>
        )
      }
    >
      {attachments.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noAttachments')} />
      ) : (
        attachments.map((a) => (
          <div key={a.id} style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '4px 0' }} data-testid="attachment">
            <Button type="link" icon={<DownloadOutlined />} onClick={() => void download(`/api/records/${record.id}/attachments/${a.id}`, a.filename)} style={{ paddingLeft: 0 }}>
              {a.filename}
            </Button>
            <Space>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {(a.size / 1024).toFixed(1)} KB
              </Typography.Text>
              {writable && (
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('delete')}
                  onClick={() => void api('DELETE', `/api/records/${record.id}/attachments/${a.id}`).then(onChanged)}
                />
              )}
            </Space>
          </div>
        ))
      )}
    </Card>
  );
}

/** Related records the definition's links name, each with a way to start a new linked record. */
function Links({ record, compiled }: { record: RecordView; compiled: CompiledModule }) {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const links = compiled.definition.links ?? [];
  const [targets, setTargets] = useState<Record<string, Loaded>>({});
  useEffect(() => {
    for (const link of links) void loadModule(link.module).then((l) => setTargets((all) => ({ ...all, [link.module]: l })));
  }, [links]);
  if (links.length === 0) return null;
  return (
    <Card size="small" title={t('linked')} style={{ marginTop: 12 }}>
      {links.map((link) => {
        const target = targets[link.module]?.compiled;
        const rows = record.links?.[link.name] ?? [];
        const fields = link.fields ?? [];
        const create = link.create;
        return (
          <div key={link.name} style={{ marginBottom: 16 }} data-testid={`link-${link.name}`}>
            <Space style={{ marginBottom: 8 }}>
              <Typography.Text strong>{pick(link.title)}</Typography.Text>
              <Tag>{rows.length}</Tag>
              {create && target && (
                <Button
                  size="small"
                  onClick={() => {
                    const initial: Record<string, unknown> = {};
                    for (const [pointer, expr] of Object.entries(create.data)) {
                      const value = applyExpression(expr, { data: record.data, context: {} });
                      if (value !== undefined && value !== null) initial[pointer.slice(1)] = value;
                    }
                    navigate(`/m/${link.module}/new?data=${encodeURIComponent(JSON.stringify(initial))}`);
                  }}
                  data-testid={`create-${link.name}`}
                >
                  {create.title ? pick(create.title) : t('newLinked', { title: pick(target.definition.title) })}
                </Button>
              )}
            </Space>
            <Table<LinkedView>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={rows}
              scroll={{ x: Math.max(600, 130 * (fields.length + 1)) }}
              onRow={(row) => ({ onClick: () => navigate(`/r/${row.id}`), style: { cursor: 'pointer' } })}
              columns={[
                ...fields.map((f) => ({
                  title: target ? pick(target.fieldLabel(f)) : f,
                  key: f,
                  ellipsis: true,
                  // A link naming its fields gets them keyed by JSON Pointer.
                  render: (_: unknown, row: LinkedView) => formatValue(row.data[f], target?.codeTitle(f, row.data[f])),
                })),
                { title: t('state'), key: 'state', render: (_: unknown, row: LinkedView) => pick(target?.workflow.states[row.state]?.title) || row.state },
              ]}
            />
          </div>
        );
      })}
    </Card>
  );
}

/** A report's pre-filled figures with the records behind each (drill-down). */
function PrefillSources({ record }: { record: RecordView }) {
  const { t, pick } = useI18n();
  const nameOf = useUnitName();
  const navigate = useNavigate();
  const [figures, setFigures] = useState<PrefillFigure[]>();
  const [drill, setDrill] = useState<{ figure: PrefillFigure; items: LinkedView[] }>();
  useEffect(() => {
    void get<{ fields: PrefillFigure[] }>(`/api/records/${record.id}/prefill`).then((answer) => setFigures(answer.fields));
  }, [record.id, record.version]);
  return (
    <Card size="small" title={t('prefillSources')} style={{ marginTop: 12 }}>
      <Table<PrefillFigure>
        rowKey="path"
        size="small"
        loading={!figures}
        dataSource={figures}
        pagination={false}
        scroll={{ x: 520 }}
        columns={[
          { title: t('field'), render: (_, f) => pick(f.label) },
          { title: t('prefilled'), render: (_, f) => <span className="fw-prefilled">{f.value}</span> },
          { title: `${t('period')}`, render: (_, f) => `${f.source.from} ~ ${f.source.to}`, responsive: ['md'] },
          {
            title: '',
            render: (_, f) => (
              <Button
                size="small"
                type="link"
                onClick={() =>
                  void get<{ items: LinkedView[] }>(`/api/records/${record.id}/prefill/records?field=${encodeURIComponent(f.path)}`).then((answer) => setDrill({ figure: f, items: answer.items }))
                }
              >
                {t('viewRecords')}
              </Button>
            ),
          },
        ]}
      />
      <Modal open={Boolean(drill)} title={drill ? pick(drill.figure.label) : ''} footer={null} onCancel={() => setDrill(undefined)} width={720}>
        <Table<LinkedView>
          rowKey="id"
          size="small"
          dataSource={drill?.items}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          onRow={(row) => ({ onClick: () => navigate(`/r/${row.id}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('unit'), render: (_, row) => nameOf(row.unitCode) },
            { title: t('updatedAt'), render: (_, row) => formatTime(row.updatedAt) },
            { title: '', render: (_, row) => Object.values(row.data).filter((v) => typeof v === 'string').slice(0, 2).join(' · ') },
          ]}
        />
      </Modal>
    </Card>
  );
}
