/** A module's records in my subtree: text search and filters (state, unit, dates, closed-list fields), sorting, paging, totals, new record. */
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Button, Card, DatePicker, Form, Input, Result, Select, Space, Spin, TreeSelect } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, get, query } from '../../kit/api';
import { ExportButton } from '../../kit/datasets/ExportDialog';
import { loadModule, type Loaded } from '../../kit/definitions';
import type { CompiledModule } from '../../kit/engine';
import { defineWords } from '../../kit/i18n';
import { topFields, type FieldInfo } from '../../kit/schema-fields';
import { useAuth } from '../../kit/session';
import { listUnits, unitTree, useUnitName, type UnitNode } from '../../kit/units';
import type { ListTotals, RecordRow } from '../../kit/contract';
import { RecordTable, type ListSort } from '../../kit/RecordTable';

/** The record list page's words. */
const useListWords = defineWords({
  newRecord: ['新建', 'New'],
  search: ['查询', 'Search'],
  reset: ['重置', 'Reset'],
  allStates: ['全部状态', 'All states'],
  mySubtree: ['本单位及下级', 'My unit and below'],
  dateRange: ['登记日期', 'Created between'],
  searchTitle: ['搜索标题', 'Search titles'],
  prevPage: ['上一页', 'Previous'],
  nextPage: ['下一页', 'Next'],
} as const);

/** What the filter form holds. */
interface FilterValues {
  q?: string;
  state?: string;
  unit?: string;
  dates?: [Dayjs, Dayjs] | null;
  fields?: Record<string, string | undefined>;
}

/** The query string of a filter (what is left empty left out). */
function searchOf(values: FilterValues): Record<string, string> {
  const data = Object.fromEntries(Object.entries(values.fields ?? {}).filter(([, v]) => v !== undefined && v !== ''));
  const params: Record<string, string> = {};
  if (values.q?.trim()) params.q = values.q.trim();
  if (values.state) params.state = values.state;
  if (values.unit) params.unit = values.unit;
  if (Object.keys(data).length > 0) params.filter = JSON.stringify(data);
  if (values.dates) {
    params.from = values.dates[0].startOf('day').toISOString();
    params.to = values.dates[1].endOf('day').toISOString();
  }
  return params;
}

/**
 * The module `key`, the units, and the page of its records that the query string asks for
 * (twenty at a time, paged by cursor), with a way back, a way on and back to the first page.
 */
