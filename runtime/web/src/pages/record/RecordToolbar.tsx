/** The record page's title bar (see {@link RecordToolbar}). */
import { Button, Space, Tag } from 'antd';
import { FileWordOutlined } from '@ant-design/icons';
import type { CompiledModule } from '../../../kit/engine';
import { download } from '../../../kit/api';
import { formatPeriod } from '../../../kit/format';
import { useRecordWords } from './words';
import type { AvailableAction, RecordView } from '../../../kit/contract';

/**
 * The record's title, state, overdue mark and period; then saving (when it may be saved), the
 * workflow actions open to me, withdrawing a draft, and the documents to generate from it (once it exists).
 */
export function RecordToolbar({
  compiled,
  record,
  state,
  isNew,
  canSave,
  busy,
  onSave,
  onAction,
  onWithdraw,
}: {
  compiled: CompiledModule;
  record: RecordView | undefined;
  state: string;
  isNew: boolean;
  canSave: boolean;
  busy: boolean;
  onSave: () => void;
  onAction: (action: AvailableAction) => void;
  /** Offered for a draft its unit made and still holds (the server refuses one that was ever submitted). */
  onWithdraw?: (() => void) | undefined;
}) {
  const { t, pick, locale } = useRecordWords();
  const definition = compiled.definition;
  return (
    <div className="fw-page-title">
      <Space wrap>
        <h2>{pick(definition.title)}</h2>
        <Tag color="blue" data-testid="record-state">
          {pick(compiled.workflow.states[state]?.title)}
        </Tag>
        {record?.overdue && <Tag color="red">{t('overdue')}</Tag>}
        {record?.period && <Tag>{`${t('period')} ${formatPeriod(compiled.report?.spec.period, record.period, locale)}`}</Tag>}
      </Space>
      <Space wrap>
        {canSave && (
          <Button type="primary" loading={busy} onClick={onSave} data-testid="save-record">
            {isNew ? t('create') : t('save')}
          </Button>
        )}
        {(record?.availableActions ?? []).map((a) => (
          <Button key={a.action} onClick={() => onAction(a)} data-testid={`action-${a.action}`}>
            {pick(a.title)}
          </Button>
        ))}
        {onWithdraw && (
          <Button danger onClick={onWithdraw} data-testid="withdraw-record">
            {t('withdraw')}
          </Button>
        )}
        {(definition.documents ?? []).map((doc) => (
          <Button key={doc.name} icon={<FileWordOutlined />} onClick={() => void download(`/api/records/${record!.id}/documents/${doc.name}`, `${pick(doc.title)}.docx`)} disabled={!record}>
            {pick(doc.title)}
          </Button>
        ))}
      </Space>
    </div>
  );
}
