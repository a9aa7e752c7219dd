/**
 * One test case edited: its name, the record data typed into the workspace's own form, the
 * context it runs in (state by title, today, unit level, days in state, overdue) and the named
 * facts' values; its expectation taken from what the engine gives now ("use the current result")
 * and trimmed item by item.
 */
import { useEffect, useMemo, useState } from 'react';
import { Button, Card, DatePicker, Drawer, Form, Input, InputNumber, Select, Space, Switch, Tag } from 'antd';
import dayjs from 'dayjs';
import { evaluate, type CompiledModule, type EvaluationContext } from '../../../../runtime/web/kit/engine';
import { RecordForm } from '../../../../runtime/web/kit/form/RecordForm';
import { isObj } from '../../model/paths';
import { levelOptions, stateOptions } from '../../model/rule-subjects';
import { expectationOf, type Expectation } from '../../model/test-cases';
import { useRuleEnv } from './rule-env';
import { ExpectationList } from './ExpectationList';
import { useRuleWords } from './words';

/** A test case as the definition holds it. */
export interface TestCase {
  name: string;
  data: Record<string, unknown>;
  context?: EvaluationContext;
  facts?: Record<string, unknown>;
  expect: Expectation;
}

/** The drawer editing a test case (`initial` undefined: closed). */
export function TestCaseDrawer({ initial, compiled, codelists, onSave, onClose }: { initial: TestCase | undefined; compiled: CompiledModule | undefined; codelists: Record<string, unknown> | undefined; onSave(test: TestCase): void; onClose(): void }) {
  const { t, locale } = useRuleWords();
  const env = useRuleEnv();
  const [test, setTest] = useState<TestCase | undefined>(initial);
  const [formKey, setFormKey] = useState(0);
  useEffect(() => {
    setTest(initial);
    setFormKey((k) => k + 1);
  }, [initial]);
  const context = test?.context ?? {};
  const setContext = (patch: Partial<EvaluationContext>) => {
    if (!test) return;
    const next: Record<string, unknown> = { ...context, ...patch };
    for (const [k, v] of Object.entries(next)) if (v === undefined) delete next[k];
    setTest({ ...test, context: next as EvaluationContext });
  };
  const facts = isObj(env.draft.facts) ? Object.keys(env.draft.facts) : [];
  const formContext = useMemo<EvaluationContext>(() => context, [context]);
  const useCurrent = async () => {
    if (!test || !compiled) return;
    const result = await evaluate(compiled, test.data, context, { facts: test.facts ?? {} });
    setTest({ ...test, expect: expectationOf(result) });
  };
  return (
    <Drawer
      open={test !== undefined}
      onClose={onClose}
      width={typeof window !== 'undefined' && window.innerWidth < 800 ? '100%' : 900}
      title={t('testEdit')}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('cancel')}</Button>
          <Button type="primary" disabled={!test?.name} onClick={() => test && onSave(test)} data-testid="test-save">
            {t('apply')}
          </Button>
        </Space>
      }
    >
      {test && (
        <div data-testid="test-drawer">
          <Form layout="vertical" size="small">
            <Form.Item label={t('testName')}>
              <Input value={test.name} onChange={(e) => setTest({ ...test, name: e.target.value })} data-testid="test-name" />
            </Form.Item>
          </Form>
          <Card size="small" title={t('testContext')} style={{ marginBottom: 12 }}>
            <Space wrap>
              <span>{t('testState')}</span>
              <Select allowClear value={context.state} onChange={(state?: string) => setContext({ state })} options={stateOptions(env.draft, locale).map((o) => ({ value: String(o.value), label: o.label }))} style={{ minWidth: 120 }} data-testid="test-state" />
              <span>{t('testToday')}</span>
              <DatePicker value={context.today ? dayjs(context.today) : undefined} onChange={(_d, text) => setContext({ today: typeof text === 'string' && text ? text : undefined })} data-testid="test-today" />
              <span>{t('testLevel')}</span>
              <Select allowClear value={context.unit?.level} onChange={(level?: number) => setContext({ unit: level ? { code: context.unit?.code ?? 'TEST', level } : undefined })} options={levelOptions(locale).map((o) => ({ value: o.value as number, label: o.label }))} style={{ width: 100 }} />
              <span>{t('testDaysInState')}</span>
              <InputNumber min={0} value={context.daysInState} onChange={(v) => setContext({ daysInState: v ?? undefined })} data-testid="test-days" />
              <span>{t('testOverdue')}</span>
              <Switch checked={context.overdue === true} onChange={(on) => setContext({ overdue: on || undefined })} data-testid="test-overdue" />
            </Space>
            {facts.length > 0 && (
              <Space wrap style={{ marginTop: 8 }}>
                {facts.map((name) => (
                  <Space key={name} size={4}>
                    <span>{env.subjectMap.get(`fact:${name}`)?.label ?? name}</span>
                    <InputNumber value={typeof test.facts?.[name] === 'number' ? (test.facts[name] as number) : undefined} onChange={(v) => setTest({ ...test, facts: { ...test.facts, [name]: v ?? undefined } })} />
                  </Space>
                ))}
              </Space>
            )}
          </Card>
          <Card size="small" title={t('testData')} style={{ marginBottom: 12 }}>
            {compiled && codelists && <RecordForm key={formKey} compiled={compiled} codelists={codelists} initialData={test.data} context={formContext} onChange={(data) => setTest((s) => (s ? { ...s, data } : s))} />}
          </Card>
          <Card
            size="small"
            title={t('testExpect')}
            extra={
              <Button size="small" onClick={() => void useCurrent()} disabled={!compiled} data-testid="test-use-current">
                {t('testUseCurrent')}
              </Button>
            }
          >
            <Space style={{ marginBottom: 8 }}>
              <span>{t('testValid')}</span>
              <Select
                allowClear
                value={test.expect.valid === undefined ? undefined : test.expect.valid ? 'yes' : 'no'}
                onChange={(v?: string) => {
                  const { valid: _, ...rest } = test.expect;
                  setTest({ ...test, expect: v === undefined ? rest : { ...rest, valid: v === 'yes' } });
                }}
                options={[{ value: 'yes', label: t('testValidYes') }, { value: 'no', label: t('testValidNo') }]}
                style={{ width: 160 }}
              />
              {test.expect.valid !== undefined && <Tag>{test.expect.valid ? t('testValidYes') : t('testValidNo')}</Tag>}
            </Space>
            <ExpectationList expect={test.expect} onChange={(expect) => setTest({ ...test, expect })} />
          </Card>
        </div>
      )}
    </Drawer>
  );
}
