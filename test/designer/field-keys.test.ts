/** Field keys from labels: pinyin, letters kept, never a duplicate, `fieldN` when a label gives nothing. */
import { describe, expect, it } from 'vitest';
import { keyFromLabel, keyProblem, newFieldKey, uniqueKey } from '../../designer/src/model/field-keys';

describe('field keys', () => {
  it('reads Chinese labels in pinyin, camelCase, without punctuation', () => {
    expect(keyFromLabel('受理问题线索（件）')).toBe('shouLiWenTiXianSuoJian');
    expect(keyFromLabel('合计 Amount 2')).toBe('heJiAmount2');
    expect(keyFromLabel('2026 年度')).toBe('f2026NianDu');
    expect(keyFromLabel('——')).toBe('');
  });

  it('stays short: whole syllables up to 32 characters', () => {
    const key = keyFromLabel('纪律审查工作情况季度统计表中受理问题线索的处置情况说明');
    expect(key.length).toBeLessThanOrEqual(32);
    expect(key).toMatch(/^jiLvShenCha/);
  });

  it('never gives a key taken in the same place', () => {
    expect(uniqueKey('amount', ['amount', 'amount2'])).toBe('amount3');
    expect(newFieldKey('金额', ['jinE'])).toBe('jinE2');
    expect(newFieldKey('……', ['field1'])).toBe('field2');
  });

  it('says why a key cannot be used', () => {
    expect(keyProblem('Amount', [])).toBe('format');
    expect(keyProblem('a b', [])).toBe('format');
    expect(keyProblem('amount', ['amount'])).toBe('taken');
    expect(keyProblem('amount', ['other'])).toBeUndefined();
  });
});
