/** A template's own settings: its names and description in both languages, and (before it is first published) its key. */
import { Card, Form, Input } from 'antd';
import type { DraftView } from '../../../../runtime/web/kit/contract';
import { isObj, type Draft } from '../../model/paths';
import type { Change } from './useDraftEditor';
import { useDraftWords } from './words';

type Text = { 'zh-CN'?: string; en?: string };
const textOf = (value: unknown): Text => (isObj(value) ? (value as Text) : {});

/** Sets one language of a localised text (an empty English is removed; a text with nothing left goes). */
function withText(draft: Draft, attribute: 'title' | 'description', lang: 'zh-CN' | 'en', value: string): Draft {
  const text = { ...textOf(draft[attribute]) };
  if (value === '' && lang === 'en') delete text.en;
  else text[lang] = value;
  const next = { ...draft, [attribute]: text };
  if (attribute === 'description' && !text['zh-CN'] && !text.en) delete next.description;
  return next;
}

/** The settings tab. */
export function SettingsPanel({ definition, meta, edit }: { definition: Draft; meta: DraftView; edit(change: Change, key?: string): void }) {
  const { t } = useDraftWords();
  const title = textOf(definition.title);
  const description = textOf(definition.description);
  const set = (attribute: 'title' | 'description', lang: 'zh-CN' | 'en') => (e: { target: { value: string } }) =>
    edit((d) => withText(d, attribute, lang, e.target.value), `settings:${attribute}:${lang}`);
  return (
    <Card size="small" style={{ maxWidth: 760 }}>
      <Form layout="vertical">
        <Form.Item label={t('titleZh')} required>
          <Input value={title['zh-CN'] ?? ''} onChange={set('title', 'zh-CN')} maxLength={200} data-testid="settings-title" />
        </Form.Item>
        <Form.Item label={t('titleEn')}>
          <Input value={title.en ?? ''} onChange={set('title', 'en')} maxLength={200} data-testid="settings-title-en" />
        </Form.Item>
        <Form.Item label={t('description')}>
          <Input.TextArea value={description['zh-CN'] ?? ''} onChange={set('description', 'zh-CN')} rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item label={t('descriptionEn')}>
          <Input.TextArea value={description.en ?? ''} onChange={set('description', 'en')} rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item label={t('moduleKey')} extra={meta.basedOn ? t('moduleKeyFixed') : undefined}>
          <Input
            value={String(definition.key ?? '')}
            disabled={meta.basedOn !== null}
            onChange={(e) => edit((d) => ({ ...d, key: e.target.value.trim() }), 'settings:key')}
            data-testid="settings-key"
          />
        </Form.Item>
      </Form>
    </Card>
  );
}
