/**
 * 影响分析: before publishing, the draft runs over the module's existing records on the server
 * (read only) with a progress bar per batch; then the counts, the problems by field, what would
 * compute or route differently, the report figures that would change, and the rules that never
 * or always fire. Sample records open in the workspace.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Col, List, Progress, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { ApiError } from '../../../../runtime/web/kit/api';
import { useAuth } from '../../../../runtime/web/kit/session';
import type { ImpactAnswer } from '../../../../runtime/web/kit/contract';
import { parsePeriod, type PeriodType } from '../../../../runtime/web/kit/engine';
import { draftImpact } from '../../api';
import { periodLabel } from '../../model/report-settings';
import { usePublishWords } from './words';

type Words = ReturnType<typeof usePublishWords>;

export interface ImpactPanelProps {
  draftId: string;
  /** The report period type of a report template (figures are named by their periods). */
  periodType?: PeriodType;
  /** A field's title by data pointer, when the server found none. */
  fieldTitle(path: string): string | undefined;
}

type Run = { phase: 'running'; scanned: number; total: number | undefined } | { phase: 'done'; answer: ImpactAnswer } | { phase: 'failed'; message: string };

/** The impact panel (see the file header); it runs once when shown, and again on request. */
export function ImpactPanel({ draftId, periodType, fieldTitle }: ImpactPanelProps) {
  const words = usePublishWords();
  const { t } = words;
  const [run, setRun] = useState<Run>({ phase: 'running', scanned: 0, total: undefined });
  const generation = useRef(0);

  const start = useCallback(() => {
    const mine = ++generation.current;
    setRun({ phase: 'running', scanned: 0, total: undefined });
    void (async () => {
      try {
        for await (const line of draftImpact(draftId)) {
          if (generation.current !== mine) return;
          if (line.type === 'progress') setRun({ phase: 'running', scanned: line.scanned, total: line.total });
          else if (line.type === 'result') setRun({ phase: 'done', answer: line.result });
          else setRun({ phase: 'failed', message: line.message });
        }
      } catch (e) {
        if (generation.current === mine) setRun({ phase: 'failed', message: e instanceof ApiError ? [e.message, ...e.problems.map((p) => p.message)].join('；') : String(e) });
      }
    })();
  }, [draftId]);

  useEffect(() => {
    start();
    return () => void generation.current++;
  }, [start]);

  const label = (path: string, given: string | null) => given ?? (path === '' ? t('impactWholeRecord') : (fieldTitle(path) ?? t('impactWholeRecord')));
  return (
    <Card
      size="small"
      title={t('impact')}
      style={{ marginBottom: 12 }}
      extra={run.phase !== 'running' && <Button size="small" onClick={start} data-testid="impact-rerun">{t('impactRerun')}</Button>}
      data-testid="impact-panel"
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('impactHint')}
      </Typography.Paragraph>
      {run.phase === 'running' && (
        <div data-testid="impact-progress">
          <Progress percent={run.total ? Math.floor((run.scanned / run.total) * 100) : 0} status="active" />
          <Typography.Text type="secondary">{run.total === undefined ? t('impactStarting') : t('impactScanning', { scanned: run.scanned, total: run.total })}</Typography.Text>
        </div>
      )}
      {run.phase === 'failed' && <Alert type="error" showIcon message={t('impactFailed', { message: run.message })} data-testid="impact-error" />}
      {run.phase === 'done' && <ImpactResult words={words} answer={run.answer} label={label} periodType={periodType} />}
    </Card>
  );
}

