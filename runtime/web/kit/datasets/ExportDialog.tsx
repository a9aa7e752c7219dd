/** "导出" on a record list: a button (for exporters, when the module has datasets) opening the export form with the list's filters. */
import { useState } from 'react';
import { Button, Modal } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import { useAuth } from '../session';
import { ExportForm } from './ExportForm';
import { useDatasets } from './useDatasets';
import { useExportWords } from './words';

/** The export button of module `module`'s list, whose query string is `list`; nothing for those who may not export, or for a module without datasets. */
export function ExportButton({ module, list }: { module: string; list: URLSearchParams }) {
  const { t } = useExportWords();
  const { can } = useAuth();
  const { datasets } = useDatasets(can('datasets.export'), module);
  const [open, setOpen] = useState(false);
  if (!datasets || datasets.length === 0) return null;
  return (
    <>
      <Button icon={<ExportOutlined />} onClick={() => setOpen(true)} data-testid="export-open">
        {t('export')}
      </Button>
      <Modal open={open} title={t('exportTitle')} footer={null} onCancel={() => setOpen(false)} destroyOnHidden width={560}>
        <ExportForm datasets={datasets} list={list} onDone={() => setOpen(false)} />
      </Modal>
    </>
  );
}
