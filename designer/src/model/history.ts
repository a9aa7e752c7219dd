/**
 * Undo and redo within a session: the definitions before and after each edit. Edits that carry
 * the same coalescing key one after the other (typing into one label) are one step, so undo
 * takes back a word, not a letter.
 */

/** The edit history: past definitions, the present one, and those undone. */
export interface History<T> {
  past: readonly T[];
  present: T;
  future: readonly T[];
  /** The coalescing key of the last edit (undefined: the next edit is a step of its own). */
  lastKey?: string;
}

/** How many steps back undo can go. */
export const HISTORY_LIMIT = 200;

/** A history starting at a definition. */
export const startHistory = <T>(present: T): History<T> => ({ past: [], present, future: [] });

/** The history after an edit; `key` merges it with the previous edit of the same key. */
export function record<T>(history: History<T>, next: T, key?: string): History<T> {
  if (next === history.present) return history;
  const merge = key !== undefined && key === history.lastKey && history.past.length > 0;
  const past = merge ? history.past : [...history.past, history.present].slice(-HISTORY_LIMIT);
  return { past, present: next, future: [], ...(key !== undefined ? { lastKey: key } : {}) };
}

/** One step back (the same history when there is none). */
export function undo<T>(history: History<T>): History<T> {
  const previous = history.past[history.past.length - 1];
  if (previous === undefined) return history;
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] };
}

/** One step forward again (the same history when nothing was undone). */
export function redo<T>(history: History<T>): History<T> {
  const [next, ...future] = history.future;
  if (next === undefined) return history;
  return { past: [...history.past, history.present], present: next, future };
}

/** Replaces the present without a step of its own (what the server answered, say), keeping the rest undoable. */
export function replacePresent<T>(history: History<T>, present: T): History<T> {
  return { past: [...history.past, history.present].slice(-HISTORY_LIMIT), present, future: [] };
}