function useRecordList(key: string, search: URLSearchParams) {
  const [loaded, setLoaded] = useState<Loaded>();
  const [units, setUnits] = useState<UnitNode[]>([]);
  const unitName = useUnitName();
  const [rows, setRows] = useState<RecordRow[]>();
  const [totals, setTotals] = useState<ListTotals>();
  const [cursors, setCursors] = useState<string[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string>();

  useEffect(() => {
    setLoaded(undefined);
    setError(undefined);
    loadModule(key).then(setLoaded, (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
    void listUnits().then(setUnits);
  }, [key]);

  const cursor = cursors[cursors.length - 1];
  useEffect(() => {
    if (!loaded) return;
    setRows(undefined);
    get<{ items: RecordRow[]; nextCursor: string | null; totals: ListTotals }>(
      `/api/modules/${key}/records${query({
        q: search.get('q'),
        sort: search.get('sort'),
        order: search.get('order'),
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
        setTotals(page.totals);
        setNext(page.nextCursor);
      },
      (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)),
    );
  }, [loaded, key, search, cursor]);

  return {
    loaded,
    units,
    unitName,
    rows,
    totals,
    error,
    hasPrevious: cursors.length > 0,
    hasNext: Boolean(next),
    previousPage: () => setCursors((c) => c.slice(0, -1)),
    nextPage: () => next && setCursors((c) => [...c, next]),
    firstPage: () => setCursors([]),
  };
}

/** The filters (state, unit, closed-list fields, dates), starting from the query string's; search and reset. */
function RecordFilters({ compiled, units, fields, search, onApply }: { compiled: CompiledModule; units: UnitNode[]; fields: FieldInfo[]; search: URLSearchParams; onApply: (values: FilterValues) => void }) {
  const { t, pick } = useListWords();
  const filter = useMemo(() => {
    try {
      return JSON.parse(search.get('filter') ?? '{}') as Record<string, string>;
    } catch {
      return {};
    }
  }, [search]);
  const states = Object.values(compiled.workflow.states);
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Form
        layout="inline"
        key={search.toString()}
        onFinish={onApply}
        initialValues={{
          q: search.get('q') ?? undefined,
          state: search.get('state') ?? undefined,
          unit: search.get('unit') ?? undefined,
          dates: search.get('from') && search.get('to') ? [dayjs(search.get('from')), dayjs(search.get('to'))] : undefined,
          fields: filter,
        }}
        style={{ rowGap: 8 }}
      >
        <Form.Item name="q">
          <Input allowClear placeholder={t('searchTitle')} style={{ width: 200 }} data-testid="list-search" />
        </Form.Item>
        <Form.Item name="state">
          <Select allowClear placeholder={t('allStates')} style={{ width: 150 }} options={states.map((s) => ({ value: s.name, label: pick(s.title) }))} />
        </Form.Item>
        <Form.Item name="unit">
          <TreeSelect allowClear placeholder={t('mySubtree')} style={{ width: 200 }} treeData={unitTree(units)} treeDefaultExpandAll={false} />
        </Form.Item>
        {fields.map((f) => (
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
          <Button onClick={() => onApply({})}>{t('reset')}</Button>
        </Space>
      </Form>
    </Card>
  );
}

/** The previous and next page buttons. */
function Pager({ hasPrevious, hasNext, onPrevious, onNext }: { hasPrevious: boolean; hasNext: boolean; onPrevious: () => void; onNext: () => void }) {
  const { t } = useListWords();
  return (
    <Space style={{ marginTop: 12 }}>
      <Button disabled={!hasPrevious} onClick={onPrevious}>
        {t('prevPage')}
      </Button>
      <Button disabled={!hasNext} onClick={onNext}>
        {t('nextPage')}
      </Button>
    </Space>
  );
}

/** A module's records (`/m/:key`), filtered by the query string so a filtered list can be linked to. */
export function ModuleListPage() {
  const { key = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const { t, pick } = useListWords();
  const { can } = useAuth();
  const navigate = useNavigate();
  const list = useRecordList(key, search);
  const { loaded } = list;
  const fields = useMemo(() => (loaded ? topFields(loaded.compiled, loaded.codelists) : []), [loaded]);

  if (list.error) return <Result status="warning" title={list.error} />;
  if (!loaded) return <Spin />;
  const { compiled } = loaded;
  // Sorting and paging keep the filters; a new filter keeps the order.
  const ordering = (sort: ListSort | undefined): Record<string, string> => (sort ? { sort: sort.by, order: sort.order } : {});
  const sort: ListSort | undefined = search.get('sort')
    ? { by: search.get('sort')!, order: search.get('order') === 'asc' ? 'asc' : 'desc' }
    : compiled.list.sort
      ? { by: compiled.list.sort.by, order: compiled.list.sort.order }
      : undefined;
  const apply = (values: FilterValues) => {
    list.firstPage();
    setSearch({ ...searchOf(values), ...(search.get('sort') ? ordering(sort) : {}) });
  };
  const onSort = (next: ListSort | undefined) => {
    list.firstPage();
    const params = Object.fromEntries([...search.entries()].filter(([k]) => k !== 'sort' && k !== 'order'));
    setSearch({ ...params, ...ordering(next) });
  };

  return (
    <>
      <div className="fw-page-title">
        <h2>{pick(compiled.definition.title)}</h2>
        <Space wrap>
          <ExportButton module={key} list={search} />
          {compiled.kind === 'record' && can('records.create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`/m/${key}/new`)} data-testid="new-record">
              {t('newRecord')}
            </Button>
          )}
        </Space>
      </div>
      <RecordFilters compiled={compiled} units={list.units} fields={fields.filter((f) => f.options).slice(0, 3)} search={search} onApply={apply} />
      <Card size="small">
        <RecordTable
          compiled={compiled}
          fields={fields.filter((f) => !f.long).slice(0, 4)}
          rows={list.rows}
          totals={list.totals}
          unitName={list.unitName}
          sort={sort}
          onSort={onSort}
        />
        <Pager hasPrevious={list.hasPrevious} hasNext={list.hasNext} onPrevious={list.previousPage} onNext={list.nextPage} />
      </Card>
    </>
  );
}
