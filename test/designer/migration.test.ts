/**
 * The migration builder's model, on the shipped feedback module: the needs read from the real
 * structural diff (a field renamed, a section removed with its fields, a code removed, a field
 * made required, a type changed), the pickers' fields and codes by title, suggestions, the
 * operations as sentences, the `migration` block written into the draft, and its tests run by
 * the engine as publishing runs them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMigration, diffDefinitions, type Migration, type ModuleDefinition } from '../../engine/src/index.js';
import type { DiffAnswer } from '../../runtime/src/api/drafts.js';
import {
  fieldChoices,
  likelyCodes,
  likelyTarget,
  migrationNeeds,
  operationSentence,
  readMigration,
  runMigrationTests,
  testFromSample,
  withOperation,
  withoutOperation,
  writeMigration,
} from '../../designer/src/model/migration';

const feedback = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../definitions/modules/feedback/definition.json'), 'utf8')) as ModuleDefinition & { schema: { properties: Record<string, Record<string, unknown>>; required: string[] } };

/** The revised feedback: 发生位置 (where) renamed to 问题位置 (location), 数据问题 removed, 联系电话 required, 处理结果 a number, a section removed. */
function revised() {
  const v1 = structuredClone(feedback);
  v1.schema.properties.extra = { type: 'object', title: '附加', properties: { note: { type: 'string', title: '备注' } } };
  const v2 = structuredClone(v1);
  const { where, extra: _extra, ...rest } = v2.schema.properties;
  v2.schema.properties = { ...rest, location: { ...where, title: '发生位置' } };
  v2.schema.properties.kind!.oneOf = (v2.schema.properties.kind!.oneOf as { const: string }[]).filter((o) => o.const !== 'data');
  v2.schema.required = [...v2.schema.required, 'contact'];
  v2.schema.properties.response = { type: 'number', title: '处理结果' };
  (v2.ui as Record<string, unknown>)['ui:order'] = ['kind', 'subject', 'description', 'location', 'contact', 'response'];
  const diff = diffDefinitions(v1, v2) as unknown as Omit<DiffAnswer, 'basedOn'>;
  return { v1: v1 as unknown as Record<string, unknown>, v2: v2 as unknown as Record<string, unknown>, diff: { ...diff, basedOn: { key: 'feedback', version: 1 } } as DiffAnswer };
}

describe('what a draft does to existing records', () => {
  it('finds the removed field (not the fields of a removed section), removed codes with titles, a field made required, a changed type', () => {
    const { diff } = revised();
    expect(migrationNeeds(diff)).toEqual([
      { kind: 'removed', data: '/where', title: '发生位置' },
      { kind: 'removed', data: '/extra', title: '附加' },
      { kind: 'codesRemoved', data: '/kind', title: '类型', codes: [{ value: 'data', title: '数据问题' }] },
      { kind: 'required', data: '/contact', title: '联系电话' },
      { kind: 'type', data: '/response', title: '处理结果' },
    ]);
  });

  it('finds nothing when the draft changes nothing records hold', () => {
    const diff = diffDefinitions(feedback, { ...feedback, title: { 'zh-CN': '意见反馈（新）', en: 'Feedback' } }) as unknown as DiffAnswer;
    expect(migrationNeeds(diff)).toEqual([]);
  });
});

