/** Every label, help, option and message in Chinese and English side by side, missing English flagged, both editable. */
import { useMemo, useState } from 'react';
import { Card, Input, Space, Switch, Table, Tag, Typography } from 'antd';
import { defineWords } from '../../../../runtime/web/kit/i18n';
import type { Draft } from '../../model/paths';
import { translationEntries, type TextEntry, type TextKind } from '../../model/translations';
import { DESIGNER_WORDS } from '../../words';
import type { Change } from '../draft/useDraftEditor';

const useTranslationWords = defineWords({
  ...DESIGNER_WORDS,
  onlyMissing: ['只看缺英文的', 'Only those without English'],
  missingCount: ['{n} 处缺英文', '{n} without English'],
  where: ['位置', 'Where'],
  what: ['类别', 'What'],
  text_module: ['模板名称', 'Template'],
  text_summary: ['模板说明', 'Description'],
  text_label: ['字段标题', 'Label'],
  text_help: ['填写说明', 'Help'],
  text_option: ['选项', 'Option'],
  text_message: ['规则提示', 'Rule message'],
  text_rule: ['规则说明', 'Rule'],
  text_state: ['流程状态', 'State'],
  text_action: ['流程操作', 'Action'],
} as const);

/** The translations tab. */
export function TranslationsPanel({ definition, edit }: { definition: Draft; edit(change: Change, key?: string): void }) {
  const { t } = useTranslationWords();
  const [onlyMissing, setOnlyMissing] = useState(false);
  const entries = useMemo(() => translationEntries(definition), [definition]);
  const missing = entries.filter((e) => e.en.trim() === '');
  const set = (entry: TextEntry, lang: 'zh-CN' | 'en') => (e: { target: { value: string } }) => edit((d) => entry.set(d, lang, e.target.value), `text:${entry.id}:${lang}`);
  return (
    <Card size="small">
      <Space style={{ marginBottom: 12 }}>
        <Switch checked={onlyMissing} onChange={setOnlyMissing} data-testid="only-missing" />
        <Typography.Text>{t('onlyMissing')}</Typography.Text>
        <Tag color={missing.length > 0 ? 'orange' : 'green'} data-testid="missing-count">
          {t('missingCount', { n: missing.length })}
        </Tag>
      </Space>
      <Table<TextEntry>
        rowKey="id"
        size="small"
        dataSource={onlyMissing ? missing : entries}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        rowClassName={(e) => (e.en.trim() === '' ? 'dz-translation-missing' : '')}
        columns={[
          { title: t('what'), width: 110, render: (_, e) => <Tag>{t(`text_${e.kind satisfies TextKind}`)}</Tag> },
          { title: t('where'), width: 200, render: (_, e) => e.where },
          { title: t('zh'), render: (_, e) => <Input value={e.zh} onChange={set(e, 'zh-CN')} /> },
          {
            title: t('en'),
            render: (_, e) => <Input value={e.en} onChange={set(e, 'en')} status={e.en.trim() === '' ? 'warning' : undefined} placeholder={t('missingEn')} data-testid={`en-${e.id}`} />,
          },
        ]}
      />
    </Card>
  );
}
