/** The administration home (`/admin`): what waits for a decision, and the way to each screen. */
import { useNavigate } from 'react-router-dom';
import { Alert, Badge, Card, Col, Row, Statistic, Typography } from 'antd';
import { AuditOutlined, ClusterOutlined, SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { ApiError } from '../../../kit/api';
import { roleName } from '../../../kit/i18n';
import { useAuth } from '../../../kit/session';
import { useFilings } from './useFilings';
import { useAdminWords, type AdminWord } from './words';

export function AdminHomePage() {
  const { t, locale } = useAdminWords();
  const { me, can } = useAuth();
  const navigate = useNavigate();
  const { filings, error } = useFilings();
  const decidable = (list: { unitCode: string }[] | undefined) => list?.filter((x) => filings!.decides(x.unitCode)).length ?? 0;
  const waitingUsers = decidable(filings?.users);
  const waitingChanges = decidable(filings?.changes);
  const screens: { to: string; icon: ReactNode; title: AdminWord; hint: AdminWord; badge?: number; show: boolean }[] = [
    { to: '/admin/filing', icon: <SafetyCertificateOutlined />, title: 'filing', hint: 'filingHint', badge: waitingUsers + waitingChanges, show: can('users.write') },
    { to: '/admin/units', icon: <ClusterOutlined />, title: 'units', hint: 'unitsHint', show: true },
    { to: '/admin/users', icon: <TeamOutlined />, title: 'users', hint: 'usersHint', show: true },
    { to: '/admin/audit', icon: <AuditOutlined />, title: 'audit', hint: 'auditHint', show: can('audit.read') },
  ];
  return (
    <>
      <div className="fw-page-title">
        <h2>{t('adminHome')}</h2>
        <Typography.Text type="secondary">
          {me!.unitName} · {me!.roles.map((r) => roleName(locale, r)).join('、')}
        </Typography.Text>
      </div>
      {error !== undefined && <Alert type="error" showIcon message={error instanceof ApiError ? error.message : t('failed')} style={{ marginBottom: 12 }} />}
      {can('users.write') && (
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
          <Col xs={12} md={8}>
            <Card size="small" hoverable onClick={() => navigate('/admin/filing')} data-testid="waiting-users">
              <Statistic title={t('waitingUsers')} value={waitingUsers} loading={!filings} />
            </Card>
          </Col>
          <Col xs={12} md={8}>
            <Card size="small" hoverable onClick={() => navigate('/admin/filing')} data-testid="waiting-changes">
              <Statistic title={t('waitingChanges')} value={waitingChanges} loading={!filings} />
            </Card>
          </Col>
        </Row>
      )}
      <Typography.Paragraph type="secondary">{t('homeHint')}</Typography.Paragraph>
      <Row gutter={[12, 12]}>
        {screens
          .filter((s) => s.show)
          .map((s) => (
            <Col xs={24} md={12} key={s.to}>
              <Card size="small" hoverable onClick={() => navigate(s.to)} data-testid={`to-${s.to.split('/').pop()}`}>
                <Card.Meta
                  avatar={<span style={{ fontSize: 24, color: '#b71c1c' }}>{s.icon}</span>}
                  title={
                    <Badge count={s.badge ?? 0} offset={[12, 0]}>
                      {t(s.title)}
                    </Badge>
                  }
                  description={t(s.hint)}
                />
              </Card>
            </Col>
          ))}
      </Row>
    </>
  );
}
