/** The rows a check or an import rejected: row number, column title and the Chinese message, downloadable as Excel or CSV. */
import { Button, Space, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { save } from '../../../kit/api';
import type { DatasetView, RowProblem } from '../../../kit/contract';
import { rejectedCsv, rejectedLines, type RejectedLine } from './import-logic';
import { useDatasetWords } from './words';
import { xlsxOf } from './xlsx';

export function RejectedRows({ dataset, rejected, fileName }: { dataset: DatasetView; rejected: readonly RowProblem[]; fileName: string }) {
  const { t, locale } = useDatasetWords();
  const lines = rejectedLines(rejected, dataset.columns, locale);
  const header = [t('rowNumber'), t('column'), t('problem')] as const;
  const base = `${fileName.replace(/\.[^.]+$/, '')}-${t('problemsFile')}`;
  const saveCsv = () => save(new Blob([rejectedCsv(lines, header)], { type: 'text/csv;charset=utf-8' }), `${base}.csv`);
  const saveXlsx = () =>
    save(
      new Blob([xlsxOf(t('problems'), [header, ...lines.map((l) => [l.row, l.column || t('wholeRow'), l.message])]) as Uint8Array<ArrayBuffer>], {
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      }),
      `${base}.xlsx`,
    );
  return (
    <>
      <Space wrap style={{ marginBottom: 8 }}>
        <Button icon={<DownloadOutlined />} onClick={saveXlsx} data-testid="problems-xlsx">
          {t('downloadXlsx')}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={saveCsv} data-testid="problems-csv">
          {t('downloadCsv')}
        </Button>
      </Space>
      <Table<RejectedLine>
        rowKey="key"
        size="small"
        dataSource={lines}
        pagination={lines.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        data-testid="problems"
        columns={[
          { title: t('rowNumber'), dataIndex: 'row', width: 64 },
          { title: t('column'), key: 'column', width: 120, render: (_: unknown, l) => l.column || t('wholeRow') },
          { title: t('problem'), dataIndex: 'message' },
        ]}
      />
    </>
  );
}
