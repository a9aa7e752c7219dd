/** A diff's field entries: a table's rows are not listed beside their table, and otherwise named after it. */
import { describe, expect, it } from 'vitest';
import { rowOf, withoutRows } from '../../designer/src/model/diff-entries';

describe('diff field entries', () => {
  it('leaves out the rows of a table listed with them', () => {
    const entries = [{ pointer: '/a' }, { pointer: '/a/rows' }, { pointer: '/a/rows/-' }, { pointer: '/a/rows/-/x' }, { pointer: '/b/-' }];
    expect(withoutRows(entries).map((e) => e.pointer)).toEqual(['/a', '/a/rows', '/a/rows/-/x', '/b/-']);
  });

  it('names the table of a row entry', () => {
    expect(rowOf('/a/rows/-')).toBe('/a/rows');
    expect(rowOf('/a/rows/-/x')).toBeUndefined();
  });
});
