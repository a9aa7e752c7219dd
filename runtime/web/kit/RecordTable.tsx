/**
 * A page of a module's records as a table (see {@link RecordTable}): the module's declared list
 * columns as the server shows them (codes by titles, units and linked records by name), or the
 * record's title and first fields where it declares none (a report: its period); state, unit and last change; sorting
 * by a column on the server; and the totals of the whole filter.
 */
import type { Key } from 'react';
import { useNavigate } from 'react-router-dom';
import { Space, Table, Tag, Typography, type TableProps } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import { periodName, type CompiledModule } from './engine';
import { formatTime, formatValue } from './format';
import { defineWords } from './i18n';
import type { FieldInfo } from './schema-fields';
import type { ListTotals, RecordRow } from './contract';

/** The table's words. */
const useTableWords = defineWords({
  title: ['标题', 'Title'],
  count: ['共 {n} 条', '{n} records'],
  sum: ['{title}合计 {value}', '{title} total {value}'],
} as const);

/** The order a list is shown in: a sort key (a column's JSON Pointer or a built-in) and its direction. */
export interface ListSort {
  by: string;
  order: 'asc' | 'desc';
}

const toAntd = (sort: ListSort | undefined, key: string): SortOrder => (sort?.by === key ? (sort.order === 'asc' ? 'ascend' : 'descend') : null);
/** A click flips the order and never cancels it (a cancelled order would fall back to the module's default, often the same column). */
const FLIP: SortOrder[] = ['ascend', 'descend', 'ascend'];

/** A number as a total reads: thousands grouped, at most two decimals. */
const total = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toLocaleString('zh-CN', { maximumFractionDigits: 2 }));

/**
 * The records of a page (a row opens its record). With `selection`, rows can be ticked (the
 * report list's bulk review); `onSort` gets the column a header click asks to order by.
 */
export function RecordTable({
  compiled,
  fields,
  rows,
  totals,
  unitName,
  sort,
  onSort,
  selection,
}: {
  compiled: CompiledModule;
  fields: FieldInfo[];
  rows: RecordRow[] | undefined;
  totals?: ListTotals | undefined;
  unitName: (code: string) => string;
  sort: ListSort | undefined;
  onSort: (sort: ListSort | undefined) => void;
  selection?: { keys: string[]; onChange: (keys: string[]) => void; selectable: (row: RecordRow) => boolean };
}) {
  const { t, pick, locale } = useTableWords();
  const navigate = useNavigate();
  const declared = compiled.list.columns;
  const dataColumns: TableProps<RecordRow>['columns'] =
    declared.length > 0
      ? declared.map((c) => ({
          title: c.title ? pick(c.title) : pick(compiled.fieldLabel(c.path)),
          key: c.path,
          ellipsis: true,
          sorter: true,
          sortDirections: FLIP,
          sortOrder: toAntd(sort, c.path),
          render: (_: unknown, row: RecordRow) => row.cells?.[c.path] ?? '',
        }))
      : compiled.kind === 'report'
        ? // A report's period and unit have columns of their own: its title would only repeat them.
          []
        : [
            { title: t('title'), key: 'title', ellipsis: true, render: (_: unknown, row: RecordRow) => row.title ?? '' },
            ...fields.map((f) => ({
              title: pick(compiled.fieldLabel(f.pointer)),
              key: f.name,
              ellipsis: true,
              render: (_: unknown, row: RecordRow) => formatValue(row.data[f.name], compiled.codeTitle(f.pointer, row.data[f.name])),
            })),
          ];
  const sums = declared.filter((c) => c.sum);
  return (
    <Table<RecordRow>
      rowKey="id"
      size="small"
      loading={!rows}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 720 }}
      onRow={(row) => ({ onClick: () => navigate(`/r/${row.id}`), style: { cursor: 'pointer' } })}
      onChange={(_p, _f, sorter) => {
        const s = Array.isArray(sorter) ? sorter[0] : sorter;
        onSort(s?.order && s.columnKey ? { by: String(s.columnKey), order: s.order === 'ascend' ? 'asc' : 'desc' } : undefined);
      }}
      {...(selection
        ? {
            rowSelection: {
              selectedRowKeys: selection.keys,
              onChange: (keys: Key[]) => selection.onChange(keys.map(String)),
              getCheckboxProps: (row: RecordRow) => ({ disabled: !selection.selectable(row) }),
            },
          }
        : {})}
      columns={[
        ...dataColumns,
        ...(compiled.kind === 'report'
          ? [{ title: t('period'), key: 'period', sorter: true, sortDirections: FLIP, sortOrder: toAntd(sort, 'period'), render: (_: unknown, row: RecordRow) => (row.period ? periodName(row.period, locale) : '') }]
          : []),
        {
          title: t('state'),
          key: 'state',
          render: (_: unknown, row: RecordRow) => (
            <Space size={4}>
              <Tag>{pick(compiled.workflow.states[row.state]?.title) || row.state}</Tag>
              {row.overdue && <Tag color="red">{t('overdue')}</Tag>}
            </Space>
          ),
        },
        // A report is told apart by its unit: that column stays on a phone.
        { title: t('unit'), key: 'unit', render: (_: unknown, row: RecordRow) => unitName(row.unitCode), ...(compiled.kind === 'report' ? {} : { responsive: ['md' as const] }) },
        { title: t('updatedAt'), key: 'updatedAt', sorter: true, sortDirections: FLIP, sortOrder: toAntd(sort, 'updatedAt'), render: (_: unknown, row: RecordRow) => formatTime(row.updatedAt), responsive: ['lg'] },
      ]}
      footer={
        totals
          ? () => (
              <Space wrap size="large" data-testid="list-totals">
                <Typography.Text strong>{t('count', { n: totals.count })}</Typography.Text>
                {sums.map((c) => (
                  <Typography.Text key={c.path}>{t('sum', { title: c.title ? pick(c.title) : pick(compiled.fieldLabel(c.path)), value: total(totals.sums[c.path]) })}</Typography.Text>
                ))}
              </Space>
            )
          : undefined
      }
    />
  );
}
