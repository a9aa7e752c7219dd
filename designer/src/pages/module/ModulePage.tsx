/**
 * A published template's history (`/modules/:key`): every version with who published it when;
 * any version viewed read-only (its structure and its form as units saw it); two versions
 * compared; and rolling back — "republish this version" starts a draft from it and, after
 * showing what changes against the latest, publishes it as the next version. When the latest
 * version declares a migration, its records of earlier versions are migrated from here.
 */
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Modal, Select, Space, Table, Tag } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { ApiError } from '../../../../runtime/web/kit/api';
import type { DiffAnswer } from '../../../../runtime/web/kit/contract';
import type { Published } from '../../../../runtime/web/kit/definitions';
import { formatTime } from '../../../../runtime/web/kit/format';
import { compareVersions, createDraft, deleteDraft, draftDiff, moduleVersion, moduleVersions, publishDraft, type VersionEntry } from '../../api';
import type { Draft } from '../../model/paths';
import { BuilderPanel } from '../builder/BuilderPanel';
import { DiffView } from '../publish/DiffView';
import { usePublishWords } from '../publish/words';
import { whoText } from '../../words';
import { fullTitle } from '../../model/fields';
import { schemaOf, schemaPointerOf } from '../../model/paths';
import { MigrateRecordsCard } from '../migration/MigrateRecordsCard';

/** A rollback under way: the draft made from an old version and what publishing it changes. */
interface Rollback {
  draftId: string;
  version: number;
  diff: DiffAnswer;
}

/** The history page (see the file header). */
export function ModulePage() {
  const { key } = useParams();
  const [search, setSearch] = useSearchParams();
  const { t, pick } = usePublishWords();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [versions, setVersions] = useState<VersionEntry[]>();
  const [title, setTitle] = useState('');
  const [latestDefinition, setLatestDefinition] = useState<Published>();
  const [viewed, setViewed] = useState<Published>();
  const [compare, setCompare] = useState<{ from?: number; to?: number; diff?: DiffAnswer }>({});
  const [rollback, setRollback] = useState<Rollback>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const shown = Number(search.get('version')) || undefined;
  const latest = versions?.at(-1)?.version ?? 0;

  const load = useCallback(async () => {
    const list = await moduleVersions(key!);
    setVersions(list);
    const last = list.at(-1);
    if (last) {
      const definition = await moduleVersion(key!, last.version);
      setLatestDefinition(definition);
      setTitle(pick(definition.title));
    }
  }, [key, pick]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (shown) void moduleVersion(key!, shown).then(setViewed);
    else setViewed(undefined);
  }, [key, shown]);

  const runCompare = async (from: number, to: number) => {
    setCompare({ from, to });
    setCompare({ from, to, diff: await compareVersions(key!, from, to) });
  };

  const startRollback = async (version: number) => {
    setError(undefined);
    setBusy(true);
    try {
      const draft = await createDraft({ from: { key: key!, version } });
      setRollback({ draftId: draft.id, version, diff: await draftDiff(draft.id) });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const cancelRollback = () => {
    if (rollback) void deleteDraft(rollback.draftId).catch(() => undefined);
    setRollback(undefined);
  };
  const confirmRollback = async () => {
    if (!rollback) return;
    setBusy(true);
    try {
      const { version } = await publishDraft(rollback.draftId);
      void message.success(t('published', { n: version }));
      setRollback(undefined);
      await load();
    } catch (e) {
      setError(e instanceof ApiError ? [e.message, ...e.problems.map((p) => p.message)].join('；') : String(e));
    } finally {
      setBusy(false);
    }
  };

  const options = (versions ?? []).map((v) => ({ value: v.version, label: t('versionN', { n: v.version }) }));
  return (
    <>
      <div className="fw-page-title">
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/')}>
            {t('back')}
          </Button>
          <h2 data-testid="module-title">{title}</h2>
        </Space>
      </div>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Table<VersionEntry>
          rowKey="version"
          size="small"
          loading={!versions}
          dataSource={[...(versions ?? [])].reverse()}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(v) => ({ 'data-testid': `version-${v.version}` }) as object}
          columns={[
            { title: t('version'), render: (_, v) => <Space>{t('versionN', { n: v.version })}{v.version === latest && <Tag color="green">{t('latestTag')}</Tag>}</Space> },
            { title: t('publishedBy'), render: (_, v) => t('by', { who: whoText(t, v.publishedBy), when: formatTime(v.publishedAt) }) },
            {
              title: '',
              render: (_, v) => (
                <Space size={0} wrap>
                  <Button size="small" type="link" onClick={() => setSearch({ version: String(v.version) })} data-testid={`view-${v.version}`}>
                    {t('view')}
                  </Button>
                  {v.version > 1 && (
                    <Button size="small" type="link" onClick={() => void runCompare(v.version - 1, v.version)} data-testid={`compare-${v.version}`}>
                      {t('compareWithPrevious')}
                    </Button>
                  )}
                  {v.version < latest && (
                    <Button size="small" type="link" loading={busy} onClick={() => void startRollback(v.version)} data-testid={`republish-${v.version}`}>
                      {t('republish')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {latestDefinition?.migration && latestDefinition.version === latest && (
        <MigrateRecordsCard
          moduleKey={key!}
          version={latest}
          highlight={Number(search.get('migrate')) === latest}
          fieldTitle={(path) => {
            const pointer = schemaPointerOf(schemaOf(latestDefinition as unknown as Draft), path);
            return pointer ? fullTitle(latestDefinition as unknown as Draft, pointer) : undefined;
          }}
        />
      )}
      <Card size="small" title={t('compare')} style={{ marginBottom: 12 }}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select style={{ width: 120 }} value={compare.from} options={options} onChange={(from: number) => setCompare((c) => ({ ...c, from, diff: undefined }))} data-testid="compare-from" />
          →
          <Select style={{ width: 120 }} value={compare.to} options={options} onChange={(to: number) => setCompare((c) => ({ ...c, to, diff: undefined }))} data-testid="compare-to" />
          <Button disabled={!compare.from || !compare.to} onClick={() => void runCompare(compare.from!, compare.to!)}>
            {t('compare')}
          </Button>
        </Space>
        {compare.diff && (
          <>
            <Alert type="info" message={t('changesOf', { from: compare.from!, to: compare.to! })} style={{ marginBottom: 8 }} />
            <DiffView diff={compare.diff} />
          </>
        )}
      </Card>
      {viewed && (
        <Card size="small" title={`${t('versionN', { n: viewed.version })} · ${t('readOnlyView')}`} extra={<Button size="small" onClick={() => setSearch({})}>{t('close')}</Button>} data-testid="version-view">
          <BuilderPanel definition={viewed as unknown as Draft} problems={[]} edit={() => undefined} readOnly />
        </Card>
      )}
      <Modal
        open={rollback !== undefined}
        width={760}
        title={rollback ? t('republish') : ''}
        onCancel={cancelRollback}
        onOk={() => void confirmRollback()}
        okText={t('publishAs', { n: latest + 1 })}
        okButtonProps={{ loading: busy, ...({ 'data-testid': 'confirm-republish' } as Record<string, string>) }}
      >
        {rollback && (
          <>
            <Alert type="info" showIcon message={t('republishHint', { n: rollback.version })} style={{ marginBottom: 12 }} />
            <DiffView diff={rollback.diff} />
          </>
        )}
      </Modal>
    </>
  );
}
