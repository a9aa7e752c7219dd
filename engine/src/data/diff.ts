/** What changed between two versions of record data, leaf by leaf, as JSON Pointers. */
import { escapeSegment } from '../pointer/json-pointer.js';

export interface Change {
  path: string;
  from?: unknown;
  to?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function diffData(before: unknown, after: unknown, path = ''): Change[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffData(before[k], after[k], `${path}/${escapeSegment(k)}`));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const change: Change = { path };
  if (before !== undefined) change.from = before;
  if (after !== undefined) change.to = after;
  return [change];
}
