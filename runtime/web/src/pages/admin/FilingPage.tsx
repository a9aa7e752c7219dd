/**
 * The filing queue (`/admin/filing`, 报备): new users filed by a unit's own administrator, and
 * password resets and role grants filed in a user's own unit. Decided from a unit above only: the
 * caller's own filings show as awaiting the unit above.
 */
import { useState } from 'react';
import { Alert, Button, Card, Empty, Space, Table, Tag } from 'antd';
import { ApiError } from '../../../kit/api';
import type { UserChangeView, UserView } from '../../../kit/contract';
import { formatTime } from '../../../kit/format';
import { roleName } from '../../../kit/i18n';
import { DecisionDialog, type Decision } from './DecisionDialog';
import { useFilings } from './useFilings';
import { useAdminWords } from './words';

export function FilingPage() {
  const { t, locale } = useAdminWords();
  const { filings, reload, error } = useFilings();
  const [decision, setDecision] = useState<Decision>();
  const roles = (list: readonly string[] | null) => (list ?? []).map((r) => roleName(locale, r)).join('、');
  const buttons = (unitCode: string, title: string, path: string) =>
    filings?.decides(unitCode) ? (
      <Space size={4} wrap>
        <Button size="small" type="primary" onClick={() => setDecision({ title, verdict: 'approve', path })} data-testid="approve">
          {t('approve')}
        </Button>
        <Button size="small" danger onClick={() => setDecision({ title, verdict: 'reject', path })} data-testid="reject">
          {t('reject')}
        </Button>
      </Space>
    ) : (
      <Tag color="gold">{t('awaitingAbove')}</Tag>
    );
  const empty = { emptyText: <Empty description={t('nothingWaits')} /> };
  return (
    <>
      <div className="fw-page-title">
        <h2>{t('filing')}</h2>
      </div>
      {error !== undefined && <Alert type="error" showIcon message={error instanceof ApiError ? error.message : t('failed')} style={{ marginBottom: 12 }} />}
      <Card size="small" title={t('pendingUsers')} style={{ marginBottom: 12 }} data-testid="pending-users">
        <Table<UserView>
          rowKey="username"
          size="small"
          loading={!filings}
          dataSource={filings?.users}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 720 }}
          locale={empty}
          columns={[
            { title: t('username'), dataIndex: 'username' },
            { title: t('displayName'), render: (_, u) => u.displayName ?? '' },
            { title: t('unit'), dataIndex: 'unitName' },
            { title: t('roles'), render: (_, u) => roles(u.roles) },
            { title: t('filedBy'), render: (_, u) => u.createdBy ?? '', responsive: ['md'] },
            { title: t('filedAt'), render: (_, u) => formatTime(u.createdAt), responsive: ['md'] },
            { title: t('actions'), render: (_, u) => buttons(u.unitCode, u.displayName ?? u.username, `/api/users/${encodeURIComponent(u.username)}`) },
          ]}
        />
      </Card>
      <Card size="small" title={t('pendingChanges')} data-testid="pending-changes">
        <Table<UserChangeView>
          rowKey="id"
          size="small"
          loading={!filings}
          dataSource={filings?.changes}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 720 }}
          locale={empty}
          columns={[
            { title: t('username'), dataIndex: 'username' },
            { title: t('unit'), dataIndex: 'unitName' },
            {
              title: t('change'),
              render: (_, c) =>
                c.kind === 'password' ? (
                  <Tag>{t('kind_password')}</Tag>
                ) : (
                  <Space size={4} wrap>
                    <Tag>{t('kind_roles')}</Tag>
                    {t('rolesFromTo', { from: roles(c.currentRoles), to: roles(c.roles) })}
                  </Space>
                ),
            },
            { title: t('filedBy'), dataIndex: 'requestedBy', responsive: ['md'] },
            { title: t('filedAt'), render: (_, c) => formatTime(c.requestedAt), responsive: ['md'] },
            { title: t('actions'), render: (_, c) => buttons(c.unitCode, `${c.username} · ${c.kind === 'password' ? t('kind_password') : t('kind_roles')}`, `/api/user-changes/${c.id}`) },
          ]}
        />
      </Card>
      <DecisionDialog
        decision={decision}
        onClose={(done) => {
          setDecision(undefined);
          if (done) reload();
        }}
      />
    </>
  );
}
