/** Approving or rejecting a filing: a reason (required to reject), sent with the decision. */
import { useState } from 'react';
import { App, Form, Input, Modal } from 'antd';
import { api, ApiError } from '../../../kit/api';
import { invalidForm } from './admin-logic';
import { useAdminWords } from './words';

export interface Decision {
  /** What is decided, shown as the dialog's title. */
  title: string;
  verdict: 'approve' | 'reject';
  /** The decision's address without the verdict: `/api/users/x` or `/api/user-changes/3`. */
  path: string;
}

export function DecisionDialog({ decision, onClose }: { decision: Decision | undefined; onClose: (done: boolean) => void }) {
  const { t } = useAdminWords();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const [busy, setBusy] = useState(false);
  const rejecting = decision?.verdict === 'reject';
  const submit = async () => {
    setBusy(true);
    try {
      const { reason } = await form.validateFields();
      await api('POST', `${decision!.path}/${decision!.verdict}`, reason ? { reason } : {});
      void message.success(rejecting ? t('rejected') : t('approved'));
      form.resetFields();
      onClose(true);
    } catch (e) {
      if (!invalidForm(e)) void message.error(e instanceof ApiError ? e.message : t('failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={!!decision}
      title={`${rejecting ? t('reject') : t('approve')}：${decision?.title ?? ''}`}
      okText={rejecting ? t('reject') : t('approve')}
      okButtonProps={{ danger: rejecting, loading: busy, 'data-testid': 'decision-ok' }}
      onOk={() => void submit()}
      onCancel={() => {
        form.resetFields();
        onClose(false);
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={rejecting ? t('rejectReason') : t('approveReason')} rules={rejecting ? [{ required: true, whitespace: true, message: t('reasonRequired') }] : []}>
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="decision-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
