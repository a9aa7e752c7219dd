/** What awaits me: records held by my unit for one of my roles (overdue first), and notifications. */
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Badge, Button, Card, Empty, List, Space, Table, Tag, Typography } from 'antd';
import { api, get } from '../../kit/api';
import { formatDeadline, formatTime } from '../../kit/format';
import { defineWords, roleName } from '../../kit/i18n';
import { useAuth } from '../../kit/session';
import { useUnitName } from '../../kit/units';
import type { InboxTask as Task, NotificationView as Notice } from '../../kit/contract';

/** The inbox page's words. */
const useInboxWords = defineWords({
  inbox: ['待办事项', 'Inbox'],
  tasks: ['待我办理', 'Awaiting me'],
  notifications: ['通知', 'Notifications'],
  markRead: ['标为已读', 'Mark read'],
  noTasks: ['暂无待办事项', 'Nothing awaits you'],
  noNotifications: ['暂无通知', 'No notifications'],
  toFiling: ['去审批', 'Decide'],
  matter: ['事项', 'Matter'],
} as const);

/** The inbox (`/inbox`): my unit's tasks for my roles, overdue first, and my notifications. */
export function InboxPage() {
  const { t, pick, locale } = useInboxWords();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [inbox, setInbox] = useState<{ tasks: Task[]; notifications: Notice[]; unread: number }>();
  const unitName = useUnitName();
  const load = useCallback(() => {
    void get<{ tasks: Task[]; notifications: Notice[]; unread: number }>('/api/inbox').then(setInbox);
  }, []);
  useEffect(load, [load]);

  return (
    <>
      <div className="fw-page-title">
        <h2>{t('inbox')}</h2>
        <Typography.Text type="secondary">
          {me!.unitName} · {me!.roles.map((r) => roleName(locale, r)).join('、')}
        </Typography.Text>
      </div>
      <Card title={t('tasks')} size="small" style={{ marginBottom: 16 }}>
        <Table<Task>
          rowKey="id"
          size="small"
          loading={!inbox}
          dataSource={inbox?.tasks}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 720 }}
          locale={{ emptyText: <Empty description={t('noTasks')} /> }}
          onRow={(task) => ({ onClick: () => navigate(`/r/${task.id}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('matter'), key: 'title', width: 360, ellipsis: true, render: (_, task) => <span data-testid="task-title">{task.title || pick(task.moduleTitle)}</span> },
            { title: t('module'), render: (_, task) => pick(task.moduleTitle), responsive: ['md'] },
            { title: t('state'), render: (_, task) => <Tag>{pick(task.stateTitle)}</Tag> },
            { title: t('unit'), render: (_, task) => unitName(task.unitCode) },
            {
              title: t('due'),
              render: (_, task) =>
                task.overdue ? (
                  <Tag color="red">
                    {t('overdue')} {formatDeadline(task.deadlineAt)}
                  </Tag>
                ) : (
                  formatDeadline(task.deadlineAt)
                ),
            },
            { title: t('updatedAt'), render: (_, task) => formatTime(task.updatedAt), responsive: ['md'] },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={
          <Space>
            {t('notifications')}
            <Badge count={inbox?.unread ?? 0} />
          </Space>
        }
      >
        <List<Notice>
          dataSource={inbox?.notifications}
          locale={{ emptyText: <Empty description={t('noNotifications')} /> }}
          renderItem={(n) => (
            <List.Item
              actions={[
                ...(n.kind === 'filing'
                  ? [<Button key="filing" type="link" size="small" data-testid="to-filing" onClick={() => navigate('/admin/filing')}>{t('toFiling')}</Button>]
                  : []),
                ...(n.recordId ? [<Button key="open" type="link" size="small" onClick={() => navigate(`/r/${n.recordId}`)}>{t('open')}</Button>] : []),
                ...(!n.read
                  ? [<Button key="read" type="link" size="small" onClick={() => void api('POST', `/api/notifications/${n.id}/read`).then(load)}>{t('markRead')}</Button>]
                  : []),
              ]}
            >
              <List.Item.Meta
                title={<Typography.Text strong={!n.read}>{pick(n.message)}</Typography.Text>}
                description={formatTime(n.createdAt)}
              />
            </List.Item>
          )}
        />
      </Card>
    </>
  );
}
