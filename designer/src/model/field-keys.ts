/**
 * Field keys: the property names record data is stored under. A new field's key is made from its
 * Chinese label in pinyin (受理线索 → shouLiXianSuo), or `field1`, `field2` … when the label gives
 * nothing; it is editable, and never the same as another field's in the same place.
 */
import { pinyin } from 'pinyin-pro';

/** What a key may look like: a lower-case letter, then letters, digits or `_` (safe in rules' `var` paths and URLs). */
export const KEY_PATTERN = /^[a-z][A-Za-z0-9_]{0,63}$/;
const MAX_LENGTH = 32;

/** A key read from a label: pinyin for Chinese, letters and digits kept, camelCase. */
export function keyFromLabel(label: string): string {
  const syllables = pinyin(label, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true });
  const tokens = syllables.flatMap((s) => s.match(/[A-Za-z0-9]+/g) ?? []);
  let key = '';
  for (const token of tokens) {
    const next = key === '' ? token.toLowerCase() : token[0]!.toUpperCase() + token.slice(1).toLowerCase();
    if (key.length + next.length > MAX_LENGTH) break;
    key += next;
  }
  if (key !== '' && !/^[a-z]/.test(key)) key = `f${key}`;
  return key;
}

/** `base`, or `base2`, `base3` … whichever is not taken. */
export function uniqueKey(base: string, taken: ReadonlySet<string> | readonly string[]): string {
  const used = taken instanceof Set ? taken : new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}${n}`)) return `${base}${n}`;
}

/** A new field's key from its label: pinyin when it gives a key, else the next `fieldN`. */
export function newFieldKey(label: string, taken: ReadonlySet<string> | readonly string[]): string {
  const used = taken instanceof Set ? taken : new Set(taken);
  const fromLabel = keyFromLabel(label);
  if (fromLabel !== '') return uniqueKey(fromLabel, used);
  for (let n = 1; ; n++) if (!used.has(`field${n}`)) return `field${n}`;
}

/** Why a key cannot be used in a place (undefined: it can). */
export function keyProblem(key: string, siblings: readonly string[]): 'format' | 'taken' | undefined {
  if (!KEY_PATTERN.test(key)) return 'format';
  if (siblings.includes(key)) return 'taken';
  return undefined;
}
