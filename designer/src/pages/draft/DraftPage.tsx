/**
 * One draft (`/drafts/:id`): the builder and the other tabs of a template being designed, with
 * autosave, undo and redo (buttons and Ctrl+Z / Ctrl+Shift+Z), the save state, the conflict
 * dialog, the notes of an import, and check and publish.
 */
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { Alert, Badge, Button, Result, Space, Spin, Tabs, Tag, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, CloudUploadOutlined, RedoOutlined, UndoOutlined } from '@ant-design/icons';
import type { DraftProblem } from '../../../../runtime/web/kit/contract';
import type { SaveStatus } from '../../model/autosave';
import { moduleVersion } from '../../api';
import { allFields } from '../../model/fields';
import { isObj, type Draft } from '../../model/paths';
import type { ProblemArea, ProblemPlace } from '../../model/problem-map';
import { BuilderPanel } from '../builder/BuilderPanel';
import { CheckPublishDialog } from '../publish/CheckPublishDialog';
import { CodesPanel } from '../codes/CodesPanel';
import { ReportPanel } from '../report/ReportPanel';
import { TestsPanel } from '../rules/TestsPanel';
import { TranslationsPanel } from '../translations/TranslationsPanel';
import { ConflictDialog } from './ConflictDialog';
import { SettingsPanel } from './SettingsPanel';
import { useDraftEditor, type DraftEditor } from './useDraftEditor';
import { useDraftWords } from './words';

const STATUS: Record<SaveStatus, { word: 'statusSaved' | 'statusPending' | 'statusSaving' | 'statusConflict' | 'statusFailed'; badge: 'success' | 'processing' | 'default' | 'error' | 'warning' }> = {
  saved: { word: 'statusSaved', badge: 'success' },
  pending: { word: 'statusPending', badge: 'default' },
  saving: { word: 'statusSaving', badge: 'processing' },
  conflict: { word: 'statusConflict', badge: 'error' },
  failed: { word: 'statusFailed', badge: 'warning' },
};

/** The JSON editor, loaded when first opened (CodeMirror and its schema support are large). */
const JsonPanel = lazy(() => import('../json/JsonPanel'));
/** The rules (react-querybuilder) and the workflow (@xyflow/react, dagre), loaded when first opened too. */
const RulesPanel = lazy(() => import('../rules/RulesPanel').then((m) => ({ default: m.RulesPanel })));
const WorkflowPanel = lazy(() => import('../workflow/WorkflowPanel').then((m) => ({ default: m.WorkflowPanel })));

/** A tab whose code loads when first opened: a spinner until it has. */
const later = (node: ReactNode) => <Suspense fallback={<Spin style={{ display: 'block', margin: '40px auto' }} />}>{node}</Suspense>;

/** The tab that edits what a problem concerns. */
const AREA_TAB: Partial<Record<ProblemArea, string>> = { form: 'builder', field: 'builder', settings: 'settings', report: 'report', rules: 'rules', tests: 'tests', workflow: 'workflow', codes: 'codes', other: 'json' };

/** Problems of the last save and of the check, each once. */
function mergeProblems(saved: DraftProblem[], checked: DraftProblem[]): DraftProblem[] {
  const seen = new Set(saved.map((p) => `${p.path} ${p.code}`));
  return [...saved, ...checked.filter((p) => !seen.has(`${p.path} ${p.code}`))];
}

/** Ctrl+Z undoes, Ctrl+Shift+Z (or Ctrl+Y) redoes — except in the JSON editor, which has its own. */
function useUndoKeys(editor: DraftEditor): void {
  const { undo, redo } = editor;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey)) return;
      if (event.target instanceof Element && event.target.closest('.cm-editor')) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) undo();
      else if ((key === 'z' && event.shiftKey) || key === 'y') redo();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);
}

/** The data pointers of the fields of the version a draft revises (none for a new template). */
function usePublishedFields(basedOn: { key: string; version: number } | null): ReadonlySet<string> {
  const [fields, setFields] = useState<ReadonlySet<string>>(new Set());
  const moduleKey = basedOn?.key;
  const version = basedOn?.version;
  useEffect(() => {
    if (moduleKey === undefined || version === undefined) return;
    void moduleVersion(moduleKey, version).then((definition) => setFields(new Set(allFields(definition as unknown as Draft).map((f) => f.data))));
  }, [moduleKey, version]);
  return fields;
}

