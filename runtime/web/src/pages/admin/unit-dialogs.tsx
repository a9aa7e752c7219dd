/** The unit dialogs: new subunit, rename, move (with what moves along), import. */
import { useState } from 'react';
import { Alert, App, Button, Form, Input, List, Modal, Select, TreeSelect, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { api, ApiError, postText, type Problem } from '../../../kit/api';
import type { UnitView } from '../../../kit/contract';
import { unitTree } from '../../../kit/units';
import { invalidForm, moveTargets, subtreeOf } from './admin-logic';
import { fileAsCsv } from './spreadsheet';
import { useAdminWords } from './words';

const KINDS = ['company', 'factory', 'discipline', 'inspection', 'other'] as const;

export type UnitTask = { kind: 'create' | 'rename' | 'move'; unit: UnitView };

export function UnitTaskDialog({ task, units, onClose }: { task: UnitTask | undefined; units: UnitView[]; onClose: (done: boolean) => void }) {
  const { t } = useAdminWords();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ code?: string; name?: string; kind?: string; parentCode?: string }>();
  const [busy, setBusy] = useState(false);
  const unit = task?.unit;
  const submit = async () => {
    setBusy(true);
    try {
      const values = await form.validateFields();
      if (task!.kind === 'create') await api('POST', '/api/units', { code: values.code, name: values.name, parentCode: unit!.code, kind: values.kind });
      else if (task!.kind === 'rename') await api('PATCH', `/api/units/${encodeURIComponent(unit!.code)}`, { name: values.name, kind: values.kind });
      else await api('PATCH', `/api/units/${encodeURIComponent(unit!.code)}`, { parentCode: values.parentCode });
      void message.success(t('saved'));
      onClose(true);
    } catch (e) {
      if (!invalidForm(e)) void message.error(e instanceof ApiError ? e.message : t('failed'));
    } finally {
      setBusy(false);
    }
  };
  const carried = task?.kind === 'move' ? subtreeOf(units, unit!.code) : [];
  const targets = task?.kind === 'move' ? moveTargets(units, unit!.code) : [];
  const kindSelect = <Select options={KINDS.map((k) => ({ value: k, label: t(`kind_${k}`) }))} />;
  const title = task ? `${t(task.kind === 'create' ? 'newUnit' : task.kind)}：${unit!.name}` : '';
  return (
    <Modal open={!!task} title={title} onOk={() => void submit()} onCancel={() => onClose(false)} okButtonProps={{ loading: busy, 'data-testid': 'unit-task-ok' }} destroyOnHidden>
      <Form form={form} layout="vertical" preserve={false} initialValues={task?.kind === 'rename' ? { name: unit!.name, kind: unit!.kind } : { kind: 'company' }}>
        {task?.kind === 'create' && (
          <Form.Item name="code" label={t('unitCode')} rules={[{ required: true, message: t('required') }, { pattern: /^[A-Za-z0-9_-]{1,64}$/, message: t('unitCode') }]}>
            <Input data-testid="field-code" />
          </Form.Item>
        )}
        {task?.kind !== 'move' && (
          <>
            <Form.Item name="name" label={t('unitName')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
              <Input maxLength={200} data-testid="field-name" />
            </Form.Item>
            <Form.Item name="kind" label={t('unitKind')}>
              {kindSelect}
            </Form.Item>
          </>
        )}
        {task?.kind === 'move' && (
          <>
            <Form.Item name="parentCode" label={t('newParent')} rules={[{ required: true, message: t('required') }]}>
              <TreeSelect treeData={unitTree(targets)} treeDefaultExpandAll showSearch treeNodeFilterProp="title" data-testid="field-parent" />
            </Form.Item>
            <Typography.Text>{t('movePreview', { n: carried.length })}</Typography.Text>
            <List size="small" bordered style={{ maxHeight: 240, overflow: 'auto', marginTop: 8 }} dataSource={carried} renderItem={(u) => <List.Item style={{ paddingLeft: 12 + (u.level - unit!.level) * 16 }}>{u.name}</List.Item>} />
          </>
        )}
      </Form>
    </Modal>
  );
}

export function ImportDialog({ open, onClose }: { open: boolean; onClose: (done: boolean) => void }) {
  const { t } = useAdminWords();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Problem[]>();
  const [failure, setFailure] = useState<string>();
  const upload = async (file: File) => {
    setBusy(true);
    setProblems(undefined);
    setFailure(undefined);
    try {
      const csv = await fileAsCsv(file).catch(() => {
        throw new Error(t('unreadableFile'));
      });
      const { imported } = await postText<{ imported: number }>('/api/units/import', csv, 'text/csv; charset=utf-8');
      void message.success(t('imported', { n: imported }));
      onClose(true);
    } catch (e) {
      if (e instanceof ApiError && e.problems.length) setProblems(e.problems);
      else setFailure(e instanceof Error ? e.message : t('failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('importUnits')} footer={null} onCancel={() => onClose(false)} destroyOnHidden afterClose={() => setProblems(undefined)}>
      <Typography.Paragraph type="secondary">{t('importHint')}</Typography.Paragraph>
      <Upload
        accept=".csv,.xlsx,text/csv"
        showUploadList={false}
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy} data-testid="import-file">
          {t('chooseFile')}
        </Button>
      </Upload>
      {failure && <Alert style={{ marginTop: 12 }} type="error" showIcon message={failure} />}
      {problems && (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          message={t('importFailed')}
          data-testid="import-problems"
          description={
            <ul style={{ paddingLeft: 16, margin: 0, maxHeight: 240, overflow: 'auto' }}>
              {problems.map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
          }
        />
      )}
    </Modal>
  );
}
