/** A dataset's codebook: every column with its code, title, type in words and allowed codes, and the codebook as a spreadsheet. */
import { useState } from 'react';
import { Button, Card, Table, Tag, Typography, message } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { ApiError, download } from '../../../kit/api';
import type { DatasetColumn, DatasetView } from '../../../kit/contract';
import { typeWords } from '../../../kit/datasets/export-logic';
import { dateFieldTitle, stateOptions } from '../../../kit/datasets/useDatasets';
import { useDatasetWords } from './words';

export function CodebookCard({ dataset }: { dataset: DatasetView }) {
  const { t, pick } = useDatasetWords();
  const [busy, setBusy] = useState(false);
  const states = dataset.states ? stateOptions(dataset, pick).map((s) => s.label) : [];
  const save = async () => {
    setBusy(true);
    try {
      await download(`/api/datasets/${encodeURIComponent(dataset.name)}/codebook?format=xlsx`, `${pick(dataset.title)}-${t('codebook')}.xlsx`);
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : t('failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      size="small"
      title={`${t('codebook')} · ${t('columnsCount', { n: dataset.columns.length })}`}
      extra={
        <Button icon={<DownloadOutlined />} onClick={() => void save()} loading={busy} data-testid="codebook-download">
          {t('downloadCodebook')}
        </Button>
      }
      data-testid="codebook"
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('dateFieldIs', { field: dateFieldTitle(dataset, pick, t('createdAt'), dataset.title['zh-CN']) })}
        {states.length > 0 && `；${t('statesAre', { states: states.join('、') })}`}
      </Typography.Paragraph>
      <ColumnsTable columns={dataset.columns} />
      {dataset.tables.map((table) => (
        <div key={table.name} style={{ marginTop: 16 }} data-testid={`codebook-table-${table.name}`}>
          <Typography.Title level={5} style={{ marginBottom: 4 }}>
            {t('linkedTable', { title: pick(table.title) })}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('linkedTableHint', { file: table.name })}
          </Typography.Paragraph>
          <ColumnsTable columns={table.columns} />
        </div>
      ))}
    </Card>
  );
}

/** The columns of a table: code, title, type in words and allowed codes. */
function ColumnsTable({ columns }: { columns: DatasetColumn[] }) {
  const { t, pick, locale } = useDatasetWords();
  return (
    <Table<DatasetColumn>
      rowKey="code"
      size="small"
      pagination={false}
      dataSource={columns}
      scroll={{ x: 640 }}
      columns={[
        { title: t('columnCode'), dataIndex: 'code', width: 160, render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
        { title: t('columnTitle'), key: 'title', width: 160, render: (_: unknown, c) => pick(c.title) },
        { title: t('columnType'), key: 'type', width: 100, render: (_: unknown, c) => typeWords(c.type, locale) },
        {
          title: t('allowedCodes'),
          key: 'codes',
          render: (_: unknown, c) =>
            c.ref ? (
              <Typography.Text type="secondary" data-testid={`codebook-ref-${c.code}`}>
                {t('refValue', { module: c.ref.moduleTitle ? pick(c.ref.moduleTitle) : c.ref.module, key: c.ref.keyTitle ? pick(c.ref.keyTitle) : c.ref.key })}
              </Typography.Text>
            ) : c.codes.length === 0 ? (
              <Typography.Text type="secondary">{t('anyValue')}</Typography.Text>
            ) : (
              <div className="fw-codes">
                {c.codes.map((code) => (
                  <Tag key={String(code.code)} color={code.deprecated ? undefined : 'blue'} style={{ marginBottom: 4 }}>
                    {String(code.code)} {pick(code.title)}
                    {code.deprecated && `（${t('retired')}）`}
                  </Tag>
                ))}
                {c.importDefault !== undefined && <DefaultNote column={c} />}
              </div>
            ),
        },
      ]}
    />
  );
}

/** What an import stores when a row leaves the column empty, by its title when it is a code. */
function DefaultNote({ column }: { column: DatasetColumn }) {
  const { t, pick } = useDatasetWords();
  const option = column.codes.find((o) => String(o.code) === String(column.importDefault));
  return (
    <Typography.Text type="secondary" data-testid={`codebook-default-${column.code}`}>
      {t('importDefaultIs', { value: option ? pick(option.title) : String(column.importDefault) })}
    </Typography.Text>
  );
}
