/** The linked records card of the record page (see {@link LinkedRecordsCard}). */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { applyExpression, type CompiledModule } from '../../../kit/engine';
import { loadModule, type Loaded } from '../../../kit/definitions';
import { formatValue } from '../../../kit/format';
import { useRecordWords } from './words';
import type { LinkedView, RecordView } from '../../../kit/contract';

/** Related records the definition's links name, each with a way to start a new linked record. */
export function LinkedRecordsCard({ record, compiled }: { record: RecordView; compiled: CompiledModule }) {
  const { t, pick } = useRecordWords();
  const navigate = useNavigate();
  const links = compiled.definition.links ?? [];
  const [targets, setTargets] = useState<Record<string, Loaded>>({});
  useEffect(() => {
    for (const link of links) void loadModule(link.module).then((l) => setTargets((all) => ({ ...all, [link.module]: l })));
  }, [links]);
  if (links.length === 0) return null;
  return (
    <Card size="small" title={t('linked')} style={{ marginTop: 12 }}>
      {links.map((link) => {
        const target = targets[link.module]?.compiled;
        const rows = record.links?.[link.name] ?? [];
        const fields = link.fields ?? [];
        const create = link.create;
        return (
          <div key={link.name} style={{ marginBottom: 16 }} data-testid={`link-${link.name}`}>
            <Space style={{ marginBottom: 8 }}>
              <Typography.Text strong>{pick(link.title)}</Typography.Text>
              <Tag>{rows.length}</Tag>
              {create && target && (
                <Button
                  size="small"
                  onClick={() => {
                    const initial: Record<string, unknown> = {};
                    for (const [pointer, expr] of Object.entries(create.data)) {
                      const value = applyExpression(expr, { data: record.data, context: {} });
                      if (value !== undefined && value !== null) initial[pointer.slice(1)] = value;
                    }
                    navigate(`/m/${link.module}/new?data=${encodeURIComponent(JSON.stringify(initial))}`);
                  }}
                  data-testid={`create-${link.name}`}
                >
                  {create.title ? pick(create.title) : t('newLinked', { title: pick(target.definition.title) })}
                </Button>
              )}
            </Space>
            <Table<LinkedView>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={rows}
              scroll={{ x: Math.max(600, 130 * (fields.length + 1)) }}
              onRow={(row) => ({ onClick: () => navigate(`/r/${row.id}`), style: { cursor: 'pointer' } })}
              // Until the linked module is read, nothing is shown rather than its keys and codes.
              loading={!target}
              columns={[
                ...fields.map((f) => ({
                  title: target ? pick(target.fieldLabel(f)) : '',
                  key: f,
                  ellipsis: true,
                  // A link naming its fields gets them keyed by JSON Pointer.
                  render: (_: unknown, row: LinkedView) => (target ? formatValue(row.data[f], target.codeTitle(f, row.data[f])) : ''),
                })),
                { title: t('state'), key: 'state', render: (_: unknown, row: LinkedView) => pick(target?.workflow.states[row.state]?.title) },
              ]}
            />
          </div>
        );
      })}
    </Card>
  );
}
