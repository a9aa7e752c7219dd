/** The reports of a period my unit reviews, approved or returned many at a time (see {@link ReviewTab}). */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Input, Modal, Space, Typography } from 'antd';
import { api, ApiError, get, query } from '../../../kit/api';
import type { Loaded } from '../../../kit/definitions';
import { useAuth } from '../../../kit/session';
import { useUnitName } from '../../../kit/units';
import type { BulkActionAnswer, ListTotals, RecordRow } from '../../../kit/contract';
import { RecordTable, type ListSort } from '../../../kit/RecordTable';
import { useReportWords } from './words';

/** The two review steps a report template's workflow has (the default one's approve and return). */
type Review = 'approve' | 'return';

/** Whether my roles may take a review step anywhere in the workflow (the tab is offered then). */
export function mayReview(loaded: Loaded, roles: readonly string[]): boolean {
  const wf = loaded.compiled.workflow;
  return Object.keys(wf.states).some((s) => wf.actionsFrom(s, roles).some((t) => t.action === 'approve'));
}

/**
 * Every report of the period in my subtree; those my unit holds and may approve can be ticked and
 * approved or returned together with one comment. Each is checked and recorded on its own: the
 * answer says which went through and why any did not.
 */
export function ReviewTab({ reportKey, period, loaded }: { reportKey: string; period: string; loaded: Loaded }) {
  const { t, pick } = useReportWords();
  const { me } = useAuth();
  const { message } = App.useApp();
  const unitName = useUnitName();
  const compiled = loaded.compiled;
  const [rows, setRows] = useState<RecordRow[]>();
  const [totals, setTotals] = useState<ListTotals>();
  const [sort, setSort] = useState<ListSort>();
  const [selected, setSelected] = useState<string[]>([]);
  const [step, setStep] = useState<Review>();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [failures, setFailures] = useState<{ unit: string; message: string }[]>([]);

  const load = useCallback(() => {
    setRows(undefined);
    void get<{ items: RecordRow[]; totals: ListTotals }>(`/api/modules/${reportKey}/records${query({ period, limit: 500, sort: sort?.by, order: sort?.order })}`).then((page) => {
      setRows(page.items);
      setTotals(page.totals);
    });
  }, [reportKey, period, sort]);
  useEffect(load, [load]);

  const selectable = (row: RecordRow) => row.assignedUnit === me!.unitCode && compiled.workflow.actionsFrom(row.state, me!.roles).some((x) => x.action === 'approve');
  const commentRequired = step !== undefined && compiled.workflow.transitions.find((x) => x.action === step)?.comment === 'required';

  const run = async () => {
    if (!step) return;
    setBusy(true);
    try {
      const answer = await api<BulkActionAnswer>('POST', `/api/records/actions/${step}`, { ids: selected, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      const unitOf = (id: string) => unitName(rows?.find((r) => r.id === id)?.unitCode ?? '');
      setFailures(answer.results.filter((r) => !r.ok).map((r) => ({ unit: unitOf(r.id), message: r.message ?? '' })));
      if (answer.done > 0) void message.success(t('bulkDone', { n: answer.done }));
      setStep(undefined);
      setComment('');
      setSelected([]);
      load();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text data-testid="bulk-selected">{t('bulkSelected', { n: selected.length })}</Typography.Text>
        <Button type="primary" disabled={selected.length === 0} onClick={() => setStep('approve')} data-testid="bulk-approve">
          {t('bulkApprove')}
        </Button>
        <Button disabled={selected.length === 0} onClick={() => setStep('return')} data-testid="bulk-return">
          {t('bulkReturn')}
        </Button>
      </Space>
      {failures.length > 0 && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setFailures([])}
          style={{ marginBottom: 12 }}
          message={t('bulkFailed', { n: failures.length })}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {failures.map((f, i) => (
                <li key={i}>{`${f.unit}：${f.message}`}</li>
              ))}
            </ul>
          }
        />
      )}
      <RecordTable
        compiled={compiled}
        fields={[]}
        rows={rows}
        totals={totals}
        unitName={unitName}
        sort={sort}
        onSort={setSort}
        selection={{ keys: selected, onChange: setSelected, selectable }}
      />
      <Modal
        open={step !== undefined}
        title={step ? t(step === 'approve' ? 'bulkApproveTitle' : 'bulkReturnTitle', { n: selected.length }) : ''}
        okText={step ? pick(compiled.workflow.transitions.find((x) => x.action === step)?.title) : ''}
        okButtonProps={{ disabled: commentRequired && !comment.trim(), loading: busy }}
        onOk={() => void run()}
        onCancel={() => setStep(undefined)}
        destroyOnHidden
      >
        <Input.TextArea rows={3} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={commentRequired ? t('commentRequired') : t('commentOptional')} data-testid="bulk-comment" />
      </Modal>
    </Card>
  );
}