function ImpactResult({ words, answer, label, periodType }: { words: Words; answer: ImpactAnswer; label: (path: string, given: string | null) => string; periodType?: PeriodType }) {
  const { t, locale } = words;
  if (answer.basedOn === null) return <Alert type="info" showIcon message={t('impactNew')} data-testid="impact-empty" />;
  if (answer.scanned === 0) return <Alert type="info" showIcon message={t('impactNone')} data-testid="impact-empty" />;
  const ruleName = (rule: { name: string; description: string }) => {
    const index = answer.rules.findIndex((r) => r.name === rule.name);
    return rule.description !== rule.name ? rule.description : t('ruleN', { n: index + 1 });
  };
  const period = (key: string) => {
    const parsed = periodType ? parsePeriod(periodType, key) : undefined;
    return parsed ? periodLabel(parsed, locale) : key;
  };
  const number = (n: number | null) => (n === null ? '—' : n.toLocaleString(locale, { maximumFractionDigits: 2 }));
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="impact-result">
      <Row gutter={[12, 12]}>
        <Col xs={12} sm={6}>
          <Statistic title={t('impactScanned')} value={answer.scanned} data-testid="impact-scanned" />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic
            title={t('impactInvalid')}
            value={answer.invalid}
            valueStyle={answer.invalid > 0 ? { color: '#cf1322' } : undefined}
            suffix={answer.invalid > 0 && answer.newlyInvalid !== answer.invalid ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('impactNewlyInvalid', { n: answer.newlyInvalid })}</Typography.Text> : undefined}
            data-testid="impact-invalid"
          />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic title={t('impactDerived')} value={answer.derivedChanged} data-testid="impact-derived" />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic title={t('impactEvents')} value={answer.eventsChanged} data-testid="impact-events" />
        </Col>
      </Row>
      {answer.byProblem.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('impactProblems')}</Typography.Text>}
          dataSource={answer.byProblem}
          data-testid="impact-problems"
          renderItem={(p) => (
            <List.Item>
              <Space direction="vertical" size={0}>
                <span>
                  <Typography.Text strong>{label(p.path, p.label)}</Typography.Text> <Tag color="red">{t('impactRecords', { n: p.count })}</Tag>
                </span>
                <Typography.Text type="danger">{p.message}</Typography.Text>
                <Samples words={words} ids={p.sample} />
              </Space>
            </List.Item>
          )}
        />
      )}
      {answer.derivedByField.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('impactDerivedList')}</Typography.Text>}
          dataSource={answer.derivedByField}
          data-testid="impact-derived-list"
          renderItem={(d) => (
            <List.Item>
              <Space wrap>
                <Typography.Text>{label(d.path, d.label)}</Typography.Text>
                <Tag>{t('impactRecords', { n: d.count })}</Tag>
                <Samples words={words} ids={d.sample} />
              </Space>
            </List.Item>
          )}
        />
      )}
      {answer.eventsByType.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('impactEventList')}</Typography.Text>}
          dataSource={answer.eventsByType}
          data-testid="impact-event-list"
          renderItem={(e) => (
            <List.Item>
              <Space wrap>
                <Typography.Text>{t(`event_${e.type}` as Parameters<Words['t']>[0])}</Typography.Text>
                <Tag color="orange">{t('impactRecords', { n: e.count })}</Tag>
                <Samples words={words} ids={e.sample} />
              </Space>
            </List.Item>
          )}
        />
      )}
      {answer.figuresChanged && answer.figuresChanged.length > 0 && (
        <div data-testid="impact-figures">
          <Typography.Text strong>{t('impactFigures')}</Typography.Text>
          <Table
            size="small"
            pagination={false}
            rowKey={(f) => `${f.period}${f.path}`}
            dataSource={answer.figuresChanged}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('attr_period'), render: (_, f) => period(f.period) },
              { title: t('fields'), render: (_, f) => label(f.path, f.label) },
              { title: t('impactFigureReports'), render: (_, f) => f.count },
              { title: t('impactFigureChange'), render: (_, f) => `${number(f.before)} → ${number(f.after)}` },
            ]}
          />
        </div>
      )}
      {answer.deadRules.length > 0 && (
        <RuleTags title={t('impactDead')} hint={t('impactDeadHint')} rules={answer.deadRules.map(ruleName)} color="default" testId="impact-dead" />
      )}
      {answer.alwaysRules.length > 0 && (
        <RuleTags title={t('impactAlways')} hint={t('impactAlwaysHint')} rules={answer.alwaysRules.map(ruleName)} color="blue" testId="impact-always" />
      )}
    </Space>
  );
}

/** Sample records as links that open them in the workspace (plain numbers for someone who cannot open records there). */
function Samples({ words, ids }: { words: Words; ids: readonly string[] }) {
  const { can } = useAuth();
  if (!can('records.read')) {
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12 }} title={words.t('impactNoRecordAccess')}>
        {ids.map((_, i) => words.t('impactSample', { n: i + 1 })).join('、')}
      </Typography.Text>
    );
  }
  return (
    <Space size={8} wrap>
      {ids.map((id, i) => (
        <Typography.Link key={id} href={`/r/${id}`} target="_blank" rel="noopener" title={words.t('impactSampleTitle')} data-testid="impact-sample">
          {words.t('impactSample', { n: i + 1 })}
        </Typography.Link>
      ))}
    </Space>
  );
}

function RuleTags({ title, hint, rules, color, testId }: { title: string; hint: string; rules: string[]; color: string; testId: string }) {
  return (
    <div data-testid={testId}>
      <Typography.Text strong>{title}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '2px 0 6px' }}>
        {hint}
      </Typography.Paragraph>
      <Space size={[4, 4]} wrap>
        {rules.map((r) => (
          <Tag key={r} color={color} style={{ whiteSpace: 'normal', maxWidth: '100%', marginInlineEnd: 0 }}>
            {r}
          </Tag>
        ))}
      </Space>
    </div>
  );
}
