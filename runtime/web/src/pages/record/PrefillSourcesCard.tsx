/** Where a report's pre-filled figures come from (see {@link PrefillSourcesCard}). */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Modal, Table, Typography } from 'antd';
import { get } from '../../../kit/api';
import { loadModule, type Loaded } from '../../../kit/definitions';
import { formatTime } from '../../../kit/format';
import { useRecordWords } from './words';
import { useUnitName } from '../../../kit/units';
import type { LinkedView, PrefillFigure, RecordView } from '../../../kit/contract';
import { countedSummary, figureChange, valueAt } from './record-data';

/**
 * A report's pre-filled figures with the records behind each (drill-down). While the report is a
 * draft each figure is the one computed now; once submitted the report's figures are frozen: the
 * card shows them as submitted, and the figure computed now only as 现值 with the difference.
 */
export function PrefillSourcesCard({ record, frozen }: { record: RecordView; frozen: boolean }) {
  const { t, pick } = useRecordWords();
  const nameOf = useUnitName();
  const navigate = useNavigate();
  const [figures, setFigures] = useState<PrefillFigure[]>();
  const [drill, setDrill] = useState<{ figure: PrefillFigure; items: LinkedView[]; source?: Loaded }>();
  useEffect(() => {
    void get<{ fields: PrefillFigure[] }>(`/api/records/${record.id}/prefill`).then((answer) => setFigures(answer.fields));
  }, [record.id, record.version]);
  const open = async (f: PrefillFigure) => {
    const [answer, source] = await Promise.all([
      get<{ items: LinkedView[] }>(`/api/records/${record.id}/prefill/records?field=${encodeURIComponent(f.path)}`),
      loadModule(f.source.module).catch(() => undefined),
    ]);
    setDrill({ figure: f, items: answer.items, ...(source ? { source } : {}) });
  };
  const dateLabel = drill?.source?.compiled.fieldLabel(drill.figure.source.dateField);
  return (
    <Card size="small" title={t('prefillSources')} style={{ marginTop: 12 }} data-testid="prefill-sources">
      {frozen && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('frozenNote')}
        </Typography.Paragraph>
      )}
      <Table<PrefillFigure>
        rowKey="path"
        size="small"
        loading={!figures}
        dataSource={figures}
        pagination={false}
        scroll={{ x: 520 }}
        columns={[
          { title: t('field'), render: (_, f) => pick(f.label) },
          frozen
            ? { title: t('frozenFigure'), render: (_, f) => <span data-testid="frozen-figure">{typeof f.stored === 'number' ? f.stored : '—'}</span> }
            : { title: t('prefilled'), render: (_, f) => <span className="fw-prefilled">{f.value}</span> },
          ...(frozen
            ? [
                {
                  title: t('liveFigure'),
                  render: (_: unknown, f: PrefillFigure) => {
                    const change = figureChange(f.stored, f.value);
                    return change === undefined ? '' : <Typography.Text type="warning" data-testid="live-figure">{`${f.value}（${change}）`}</Typography.Text>;
                  },
                },
              ]
            : []),
          { title: `${t('period')}`, render: (_, f) => `${f.source.from} ~ ${f.source.to}`, responsive: ['md'] },
          {
            title: '',
            render: (_, f) => (
              <Button size="small" type="link" onClick={() => void open(f)}>
                {t('viewRecords')}
              </Button>
            ),
          },
        ]}
      />
      <Modal open={Boolean(drill)} title={drill ? pick(drill.figure.label) : ''} footer={null} onCancel={() => setDrill(undefined)} width={760}>
        <Table<LinkedView>
          rowKey="id"
          size="small"
          dataSource={drill?.items}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 560 }}
          onRow={(row) => ({ onClick: () => navigate(`/r/${row.id}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('unit'), render: (_, row) => nameOf(row.unitCode) },
            ...(dateLabel && drill ? [{ title: pick(dateLabel), render: (_: unknown, row: LinkedView) => String(valueAt(row.data, drill.figure.source.dateField) ?? '') }] : []),
            { title: t('summary'), render: (_, row) => (drill?.source ? countedSummary(drill.source, row.data) : '') },
            { title: t('updatedAt'), render: (_, row) => formatTime(row.updatedAt), responsive: ['md'] },
          ]}
        />
      </Modal>
    </Card>
  );
}
