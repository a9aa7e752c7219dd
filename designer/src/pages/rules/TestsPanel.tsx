/**
 * The tests tab: the definition's test cases as a table (name, input, expected errors, warnings,
 * events and computed values), run in the browser by the engine on every change with pass or
 * fail and, for each case, expected against got; cases added (the preview's "save as a test
 * case" lands here too), edited and deleted.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { runDefinitionTests, type TestCaseResult } from '../../../../runtime/web/kit/engine';
import { useCodelistSchemas } from '../../codelists';
import type { Draft } from '../../model/paths';
import { literalText } from '../../model/rule-sentence';
import { diffCase } from '../../model/test-cases';
import { useCompiled } from '../builder/PreviewPanel';
import type { Change } from '../draft/useDraftEditor';
import { DiffTable, ExpectationList } from './ExpectationList';
import { RuleEnvProvider, useRuleEnvOf } from './rule-env';
import { TestCaseDrawer, type TestCase } from './TestCaseDrawer';
import { useRuleWords } from './words';

/** The tests tab. */
export function TestsPanel({ definition, edit }: { definition: Draft; edit(change: Change, key?: string): void }) {
  const words = useRuleWords();
  const { t, locale } = words;
  const env = useRuleEnvOf(definition, locale);
  const codelists = useCodelistSchemas(definition);
  const { compiled, broken } = useCompiled(definition, codelists);
  const tests = useMemo(() => (Array.isArray(definition.tests) ? (definition.tests as TestCase[]) : []), [definition.tests]);
  const [results, setResults] = useState<TestCaseResult[]>();
  const [editing, setEditing] = useState<{ index: number | undefined; test: TestCase }>();
  useEffect(() => {
    let gone = false;
    if (!compiled) return;
    void runDefinitionTests(compiled).then((run) => !gone && setResults(run.results));
    return () => {
      gone = true;
    };
  }, [compiled]);
  // Results belong to the compiled tests; while the draft recompiles, a changed list shows no verdict.
  const current = results && results.length === tests.length ? results : undefined;
  const passed = current?.filter((r) => r.passed).length ?? 0;
  const setTests = (next: TestCase[]) => edit((d) => ({ ...d, tests: next }));
  const summary = (data: Record<string, unknown>) => {
    const entries = Object.entries(data ?? {}).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0));
    if (entries.length === 0) return t('testEmptyData');
    return entries
      .slice(0, 3)
      .map(([k, v]) => `${env.sentence.dataTitle(`/${k}`)}：${typeof v === 'object' ? '…' : literalText(v, env.sentence, env.subjectMap.get(`data:/${k}`)?.options)}`)
      .join('；') + (entries.length > 3 ? '…' : '');
  };

  return (
    <RuleEnvProvider value={env}>
      <Card
        size="small"
        title={t('testsTitle')}
        extra={
          <Space>
            {current && (
              <Tag color={passed === current.length ? 'success' : 'error'} data-testid="tests-summary">
                {t('testsSummary', { passed, failed: current.length - passed })}
              </Tag>
            )}
            <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setEditing({ index: undefined, test: { name: t('testAdd') + (tests.length + 1), data: {}, context: { state: compiled?.workflow.initial }, expect: {} } })} data-testid="test-add">
              {t('testAdd')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('testsHint')}</Typography.Paragraph>
        {broken && <Alert type="warning" showIcon message={t('testsBroken')} style={{ marginBottom: 8 }} />}
        <Table
          size="small"
          rowKey={(_, i) => String(i)}
          dataSource={tests}
          pagination={false}
          scroll={{ x: 900 }}
          data-testid="tests-table"
          expandable={{
            expandedRowRender: (test, i) => (current?.[i] ? <DiffTable lines={diffCase(test.expect, current[i]!.actual)} env={env} words={words} actual={current[i]!.actual} /> : null),
          }}
          columns={[
            { title: t('testName'), dataIndex: 'name', width: 180, render: (name: string) => <span data-testid="test-row-name">{name}</span> },
            { title: t('testInput'), width: 220, render: (_: unknown, test: TestCase) => summary(test.data) },
            { title: t('testExpect'), render: (_: unknown, test: TestCase, i: number) => <ExpectationList expect={test.expect} actual={current?.[i]?.actual} /> },
            {
              title: t('testResult'),
              width: 90,
              render: (_: unknown, _test: TestCase, i: number) =>
                current?.[i] ? (
                  <Tag color={current[i]!.passed ? 'success' : 'error'} data-testid="test-result">
                    {current[i]!.passed ? t('testPassed') : t('testFailed')}
                  </Tag>
                ) : (
                  <Tag>{t('testNotRun')}</Tag>
                ),
            },
            {
              title: '',
              width: 90,
              render: (_: unknown, test: TestCase, i: number) => (
                <Space size={4}>
                  <Button size="small" icon={<EditOutlined />} aria-label={t('edit')} onClick={() => setEditing({ index: i, test: structuredClone(test) })} data-testid="test-edit" />
                  <Popconfirm title={t('testDeleteConfirm')} onConfirm={() => setTests(tests.filter((_, j) => j !== i))}>
                    <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('testDelete')} data-testid="test-delete" />
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <TestCaseDrawer
        initial={editing?.test}
        compiled={compiled}
        codelists={codelists}
        onClose={() => setEditing(undefined)}
        onSave={(test) => {
          const next = [...tests];
          if (editing?.index === undefined) next.push(test);
          else next[editing.index] = test;
          setTests(next);
          setEditing(undefined);
        }}
      />
    </RuleEnvProvider>
  );
}
