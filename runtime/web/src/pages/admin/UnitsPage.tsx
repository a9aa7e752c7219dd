/**
 * The unit tree of my subtree (`/admin/units`): a unit's details and designated administrators;
 * new subunit, rename, move (with what moves along), import from CSV or Excel, and the unit's
 * weekly data-quality nudge switched on or off.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, List, Row, Space, Switch, Tag, Tree, Typography } from 'antd';
import { ImportOutlined } from '@ant-design/icons';
import { ApiError, api, get } from '../../../kit/api';
import type { NudgeResult, UnitView, UserView } from '../../../kit/contract';
import { useAuth } from '../../../kit/session';
import { forgetUnits } from '../../../kit/units';
import { unitTreeNodes } from './admin-logic';
import { ImportDialog, UnitTaskDialog, type UnitTask } from './unit-dialogs';
import { useAdminWords } from './words';

/** The unit's weekly data-quality nudge: on or off, switched at once. */
function NudgeSwitch({ code }: { code: string }) {
  const { t } = useAdminWords();
  const [nudge, setNudge] = useState<NudgeResult>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    setNudge(undefined);
    setError(undefined);
    get<NudgeResult>(`/api/quality/nudges/${encodeURIComponent(code)}`).then(setNudge, (e: unknown) => setError(e instanceof ApiError ? e.message : t('failed')));
  }, [code, t]);
  const toggle = (enabled: boolean) => {
    setBusy(true);
    setError(undefined);
    api<NudgeResult>('PUT', `/api/quality/nudges/${encodeURIComponent(code)}`, { enabled })
      .then(setNudge, (e: unknown) => setError(e instanceof ApiError ? e.message : t('failed')))
      .finally(() => setBusy(false));
  };
  return (
    <div style={{ marginBottom: 16 }}>
      <Space wrap>
        <span>{t('qualityNudges')}</span>
        <Switch
          checked={nudge?.enabled ?? false}
          loading={!nudge || busy}
          disabled={!nudge}
          checkedChildren={t('nudgesOn')}
          unCheckedChildren={t('nudgesOff')}
          onChange={toggle}
          data-testid="quality-nudges"
        />
      </Space>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('qualityNudgesHint')}
        </Typography.Text>
      </div>
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 8 }} />}
    </div>
  );
}

export function UnitsPage() {
  const { t } = useAdminWords();
  const { me, can } = useAuth();
  const [units, setUnits] = useState<UnitView[]>();
  const [selected, setSelected] = useState<string>(me!.unitCode);
  const [admins, setAdmins] = useState<UserView[]>();
  const [error, setError] = useState<string>();
  const [task, setTask] = useState<UnitTask>();
  const [importing, setImporting] = useState(false);
  const load = useCallback(() => {
    get<UnitView[]>('/api/units').then(setUnits, (e: unknown) => setError(e instanceof ApiError ? e.message : t('failed')));
  }, [t]);
  useEffect(load, [load]);
  useEffect(() => {
    setAdmins(undefined);
    void get<UserView[]>(`/api/units/${encodeURIComponent(selected)}/admins`).then(setAdmins, () => setAdmins([]));
  }, [selected]);
  const unit = units?.find((u) => u.code === selected);
  const parent = units?.find((u) => u.code === unit?.parentCode);
  const writes = can('units.write');
  const done = (changed: boolean) => {
    setTask(undefined);
    setImporting(false);
    if (changed) {
      forgetUnits();
      load();
    }
  };
  return (
    <>
      <div className="fw-page-title">
        <h2>{t('units')}</h2>
        {writes && (
          <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="import-units">
            {t('importUnits')}
          </Button>
        )}
      </div>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Row gutter={[12, 12]}>
        <Col xs={24} md={10}>
          <Card size="small" loading={!units} data-testid="unit-tree">
            {units && (
              <Tree
                treeData={unitTreeNodes(units)}
                defaultExpandAll
                selectedKeys={[selected]}
                onSelect={(keys) => keys[0] && setSelected(String(keys[0]))}
                style={{ maxHeight: 560, overflow: 'auto' }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} md={14}>
          <Card size="small" title={unit?.name ?? t('pickUnit')} data-testid="unit-detail">
            {unit && (
              <>
                <Descriptions size="small" column={{ xs: 1, md: 2 }}>
                  <Descriptions.Item label={t('unitCode')}>{unit.code}</Descriptions.Item>
                  <Descriptions.Item label={t('unitKind')}>{t(`kind_${unit.kind}`)}</Descriptions.Item>
                  <Descriptions.Item label={t('unitLevel')}>{t('levelN', { n: unit.level })}</Descriptions.Item>
                  {parent && <Descriptions.Item label={t('parentUnit')}>{parent.name}</Descriptions.Item>}
                </Descriptions>
                {writes && (
                  <Space wrap style={{ margin: '8px 0 16px' }}>
                    <Button type="primary" onClick={() => setTask({ kind: 'create', unit })} data-testid="new-unit">
                      {t('newUnit')}
                    </Button>
                    <Button onClick={() => setTask({ kind: 'rename', unit })} data-testid="rename-unit">
                      {t('rename')}
                    </Button>
                    {unit.code !== me!.unitCode && (
                      <Button onClick={() => setTask({ kind: 'move', unit })} data-testid="move-unit">
                        {t('move')}
                      </Button>
                    )}
                  </Space>
                )}
                {writes && <NudgeSwitch code={unit.code} />}
                <Card type="inner" size="small" title={t('admins')} data-testid="unit-admins">
                  <List
                    size="small"
                    loading={!admins}
                    dataSource={admins}
                    locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noAdmins')} /> }}
                    renderItem={(a) => (
                      <List.Item>
                        <Space wrap>
                          <span>{a.displayName ?? a.username}</span>
                          <span style={{ color: '#888' }}>{a.username}</span>
                          <Tag color={a.status === 'active' ? 'green' : 'gold'}>{t(`status_${a.status}`)}</Tag>
                        </Space>
                      </List.Item>
                    )}
                  />
                </Card>
              </>
            )}
          </Card>
        </Col>
      </Row>
      <UnitTaskDialog task={task} units={units ?? []} onClose={done} />
      <ImportDialog open={importing} onClose={done} />
    </>
  );
}
