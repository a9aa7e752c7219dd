/** Where a report's pre-filled figures come from (see {@link PrefillSourcesCard}). */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Modal, Table } from 'antd';
import { get } from '../../../kit/api';
import { formatTime } from '../../../kit/format';
import { useRecordWords } from './words';
import { useUnitName } from '../../../kit/units';
import type { LinkedView, PrefillFigure, RecordView } from '../../../kit/contract';

/** A report's pre-filled figures with the records behind each (drill-down). */
export function PrefillSourcesCard({ record }: { record: RecordView }) {
  const { t, pick } = useRecordWords();
  const nameOf = useUnitName();
  const navigate = useNavigate();
  const [figures, setFigures] = useState<PrefillFigure[]>();
  const [drill, setDrill] = useState<{ figure: PrefillFigure; items: LinkedView[] }>();
  useEffect(() => {
    void get<{ fields: PrefillFigure[] }>(`/api/records/${record.id}/prefill`).then((answer) => setFigures(answer.fields));
  }, [record.id, record.version]);
  return (
    <Card size="small" title={t('prefillSources')} style={{ marginTop: 12 }}>
      <Table<PrefillFigure>
        rowKey="path"
        size="small"
        loading={!figures}
        dataSource={figures}
        pagination={false}
        scroll={{ x: 520 }}
        columns={[
          { title: t('field'), render: (_, f) => pick(f.label) },
          { title: t('prefilled'), render: (_, f) => <span className="fw-prefilled">{f.value}</span> },
          { title: `${t('period')}`, render: (_, f) => `${f.source.from} ~ ${f.source.to}`, responsive: ['md'] },
          {
            title: '',
            render: (_, f) => (
              <Button
                size="small"
                type="link"
                onClick={() =>
                  void get<{ items: LinkedView[] }>(`/api/records/${record.id}/prefill/records?field=${encodeURIComponent(f.path)}`).then((answer) => setDrill({ figure: f, items: answer.items }))
                }
              >
                {t('viewRecords')}
              </Button>
            ),
          },
        ]}
      />
      <Modal open={Boolean(drill)} title={drill ? pick(drill.figure.label) : ''} footer={null} onCancel={() => setDrill(undefined)} width={720}>
        <Table<LinkedView>
          rowKey="id"
          size="small"
          dataSource={drill?.items}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          onRow={(row) => ({ onClick: () => navigate(`/r/${row.id}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('unit'), render: (_, row) => nameOf(row.unitCode) },
            { title: t('updatedAt'), render: (_, row) => formatTime(row.updatedAt) },
            { title: '', render: (_, row) => Object.values(row.data).filter((v) => typeof v === 'string').slice(0, 2).join(' · ') },
          ]}
        />
      </Modal>
    </Card>
  );
}
