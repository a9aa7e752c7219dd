/** A module's records in my subtree: filters (state, unit, dates, closed-list fields), paging, new record. */
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Button, Card, DatePicker, Form, Result, Select, Space, Spin, Table, Tag, TreeSelect } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, get, query } from '../../kit/api';
import { loadModule, type Loaded } from '../../kit/definitions';
import { formatTime, formatValue } from '../../kit/format';
import { defineWords } from '../../kit/i18n';
import { topFields } from '../../kit/schema-fields';
import { useAuth } from '../../kit/session';
import { listUnits, unitTree, useUnitName, type UnitNode } from '../../kit/units';
import type { RecordRow } from '../../kit/contract';

/** The record list page's words. */
const useListWords = defineWords({
  newRecord: ['新建', 'New'],
  search: ['查询', 'Search'],
  reset: ['重置', 'Reset'],
  allStates: ['全部状态', 'All states'],
  mySubtree: ['本单位及下级', 'My unit and below'],
  dateRange: ['登记日期', 'Created between'],
  prevPage: ['上一页', 'Previous'],
  nextPage: ['下一页', 'Next'],
} as const);

/** A module's records (`/m/:key`), filtered by the query string so a filtered list can be linked to. */
export function ModuleListPage() {
  const { key = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const { t, pick } = useListWords();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [loaded, setLoaded] = useState<Loaded>();
  const [units, setUnits] = useState<UnitNode[]>([]);
  const unitName = useUnitName();
  const [rows, setRows] = useState<RecordRow[]>();
  const [cursors, setCursors] = useState<string[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string>();

  useEffect(() => {
    setLoaded(undefined);
    setError(undefined);
    loadModule(key).then(setLoaded, (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
    void listUnits().then(setUnits);
  }, [key]);

  const fields = useMemo(() => (loaded ? topFields(loaded.compiled, loaded.codelists) : []), [loaded]);
  const columnsFields = fields.filter((f) => !f.long).slice(0, 4);
  const filterFields = fields.filter((f) => f.options).slice(0, 3);
  const filter = useMemo(() => {
    try {
      return JSON.parse(search.get('filter') ?? '{}') as Record<string, string>;
    } catch {
      return {};
    }
  }, [search]);
  const cursor = cursors[cursors.length - 1];

  useEffect(() => {
    if (!loaded) return;
    setRows(undefined);
    get<{ items: RecordRow[]; nextCursor: string | null }>(
      `/api/modules/${key}/records${query({
        state: search.get('state'),
        unit: search.get('unit'),
        filter: search.get('filter'),
        from: search.get('from'),
        to: search.get('to'),
        overdue: search.get('overdue'),
        limit: 20,
        cursor,
      })}`,
    ).then(
      (page) => {
        setRows(page.items);
        setNext(page.nextCursor);
      },
      (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)),
    );
  }, [loaded, key, search, cursor]);

  if (error) return <Result status="warning" title={error} />;
  if (!loaded) return <Spin />;
  const { compiled } = loaded;
  const states = Object.values(compiled.workflow.states);

  const apply = (values: { state?: string; unit?: string; dates?: [Dayjs, Dayjs] | null; fields?: Record<string, string | undefined> }) => {
    const data = Object.fromEntries(Object.entries(values.fields ?? {}).filter(([, v]) => v !== undefined && v !== ''));
    const params: Record<string, string> = {};
    if (values.state) params.state = values.state;
    if (values.unit) params.unit = values.unit;
    if (Object.keys(data).length > 0) params.filter = JSON.stringify(data);
    if (values.dates) {
      params.from = values.dates[0].startOf('day').toISOString();
      params.to = values.dates[1].endOf('day').toISOString();
    }
    setCursors([]);
    setSearch(params);
  };

  return (
    <>
      <div className="fw-page-title">
        <h2>{pick(compiled.definition.title)}</h2>
        {compiled.kind === 'record' && can('records.create') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`/m/${key}/new`)} data-testid="new-record">
            {t('newRecord')}
          </Button>
        )}
      </div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form
          layout="inline"
          key={search.toString()}
          onFinish={apply}
          initialValues={{
            state: search.get('state') ?? undefined,
            unit: search.get('unit') ?? undefined,
            dates: search.get('from') && search.get('to') ? [dayjs(search.get('from')), dayjs(search.get('to'))] : undefined,
            fields: filter,
          }}
          style={{ rowGap: 8 }}
        >
          <Form.Item name="state">
            <Select allowClear placeholder={t('allStates')} style={{ width: 150 }} options={states.map((s) => ({ value: s.name, label: pick(s.title) }))} />
          </Form.Item>
          <Form.Item name="unit">
            <TreeSelect allowClear placeholder={t('mySubtree')} style={{ width: 200 }} treeData={unitTree(units)} treeDefaultExpandAll={false} />
          </Form.Item>
          {filterFields.map((f) => (
            <Form.Item key={f.name} name={['fields', f.name]}>
              <Select allowClear placeholder={pick(compiled.fieldLabel(f.pointer))} style={{ width: 150 }} options={f.options} />
            </Form.Item>
          ))}
          <Form.Item name="dates">
            <DatePicker.RangePicker placeholder={[t('dateRange'), t('dateRange')]} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('search')}
            </Button>
            <Button onClick={() => apply({})}>{t('reset')}</Button>
          </Space>
        </Form>
      </Card>
      <Card size="small">
        <Table<RecordRow>
          rowKey="id"
          size="small"
          loading={!rows}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 720 }}
          onRow={(row) => ({ onClick: () => navigate(`/r/${row.id}`), style: { cursor: 'pointer' } })}
          columns={[
            ...columnsFields.map((f) => ({
              title: pick(compiled.fieldLabel(f.pointer)),
              key: f.name,
              ellipsis: true,
              render: (_: unknown, row: RecordRow) => formatValue(row.data[f.name], compiled.codeTitle(f.pointer, row.data[f.name])),
            })),
            ...(compiled.kind === 'report' ? [{ title: t('period'), key: 'period', render: (_: unknown, row: RecordRow) => row.period }] : []),
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
            { title: t('unit'), key: 'unit', render: (_: unknown, row: RecordRow) => unitName(row.unitCode), responsive: ['md'] },
            { title: t('updatedAt'), key: 'updated', render: (_: unknown, row: RecordRow) => formatTime(row.updatedAt), responsive: ['lg'] },
          ]}
        />
        <Space style={{ marginTop: 12 }}>
          <Button disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
            {t('prevPage')}
          </Button>
          <Button disabled={!next} onClick={() => next && setCursors((c) => [...c, next])}>
            {t('nextPage')}
          </Button>
        </Space>
      </Card>
    </>
  );
}
