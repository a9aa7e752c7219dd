/**
 * One record (or a new one): its form from the definition version it was made under, the
 * workflow actions open to me, its history, attachments, linked records, documents and — for a
 * report — where its pre-filled figures come from.
 */
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Alert, Button, Col, Result, Row, Spin } from 'antd';
import { withToday, type EvaluationContext } from '../../../kit/engine';
import { useRecordWords } from './words';
import { useAuth } from '../../../kit/session';
import { ActionDialog } from './ActionDialog';
import { AttachmentsCard } from './AttachmentsCard';
import { HistoryCard } from './HistoryCard';
import { LinkedRecordsCard } from './LinkedRecordsCard';
import { PrefillSourcesCard } from './PrefillSourcesCard';
import { RecordFormCard } from './RecordFormCard';
import { RecordSummaryCard } from './RecordSummaryCard';
import { RecordToolbar } from './RecordToolbar';
import { UnitPickerCard } from './UnitPickerCard';
import { mergePatch, submissionOpens } from './record-data';
import { useRecord } from './useRecord';
import { useRecordActions } from './useRecordActions';

/** A record (`/r/:id`) or a new one (`/m/:key/new`, initial data from `?data=`). */
export function RecordPage() {
  const { id, key: newKey } = useParams();
  const { t, locale } = useRecordWords();
  const { me, can } = useAuth();
  const navigate = useNavigate();
  const { record, loaded, error, history, attachments, units, form, load, refreshAttachments } = useRecord(id, newKey);
  const [unitCode, setUnitCode] = useState<string>();
  const isNew = !id;
  const { busy, save, withdraw, action, setAction, actionDone } = useRecordActions({ isNew, newKey, record, unitCode, form, load });

  const compiled = loaded?.compiled;
  const state = record?.state ?? compiled?.workflow.initial ?? '';
  const holder = record ? record.assignedUnit === me!.unitCode : true;
  // A draft its own unit made and holds, still in the first state, may be withdrawn.
  const withdrawable = Boolean(
    record && compiled?.kind === 'record' && record.state === compiled.workflow.initial && compiled.workflow.states[state]?.draft && record.unitCode === me!.unitCode && holder && can('records.write'),
  );
  const editable = Boolean(compiled && compiled.workflow.states[state]?.draft && holder && (isNew ? can('records.create') : can('records.write')));
  // What I may edit, only read or not see here: the server says for a record; a new one is in its initial state at my unit (or one below).
  const fieldAccess = useMemo(
    () => record?.fieldAccess ?? (compiled && isNew ? compiled.workflow.access.restricted({ state, roles: me!.roles, relation: unitCode && unitCode !== me!.unitCode ? 'above' : 'own' }) : undefined),
    [record, compiled, isNew, state, me, unitCode],
  );
  const context = useMemo<EvaluationContext>(
    () => withToday({ user: { username: me!.username, roles: me!.roles }, unit: { code: me!.unitCode, level: me!.unitLevel }, state, ...(record?.period ? { period: record.period } : {}) }),
    [me, state, record?.period],
  );

  if (error) return <Result status="warning" title={error} extra={<Button onClick={() => navigate(-1)}>{t('back')}</Button>} />;
  if (!loaded || !compiled || (!isNew && !record)) return <Spin />;
  const opensOn = record ? submissionOpens(compiled, record, new Date()) : undefined;

  return (
    <>
      <RecordToolbar compiled={compiled} record={record} state={state} isNew={isNew} canSave={editable && !form.formFailed} busy={busy} onSave={() => void save()} onAction={setAction} onWithdraw={withdrawable ? withdraw : undefined} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          {record && <RecordSummaryCard record={record} />}
          {opensOn && <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="submit-from" message={t('submitFrom', { date: opensOn })} />}
          {isNew && units.length > 1 && <UnitPickerCard units={units} placeholder={me!.unitName} value={unitCode} onChange={setUnitCode} />}
          <RecordFormCard loaded={loaded} form={form} context={context} disabled={!editable} {...(fieldAccess ? { fieldAccess } : {})} />
          {record && compiled.report && compiled.report.prefilled.length > 0 && <PrefillSourcesCard record={record} frozen={!compiled.workflow.states[record.state]?.draft} />}
          {record && <LinkedRecordsCard record={record} compiled={compiled} />}
        </Col>
        <Col xs={24} xl={8}>
          {record && <AttachmentsCard record={record} attachments={attachments} writable={holder && !record.final && can('records.write')} onChanged={refreshAttachments} />}
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
