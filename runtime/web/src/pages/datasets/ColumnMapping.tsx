/**
 * The import wizard's column mapping: each column of the file with the dataset column it fills
 * (matched by code or Chinese title, or chosen here), or 不导入 (ignored). A column the dataset
 * does not know is shown as not yet mapped until one is chosen (before the first check, only those
 * are listed: `unknownOnly`). Only the columns an import fills
 * are offered (form fields and the unit code; the record id only when it is the import key), by
 * title, with the column code beside it and searchable by either.
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

/** The dataset columns a file column may fill: what an import reads (record times, states and ids other than the import key are written by the system). */
export function importableColumns(dataset: Pick<DatasetView, 'columns' | 'importKey'>): DatasetView['columns'] {
  return dataset.columns.filter((c) => c.source.startsWith('/') || c.source === '@unitCode' || (c.source === '@id' && c.code === dataset.importKey));
}

export function ColumnMapping({ dataset, lines, onChange, unknownOnly = false }: { dataset: DatasetView; lines: readonly MappingLine[]; onChange: (name: string, column: string | null) => void; unknownOnly?: boolean }) {
  const { t, pick } = useDatasetWords();
  const options = [...importableColumns(dataset).map((c) => ({ value: c.code, label: pick(c.title), code: c.code })), { value: IGNORE, label: t('mappingIgnore'), code: '' }];
  return (
    <>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('mappingTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t(unknownOnly ? 'mappingUnknownHint' : 'mappingHint')}
      </Typography.Paragraph>
      <Table
        size="small"
        pagination={false}
        rowKey="name"
        tableLayout="fixed"
        dataSource={lines as MappingLine[]}
        data-testid="import-mapping"
        columns={[
          {
            title: t('mappingFileColumn'),
            width: '42%',
            render: (_: unknown, line: MappingLine) => (
              <>
                <Typography.Text style={{ wordBreak: 'break-all' }}>{line.name || t('mappingBlank')}</Typography.Text>
                {line.column === undefined && (
                  <div>
                    <Tag color="error" style={{ marginTop: 4, marginInlineEnd: 0 }}>
                      {t('mappingUnknown')}
                    </Tag>
                  </div>
                )}
              </>
            ),
          },
          {
            title: t('mappingDatasetColumn'),
            render: (_: unknown, line: MappingLine) => (
              <Select
                style={{ width: '100%', maxWidth: 320 }}
                value={line.column === undefined ? undefined : (line.column ?? IGNORE)}
                placeholder={t('mappingChoose')}
                status={line.column === undefined ? 'error' : undefined}
                options={options}
                showSearch={{ optionFilterProp: ['label', 'code'] }}
                popupMatchSelectWidth={false}
                optionRender={(option) => (
                  <span style={{ display: 'flex', justifyContent: 'space-between', gap: 12 }}>
                    <span>{option.data.label}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {option.data.code}
                    </Typography.Text>
                  </span>
                )}
                onChange={(value: string) => onChange(line.name, value === IGNORE ? null : value)}
                data-testid={`mapping-${line.name}`}
              />
            ),
          },
        ]}
      />
    </>
  );
}
