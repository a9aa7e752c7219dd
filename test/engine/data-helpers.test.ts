import { describe, expect, it } from 'vitest';
import { addDuration, applyMergePatch, applyMigration, compileDefinition, diffData, endOfDay, parseDuration, subtractDuration } from '../../engine/src/index.js';
import { definition, pairs, refusal } from './helpers.js';

describe('ISO 8601 durations', () => {
  it('parses every part and refuses what is not a duration', () => {
    expect(parseDuration('P1Y2M3W4DT5H6M7S')).toEqual({ years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7 });
    expect(parseDuration('PT0.5S')).toMatchObject({ seconds: 0.5 });
    for (const bad of ['P', 'PT', '15D', 'P1H', 'P-1D', '']) expect(parseDuration(bad), bad).toBeUndefined();
  });

  it('adds calendar parts in China time and clock parts exactly', () => {
    // 2026-01-31 20:00 China time = 12:00Z; one month later is 28 February (no 31st), same hour.
    expect(addDuration(new Date('2026-01-31T12:00:00Z'), 'P1M').toISOString()).toBe('2026-02-28T12:00:00.000Z');
    // 23:30 China time on 30 June + 1 day = 23:30 on 1 July, although UTC is still on the 30th.
    expect(addDuration(new Date('2026-06-30T15:30:00Z'), 'P1D').toISOString()).toBe('2026-07-01T15:30:00.000Z');
    expect(addDuration(new Date('2026-06-30T15:30:00Z'), 'P2W').toISOString()).toBe('2026-07-14T15:30:00.000Z');
    expect(addDuration(new Date('2026-06-30T15:30:00Z'), 'PT48H').toISOString()).toBe('2026-07-02T15:30:00.000Z');
    expect(subtractDuration(new Date('2026-07-01T15:30:00Z'), 'P1D').toISOString()).toBe('2026-06-30T15:30:00.000Z');
  });

  it('takes a date-only deadline as the end of that day in China', () => {
    expect(endOfDay('2026-09-30')!.toISOString()).toBe('2026-09-30T15:59:59.999Z');
    expect(endOfDay('2026-09-30T08:00:00+08:00')!.toISOString()).toBe('2026-09-30T00:00:00.000Z');
    expect(endOfDay('soon')).toBeUndefined();
  });
});

describe('JSON Merge Patch and diffs', () => {
  it('merges objects, replaces the rest, removes with null, ignores prototype keys', () => {
    const base = { a: 1, b: { c: 2, d: 3 }, list: [1, 2] };
    expect(applyMergePatch(base, { b: { c: null, e: 4 }, list: [3], f: 'x' })).toEqual({ a: 1, b: { d: 3, e: 4 }, list: [3], f: 'x' });
    expect(base).toEqual({ a: 1, b: { c: 2, d: 3 }, list: [1, 2] });
    const poisoned = applyMergePatch({}, JSON.parse('{"__proto__": {"admin": true}}')) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(Object.keys(poisoned)).toEqual([]);
  });

  it('lists leaf changes as pointers with before and after', () => {
    expect(diffData({ a: 1, b: { c: 'x', 'd/e': 1 } }, { a: 1, b: { c: 'y' }, n: [1] })).toEqual([
      { path: '/b/c', from: 'x', to: 'y' },
      { path: '/b/d~1e', from: 1 },
      { path: '/n', to: [1] },
    ]);
  });
});

describe('record migrations', () => {
  const migration = {
    from: 1,
    operations: [
      { op: 'move', from: '/person', to: '/reportedPerson/name' },
      { op: 'default', path: '/source', value: 'letter' },
      { op: 'remove', path: '/legacy' },
      { op: 'map', path: '/grade', values: { 'A': 'province', 'B': 'city' } },
    ],
    tests: [{ name: 'renames and fills', before: { person: '王五', legacy: 1, grade: 'A' }, after: { reportedPerson: { name: '王五' }, source: 'letter', grade: 'province' } }],
  } as const;

  it('applies operations in order on a copy', () => {
    const before = { person: '王五', legacy: true, grade: 'B', source: 'audit' };
    expect(applyMigration(migration as never, before)).toEqual({ reportedPerson: { name: '王五' }, source: 'audit', grade: 'city' });
    expect(before.person).toBe('王五');
    expect(applyMigration(migration as never, { grade: 'Z' })).toEqual({ source: 'letter', grade: 'Z' });
  });

  const schema = {
    type: 'object',
    properties: {
      reportedPerson: { type: 'object', properties: { name: { type: 'string' } } },
      source: { type: 'string' },
      grade: { type: 'string' },
    },
  };

  it('is checked at publish: its tests hold and its targets exist', () => {
    expect(() => compileDefinition(definition({ schema, migration }))).not.toThrow();
    const broken = {
      ...migration,
      operations: [...migration.operations, { op: 'default', path: '/nowhere', value: 1 }],
      tests: [{ name: 'wrong', before: { person: 'x' }, after: { person: 'x' } }],
      states: { old: 'missing' },
    };
    expect(pairs(refusal(definition({ schema, migration: broken }))).sort()).toEqual(
      ['/migration/operations/4/path FW_DEF_UNKNOWN_FIELD', '/migration/states/old FW_DEF_UNKNOWN_STATE', '/migration/tests/0 FW_DEF_TEST_CASE_FAILED'].sort(),
    );
  });
});
