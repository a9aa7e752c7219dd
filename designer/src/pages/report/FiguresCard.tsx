/**
 * The template's figures: each number field with how it rolls up and whether (and from what) it
 * is pre-filled; the pre-fill opens in a drawer of pickers. Problems the server found in a
 * figure's settings show on its line.
 */
import { useCallback, useState } from 'react';
import { Alert, Button, Card, Drawer, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import type { DraftProblem } from '../../../../runtime/web/kit/contract';
import type { Draft } from '../../model/paths';
import { placeOf } from '../../model/problem-map';
import { AGGREGATES, dropStaleFigures, reportFigures, setFigure, staleFigures, type Aggregate, type Figure, type Prefill } from '../../model/report-settings';
import type { Change } from '../draft/useDraftEditor';
import { PrefillEditor } from './PrefillEditor';
import { useRecordModules } from './sources';
import { useReportWords } from './words';

/** The figures card. */
export function FiguresCard({ definition, problems, edit, focus }: { definition: Draft; problems: readonly DraftProblem[]; edit(change: Change, key?: string): void; focus?: string }) {
  const { t, pick } = useReportWords();
  const figures = reportFigures(definition);
  const modules = useRecordModules();
  const [open, setOpen] = useState<string | undefined>(() => figures.find((f) => f.field === focus)?.pointer);
  const editing = figures.find((f) => f.pointer === open);
  const problemsOf = (figure: Figure) => problems.filter((p) => {
    const place = placeOf(definition, p.path);
    return place.area === 'report' && place.field === figure.field;
  });
  const setPrefill = useCallback(
    (pointer: string, prefill: Prefill | undefined) =>
      edit((d) => {
        const current = reportFigures(d).find((f) => f.pointer === pointer)?.settings ?? {};
        const { prefill: _old, ...rest } = current;
        return setFigure(d, pointer, prefill ? { ...rest, prefill } : rest);
      }, `prefill:${pointer}`),
    [edit],
  );
  const onPrefill = useCallback((next: Prefill) => open !== undefined && setPrefill(open, next), [open, setPrefill]);
  const moduleTitle = (key: string) => {
    const found = modules.find((m) => m.key === key);
    return found ? pick(found.title) : key;
  };

  return (
    <Card size="small" title={t('figuresTitle')} data-testid="report-figures">
      <Typography.Paragraph type="secondary">{t('figuresIntro')}</Typography.Paragraph>
      {staleFigures(definition).length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('staleFigures', { n: staleFigures(definition).length })}
          action={
            <Button size="small" onClick={() => edit(dropStaleFigures)} data-testid="drop-stale-figures">
              {t('dropStale')}
            </Button>
          }
        />
      )}
      {figures.length === 0 ? (
        <Empty description={t('noFigures')} />
      ) : (
        <Table<Figure>
          size="small"
          pagination={false}
          rowKey="pointer"
          scroll={{ x: 640 }}
          dataSource={figures}
          columns={[
            {
              title: t('figure'),
              render: (_, f) => (
                <div data-testid={`figure-${f.pointer}`}>
                  <div>{f.title}</div>
                  {problemsOf(f).map((p, i) => (
                    <div key={i} className="dz-problem">
                      {p.message}
                    </div>
                  ))}
                </div>
              ),
            },
            {
              title: t('aggregate'),
              width: 150,
              render: (_, f) => (
                <Select<Aggregate>
                  size="small"
                  value={f.settings.aggregate ?? 'sum'}
                  style={{ width: 130 }}
                  onChange={(aggregate) => edit((d) => setFigure(d, f.pointer, { ...f.settings, aggregate }))}
                  options={AGGREGATES.map((a) => ({ value: a, label: t(`agg_${a}`) }))}
                  data-testid="figure-aggregate"
                />
              ),
            },
            {
              title: t('prefill'),
              width: 260,
              render: (_, f) => (
                <Space size={4} wrap>
                  {f.settings.prefill ? (
                    <Tag color="gold" icon={<ThunderboltOutlined />}>
                      {moduleTitle(f.settings.prefill.module)} · {t(`op_${f.settings.prefill.op}`)}
                    </Tag>
                  ) : (
                    <Typography.Text type="secondary">{t('prefillNone')}</Typography.Text>
                  )}
                  <Button size="small" onClick={() => setOpen(f.pointer)} data-testid="figure-prefill">
                    {t('prefillSet')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
      <Drawer
        open={editing !== undefined}
        onClose={() => setOpen(undefined)}
        width={Math.min(520, window.innerWidth)}
        title={editing ? t('prefillTitle', { figure: editing.title }) : ''}
        extra={
          editing?.settings.prefill && (
            <Button size="small" onClick={() => setPrefill(editing.pointer, undefined)} data-testid="prefill-remove">
              {t('prefillRemove')}
            </Button>
          )
        }
      >
        {editing && <PrefillEditor prefill={editing.settings.prefill ?? { module: '', op: 'count', dateField: '' }} onChange={onPrefill} />}
      </Drawer>
    </Card>
  );
}
