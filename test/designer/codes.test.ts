/** A code list's codes: added with the next free code, reordered, retired instead of removed when published, reinstated, checked. */
import { describe, expect, it } from 'vitest';
import { addCode, codeProblems, missingCodes, moveCode, nextCode, readCodes, removeCode, restoreMissing, retireCode, writeCodes } from '../../designer/src/model/codes';
import { blankDefinition } from '../../designer/src/model/blank';
import { compileDefinition, evaluate } from '../../runtime/web/kit/engine';

const rows = [
  { value: '01', title: '甲', en: 'A' },
  { value: '02', title: '乙' },
  { value: '09', title: '丙' },
];

describe('code list codes', () => {
  it('gives the next free code as wide as the widest', () => {
    expect(nextCode(rows)).toBe('10');
    expect(nextCode([])).toBe('01');
    expect(nextCode([{ value: '001', title: 'x' }, { value: 'abc', title: 'y' }])).toBe('002');
    expect(addCode(rows, '丁').at(-1)).toEqual({ value: '10', title: '丁' });
  });

  it('moves a code within bounds', () => {
    expect(moveCode(rows, 0, 1).map((r) => r.value)).toEqual(['02', '01', '09']);
    expect(moveCode(rows, 2, 5).map((r) => r.value)).toEqual(['01', '02', '09']);
    expect(moveCode(rows, 1, -1).map((r) => r.value)).toEqual(['02', '01', '09']);
  });

  it('retires a published code instead of removing it, removes a new one, and reinstates', () => {
    const published = new Set(['01', '02']);
    expect(removeCode(rows, 0, published)).toEqual([{ value: '01', title: '甲', en: 'A', deprecated: true }, rows[1], rows[2]]);
    expect(removeCode(rows, 2, published).map((r) => r.value)).toEqual(['01', '02']);
    const retired = retireCode(rows, 1, true);
    expect(retired[1]).toEqual({ value: '02', title: '乙', deprecated: true });
    expect(retireCode(retired, 1, false)[1]).toEqual({ value: '02', title: '乙' });
  });

  it('flags empty and repeated codes and empty titles', () => {
    const found = codeProblems([...rows, { value: '01', title: '' }, { value: ' ', title: 'x' }]);
    expect(Object.fromEntries(found)).toEqual({ 0: ['duplicateCode'], 3: ['duplicateCode', 'emptyTitle'], 4: ['emptyCode'] });
    expect(codeProblems(rows).size).toBe(0);
  });

  it('puts published codes removed elsewhere back, retired', () => {
    const published = [...rows, { value: '05', title: '戊' }];
    expect(missingCodes(rows, published)).toEqual([{ value: '05', title: '戊' }]);
    expect(restoreMissing(rows, published).at(-1)).toEqual({ value: '05', title: '戊', deprecated: true });
  });

  it('writes the codes into the definition, a retired code still valid', async () => {
    const draft = writeCodes(blankDefinition('codelist', 'ways', { 'zh-CN': '方式' }), [...rows, { value: '10', title: '丁', deprecated: true }]);
    expect(readCodes(draft)).toEqual([...rows, { value: '10', title: '丁', deprecated: true }]);
    expect((draft.i18n as { en: object }).en).toEqual({ '/oneOf/0': 'A' });
    const holder = compileDefinition({
      key: 'holder',
      kind: 'record',
      title: { 'zh-CN': '用' },
      schema: { type: 'object', properties: { way: (draft.schema as object) } },
    });
    expect((await evaluate(holder, { way: '10' }, {})).errors).toEqual([]);
  });
});
