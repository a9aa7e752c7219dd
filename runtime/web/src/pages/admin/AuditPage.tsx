/**
 * The audit log (`/admin/audit`) of my subtree: filters (actor, unit, action category, time
 * range), entry details in a drawer, paging by cursor; chain verification for HQ.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, DatePicker, Descriptions, Drawer, Input, Select, Space, Table, Tag, TreeSelect } from 'antd';
import type { Dayjs } from 'dayjs';
import { ApiError, get, query } from '../../../kit/api';
import type { AuditList, AuditView, UnitView } from '../../../kit/contract';
import { formatTime } from '../../../kit/format';
import { roleName } from '../../../kit/i18n';
import { useAuth } from '../../../kit/session';
import { unitTree } from '../../../kit/units';
import { AUDIT_CATEGORIES, DETAIL_NAMES, actionName, detailValue, targetLabel } from './audit-words';
import { VerifyCard } from './VerifyCard';
import { useAdminWords } from './words';

interface Filter {
  actor?: string;
  unit?: string;
  action?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

export function AuditPage() {
  const { t, locale } = useAdminWords();
  const { me } = useAuth();
  const [units, setUnits] = useState<UnitView[]>([]);
  const [draft, setDraft] = useState<Filter>({});
  const [filter, setFilter] = useState<Filter>({});
  const [page, setPage] = useState<AuditList>();
  const [error, setError] = useState<string>();
  const [entry, setEntry] = useState<AuditView>();
  const i = locale === 'en' ? 1 : 0;

  useEffect(() => void get<UnitView[]>('/api/units').then(setUnits), []);
  const unitName = (code: string | null) => (code ? (units.find((u) => u.code === code)?.name ?? code) : '');
  const load = useCallback(
    (cursor?: number) => {
      setError(undefined);
      const params = {
        actor: filter.actor?.trim() || undefined,
        unit: filter.unit,
        action: filter.action,
        from: filter.range?.[0]?.startOf('day').toISOString(),
        to: filter.range?.[1]?.endOf('day').toISOString(),
        limit: 50,
        cursor,
      };
      get<AuditList>(`/api/audit${query(params)}`).then(
        (next) => setPage((prev) => (cursor && prev ? { items: [...prev.items, ...next.items], nextCursor: next.nextCursor } : next)),
        (e: unknown) => setError(e instanceof ApiError ? e.message : t('failed')),
      );
    },
    [filter, t],
  );
  useEffect(() => load(), [load]);

  return (
    <>
      <div className="fw-page-title">
        <h2>{t('audit')}</h2>
      </div>
      {me!.unitLevel === 1 && <VerifyCard />}
      <Space wrap style={{ marginBottom: 12 }}>
        <Input style={{ width: 160 }} allowClear placeholder={t('actor')} value={draft.actor} onChange={(e) => setDraft((d) => ({ ...d, actor: e.target.value }))} data-testid="filter-actor" />
        <TreeSelect
          style={{ width: 200 }}
          allowClear
          placeholder={t('allUnits')}
          treeData={unitTree(units)}
          showSearch
          treeNodeFilterProp="title"
          value={draft.unit}
          onChange={(unit?: string) => setDraft((d) => ({ ...d, unit }))}
        />
        <Select
          style={{ width: 160 }}
          allowClear
          placeholder={t('actionPrefix')}
          value={draft.action}
          options={Object.entries(AUDIT_CATEGORIES).map(([value, names]) => ({ value, label: names[i] }))}
          onChange={(action?: string) => setDraft((d) => ({ ...d, action }))}
          data-testid="filter-action"
        />
        <DatePicker.RangePicker value={draft.range ?? null} onChange={(range) => setDraft((d) => ({ ...d, range }))} />
        <Button type="primary" onClick={() => setFilter(draft)} data-testid="audit-search">
          {t('search')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Table<AuditView>
        rowKey="seq"
        size="small"
        loading={!page && !error}
        dataSource={page?.items}
        pagination={false}
        scroll={{ x: 800 }}
        onRow={(row) => ({ onClick: () => setEntry(row), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('at'), render: (_, e) => formatTime(e.at), width: 150 },
          { title: t('actor'), render: (_, e) => e.actor ?? '' },
          { title: t('unit'), render: (_, e) => unitName(e.unitCode), responsive: ['md'] },
          { title: t('action'), render: (_, e) => actionName(e.action, locale) },
          { title: t('target'), render: (_, e) => targetLabel(e.target, locale, unitName), responsive: ['md'] },
          { title: t('outcome'), render: (_, e) => <Tag color={e.outcome === 'ok' ? 'green' : 'red'}>{e.outcome === 'ok' ? t('outcome_ok') : t('outcome_refused')}</Tag> },
        ]}
      />
      {page?.nextCursor && (
        <Button style={{ marginTop: 12 }} onClick={() => load(page.nextCursor!)} data-testid="audit-more">
          {t('more')}
        </Button>
      )}
      <Drawer open={!!entry} onClose={() => setEntry(undefined)} title={t('entry')} width={Math.min(520, window.innerWidth)} data-testid="audit-entry">
        {entry && (
          <Descriptions size="small" column={1} bordered styles={{ label: { width: 112, whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={t('entryNo')}>{entry.seq}</Descriptions.Item>
            <Descriptions.Item label={t('at')}>{formatTime(entry.at)}</Descriptions.Item>
            <Descriptions.Item label={t('actor')}>{entry.actor}</Descriptions.Item>
            <Descriptions.Item label={t('unit')}>{unitName(entry.unitCode)}</Descriptions.Item>
            <Descriptions.Item label={t('action')}>{actionName(entry.action, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('target')}>{targetLabel(entry.target, locale, unitName)}</Descriptions.Item>
            <Descriptions.Item label={t('outcome')}>{entry.outcome === 'ok' ? t('outcome_ok') : t('outcome_refused')}</Descriptions.Item>
            {Object.entries(entry.details).map(([key, value]) => (
              <Descriptions.Item key={key} label={DETAIL_NAMES[key]?.[i] ?? key}>
                {key === 'unitCode' || key === 'parentCode' ? unitName(String(value)) : detailValue(key, value, locale, (r) => roleName(locale, r))}
              </Descriptions.Item>
            ))}
            <Descriptions.Item label={t('requestId')}>{entry.requestId}</Descriptions.Item>
            <Descriptions.Item label={t('hash')}>
              <span style={{ wordBreak: 'break-all', fontSize: 12 }}>{entry.hash}</span>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Drawer>
    </>
  );
}
