/** What the record page does to a record (see {@link useRecordActions}). */
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App } from 'antd';
import { api, ApiError } from '../../../kit/api';
import { hasContent } from '../../../kit/engine';
import { useRecordWords } from './words';
import type { AvailableAction, RecordView } from '../../../kit/contract';
import { mergePatch, problemsOf } from './record-data';
import type { RecordFormState } from './useRecordForm';

/**
 * Saving — creating a new record (in `unitCode`, or mine) or patching the record shown — with
 * refusals shown on the form (a version conflict reloads it), and the workflow action whose
 * dialog is open and what follows when it is done.
 */
export function useRecordActions({
  isNew,
  newKey,
  record,
  unitCode,
  form,
  load,
}: {
  isNew: boolean;
  newKey: string | undefined;
  record: RecordView | undefined;
  unitCode: string | undefined;
  form: RecordFormState;
  load: () => Promise<void>;
}) {
  const { t } = useRecordWords();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [action, setAction] = useState<AvailableAction>();

  const fail = (e: unknown) => {
    form.showProblems(problemsOf(e));
    if (e instanceof ApiError && e.code === 'FW_REC_VERSION_CONFLICT') void load();
    void message.error(e instanceof ApiError ? e.message : t('failed'));
  };

  const save = async () => {
    // An untouched new form makes nothing: no request, no empty draft to clutter the lists.
    if (isNew && !hasContent(form.data)) {
      void message.warning(t('nothingFilled'));
      return;
    }
    setBusy(true);
    try {
      if (isNew) {
        const created = await api<RecordView>('POST', `/api/modules/${newKey}/records`, { data: form.data, ...(unitCode ? { unitCode } : {}) });
        void message.success(t('saved'));
        navigate(`/r/${created.id}`, { replace: true });
      } else {
        const patch = mergePatch(record!.data, form.data);
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

  /** The open action went through: its dialog closes and the record is read again. */
  const actionDone = async () => {
    setAction(undefined);
    void message.success(t('actionDone'));
    await load();
  };

  /** Withdraws the draft shown (never submitted), once confirmed, and goes back to its list. */
  const withdraw = () =>
    modal.confirm({
      title: t('withdrawConfirm'),
      content: t('withdrawExplained'),
      okText: t('withdraw'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await api('DELETE', `/api/records/${record!.id}`, undefined, { 'if-match': String(record!.version) });
          void message.success(t('withdrawn'));
          navigate(`/m/${record!.key}`, { replace: true });
        } catch (e) {
          fail(e);
        }
      },
    });

  return { busy, save, withdraw, action, setAction, actionDone };
}
