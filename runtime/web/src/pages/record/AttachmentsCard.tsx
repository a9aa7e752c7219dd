/** The attachments card of the record page (see {@link AttachmentsCard}). */
import { App, Button, Card, Empty, Space, Typography, Upload } from 'antd';
import { DeleteOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { api, ApiError, download, upload } from '../../../kit/api';
import { useRecordWords } from './words';
import type { AttachmentView as Attachment, RecordView } from '../../../kit/contract';

/** A record's attachments: download each; the holder uploads and deletes while it is open. */
export function AttachmentsCard({ record, attachments, writable, onChanged }: { record: RecordView; attachments: Attachment[]; writable: boolean; onChanged(): void }) {
  const { t } = useRecordWords();
  const { message } = App.useApp();
  return (
    <Card
      size="small"
      title={t('attachments')}
      extra={
        writable && (
          <Upload
            showUploadList={false}
            customRequest={({ file, onSuccess, onError }) => {
              upload(`/api/records/${record.id}/attachments`, file as File).then(
                (answer) => {
                  onSuccess?.(answer);
                  onChanged();
                },
                (e: unknown) => {
                  onError?.(e as Error);
                  void message.error(e instanceof ApiError ? e.message : t('failed'));
                },
              );
            }}
          >
            <Button size="small" icon={<UploadOutlined />} data-testid="upload-attachment">
              {t('upload')}
            </Button>
          </Upload>
        )
      }
    >
      {attachments.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noAttachments')} />
      ) : (
        attachments.map((a) => (
          <div key={a.id} style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '4px 0' }} data-testid="attachment">
            <Button type="link" icon={<DownloadOutlined />} onClick={() => void download(`/api/records/${record.id}/attachments/${a.id}`, a.filename)} style={{ paddingLeft: 0 }}>
              {a.filename}
            </Button>
            <Space>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {(a.size / 1024).toFixed(1)} KB
              </Typography.Text>
              {writable && (
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('delete')}
                  onClick={() => void api('DELETE', `/api/records/${record.id}/attachments/${a.id}`).then(onChanged)}
                />
              )}
            </Space>
          </div>
        ))
      )}
    </Card>
  );
}
