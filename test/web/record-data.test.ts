/**
 * The record page's data helpers: a submitted report's figure against the one computed now, a
 * counted record named by what it is about (never its codes or ID numbers), and the day a
 * report opens for submission.
 */
import { describe, expect, it } from 'vitest';
import { compileDefinition } from '../../engine/src/index.js';
import type { Loaded, Published } from '../../runtime/web/kit/definitions';
import { countedSummary, figureChange, submissionOpens } from '../../runtime/web/src/pages/record/record-data';

const loaded = (definition: Record<string, unknown>): Loaded => {
  const compiled = compileDefinition(definition);
  return { definition: { ...(compiled.definition as object), version: 1 } as Published, compiled, codelists: {} };
};

describe('figureChange', () => {
  it('says nothing when the figures agree, else the signed difference', () => {
    expect(figureChange(7, 7)).toBeUndefined();
    expect(figureChange(7, 8)).toBe('+1');
    expect(figureChange(3, 1)).toBe('-2');
    expect(figureChange(0.1, 0.3)).toBe('+0.2');
    expect(figureChange(null, 4)).toBeUndefined();
  });
});

describe('countedSummary', () => {
  const clue = loaded({
    key: 'clue',
    kind: 'record',
    title: { 'zh-CN': '线索' },
    schema: {
      type: 'object',
      properties: {
        cadreId: { type: 'string', pattern: '^[0-9A-Z]{6,18}$' },
        source: { type: 'string', enum: ['letter', 'audit'] },
        summary: { type: 'string' },
        receivedOn: { type: 'string', format: 'date' },
        cadreName: { type: 'string' },
        note: { type: 'string' },
      },
    },
    ui: { 'ui:order': ['cadreId', 'source', 'cadreName', 'summary', 'receivedOn', 'note'] },
  });

  it('names a record by its first plain texts in form order, never its codes, dates or ID numbers', () => {
    const data = { cadreId: '320101198802020022', source: 'letter', summary: '反映其收受管理服务对象购物卡。', receivedOn: '2026-11-20', cadreName: '赵立新', note: '备注' };
    expect(countedSummary(clue, data)).toBe('赵立新 · 反映其收受管理服务对象购物卡。');
    expect(countedSummary(clue, { source: 'audit', note: 'x'.repeat(50) })).toBe(`${'x'.repeat(40)}…`);
    expect(countedSummary(clue, { source: 'audit' })).toBe('');
  });
});

describe('submissionOpens', () => {
  const report = (submitBeforeEnd?: boolean) =>
    loaded({
      key: 'monthly',
      kind: 'report',
      title: { 'zh-CN': '月报' },
      schema: { type: 'object', properties: { n: { type: 'integer' } } },
      report: { period: 'quarter', levels: [2], ...(submitBeforeEnd === undefined ? {} : { submitBeforeEnd }) },
    }).compiled;

  it('gives the last day while it is ahead, for a draft of a template that does not allow early submission', () => {
    const draft = { state: 'draft', period: '2026Q4' };
    expect(submissionOpens(report(), draft, new Date('2026-11-27T10:00:00+08:00'))).toBe('2026-12-31');
    expect(submissionOpens(report(), draft, new Date('2026-12-31T00:00:00+08:00'))).toBeUndefined();
    expect(submissionOpens(report(true), draft, new Date('2026-11-27T10:00:00+08:00'))).toBeUndefined();
    expect(submissionOpens(report(), { state: 'submitted', period: '2026Q4' }, new Date('2026-11-27T10:00:00+08:00'))).toBeUndefined();
  });
});
