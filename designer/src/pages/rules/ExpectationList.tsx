/**
 * A test case's expectation and its diff in words: problems by the field's title and the rule's
 * message, events by what they do and where, computed values by field and value.
 */
import { Table, Tag, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, CloseOutlined } from '@ant-design/icons';
import type { TestCaseResult } from '../../../../runtime/web/kit/engine';
import { literalText, targetText } from '../../model/rule-sentence';
import type { DiffLine, Expectation } from '../../model/test-cases';
import { useRuleEnv, type RuleEnv } from './rule-env';
import { useRuleWords } from './words';

export type Words = ReturnType<typeof useRuleWords>;

/** A problem (path + code) in words: the field's title and the rule's message for that code. */
function problemText(key: string, env: RuleEnv, words: Words, actual?: TestCaseResult['actual']): string {
  const space = key.indexOf(' ');
  const path = key.slice(0, space);
  const code = key.slice(space + 1);
  const found = [...(actual?.errors ?? []), ...(actual?.warnings ?? [])].find((p) => p.path === path && p.code === code);
  const rule = (Array.isArray(env.draft.rules) ? env.draft.rules : []).find((r) => {
    const params = (r as { event?: { params?: { path?: string; code?: string } } }).event?.params;
    return params?.code === code;
  }) as { event: { params: { message?: { 'zh-CN': string; en?: string } } } } | undefined;
  const message = found ? words.pick(found.message) : rule?.event.params.message ? words.pick(rule.event.params.message) : words.t('testProblem', { code });
  const field = `「${env.sentence.dataTitle(path)}」`;
  // The platform's own messages already name the field ("「受理日期」为必填项"): not twice.
  return message.startsWith(field) ? message : `${field}${message}`;
}

/** An expected event in words. */
function eventText(event: { type: string; params?: Record<string, unknown> }, env: RuleEnv, words: Words): string {
  const type = words.t(`event_${event.type as 'error'}`);
  const to = event.params?.to !== undefined ? targetText(event.params.to, env.sentence) : '';
  return to ? `${type}：${to}` : type;
}

/** The expectation's items, each removable when `onChange` is given. */
export function ExpectationList({ expect, onChange, actual }: { expect: Expectation; onChange?(next: Expectation): void; actual?: TestCaseResult['actual'] }) {
  const words = useRuleWords();
  const env = useRuleEnv();
  const { t } = words;
  const remove = (kind: 'errors' | 'warnings' | 'events', i: number) => onChange?.({ ...expect, [kind]: (expect[kind] as unknown[]).filter((_, j) => j !== i) });
  const item = (text: string, onRemove?: () => void, key?: string) => (
    <Tag key={key ?? text} closable={onRemove !== undefined} onClose={onRemove} closeIcon={onRemove ? <CloseOutlined /> : undefined}>
      {text}
    </Tag>
  );
  const rows: [string, React.ReactNode[]][] = [
    [t('testErrors'), (expect.errors ?? []).map((p, i) => item(problemText(`${p.path} ${p.code}`, env, words, actual), onChange && (() => remove('errors', i)), `e${i}`))],
    [t('testWarnings'), (expect.warnings ?? []).map((p, i) => item(problemText(`${p.path} ${p.code}`, env, words, actual), onChange && (() => remove('warnings', i)), `w${i}`))],
    [t('testEvents'), (expect.events ?? []).map((e, i) => item(eventText(e, env, words), onChange && (() => remove('events', i)), `v${i}`))],
    [
      t('testDerived'),
      Object.entries(expect.derived ?? {}).map(([p, v]) =>
        item(`${env.sentence.dataTitle(p)} = ${literalText(v, env.sentence, env.subjectMap.get(`data:${p}`)?.options)}`, onChange && (() => {
          const { [p]: _, ...rest } = expect.derived ?? {};
          onChange({ ...expect, derived: rest });
        }), `d${p}`),
      ),
    ],
  ];
  return (
    <div data-testid="expectation">
      {rows.map(([label, items]) => (
        <div key={label} style={{ marginBottom: 4 }}>
          <Typography.Text type="secondary">{label}：</Typography.Text>
          {items.length > 0 ? items : <Typography.Text type="secondary">{t('testNone')}</Typography.Text>}
        </div>
      ))}
    </div>
  );
}

/** Expected against got, one line per item. */
export function DiffTable({ lines, env, words, actual }: { lines: DiffLine[]; env: RuleEnv; words: Words; actual: TestCaseResult['actual'] }) {
  const { t } = words;
  const show = (line: DiffLine, side: 'expected' | 'got') => {
    const value = line[side];
    if (line.kind === 'valid') return value ? t('testValidYes') : t('testValidNo');
    if (line.kind === 'errors' || line.kind === 'warnings') return value ? t('testShown') : line.ok ? '' : side === 'got' ? t('testMissing') : t('testUnexpected');
    if (line.kind === 'events') return value ? eventText(value as { type: string; params?: Record<string, unknown> }, env, words) : t('testMissing');
    return value === undefined ? t('testMissing') : literalText(value, env.sentence, env.subjectMap.get(`data:${line.key}`)?.options);
  };
  const what = (line: DiffLine) =>
    line.kind === 'errors' || line.kind === 'warnings' ? problemText(line.key, env, words, actual) : line.kind === 'derived' ? env.sentence.dataTitle(line.key) : line.kind === 'events' ? t(`event_${line.key as 'error'}`) : t('testValid');
  return (
    <Table
      size="small"
      pagination={false}
      rowKey={(l) => `${l.kind} ${l.key}`}
      dataSource={lines}
      data-testid="test-diff"
      columns={[
        { title: '', dataIndex: 'ok', width: 32, render: (ok: boolean) => (ok ? <CheckCircleOutlined style={{ color: '#52c41a' }} /> : <CloseCircleOutlined style={{ color: '#ff4d4f' }} />) },
        { title: t('testDiff'), render: (_: unknown, l: DiffLine) => `${t(`diff_${l.kind}`)} · ${what(l)}` },
        { title: t('testExpected'), render: (_: unknown, l: DiffLine) => show(l, 'expected') },
        { title: t('testGot'), render: (_: unknown, l: DiffLine) => show(l, 'got') },
      ]}
    />
  );
}

