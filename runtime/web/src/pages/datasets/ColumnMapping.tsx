/**
 * The import wizard's column mapping: each column of the file with the dataset column it fills
 * (matched by code or Chinese title, or chosen here), or 不导入 (ignored). A column the dataset
 * does not know is shown as not yet mapped until one is chosen.
 */
import { Select, Table, Tag, Typography } from 'antd';
import type { DatasetView } from '../../../kit/contract';
import { useDatasetWords } from './words';

/** One file column: what it maps to now (a column code, null: ignored, undefined: not known yet). */
export interface MappingLine {
  name: string;
  column: string | null | undefined;
}

const IGNORE = '__ignore__';

export function ColumnMapping({ dataset, lines, onChange }: { dataset: DatasetView; lines: readonly MappingLine[]; onChange: (name: string, column: string | null) => void }) {
  const { t, pick } = useDatasetWords();
  const options = [
    ...dataset.columns.filter((c) => !c.code.startsWith('@') || c.code === '@unitCode').map((c) => ({ value: c.code, label: `${pick(c.title)}（${c.code}）` })),
    { value: IGNORE, label: t('mappingIgnore') },
  ];
  return (
    <>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('mappingTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('mappingHint')}
      </Typography.Paragraph>
      <Table
        size="small"
        pagination={false}
        rowKey="name"
        dataSource={lines as MappingLine[]}
        data-testid="import-mapping"
        scroll={{ x: true }}
        columns={[
          { title: t('mappingFileColumn'), dataIndex: 'name', render: (name: string) => name || t('mappingBlank') },
          {
            title: t('mappingDatasetColumn'),
            render: (_: unknown, line: MappingLine) => (
              <Select
                style={{ minWidth: 200 }}
                value={line.column === undefined ? undefined : (line.column ?? IGNORE)}
                placeholder={t('mappingChoose')}
                status={line.column === undefined ? 'error' : undefined}
                options={options}
                onChange={(value: string) => onChange(line.name, value === IGNORE ? null : value)}
                data-testid={`mapping-${line.name}`}
              />
            ),
          },
          { title: '', render: (_: unknown, line: MappingLine) => (line.column === undefined ? <Tag color="error">{t('mappingUnknown')}</Tag> : null) },
        ]}
      />
    </>
  );
}
