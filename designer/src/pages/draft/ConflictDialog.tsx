/** A save refused because someone else saved first: reload theirs, or keep mine — never a lost edit. */
import { useState } from 'react';
import { Button, Modal, Space, Typography } from 'antd';
import { useDraftWords } from './words';

/** The conflict dialog; `onResolve` reloads theirs or overwrites with mine. */
export function ConflictDialog({ open, onResolve }: { open: boolean; onResolve(choice: 'theirs' | 'mine'): Promise<void> }) {
  const { t } = useDraftWords();
  const [busy, setBusy] = useState<'theirs' | 'mine'>();
  const choose = (choice: 'theirs' | 'mine') => {
    setBusy(choice);
    void onResolve(choice).finally(() => setBusy(undefined));
  };
  return (
    <Modal open={open} title={t('conflictTitle')} closable={false} maskClosable={false} keyboard={false} footer={null} data-testid="conflict-dialog">
      <Typography.Paragraph>{t('conflictText')}</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Button block loading={busy === 'theirs'} onClick={() => choose('theirs')} data-testid="conflict-theirs">
          {t('conflictTheirs')}
        </Button>
        <Button block type="primary" danger loading={busy === 'mine'} onClick={() => choose('mine')} data-testid="conflict-mine">
          {t('conflictMine')}
        </Button>
      </Space>
    </Modal>
  );
}
