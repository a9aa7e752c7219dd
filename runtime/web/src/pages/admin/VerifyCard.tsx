/** Chain verification (HQ's auditors and administrators): the verdict explained in words. */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { ApiError, get } from '../../../kit/api';
import type { ChainVerdict } from '../../../kit/contract';
import { BROKEN_REASONS, explainVerdict, type BrokenReason } from './admin-logic';
import { useAdminWords } from './words';

export function VerifyCard() {
  const { t, locale } = useAdminWords();
  const [busy, setBusy] = useState(false);
  const [verdict, setVerdict] = useState<ChainVerdict>();
  const [error, setError] = useState<string>();
  const verify = () => {
    setBusy(true);
    setError(undefined);
    setVerdict(undefined);
    get<ChainVerdict>('/api/audit/verify')
      .then(setVerdict, (e: unknown) => setError(e instanceof ApiError && e.status === 403 ? t('verifyForbidden') : e instanceof ApiError ? e.message : t('failed')))
      .finally(() => setBusy(false));
  };
  const yes = locale === 'en' ? 'Yes' : '是';
  const no = locale === 'en' ? 'No' : '否';
  return (
    <Card size="small" title={t('verify')} style={{ marginBottom: 12 }} data-testid="verify-card">
      <Typography.Paragraph type="secondary">{t('verifyHint')}</Typography.Paragraph>
      <Button icon={<SafetyCertificateOutlined />} loading={busy} onClick={verify} data-testid="verify-chain">
        {t('verify')}
      </Button>
      {error && <Alert style={{ marginTop: 12 }} type="warning" showIcon message={error} />}
      {verdict && (
        <Alert
          style={{ marginTop: 12 }}
          type={verdict.ok ? 'success' : 'error'}
          showIcon
          data-testid="verify-result"
          message={verdict.ok ? t('verifyOk') : t('verifyBroken')}
          description={
            <>
              <Typography.Paragraph>{explainVerdict(verdict, locale)}</Typography.Paragraph>
              <Descriptions size="small" column={{ xs: 1, md: 2 }}>
                <Descriptions.Item label={locale === 'en' ? 'Entries verified' : '已核验条目'}>{verdict.entries}</Descriptions.Item>
                <Descriptions.Item label={locale === 'en' ? 'Sealed with the audit key' : '审计密钥签章'}>{verdict.sealed ? yes : no}</Descriptions.Item>
                <Descriptions.Item label={locale === 'en' ? 'Checkpoints' : '检查点'}>{verdict.checkpoints}</Descriptions.Item>
                {!verdict.ok && <Descriptions.Item label={locale === 'en' ? 'Broken at entry' : '断裂位置'}>{verdict.brokenAt}</Descriptions.Item>}
                {verdict.reason && (
                  <Descriptions.Item label={locale === 'en' ? 'Why' : '原因'}>{BROKEN_REASONS[verdict.reason as BrokenReason]?.[locale === 'en' ? 1 : 0]}</Descriptions.Item>
                )}
              </Descriptions>
            </>
          }
        />
      )}
    </Card>
  );
}