/** The draft page (see the file header). */
export function DraftPage() {
  const { id } = useParams();
  const { t, pick } = useDraftWords();
  const navigate = useNavigate();
  const location = useLocation();
  const editor = useDraftEditor(id!);
  const { meta, definition, status } = editor;
  const [notes, setNotes] = useState<DraftProblem[]>(() => (location.state as { notes?: DraftProblem[] } | null)?.notes ?? []);
  const [tab, setTab] = useState('builder');
  const [publishing, setPublishing] = useState(false);
  const [checked, setChecked] = useState<{ problems: DraftProblem[]; of: unknown }>();
  const [focus, setFocus] = useState<string>();
  const [ruleField, setRuleField] = useState<string>();
  const published = usePublishedFields(meta?.basedOn ?? null);
  useUndoKeys(editor);

  if (editor.loadError) {
    return <Result status="404" title={t('draftGone')} extra={<Button onClick={() => navigate('/')}>{t('toCatalogue')}</Button>} />;
  }
  if (!meta || !definition) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  const kind = String(definition.kind ?? 'record');
  // The check's problems (its tests' among them) show until the draft changes again.
  const problems = checked && checked.of === definition ? mergeProblems(editor.problems, checked.problems) : editor.problems;
  const locate = (place: ProblemPlace) => {
    if (place.field && (place.area === 'field' || place.area === 'report')) {
      setTab(place.area === 'report' ? 'report' : 'builder');
      setFocus(place.field);
    } else setTab(AREA_TAB[place.area] ?? 'builder');
  };
  const title = isObj(definition.title) ? pick(definition.title as { 'zh-CN': string; en?: string }) : '';
  const tabs: { key: string; label: string; children: ReactNode }[] = [];
  if (kind !== 'codelist') tabs.push({ key: 'builder', label: t('tabBuilder'), children: <BuilderPanel definition={definition} problems={problems} edit={editor.edit} published={published} focus={focus} onShowRules={(field) => (setRuleField(field), setTab('rules'))} /> });
  if (kind === 'report') {
    tabs.push({ key: 'report', label: t('tabReport'), children: <ReportPanel draftId={id!} definition={definition} problems={problems} edit={editor.edit} flush={editor.flush} focus={focus} /> });
  }
  if (kind !== 'codelist') {
    tabs.push({ key: 'rules', label: t('tabRules'), children: later(<RulesPanel definition={definition} edit={editor.edit} field={ruleField} onField={setRuleField} onOpenJson={() => setTab('json')} />) });
    tabs.push({ key: 'tests', label: t('tabTests'), children: <TestsPanel definition={definition} edit={editor.edit} /> });
  }
  if (kind === 'codelist') tabs.push({ key: 'codes', label: t('tabCodes'), children: <CodesPanel definition={definition} basedOn={meta.basedOn} problems={problems} edit={editor.edit} /> });
  if (kind !== 'codelist') tabs.push({ key: 'workflow', label: t('tabWorkflow'), children: later(<WorkflowPanel definition={definition} edit={editor.edit} />) });
  tabs.push({ key: 'settings', label: t('tabSettings'), children: <SettingsPanel definition={definition} meta={meta} edit={editor.edit} /> });
  tabs.push({ key: 'translations', label: t('tabTranslations'), children: <TranslationsPanel definition={definition} edit={editor.edit} /> });
  tabs.push({
    key: 'json',
    label: t('tabJson'),
    children: later(<JsonPanel definition={definition} edit={editor.edit} />),
  });

  return (
    <>
      <div className="fw-page-title">
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/')} data-testid="to-catalogue">
            {t('toCatalogue')}
          </Button>
          <h2 data-testid="draft-title">{title || t('draft')}</h2>
          <Tag color="purple">{t(kind === 'report' ? 'kindReport' : kind === 'codelist' ? 'kindCodelist' : 'kindRecord')}</Tag>
          <Tag>{meta.basedOn ? t('revising', { n: meta.basedOn.version }) : t('newTemplate')}</Tag>
        </Space>
        <Space wrap>
          <Badge status={STATUS[status].badge} text={<span data-testid="save-status" data-status={status}>{t(STATUS[status].word)}</span>} />
          <Tooltip title="Ctrl+Z">
            <Button icon={<UndoOutlined />} disabled={!editor.canUndo} onClick={editor.undo} data-testid="undo">
              {t('undo')}
            </Button>
          </Tooltip>
          <Tooltip title="Ctrl+Shift+Z">
            <Button icon={<RedoOutlined />} disabled={!editor.canRedo} onClick={editor.redo} data-testid="redo">
              {t('redo')}
            </Button>
          </Tooltip>
          <Badge count={problems.length} size="small">
            <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => setPublishing(true)} data-testid="check-publish">
              {t('checkPublish')}
            </Button>
          </Badge>
        </Space>
      </div>
      {notes.length > 0 && (
        <Alert
          type="info"
          showIcon
          closable
          onClose={() => setNotes([])}
          style={{ marginBottom: 12 }}
          message={t('importNotes')}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="import-notes">
              {notes.map((n, i) => (
                <li key={i}>
                  <Typography.Text>{n.message}</Typography.Text>
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Tabs activeKey={tabs.some((x) => x.key === tab) ? tab : tabs[0]!.key} onChange={setTab} items={tabs} destroyOnHidden />
      <ConflictDialog open={editor.conflict} onResolve={editor.resolve} />
      <CheckPublishDialog
        open={publishing}
        draftId={id!}
        definition={definition}
        flush={editor.flush}
        edit={editor.edit}
        onClose={() => setPublishing(false)}
        onChecked={(found) => setChecked({ problems: found, of: definition })}
        onLocate={locate}
      />
    </>
  );
}
