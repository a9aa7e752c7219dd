/** What the parts of a definition diff share: keyed lists and attributes compared as they take effect. */
import { canonicalJson } from './fingerprint.js';
import type { AddedRemovedChanged, AttributeChange } from './diff-definitions.js';

/**
 * Added / removed / changed entries of two keyed lists: added and changed in the order of
 * `after`, removed in the order of `before`; the first of a repeated key counts.
 */
export function diffNamed<E, S extends { changes?: AttributeChange[] }>(
  before: readonly (readonly [string, E])[],
  after: readonly (readonly [string, E])[],
  summary: (entry: E) => S,
  compare: (a: E, b: E) => AttributeChange[],
  changedSummary: (entry: E) => S = summary,
): AddedRemovedChanged<S> {
  const old = firstByKey(before);
  const now = firstByKey(after);
  const result: AddedRemovedChanged<S> = { added: [], removed: [], changed: [] };
  for (const [key, entry] of now) {
    const previous = old.get(key);
    if (previous === undefined) {
      result.added.push(summary(entry));
      continue;
    }
    const changes = compare(previous, entry);
    if (changes.length > 0) result.changed.push({ ...changedSummary(entry), changes });
  }
  for (const [key, entry] of old) if (!now.has(key)) result.removed.push(summary(entry));
  return result;
}

export function firstByKey<E>(entries: readonly (readonly [string, E])[]): Map<string, E> {
  const map = new Map<string, E>();
  for (const [key, entry] of entries) if (!map.has(key)) map.set(key, entry);
  return map;
}

/** The attributes that differ, in the given order. */
export function diffAttributes(before: Map<string, unknown>, after: Map<string, unknown>, order: readonly string[]): AttributeChange[] {
  const changes: AttributeChange[] = [];
  for (const attribute of order) {
    const a = before.get(attribute);
    const b = after.get(attribute);
    if (!same(a, b)) changes.push(withValues(attribute, a, b));
  }
  return changes;
}

export function withValues(attribute: string, before: unknown, after: unknown): AttributeChange {
  const change: AttributeChange = { attribute };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  return change;
}

export function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** A list whose order means nothing, in a canonical order (undefined stays undefined). */
export function asSet(list: readonly unknown[] | undefined): unknown[] | undefined {
  return list === undefined ? undefined : [...new Set(list.map((v) => canonicalJson(v)))].sort();
}
