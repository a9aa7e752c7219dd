/**
 * One rule in the builder: its description, its conditions (the query builder), what it does,
 * and the rule as a sentence, updated as it is built. "Done" writes it back into the draft as one
 * undo step; nothing changes until then.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Drawer, Form, Input, Space, Typography } from 'antd';
import { openRule, saveRule, type RuleState } from '../../model/rule-model';
import { ruleSentence } from '../../model/rule-sentence';
import { usedCodes } from '../../model/rule-list';
import { RuleConditionField } from './RuleConditionField';
import { RuleEventField } from './RuleEventField';
import { useRuleEnv } from './rule-env';
import { useRuleWords } from './words';

/** The rule drawer: `initial` is the rule as the builder holds it (a new rule or one opened). */
export function RuleDrawer({ initial, isNew, rules, onSave, onClose }: { initial: RuleState | undefined; isNew: boolean; rules: readonly unknown[]; onSave(rule: Record<string, unknown>): void; onClose(): void }) {
  const { t } = useRuleWords();
  const env = useRuleEnv();
  const [state, setState] = useState<RuleState | undefined>(initial);
  useEffect(() => setState(initial), [initial]);
  const codes = useMemo(() => usedCodes(rules), [rules]);
  const [narrow, setNarrow] = useState(() => window.innerWidth < 800);
  useEffect(() => {
    const onResize = () => setNarrow(window.innerWidth < 800);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  const sentence = useMemo(() => {
    if (!state) return '';
    try {
      // Read back what would be saved, so the sentence says what the rule will do.
      return ruleSentence(openRule(saveRule(state, env.subjectMap)), env.sentence);
    } catch {
      return ruleSentence(state, env.sentence);
    }
  }, [state, env]);
  const description = state?.description ?? { 'zh-CN': '' };
  const setDescription = (key: 'zh-CN' | 'en', value: string) => {
    if (!state) return;
    const next = { ...description, [key]: value };
    if (!next.en) delete next.en;
    const { description: _, ...rest } = state;
    setState(next['zh-CN'] ? { ...rest, description: next } : rest);
  };
  return (
    <Drawer
      open={state !== undefined}
      onClose={onClose}
      width={narrow ? '100%' : 980}
      title={isNew ? t('ruleNew') : t('ruleEditor')}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('cancel')}</Button>
          <Button type="primary" disabled={!state} onClick={() => state && onSave(saveRule(state, env.subjectMap))} data-testid="rule-save">
            {t('apply')}
          </Button>
        </Space>
      }
    >
      {state && (
        <div className="dz-rule-editor" data-testid="rule-drawer">
          <Alert type="info" showIcon message={t('sentence')} description={<span data-testid="rule-sentence">{sentence}</span>} style={{ marginBottom: 12 }} />
          <Form layout={narrow ? 'vertical' : 'horizontal'} size="small" labelCol={narrow ? undefined : { flex: '120px' }}>
            <Form.Item label={t('ruleDescription')}>
              <Input value={description['zh-CN']} onChange={(e) => setDescription('zh-CN', e.target.value)} data-testid="rule-description" />
            </Form.Item>
            <Form.Item label={t('ruleDescriptionEn')}>
              <Input value={description.en ?? ''} onChange={(e) => setDescription('en', e.target.value)} />
            </Form.Item>
          </Form>
          <Card size="small" title={t('when')} extra={<Typography.Text type="secondary">{t('whenHint')}</Typography.Text>} style={{ marginBottom: 12 }}>
            <RuleConditionField query={state.query} onChange={(query) => setState((s) => (s ? { ...s, query } : s))} />
          </Card>
          <Card size="small" title={t('then')}>
            <RuleEventField event={state.event} onChange={(event) => setState((s) => (s ? { ...s, event } : s))} codes={codes} />
          </Card>
        </div>
      )}
    </Drawer>
  );
}
