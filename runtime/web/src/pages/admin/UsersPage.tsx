/**
 * The users of my subtree (`/admin/users`): filters by unit, status and role; new users; disable,
 * enable, reset password, edit roles. A change asked in the user's own unit is filed for approval
 * from above, and said so.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Dropdown, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import { api, ApiError, get, query } from '../../../kit/api';
import type { UnitView, UserChangeList, UserList, UserStatus, UserView } from '../../../kit/contract';
import { formatTime } from '../../../kit/format';
import { roleName } from '../../../kit/i18n';
import { useAuth } from '../../../kit/session';
import { unitTree } from '../../../kit/units';
import { CreateUserDialog, UserTaskDialog, type Outcome, type UserTask } from './user-dialogs';
import { useAdminWords } from './words';

const STATUSES: UserStatus[] = ['active', 'pending', 'disabled', 'rejected'];
const STATUS_COLORS: Record<UserStatus, string> = { active: 'green', pending: 'gold', disabled: 'default', rejected: 'red' };
const ROLES = ['admin', 'officer', 'leader', 'auditor', 'exporter', 'designer'];

interface Filter {
  unit?: string;
  status?: UserStatus;
  role?: string;
}

export function UsersPage() {
  const { t, locale } = useAdminWords();
  const { me, can } = useAuth();
  const { message } = App.useApp();
  const [units, setUnits] = useState<UnitView[]>([]);
  const [filter, setFilter] = useState<Filter>({});
  const [page, setPage] = useState<UserList>();
  const [error, setError] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [task, setTask] = useState<UserTask>();
  const [filedFor, setFiledFor] = useState<Set<string>>(new Set());

  useEffect(() => void get<UnitView[]>('/api/units').then(setUnits), []);
  const load = useCallback(
    (after?: string) => {
      setError(undefined);
      get<UserList>(`/api/users${query({ ...filter, limit: 100, cursor: after })}`).then(
        (next) => setPage((prev) => (after && prev ? { items: [...prev.items, ...next.items], nextCursor: next.nextCursor } : next)),
        (e: unknown) => setError(e instanceof ApiError ? e.message : t('failed')),
      );
    },
    [filter, t],
  );
  useEffect(() => load(), [load]);
  // Users with a change filed and waiting (a password reset, new roles) say so.
  useEffect(() => {
    if (!page) return;
    void get<UserChangeList>('/api/user-changes?status=pending&limit=500').then(
      (changes) => setFiledFor(new Set(changes.items.map((c) => c.username))),
      () => undefined,
    );
  }, [page]);

  const enable = (user: UserView) =>
    api('POST', `/api/users/${encodeURIComponent(user.username)}/enable`).then(
      () => {
        void message.success(t('done'));
        load();
      },
      (e: unknown) => void message.error(e instanceof ApiError ? e.message : t('failed')),
    );
  const closed = (user: UserView | undefined) => (outcome: Outcome) => {
    setTask(undefined);
    setCreating(false);
    if (outcome === 'filed' && user) setFiledFor((s) => new Set(s).add(user.username));
    if (outcome !== 'cancel') load();
  };

  const statusCell = (user: UserView) => (
    <Space direction="vertical" size={0}>
      <Space size={4} wrap>
        <Tag color={STATUS_COLORS[user.status]} data-testid="user-status">
          {t(`status_${user.status}`)}
        </Tag>
        {filedFor.has(user.username) && <Tag color="gold">{t('filed')}</Tag>}
      </Space>
      {user.statusChangedBy && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t(`decided_${user.status}`, { who: user.statusChangedBy, at: formatTime(user.statusChangedAt) })}
        </Typography.Text>
      )}
      {user.statusReason && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('because', { reason: user.statusReason })}
        </Typography.Text>
      )}
    </Space>
  );
  const actions = (user: UserView) => {
    if (!can('users.write') || user.username === me!.username) return null;
    const items = [
      { key: 'password', label: t('resetPassword') },
      { key: 'roles', label: t('editRoles') },
      ...(user.status === 'active' || user.status === 'pending' ? [{ key: 'disable', label: t('disable'), danger: true }] : []),
      ...(user.status === 'disabled' || user.status === 'rejected' ? [{ key: 'enable', label: t('enable') }] : []),
    ];
    return (
      <Dropdown
        trigger={['click']}
        menu={{
          items,
          onClick: ({ key }) => (key === 'enable' ? void enable(user) : setTask({ kind: key as UserTask['kind'], user })),
        }}
      >
        <Button size="small" data-testid={`user-actions-${user.username}`}>
          {t('actions')} <DownOutlined />
        </Button>
      </Dropdown>
    );
  };

  return (
    <>
      <div className="fw-page-title">
        <h2>{t('users')}</h2>
        {can('users.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-user">
            {t('newUser')}
          </Button>
        )}
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <TreeSelect
          style={{ width: 220 }}
          allowClear
          placeholder={t('allUnits')}
          treeData={unitTree(units)}
          treeDefaultExpandAll
          showSearch
          treeNodeFilterProp="title"
          value={filter.unit}
          onChange={(unit?: string) => setFilter((f) => ({ ...f, unit }))}
          data-testid="filter-unit"
        />
        <Select
          style={{ width: 140 }}
          allowClear
          placeholder={t('allStatuses')}
          value={filter.status}
          options={STATUSES.map((s) => ({ value: s, label: t(`status_${s}`) }))}
          onChange={(status?: UserStatus) => setFilter((f) => ({ ...f, status }))}
        />
        <Select
          style={{ width: 140 }}
          allowClear
          placeholder={t('allRoles')}
          value={filter.role}
          options={ROLES.map((r) => ({ value: r, label: roleName(locale, r) }))}
          onChange={(role?: string) => setFilter((f) => ({ ...f, role }))}
        />
      </Space>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Table<UserView>
        rowKey="username"
        size="small"
        loading={!page && !error}
        dataSource={page?.items}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          { title: t('username'), dataIndex: 'username' },
          { title: t('status'), render: (_, u) => statusCell(u), width: 240 },
          { title: t('displayName'), render: (_, u) => u.displayName ?? '' },
          { title: t('unit'), dataIndex: 'unitName' },
          { title: t('roles'), render: (_, u) => u.roles.map((r) => <Tag key={r}>{roleName(locale, r)}</Tag>) },
          { title: t('createdAt'), render: (_, u) => formatTime(u.createdAt), responsive: ['lg'] },
          { title: t('actions'), render: (_, u) => actions(u), fixed: 'right' },
        ]}
      />
      {page?.nextCursor && (
        <Button style={{ marginTop: 12 }} onClick={() => load(page.nextCursor!)}>
          {t('more')}
        </Button>
      )}
      <CreateUserDialog open={creating} units={units} defaultUnit={me!.unitCode} onClose={closed(undefined)} />
      <UserTaskDialog task={task} onClose={closed(task?.user)} />
    </>
  );
}
