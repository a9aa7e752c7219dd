/**
 * The catalogue (`/`): every published template — record forms, report templates, code lists —
 * with its current version, who published it when, and the drafts open on it; new templates not
 * yet published; and starting a template from nothing, a copy or an import.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Badge, Button, Card, Empty, Popconfirm, Segmented, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ApiError } from '../../../../runtime/web/kit/api';
import type { DraftSummary } from '../../../../runtime/web/kit/contract';
import { listModules, type ModuleSummary } from '../../../../runtime/web/kit/definitions';
import { formatTime } from '../../../../runtime/web/kit/format';
import { createDraft, deleteDraft, listDrafts, moduleVersions, type VersionEntry } from '../../api';
import { NewModuleDialog } from './NewModuleDialog';
import { useCatalogueWords } from './words';
import { whoText } from '../../words';

type KindFilter = 'all' | ModuleSummary['kind'];
const KIND_WORD = { record: 'kindRecord', report: 'kindReport', codelist: 'kindCodelist' } as const;
const KIND_COLOR = { record: 'blue', report: 'purple', codelist: 'cyan' } as const;
const KIND_ORDER = { record: 0, report: 1, codelist: 2 } as const;

/** The catalogue page (see the file header). */
export function CataloguePage() {
  const { t, pick } = useCatalogueWords();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [modules, setModules] = useState<ModuleSummary[]>();
  const [drafts, setDrafts] = useState<DraftSummary[]>([]);
  const [latest, setLatest] = useState<Record<string, VersionEntry>>({});
  const [filter, setFilter] = useState<KindFilter>('all');
  const [dialog, setDialog] = useState<{ open: boolean; copyOf?: string }>({ open: false });
  const [busyKey, setBusyKey] = useState<string>();

  const load = useCallback(async () => {
    const [list, open] = await Promise.all([listModules(true), listDrafts()]);
    setModules(list);
    setDrafts(open);
    const entries = await Promise.all(list.map(async (m) => [m.key, (await moduleVersions(m.key)).at(-1)] as const));
    setLatest(Object.fromEntries(entries.filter((e): e is readonly [string, VersionEntry] => e[1] !== undefined)));
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const draftsOf = useMemo(() => {
    const by = new Map<string, DraftSummary[]>();
    for (const d of drafts) if (d.basedOn) by.set(d.basedOn.key, [...(by.get(d.basedOn.key) ?? []), d]);
    return by;
  }, [drafts]);
  const newDrafts = drafts.filter((d) => !d.basedOn);
  const shown = (modules ?? []).filter((m) => filter === 'all' || m.kind === filter).sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || pick(a.title).localeCompare(pick(b.title), 'zh-CN'));

  /** Revise a module: its open draft, or a new one copied from its latest version. */
  const revise = async (key: string) => {
    const open = draftsOf.get(key)?.[0];
    if (open) return navigate(`/drafts/${open.id}`);
    setBusyKey(key);
    try {
      navigate(`/drafts/${(await createDraft({ from: { key } })).id}`);
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : t('failed'));
    } finally {
      setBusyKey(undefined);
    }
  };

  const kindTag = (kind: string | null) => (kind && kind in KIND_WORD ? <Tag color={KIND_COLOR[kind as keyof typeof KIND_COLOR]}>{t(KIND_WORD[kind as keyof typeof KIND_WORD])}</Tag> : null);

  return (
    <>
      <div className="fw-page-title">
        <h2>{t('catalogue')}</h2>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ open: true })} data-testid="new-module">
          {t('newModule')}
        </Button>
      </div>
      {newDrafts.length > 0 && (
        <Card size="small" title={t('newDrafts')} style={{ marginBottom: 16 }} data-testid="new-drafts">
          <Table<DraftSummary>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={newDrafts}
            onRow={(d) => ({ onClick: () => navigate(`/drafts/${d.id}`), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('name'), render: (_, d) => <Space>{kindTag(d.kind)}{d.title ? pick(d.title) : t('draft')}</Space> },
              { title: t('lastSaved'), render: (_, d) => t('by', { who: d.updatedBy, when: formatTime(d.updatedAt) }) },
              {
                title: t('actions'),
                render: (_, d) => (
                  <span onClick={(e) => e.stopPropagation()}>
                    <Popconfirm title={t('confirmDelete')} onConfirm={() => void deleteDraft(d.id).then(load)}>
                      <Button size="small" type="link" danger>
                        {t('delete')}
                      </Button>
                    </Popconfirm>
                  </span>
                ),
              },
            ]}
          />
        </Card>
      )}
      <Card size="small">
        <Segmented<KindFilter>
          value={filter}
          onChange={setFilter}
          style={{ marginBottom: 12 }}
          options={[
            { value: 'all', label: t('all') },
            { value: 'record', label: t('kindRecord') },
            { value: 'report', label: t('kindReport') },
            { value: 'codelist', label: t('kindCodelist') },
          ]}
        />
        <Table<ModuleSummary>
          rowKey="key"
          size="small"
          loading={!modules}
          dataSource={shown}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 720 }}
          locale={{ emptyText: <Empty /> }}
          onRow={(m) => ({ 'data-testid': `module-${m.key}` }) as object}
          columns={[
            { title: t('name'), render: (_, m) => <Space>{kindTag(m.kind)}<Typography.Text strong>{pick(m.title)}</Typography.Text></Space> },
            { title: t('latest'), render: (_, m) => t('versionN', { n: m.latestVersion }), width: 100 },
            { title: t('published'), render: (_, m) => (latest[m.key] ? t('by', { who: whoText(t, latest[m.key]!.publishedBy), when: formatTime(latest[m.key]!.publishedAt) }) : ''), responsive: ['md'] },
            {
              title: t('drafts'),
              width: 110,
              render: (_, m) => {
                const n = draftsOf.get(m.key)?.length ?? 0;
                return n > 0 ? <Badge status="processing" text={t('openDrafts', { n })} /> : null;
              },
            },
            {
              title: t('actions'),
              render: (_, m) => (
                <Space size={0} wrap>
                  <Button size="small" type="link" loading={busyKey === m.key} onClick={() => void revise(m.key)} data-testid={`revise-${m.key}`}>
                    {draftsOf.has(m.key) ? t('continueDraft') : t('revise')}
                  </Button>
                  <Button size="small" type="link" onClick={() => navigate(`/modules/${m.key}`)} data-testid={`history-${m.key}`}>
                    {t('history')}
                  </Button>
                  <Button size="small" type="link" onClick={() => setDialog({ open: true, copyOf: m.key })}>
                    {t('copyAsNew')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <NewModuleDialog open={dialog.open} copyOf={dialog.copyOf} modules={modules ?? []} draftKeys={drafts.map((d) => d.key)} onClose={() => setDialog({ open: false })} />
    </>
  );
}
