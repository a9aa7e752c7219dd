/**
 * The rules tab: a definition's rules in the order they run, each as a sentence, for the whole
 * module or one field; switched on and off, moved earlier or later, opened in the rule builder,
 * added and deleted. A rule the builder cannot show says so and opens the JSON view.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Empty, List, Popconfirm, Select, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { Draft } from '../../model/paths';
import { moveRule, newRuleName, ruleConcerns, runOrder, setEnabled } from '../../model/rule-list';
import { showable, type RuleState } from '../../model/rule-model';
import { ruleSentence } from '../../model/rule-sentence';
import type { Change } from '../draft/useDraftEditor';
import { RuleDrawer } from './RuleDrawer';
import { blankEvent } from './RuleEventField';
import { RuleEnvProvider, useRuleEnvOf } from './rule-env';
import { useRuleWords } from './words';

const EVENT_COLOURS: Record<string, string> = { error: 'red', warning: 'orange', require: 'blue', hide: 'default', set: 'green', route: 'purple', escalate: 'magenta', notify: 'cyan', create: 'geekblue' };

/** The rules tab. `field`: show only the rules about this field (a data pointer); `onOpenJson`: switch to the JSON view. */
export function RulesPanel({ definition, edit, field, onField, onOpenJson }: { definition: Draft; edit(change: Change, key?: string): void; field?: string; onField(field: string | undefined): void; onOpenJson(): void }) {
  const { t, locale } = useRuleWords();
  const env = useRuleEnvOf(definition, locale);
  const rules = useMemo(() => (Array.isArray(definition.rules) ? (definition.rules as unknown[]) : []), [definition.rules]);
  const [editing, setEditing] = useState<{ index: number | undefined; state: RuleState }>();
  const order = runOrder(rules).filter((i) => field === undefined || ruleConcerns(rules[i], field));
  const setRules = (next: unknown[]) => edit((d) => ({ ...d, rules: next }));

  const add = () => {
    const about = field ?? env.fields.find((f) => !f.inRows && f.kind !== 'section')?.data ?? '';
    setEditing({ index: undefined, state: { name: newRuleName(rules), query: { combinator: 'and', rules: [] }, event: blankEvent('error', about) } });
  };
  const save = (rule: Record<string, unknown>) => {
    const next = [...rules];
    if (editing?.index === undefined) next.push(rule);
    else next[editing.index] = rule;
    setRules(next);
    setEditing(undefined);
  };

  return (
    <RuleEnvProvider value={env}>
      <Card
        size="small"
        title={t('rulesTitle')}
        extra={
          <Button type="primary" size="small" icon={<PlusOutlined />} onClick={add} data-testid="rule-add">
            {t('addRule')}
          </Button>
        }
      >
        <Space wrap style={{ marginBottom: 8 }}>
          <Select
            allowClear
            value={field}
            onChange={(f?: string) => onField(f)}
            placeholder={t('allFields')}
            options={env.fields.map((f) => ({ value: f.data, label: f.label }))}
            showSearch
            optionFilterProp="label"
            style={{ minWidth: 240 }}
            popupMatchSelectWidth={false}
            data-testid="rule-field-filter"
          />
          <Typography.Text type="secondary">{t('rulesHint')}</Typography.Text>
        </Space>
        {order.length === 0 ? (
          <Empty description={t('noRules')} />
        ) : (
          <List
            dataSource={order}
            className="dz-rule-list"
            data-testid="rule-list"
            renderItem={(index, position) => {
              const rule = rules[index] as Record<string, unknown>;
              const verdict = showable(rule);
              const disabled = rule.disabled === true;
              const type = String((rule.event as { type?: unknown } | undefined)?.type ?? '');
              const description = rule.description as { 'zh-CN': string; en?: string } | undefined;
              return (
                <List.Item
                  className={disabled ? 'dz-rule-off' : undefined}
                  data-testid="rule-item"
                  data-name={String(rule.name)}
                  actions={[
                    <Tooltip key="on" title={t('enabled')}>
                      <Switch size="small" checked={!disabled} onChange={(on) => setRules(setEnabled(rules, index, on))} data-testid="rule-enabled" />
                    </Tooltip>,
                    <Tooltip key="up" title={t('moveUp')}>
                      <Button size="small" icon={<ArrowUpOutlined />} disabled={field !== undefined || position === 0} onClick={() => setRules(moveRule(rules, index, -1))} aria-label={t('moveUp')} data-testid="rule-up" />
                    </Tooltip>,
                    <Tooltip key="down" title={t('moveDown')}>
                      <Button size="small" icon={<ArrowDownOutlined />} disabled={field !== undefined || position === order.length - 1} onClick={() => setRules(moveRule(rules, index, 1))} aria-label={t('moveDown')} data-testid="rule-down" />
                    </Tooltip>,
                    <Button key="edit" size="small" icon={<EditOutlined />} onClick={() => (verdict.ok ? setEditing({ index, state: verdict.state }) : onOpenJson())} data-testid="rule-edit">
                      {verdict.ok ? t('edit') : t('openJson')}
                    </Button>,
                    <Popconfirm key="delete" title={t('deleteRuleConfirm')} onConfirm={() => setRules(rules.filter((_, i) => i !== index))}>
                      <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('deleteRule')} data-testid="rule-delete" />
                    </Popconfirm>,
                  ]}
                >
                  <List.Item.Meta
                    title={
                      <Space wrap size={4}>
                        <span>{position + 1}.</span>
                        <Tag color={EVENT_COLOURS[type]}>{t(`event_${type as 'error'}`)}</Tag>
                        {description ? <span>{locale === 'en' ? (description.en ?? description['zh-CN']) : description['zh-CN']}</span> : null}
                        {disabled && <Tag data-testid="rule-off">{t('disabledTag')}</Tag>}
                      </Space>
                    }
                    description={verdict.ok ? <span data-testid="rule-sentence-line">{ruleSentence(verdict.state, env.sentence)}</span> : <Alert type="warning" showIcon message={t('notShowable')} description={locale === 'en' ? verdict.reason[1] : verdict.reason[0]} />}
                  />
                </List.Item>
              );
            }}
          />
        )}
      </Card>
      <RuleDrawer initial={editing?.state} isNew={editing?.index === undefined} rules={rules} onSave={save} onClose={() => setEditing(undefined)} />
    </RuleEnvProvider>
  );
}
