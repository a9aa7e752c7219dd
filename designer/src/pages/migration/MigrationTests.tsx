/**
 * 迁移测试: the migration's tests — an old record (fields of the revised version, by title) and
 * what it must become — run in the browser by the engine's applyMigration on every change, with
 * 通过/未通过 and, when failing, expected against got by field. A new test's expectation can be
 * taken from what the operations give now, then corrected.
 */
import { useMemo, useState } from 'react';
import { Button, Card, Input, List, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { applyMigration, parsePointer, type Migration, type MigrationTest } from '../../../../runtime/web/kit/engine';
import { runMigrationTests, type FieldChoice } from '../../model/migration';
import { FieldPicker, ValuePicker } from './ValuePicker';
import { useMigrationWords } from './words';

type Row = { field?: string; value?: unknown };

/** Record data from rows of (field, value), values at their pointers. */
function dataOf(rows: readonly Row[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { field, value } of rows) {
    if (!field || value === undefined) continue;
    const parts = parsePointer(field);
    let at = out;
    for (const part of parts.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
    at[parts.at(-1)!] = value;
  }
  return out;
}

/** Rows of (field, value) from record data: one per leaf the fields name. */
function rowsOf(data: Record<string, unknown>, fields: readonly FieldChoice[]): Row[] {
  const rows: Row[] = [];
  const visit = (value: unknown, pointer: string) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !fields.some((f) => f.data === pointer && !f.options)) {
      for (const [k, v] of Object.entries(value)) visit(v, `${pointer}/${k}`);
    } else rows.push({ field: pointer, value });
  };
  visit(data, '');
  return rows;
}

export function MigrationTests({ migration, before, after, from, set }: { migration: Migration; before: FieldChoice[]; after: FieldChoice[]; from: number; set(next: Migration): void }) {
  const words = useMigrationWords();
  const { t } = words;
  const results = useMemo(() => runMigrationTests(migration), [migration]);
  const tests = migration.tests ?? [];
  const [adding, setAdding] = useState<{ name: string; before: Row[]; after: Row[] }>();
  const titleOf = (data: string) => (after.find((f) => f.data === data) ?? before.find((f) => f.data === data))?.title ?? data;
  const shown = (data: string, value: unknown) => {
    const field = after.find((f) => f.data === data) ?? before.find((f) => f.data === data);
    return field?.options?.find((o) => o.value === value)?.title ?? (value === undefined ? t('empty') : typeof value === 'string' ? value : JSON.stringify(value));
  };
  const summary = (data: Record<string, unknown>, fields: FieldChoice[]) =>
    rowsOf(data, fields).map((r) => `${titleOf(r.field!)}：${shown(r.field!, r.value)}`).join('；') || t('empty');
  const save = () => {
    if (!adding) return;
    const test: MigrationTest = { name: adding.name || `${t('migrationTests')} ${tests.length + 1}`, before: dataOf(adding.before), after: dataOf(adding.after) };
    set({ ...migration, tests: [...tests, test] });
    setAdding(undefined);
  };
  const passed = results.filter((r) => r.passed).length;

  return (
    <div style={{ marginTop: 12 }} data-testid="migration-tests">
      <Space style={{ marginBottom: 4 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('migrationTests')}
        </Typography.Title>
        {tests.length > 0 && <Tag color={passed === tests.length ? 'green' : 'red'} data-testid="migration-tests-summary">{t('testsSummary', { passed, total: tests.length })}</Tag>}
        {!adding && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding({ name: '', before: [{}], after: [] })} data-testid="add-migration-test">
            {t('addTest')}
          </Button>
        )}
      </Space>
      {tests.length === 0 && !adding && <Typography.Paragraph type="secondary">{t('noTests')}</Typography.Paragraph>}
      <List
        size="small"
        dataSource={tests}
        renderItem={(test, i) => {
          const result = results[i];
          return (
            <List.Item
              data-testid={`migration-test-${i}`}
              actions={[<Button key="x" size="small" type="text" icon={<DeleteOutlined />} aria-label={t('remove')} onClick={() => set({ ...migration, tests: tests.filter((_, j) => j !== i) })} />]}
            >
              <Space direction="vertical" size={0}>
                <span>
                  <Tag color={result?.passed ? 'green' : 'red'}>{result?.passed ? t('passed') : t('testFailed')}</Tag>
                  {test.name}
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('before', { n: from })}：{summary(test.before, before)}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('after')}：{summary(test.after, after)}
                </Typography.Text>
                {result && !result.passed &&
                  result.diff.map((d) => (
                    <Typography.Text key={d.path} type="danger" style={{ fontSize: 12 }}>
                      {titleOf(d.path)}：{t('expected')} {shown(d.path, d.expected)}，{t('got')} {shown(d.path, d.got)}
                    </Typography.Text>
                  ))}
              </Space>
            </List.Item>
          );
        }}
      />
      {adding && (
        <Card size="small" data-testid="migration-test-form">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Input placeholder={t('testName')} value={adding.name} onChange={(e) => setAdding({ ...adding, name: e.target.value })} data-testid="migration-test-name" />
            <Typography.Text strong>{t('before', { n: from })}</Typography.Text>
            <RowsEditor rows={adding.before} fields={before} onChange={(rows) => setAdding({ ...adding, before: rows })} testId="before" words={words} />
            <Button size="small" onClick={() => setAdding({ ...adding, after: rowsOf(applyMigration(migration, dataOf(adding.before)), after) })} data-testid="compute-after">
              {t('computeAfter')}
            </Button>
            <Typography.Text strong>{t('after')}</Typography.Text>
            <RowsEditor rows={adding.after} fields={after} onChange={(rows) => setAdding({ ...adding, after: rows })} testId="after" words={words} />
            <Space>
              <Button type="primary" size="small" onClick={save} data-testid="save-migration-test">
                {t('saveTest')}
              </Button>
              <Button size="small" onClick={() => setAdding(undefined)}>
                {t('cancel')}
              </Button>
            </Space>
          </Space>
        </Card>
      )}
    </div>
  );
}

function RowsEditor({ rows, fields, onChange, testId, words }: { rows: Row[]; fields: FieldChoice[]; onChange(rows: Row[]): void; testId: string; words: ReturnType<typeof useMigrationWords> }) {
  const { t } = words;
  const put = (i: number, row: Row) => onChange(rows.map((r, j) => (j === i ? row : r)));
  return (
    <Space direction="vertical" size={4}>
      {rows.map((row, i) => (
        <Space key={i} wrap>
          <FieldPicker fields={fields} value={row.field} onChange={(field) => put(i, { field })} placeholder={t('pickField')} testId={`${testId}-field-${i}`} />
          <ValuePicker field={fields.find((f) => f.data === row.field)} value={row.value} onChange={(value) => put(i, { ...row, value })} placeholder={t('value')} testId={`${testId}-value-${i}`} />
          <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('remove')} onClick={() => onChange(rows.filter((_, j) => j !== i))} />
        </Space>
      ))}
      <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => onChange([...rows, {}])}>
        {t('addRow')}
      </Button>
    </Space>
  );
}
