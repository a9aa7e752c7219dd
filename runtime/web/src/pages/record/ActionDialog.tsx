/** The dialog of one workflow action (see {@link ActionDialog}). */
import { useMemo, useState } from 'react';
import { App, Input, Modal, TreeSelect, Typography } from 'antd';
import type { EvaluationContext } from '../../../kit/engine';
import { api, ApiError } from '../../../kit/api';
import type { Loaded } from '../../../kit/definitions';
import { stepSchema, type FieldProblem } from '../../../kit/form/form-schema';
import { StepForm } from '../../../kit/form/StepForm';
import { useRecordWords } from './words';
import type { UnitNode } from '../../../kit/units';
import type { AvailableAction, RecordView } from '../../../kit/contract';
import { problemsOf, valueAt } from './record-data';

/**
 * A workflow action on a record: the fields the step still needs, the unit to hand to, the
 * comment; refused problems are shown here and handed back to the page's form.
 */
export function ActionDialog(props: {
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
  const { t, pick, locale } = useRecordWords();
  const { message } = App.useApp();
  const missing = action.requires.filter((p) => {
    const value = valueAt({ ...record.data, ...edited }, p);
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
