/** Starting a template: from nothing, from a copy of another, or by importing a JSON form. */
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Form, Input, Modal, Radio, Select, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { ApiError } from '../../../../runtime/web/kit/api';
import type { ModuleSummary } from '../../../../runtime/web/kit/definitions';
import { createDraft, importDraft, saveDraft } from '../../api';
import { blankDefinition, moduleKeyFrom, type ModuleKind } from '../../model/blank';
import { keyFromLabel, uniqueKey } from '../../model/field-keys';
import { importBody, readImport, type ImportInput } from '../../model/import-input';
import { useCatalogueWords } from './words';

type Start = 'blank' | 'copy' | 'import';
const KEY = /^[a-z][a-z0-9_-]{1,63}$/;

/** What the dialog needs: the published modules (to copy, and keys taken) and the keys of drafts. */
export interface NewModuleDialogProps {
  open: boolean;
  modules: ModuleSummary[];
  draftKeys: string[];
  /** Start as a copy of this module. */
  copyOf?: string;
  onClose(): void;
}

/** The dialog starting a new template (see the file header); it opens the new draft. */
export function NewModuleDialog({ open, modules, draftKeys, copyOf, onClose }: NewModuleDialogProps) {
  const { t, pick } = useCatalogueWords();
  const navigate = useNavigate();
  const [start, setStart] = useState<Start>('blank');
  const [kind, setKind] = useState<ModuleKind>('record');
  const [titleZh, setTitleZh] = useState('');
  const [titleEn, setTitleEn] = useState('');
  const [key, setKey] = useState('');
  const [keyTouched, setKeyTouched] = useState(false);
  const [source, setSource] = useState<string>();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const taken = useMemo(() => new Set([...modules.map((m) => m.key), ...draftKeys]), [modules, draftKeys]);
  const read = useMemo(() => (start === 'import' && text.trim() !== '' ? readImport(text) : undefined), [start, text]);

  useEffect(() => {
    if (!open) return;
    setStart(copyOf ? 'copy' : 'blank');
    setSource(copyOf);
    setTitleZh('');
    setTitleEn('');
    setKey('');
    setKeyTouched(false);
    setText('');
    setError(undefined);
  }, [open, copyOf]);

  // The key follows the name (in pinyin) until the designer writes one.
  useEffect(() => {
    if (keyTouched) return;
    const base = moduleKeyFrom(keyFromLabel(titleZh)) || (titleZh ? 'form' : '');
    setKey(base ? uniqueKey(base, taken) : '');
  }, [titleZh, keyTouched, taken]);

  // An import suggests its own title.
  useEffect(() => {
    if (read && 'format' in read && read.title && !titleZh) setTitleZh(read.title);
  }, [read, titleZh]);

  const keyError = key === '' ? undefined : !KEY.test(key) ? t('keyFormat') : taken.has(key) ? t('keyTaken') : undefined;
  const importError = read && 'problem' in read ? (read.problem === 'json' ? t('importNotJson', { message: read.message }) : t('importNoSchema')) : undefined;
  const ready = titleZh.trim() !== '' && key !== '' && !keyError && (start !== 'copy' || source) && (start !== 'import' || (read && 'format' in read));

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    const title = { 'zh-CN': titleZh.trim(), ...(titleEn.trim() ? { en: titleEn.trim() } : {}) };
    try {
      if (start === 'blank') {
        const draft = await createDraft({ definition: blankDefinition(kind, key, title) });
        navigate(`/drafts/${draft.id}`);
      } else if (start === 'copy') {
        const draft = await createDraft({ from: { key: source! }, key });
        // The copy comes with the source's title: it gets its own at once.
        await saveDraft(draft.id, { ...draft.definition, title }, draft.revision);
        navigate(`/drafts/${draft.id}`);
      } else {
        const draft = await importDraft(importBody(read as ImportInput, key, title));
        navigate(`/drafts/${draft.id}`, { state: { notes: draft.notes ?? [] } });
      }
      onClose();
    } catch (e) {
      setError(e instanceof ApiError ? [e.message, ...e.problems.map((p) => p.message)].join('；') : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('newModule')} onCancel={onClose} onOk={() => void submit()} okText={t('create')} okButtonProps={{ disabled: !ready, loading: busy, ...({ 'data-testid': 'create-module' } as Record<string, string>) }} width={640} destroyOnHidden>
      <Form layout="vertical">
        <Form.Item label={t('startFrom')}>
          <Radio.Group value={start} onChange={(e) => setStart(e.target.value as Start)} data-testid="start-from">
            <Radio.Button value="blank">{t('fromBlank')}</Radio.Button>
            <Radio.Button value="copy">{t('fromCopy')}</Radio.Button>
            <Radio.Button value="import">{t('fromImport')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        {start === 'blank' && (
          <Form.Item label={t('kind')}>
            <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as ModuleKind)} data-testid="module-kind">
              <Radio value="record">{t('kindRecord')}</Radio>
              <Radio value="report">{t('kindReport')}</Radio>
              <Radio value="codelist">{t('kindCodelist')}</Radio>
            </Radio.Group>
          </Form.Item>
        )}
        {start === 'copy' && (
          <Form.Item label={t('source')}>
            <Select value={source} onChange={setSource} showSearch optionFilterProp="label" options={modules.map((m) => ({ value: m.key, label: pick(m.title) }))} data-testid="copy-source" />
          </Form.Item>
        )}
        {start === 'import' && <ImportInputField text={text} onText={setText} read={read} error={importError} />}
        <Form.Item label={t('titleZh')} required>
          <Input value={titleZh} onChange={(e) => setTitleZh(e.target.value)} data-testid="module-title" maxLength={200} />
        </Form.Item>
        <Form.Item label={t('titleEn')}>
          <Input value={titleEn} onChange={(e) => setTitleEn(e.target.value)} data-testid="module-title-en" maxLength={200} />
        </Form.Item>
        <Form.Item label={t('key')} extra={t('keyHint')} validateStatus={keyError ? 'error' : undefined} help={keyError}>
          <Input
            value={key}
            onChange={(e) => {
              setKeyTouched(true);
              setKey(e.target.value.trim());
            }}
            data-testid="module-key"
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} data-testid="create-error" />}
    </Modal>
  );
}

/** The file or text of an import, and what it was read as. */
function ImportInputField({ text, onText, read, error }: { text: string; onText(text: string): void; read: ReturnType<typeof readImport> | undefined; error?: string }) {
  const { t } = useCatalogueWords();
  return (
    <>
      <Typography.Paragraph type="secondary">{t('importHint')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".json,application/json"
        showUploadList={false}
        beforeUpload={(file) => {
          void file.text().then(onText);
          return false;
        }}
        data-testid="import-file"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{t('importFile')}</p>
      </Upload.Dragger>
      <Form.Item label={t('importText')} style={{ marginTop: 12 }} validateStatus={error ? 'error' : undefined} help={error}>
        <Input.TextArea value={text} onChange={(e) => onText(e.target.value)} rows={5} style={{ fontFamily: 'monospace' }} data-testid="import-text" />
      </Form.Item>
      {read && 'format' in read && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t(read.format === 'formwork' ? 'importFormwork' : 'importRjsf')} />}
    </>
  );
}
