/** The user dialogs: new user, reset password, edit roles, disable (with a reason). */
import { useState } from 'react';
import { App, Checkbox, Form, Input, Modal, TreeSelect, Typography } from 'antd';
import { api, ApiError } from '../../../kit/api';
import type { CreatedUser, UnitView, UserChangeView, UserView } from '../../../kit/contract';
import { roleName } from '../../../kit/i18n';
import { unitTree } from '../../../kit/units';
import { invalidForm, passwordProblems } from './admin-logic';
import { useAdminWords } from './words';

/** The roles an administrator may grant (designers only at HQ: the server says so if not). */
const GRANTABLE = ['officer', 'leader', 'admin', 'auditor', 'exporter', 'designer'];

/** What a dialog reports when it closes: nothing done, done, or filed for approval from above. */
export type Outcome = 'cancel' | 'done' | 'filed';

function useSubmit(onClose: (o: Outcome) => void) {
  const { message } = App.useApp();
  const { t } = useAdminWords();
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<Outcome>) => {
    setBusy(true);
    try {
      const outcome = await work();
      if (outcome === 'filed') void message.warning(t('filed'));
      else void message.success(t('done'));
      onClose(outcome);
    } catch (e) {
      // A form that does not validate shows its problems on its fields.
      if (!invalidForm(e)) void message.error(e instanceof ApiError ? e.message : t('failed'));
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

/** The roles as checkboxes (Form.Item hands in the value and the change handler). */
function RoleChecks(props: { value?: string[]; onChange?: (roles: string[]) => void }) {
  const { locale } = useAdminWords();
  return <Checkbox.Group {...props} options={GRANTABLE.map((r) => ({ value: r, label: roleName(locale, r) }))} data-testid="field-roles" />;
}

/** A password field checked against the policy, in words. */
function PasswordField({ name, label, username }: { name: string; label: string; username?: string }) {
  const { t } = useAdminWords();
  return (
    <Form.Item
      name={name}
      label={label}
      extra={t('passwordPolicy')}
      rules={[
        { required: true, message: t('required') },
        {
          validator: (_, value: string | undefined) => {
            const problems = value ? passwordProblems(value, username) : [];
            return problems.length ? Promise.reject(new Error(problems.map((p) => t(`pw_${p}`)).join('；'))) : Promise.resolve();
          },
        },
      ]}
    >
      <Input.Password autoComplete="new-password" data-testid={`field-${name}`} />
    </Form.Item>
  );
}

export function CreateUserDialog({ open, units, defaultUnit, onClose }: { open: boolean; units: UnitView[]; defaultUnit: string; onClose: (o: Outcome) => void }) {
  const { t } = useAdminWords();
  const [form] = Form.useForm<{ username: string; displayName?: string; unitCode: string; roles: string[]; password: string }>();
  const { busy, run } = useSubmit(onClose);
  const username = Form.useWatch('username', form);
  const submit = () =>
    run(async () => {
      const values = await form.validateFields();
      const created = await api<CreatedUser>('POST', '/api/users', { ...values, displayName: values.displayName || undefined });
      form.resetFields();
      return created.status === 'pending' ? 'filed' : 'done';
    });
  return (
    <Modal open={open} title={t('newUser')} onOk={() => void submit()} onCancel={() => onClose('cancel')} okButtonProps={{ loading: busy, 'data-testid': 'create-user-ok' }} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ unitCode: defaultUnit, roles: ['officer'] }} preserve={false}>
        <Form.Item name="username" label={t('username')} extra={t('usernameRule')} rules={[{ required: true, message: t('required') }, { pattern: /^[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}$/, message: t('usernameRule') }]}>
          <Input autoComplete="off" data-testid="field-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t('displayName')}>
          <Input maxLength={100} data-testid="field-displayName" />
        </Form.Item>
        <Form.Item name="unitCode" label={t('unit')} rules={[{ required: true, message: t('required') }]}>
          <TreeSelect treeData={unitTree(units)} treeDefaultExpandAll showSearch treeNodeFilterProp="title" />
        </Form.Item>
        <Form.Item name="roles" label={t('roles')} rules={[{ required: true, message: t('required') }]}>
          <RoleChecks />
        </Form.Item>
        <PasswordField name="password" label={t('password')} username={username} />
        <Typography.Text type="secondary">{t('createHint')}</Typography.Text>
      </Form>
    </Modal>
  );
}

/** What the user dialogs act on: one user and what to do. */
export type UserTask = { kind: 'password' | 'roles' | 'disable'; user: UserView };

export function UserTaskDialog({ task, onClose }: { task: UserTask | undefined; onClose: (o: Outcome) => void }) {
  const { t } = useAdminWords();
  const [form] = Form.useForm<{ password?: string; roles?: string[]; reason?: string }>();
  const { busy, run } = useSubmit(onClose);
  const user = task?.user;
  const path = user ? `/api/users/${encodeURIComponent(user.username)}` : '';
  const submit = () =>
    run(async () => {
      const values = await form.validateFields();
      if (task!.kind === 'password') {
        const filed = await api<UserChangeView | undefined>('POST', `${path}/password`, { password: values.password });
        return filed ? 'filed' : 'done';
      }
      if (task!.kind === 'roles') {
        const answer = await api<UserView | UserChangeView>('PUT', `${path}/roles`, { roles: values.roles });
        return 'requestedBy' in answer ? 'filed' : 'done';
      }
      await api('POST', `${path}/disable`, values.reason ? { reason: values.reason } : {});
      return 'done';
    });
  const title = task ? `${t(task.kind === 'password' ? 'resetPassword' : task.kind === 'roles' ? 'editRoles' : 'disable')}：${user!.displayName ?? user!.username}` : '';
  return (
    <Modal open={!!task} title={title} onOk={() => void submit()} onCancel={() => onClose('cancel')} okButtonProps={{ loading: busy, danger: task?.kind === 'disable', 'data-testid': 'user-task-ok' }} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ roles: user?.roles }} preserve={false}>
        {task?.kind === 'password' && <PasswordField name="password" label={t('newPassword')} username={user!.username} />}
        {task?.kind === 'roles' && (
          <Form.Item name="roles" label={t('roles')} rules={[{ required: true, message: t('required') }]}>
            <RoleChecks />
          </Form.Item>
        )}
        {task?.kind === 'disable' && (
          <Form.Item name="reason" label={t('reason')}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