describe('pickers and suggestions', () => {
  it('offers each version’s fields by full title, with their codes by title', () => {
    const { v1, v2 } = revised();
    const before = fieldChoices(v1);
    expect(before.find((f) => f.data === '/extra/note')).toEqual({ data: '/extra/note', title: '附加 › 备注' });
    expect(before.find((f) => f.data === '/kind')?.options).toEqual([
      { value: 'anomaly', title: '系统异常' },
      { value: 'suggestion', title: '改进建议' },
      { value: 'data', title: '数据问题' },
    ]);
    expect(fieldChoices(v2).map((f) => f.data)).toEqual(['/kind', '/subject', '/description', '/location', '/contact', '/response']);
  });

  it('suggests the added field of the same title for a removed one, else the only added field, else none', () => {
    const { v1, v2 } = revised();
    const before = fieldChoices(v1);
    const after = fieldChoices(v2);
    expect(likelyTarget({ title: '发生位置' }, before, after)).toBe('/location');
    expect(likelyTarget({ title: '别的' }, before, after)).toBe('/location');
    expect(likelyTarget({ title: '别的' }, before, [...after, { data: '/another', title: '另一个' }])).toBeUndefined();
    expect(likelyCodes([{ value: 'data', title: '数据问题' }], [{ value: 'dataIssue', title: '数据问题' }, { value: 'anomaly', title: '系统异常' }])).toEqual({ data: 'dataIssue' });
    expect(likelyCodes([{ value: 'data', title: '数据问题' }], [{ value: 'anomaly', title: '系统异常' }])).toEqual({});
  });

  it('says each operation in Chinese, fields and codes by title', () => {
    const { v1, v2 } = revised();
    const before = fieldChoices(v1);
    const after = fieldChoices(v2);
    expect(operationSentence({ op: 'move', from: '/where', to: '/location' }, before, after)).toBe('把「发生位置」的内容移到「发生位置」');
    expect(operationSentence({ op: 'map', path: '/kind', values: { data: 'anomaly' } }, before, after)).toBe('「类型」的代码改为：数据问题 → 系统异常');
    expect(operationSentence({ op: 'default', path: '/contact', value: '010-1234' }, before, after)).toBe('「联系电话」为空时填入「010-1234」');
    expect(operationSentence({ op: 'default', path: '/kind', value: 'suggestion' }, before, after)).toBe('「类型」为空时填入「改进建议」');
    expect(operationSentence({ op: 'remove', path: '/extra' }, before, after)).toBe('删除「附加」的内容');
  });
});

describe('the migration block', () => {
  it('is written from the version the draft revises, operations replaced per field, and removed when empty', () => {
    const { v2 } = revised();
    let migration = readMigration(v2, 1);
    expect(migration).toEqual({ from: 1, operations: [], tests: [] });
    migration = withOperation(migration, { op: 'move', from: '/where', to: '/subject' });
    migration = withOperation(migration, { op: 'move', from: '/where', to: '/location' });
    migration = withOperation(migration, { op: 'remove', path: '/extra' });
    expect(migration.operations).toEqual([
      { op: 'move', from: '/where', to: '/location' },
      { op: 'remove', path: '/extra' },
    ]);
    const written = writeMigration(v2, migration);
    expect(written.migration).toEqual({ from: 1, operations: migration.operations, tests: [] });
    // A draft revising a later version keeps the operations but takes the new `from`.
    expect(readMigration(written, 3)).toEqual({ ...migration, from: 3 });
    const emptied = writeMigration(written, withoutOperation(withoutOperation(migration, 1), 0));
    expect(emptied).not.toHaveProperty('migration');
    expect(emptied.schema).toBe(v2.schema);
  });

  it('runs its tests as publishing does: pass, fail with expected against got, and a test from a sample', () => {
    const migration: Migration = {
      from: 1,
      operations: [
        { op: 'move', from: '/where', to: '/location' },
        { op: 'map', path: '/kind', values: { data: 'anomaly' } },
      ],
      tests: [
        { name: '改名', before: { where: '首页', kind: 'data' }, after: { location: '首页', kind: 'anomaly' } },
        { name: '写错了', before: { where: '首页' }, after: { where: '首页' } },
      ],
    };
    const results = runMigrationTests(migration);
    expect(results.map((r) => r.passed)).toEqual([true, false]);
    expect(results[1]!.diff).toEqual([
      { path: '/location', got: '首页' },
      { path: '/where', expected: '首页' },
    ]);
    // The same verdicts as the publication check.
    expect(checkMigration(migration, () => true).map((p) => p.path)).toEqual(['/migration/tests/1']);
    const sample = testFromSample(migration, '样例', { where: '报表页', kind: 'suggestion' });
    expect(sample).toEqual({ name: '样例', before: { where: '报表页', kind: 'suggestion' }, after: { location: '报表页', kind: 'suggestion' } });
    expect(runMigrationTests({ ...migration, tests: [sample] })[0]!.passed).toBe(true);
  });
});
