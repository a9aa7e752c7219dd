/**
 * Check and publish, one button: every publication check runs on the server (the draft saved
 * first); problems are listed with where they are (and shown on their fields in the builder);
 * when all pass, the impact on the existing records and the changes against the version it
 * revises are shown before publishing.
 */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, List, Modal, Result, Space, Spin, Tag, Typography } from 'antd';
import { ApiError } from '../../../../runtime/web/kit/api';
import type { CheckAnswer, DiffAnswer, DraftProblem } from '../../../../runtime/web/kit/contract';
import { checkDraft, draftDiff, publishDraft } from '../../api';
import { fullTitle } from '../../model/fields';
import { readReport } from '../../model/report-settings';
import { schemaOf, schemaPointerOf, type Draft } from '../../model/paths';
import { placeOf, type ProblemPlace } from '../../model/problem-map';
import { DiffView } from './DiffView';
import { ImpactPanel } from './ImpactPanel';
import { MigrationCard, wantsMigration } from '../migration/MigrationCard';
import type { Change } from '../draft/useDraftEditor';
import { usePublishWords } from './words';

type Words = ReturnType<typeof usePublishWords>;

/** Where a problem is, in words: the field and its property, or the tab. */
export function placeText(words: Words, draft: Draft, place: ProblemPlace): string {
  const { t } = words;
  if (place.field) {
    const property = place.property ? propertyText(words, place.property) : '';
    return `${fullTitle(draft, place.field)}${property ? ` · ${property}` : ''}`;
  }
  if (place.area === 'rules' && place.index !== undefined) return t('ruleN', { n: place.index + 1 });
  if (place.area === 'tests' && place.index !== undefined) return t('testN', { n: place.index + 1 });
  return t(`area_${place.area}` as Parameters<Words['t']>[0]);
}

function propertyText({ t }: Words, property: string): string {
  if (property === 'en' || property === 'enDescription') return t('englishTitle');
  if (property.startsWith('ui:')) return t('attr_ui');
  const key = `attr_${property.split('/')[0]}`;
  const text = t(key as Parameters<Words['t']>[0]);
  return text === key ? '' : text;
}

/** What the dialog needs of the draft page. */
export interface CheckPublishDialogProps {
  open: boolean;
  draftId: string;
  definition: Draft;
  /** Saves what is waiting before the check. */
  flush(): Promise<void>;
  /** Edits the draft (the migration the dialog builds). */
  edit(change: Change, key?: string): void;
  onClose(): void;
  /** The check's problems, for the builder to show on the fields. */
  onChecked(problems: DraftProblem[]): void;
  /** Shows where a problem is (its tab, its field). */
  onLocate(place: ProblemPlace): void;
}

/** The check-and-publish dialog (see the file header). */
export function CheckPublishDialog({ open, draftId, definition, flush, edit, onClose, onChecked, onLocate }: CheckPublishDialogProps) {
  const words = usePublishWords();
  const { t } = words;
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [check, setCheck] = useState<CheckAnswer>();
  const [diff, setDiff] = useState<DiffAnswer>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    setCheck(undefined);
    setDiff(undefined);
    setError(undefined);
    void (async () => {
      try {
        await flush();
        const answer = await checkDraft(draftId);
        setCheck(answer);
        onChecked(answer.problems);
        if (answer.ok && answer.tests.every((x) => x.ok)) setDiff(await draftDiff(draftId));
      } catch (e) {
        setError(e instanceof ApiError ? e.message : String(e));
      }
    })();
    // Checked once per opening (the callbacks are the page's, the draft is saved first).
  }, [open, draftId]);

  const publish = async () => {
    setBusy(true);
    try {
      // The migration built here is saved first; with one, the next step is migrating the records.
      await flush();
      const { key, version } = await publishDraft(draftId);
      void message.success(t('published', { n: version }));
      if (definition.migration !== undefined) navigate(`/modules/${key}?migrate=${version}`);
      else navigate('/', { state: { published: { key, version } } });
    } catch (e) {
      setError(e instanceof ApiError ? (e.status === 409 ? t('moved') : [e.message, ...e.problems.map((p) => p.message)].join('；')) : String(e));
    } finally {
      setBusy(false);
    }
  };

  const failedTests = check?.tests.filter((x) => !x.ok) ?? [];
  const problemCount = (check?.problems.length ?? 0) + failedTests.length;
  const fieldTitle = (data: string) => {
    const pointer = schemaPointerOf(schemaOf(definition), data);
    return pointer ? fullTitle(definition, pointer) : undefined;
  };
  const version = (diff?.basedOn?.version ?? 0) + 1;
  const impact = <ImpactPanel draftId={draftId} {...(definition.kind === 'report' ? { periodType: readReport(definition).period } : {})} fieldTitle={fieldTitle} />;
  return (
    <Modal
      open={open}
      width={760}
      title={diff ? t('changes') : t('checkResult')}
      onCancel={onClose}
      footer={
        diff ? (
          <Space>
            <Button onClick={onClose}>{t('cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => void publish()} data-testid="publish">
              {t('publishAs', { n: version })}
            </Button>
          </Space>
        ) : (
          <Button onClick={onClose}>{t('close')}</Button>
        )
      }
      data-testid="check-dialog"
    >
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={error} data-testid="publish-error" />}
      {!check && !error && <Spin tip={t('checking')}><div style={{ height: 80 }} /></Spin>}
      {check && problemCount > 0 && (
        <>
          <Alert type="error" showIcon message={t('checkFailed', { n: problemCount })} style={{ marginBottom: 12 }} data-testid="check-failed" />
          <List
            size="small"
            dataSource={check.problems}
            data-testid="check-problems"
            renderItem={(p) => {
              const place = placeOf(definition, p.path);
              return (
                <List.Item actions={[<Button key="go" size="small" type="link" onClick={() => (onLocate(place), onClose())}>{t('locate')}</Button>]}>
                  <Space direction="vertical" size={0}>
                    <Typography.Text strong>{placeText(words, definition, place)}</Typography.Text>
                    <Typography.Text type="danger">{p.message}</Typography.Text>
                  </Space>
                </List.Item>
              );
            }}
          />
          {failedTests.length > 0 && (
            <List
              size="small"
              header={t('tests')}
              dataSource={failedTests}
              renderItem={(x) => (
                <List.Item>
                  <Space direction="vertical" size={0}>
                    <span>
                      <Tag color="red">{t('testFailed')}</Tag>
                      {x.name}
                    </span>
                    {(x.diff ?? []).map((line, i) => (
                      <Typography.Text key={i} type="secondary" style={{ fontSize: 12 }}>
                        {line}
                      </Typography.Text>
                    ))}
                  </Space>
                </List.Item>
              )}
            />
          )}
          {/* The definition's own tests failing does not stop it running over the records. */}
          {check.problems.length === 0 && impact}
        </>
      )}
      {diff && (
        <>
          <Result status="success" title={t('checkOk')} style={{ padding: '8px 0' }} />
          {diff.basedOn === null && <Alert type="info" showIcon message={t('newModule')} style={{ marginBottom: 12 }} />}
          {diff.basedOn !== null && impact}
          {wantsMigration(definition, diff) && <MigrationCard definition={definition} diff={diff} edit={edit} />}
          <DiffView diff={diff} fieldTitle={fieldTitle} />
        </>
      )}
    </Modal>
  );
}
