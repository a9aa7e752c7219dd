/** Adds a statistical table (rows × columns of integer figures) to a report template at once. */
import { useState } from 'react';
import { Form, Input, Modal, message } from 'antd';
import type { Draft } from '../../model/paths';
import { addStatGrid, gridNames, MAX_GRID_COLUMNS } from '../../model/stat-grid';
import type { Change } from '../draft/useDraftEditor';
import { useReportWords } from './words';

/** The dialog; `onClose` after adding or cancelling. */
export function StatGridDialog({ open, onClose, edit }: { open: boolean; onClose(): void; edit(change: Change): void }) {
  const { t } = useReportWords();
  const [name, setName] = useState('');
  const [rows, setRows] = useState('');
  const [columns, setColumns] = useState('');
  const rowNames = gridNames(rows);
  const columnNames = gridNames(columns);
  const tooMany = columnNames.length > MAX_GRID_COLUMNS;
  const ready = name.trim() !== '' && rowNames.length > 0 && columnNames.length > 0 && !tooMany;
  const add = () => {
    edit((d: Draft) => addStatGrid(d, name.trim(), rowNames, columnNames).draft);
    void message.success(t('gridMade', { name: name.trim() }));
    setName('');
    setRows('');
    setColumns('');
    onClose();
  };
  return (
    <Modal open={open} title={t('gridTitle')} onCancel={onClose} onOk={add} okButtonProps={{ disabled: !ready, ...({ 'data-testid': 'grid-ok' } as Record<string, string>) }} okText={t('gridAdd')} destroyOnHidden>
      <p className="dz-muted">{t('gridIntro')}</p>
      <Form layout="vertical">
        <Form.Item label={t('gridName')} required>
          <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} data-testid="grid-name" />
        </Form.Item>
        <Form.Item label={t('gridRows')} required>
          <Input.TextArea value={rows} onChange={(e) => setRows(e.target.value)} rows={4} data-testid="grid-rows" />
        </Form.Item>
        <Form.Item label={t('gridColumns')} required validateStatus={tooMany ? 'error' : undefined} help={tooMany ? t('gridTooManyColumns') : undefined}>
          <Input.TextArea value={columns} onChange={(e) => setColumns(e.target.value)} rows={3} data-testid="grid-columns" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
