/** Undo and redo within a session: steps, coalesced typing, the limit, and the server's version put in place. */
import { describe, expect, it } from 'vitest';
import { HISTORY_LIMIT, record, redo, replacePresent, startHistory, undo } from '../../designer/src/model/history';

describe('the edit history', () => {
  it('undoes and redoes edits in order; a new edit forgets what was undone', () => {
    let h = startHistory('a');
    h = record(h, 'b');
    h = record(h, 'c');
    expect(undo(h).present).toBe('b');
    expect(undo(undo(h)).present).toBe('a');
    expect(undo(undo(undo(h))).present).toBe('a');
    expect(redo(undo(undo(h))).present).toBe('b');
    const branched = record(undo(h), 'x');
    expect(branched.future).toEqual([]);
    expect(redo(branched).present).toBe('x');
  });

  it('merges edits of one coalescing key in a row into one step', () => {
    let h = startHistory('');
    h = record(h, '受', 'label');
    h = record(h, '受理', 'label');
    h = record(h, '受理数', 'label');
    h = record(h, '受理数!', 'other');
    expect(undo(h).present).toBe('受理数');
    expect(undo(undo(h)).present).toBe('');
  });

  it('keeps at most HISTORY_LIMIT steps, and ignores an edit that changes nothing', () => {
    let h = startHistory(0);
    for (let i = 1; i <= HISTORY_LIMIT + 10; i++) h = record(h, i);
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(record(h, h.present)).toBe(h);
  });

  it('puts the server version in place with the editor version one undo away', () => {
    const h = replacePresent(record(startHistory('mine-0'), 'mine-1'), 'theirs');
    expect(h.present).toBe('theirs');
    expect(undo(h).present).toBe('mine-1');
  });
});
