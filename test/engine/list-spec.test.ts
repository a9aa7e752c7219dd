import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellText, compileDefinition, periodName, recordTitle, searchText } from '../../engine/src/index.js';
import { definition, pairs, refusal } from './helpers.js';

const withCodes = (list: Record<string, unknown>) =>
  definition({
    schema: {
      type: 'object',
      properties: {
        name: { type: 'string', title: '姓名' },
        age: { type: 'integer', title: '年龄' },
        kind: { type: 'string', title: '类别', oneOf: [{ const: 'gift', title: '礼品' }, { const: 'cash', title: '礼金' }] },
        at: { type: 'string', format: 'date-time', title: '时间' },
        items: { type: 'array', items: { type: 'string' } },
      },
    },
    list,
  });

describe('list: record titles and columns declared by the module', () => {
  it('refuses paths that name no field, non-numeric sums, an order that is no column, @period outside reports — each at its pointer', () => {
    const problems = refusal(
      withCodes({
        title: ['/name', '/nickname', '@period'],
        columns: [{ path: '/name', sum: true }, { path: '/missing' }, { path: '/age', sum: true }, { path: '/age' }, { path: '/kind', module: 'other', unit: true }],
        sort: { by: '/at' },
      }),
    );
    expect(pairs(problems).sort()).toEqual(
      [
        '/list/title/1 FW_DEF_UNKNOWN_FIELD',
        '/list/title/2 FW_DEF_LIST_PERIOD',
        '/list/columns/0/sum FW_DEF_NOT_A_NUMBER',
        '/list/columns/1/path FW_DEF_UNKNOWN_FIELD',
        '/list/columns/3/path FW_DEF_DUPLICATE',
        '/list/columns/4/unit FW_DEF_LIST_COLUMN_REF',
        '/list/sort/by FW_DEF_LIST_SORT',
      ].sort(),
    );
    expect(refusal(withCodes({ title: ['name'] })).map((p) => `${p.path} ${p.code}`)).toEqual(['/list/title/0 FW_VAL_PATTERN']);
  });

  it('reads a title with codes by their titles and instants in China time, the empty parts left out', () => {
    const compiled = compileDefinition(withCodes({ title: ['/name', '/kind', '/at', '/age'], columns: [{ path: '/age', sum: true }], sort: { by: '/age', order: 'asc' } }));
    expect(compiled.list.columns).toEqual([{ path: '/age', sum: true, unit: false }]);
    expect(compiled.list.sort).toEqual({ by: '/age', order: 'asc' });
    const title = recordTitle(compiled.list, { name: '张三', kind: 'cash', at: '2026-11-27T10:14:16.186Z' }, compiled.codeTitle, { moduleTitle: '样例' }, compiled.fieldType);
    expect(title).toBe('张三 · 礼金 · 2026-11-27 18:14');
    expect(searchText(compiled.list, { name: '张三', kind: 'cash', age: 40 }, compiled.codeTitle)).toBe('张三 cash 礼金 40');
  });

  it('names a record by its first plain text field, and a report by template, period and unit, when the module declares no title', () => {
    const compiled = compileDefinition(withCodes({}));
    expect(compiled.list.title).toEqual(['/name']);
    const ordered = compileDefinition({ ...withCodes({}), ui: { 'ui:order': ['kind', 'at', 'age', '*'] }, list: undefined });
    // kind is a code, at an instant, age a number: the first plain text field is still name.
    expect(ordered.list.title).toEqual(['/name']);
    expect(recordTitle({ title: ['@module', '@period', '@unit'], titleFields: [], columns: [], sort: undefined }, {}, () => undefined, { moduleTitle: '季度统计表', period: '2026Q3', unitName: '南京市' })).toBe(
      '季度统计表 · 2026年第3季度 · 南京市',
    );
  });

  it('writes periods and cells as people read them', () => {
    expect([periodName('2026Q3'), periodName('2026-09'), periodName('2026H2'), periodName('2026'), periodName('2026Q3', 'en'), periodName('x')]).toEqual([
      '2026年第3季度',
      '2026年9月',
      '2026年下半年',
      '2026年',
      '2026 Q3',
      'x',
    ]);
    expect([cellText(true), cellText(['a', 'b']), cellText({ a: 1 }), cellText(null), cellText('2026-01-31', undefined, 'date'), cellText('2026-01-31T16:30:00Z', undefined, 'date-time')]).toEqual([
      '是',
      '2 项',
      '',
      '',
      '2026-01-31',
      '2026-02-01 00:30',
    ]);
  });

  it('every shipped record and report module declares its title', () => {
    const root = path.resolve(import.meta.dirname, '../../definitions/modules');
    for (const key of readdirSync(root)) {
      const def = JSON.parse(readFileSync(path.join(root, key, 'definition.json'), 'utf8')) as { kind: string; list?: { title?: string[] } };
      if (def.kind === 'codelist') continue;
      expect(def.list?.title?.length, key).toBeGreaterThan(0);
    }
  });
});
