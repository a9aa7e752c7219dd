/**
 * A code list's codes as the codes tab edits them: add, reorder, rename, retire (deprecate) and
 * reinstate. A code the published version holds is never removed — records may hold it — so
 * "remove" retires it instead; only a code added in this draft goes for good.
 */
import { readOptions, writeOptions, type OptionRow } from './options';
import type { Draft } from './paths';

/** The codes of a code list draft (its root `oneOf`), in order. */
export const readCodes = (draft: Draft): OptionRow[] => readOptions(draft, '');

/** Writes the codes of a code list draft, English titles kept at their codes. */
export const writeCodes = (draft: Draft, rows: readonly OptionRow[]): Draft => writeOptions(draft, '', rows);

/** The next free code: one more than the largest numeric code, as wide as the widest (01, 02 …). */
export function nextCode(rows: readonly OptionRow[]): string {
  const taken = new Set(rows.map((r) => r.value));
  const numeric = rows.map((r) => r.value).filter((v) => /^\d+$/.test(v));
  const width = Math.max(2, ...numeric.map((v) => v.length));
  let n = numeric.reduce((max, v) => Math.max(max, Number(v)), 0) + 1;
  while (taken.has(String(n).padStart(width, '0'))) n++;
  return String(n).padStart(width, '0');
}

/** Adds a code at the end. */
export const addCode = (rows: readonly OptionRow[], title = ''): OptionRow[] => [...rows, { value: nextCode(rows), title }];

/** Moves the code at `from` by `by` places (within bounds). */
export function moveCode(rows: readonly OptionRow[], from: number, by: number): OptionRow[] {
  const to = Math.min(rows.length - 1, Math.max(0, from + by));
  const next = [...rows];
  const [row] = next.splice(from, 1);
  next.splice(to, 0, row!);
  return next;
}

/**
 * Removes the code at `index`, or retires it when the published version holds it (records may
 * hold it: it stays valid, no longer offered).
 */
export function removeCode(rows: readonly OptionRow[], index: number, published: ReadonlySet<string>): OptionRow[] {
  const row = rows[index];
  if (!row) return [...rows];
  if (published.has(row.value)) return rows.map((r, i) => (i === index ? { ...r, deprecated: true } : r));
  return rows.filter((_, i) => i !== index);
}

/** Retires (`true`) or reinstates (`false`) the code at `index`. */
export function retireCode(rows: readonly OptionRow[], index: number, retired: boolean): OptionRow[] {
  return rows.map((r, i) => {
    if (i !== index) return r;
    const { deprecated: _d, ...rest } = r;
    return retired ? { ...rest, deprecated: true } : rest;
  });
}

/** What is wrong with a code's row, if anything. */
export type CodeProblem = 'emptyCode' | 'duplicateCode' | 'emptyTitle';

/** The problems of each row, by index: an empty or repeated code, an empty title. */
export function codeProblems(rows: readonly OptionRow[]): Map<number, CodeProblem[]> {
  const seen = new Map<string, number>();
  for (const r of rows) seen.set(r.value, (seen.get(r.value) ?? 0) + 1);
  const out = new Map<number, CodeProblem[]>();
  rows.forEach((r, i) => {
    const found: CodeProblem[] = [];
    if (r.value.trim() === '') found.push('emptyCode');
    else if ((seen.get(r.value) ?? 0) > 1) found.push('duplicateCode');
    if (r.title.trim() === '') found.push('emptyTitle');
    if (found.length > 0) out.set(i, found);
  });
  return out;
}

/**
 * The published codes this draft no longer lists (removed in the JSON view): records holding
 * them would no longer be valid, so the codes tab offers to put them back as retired.
 */
export const missingCodes = (rows: readonly OptionRow[], published: readonly OptionRow[]): OptionRow[] =>
  published.filter((p) => !rows.some((r) => r.value === p.value));

/** The draft's codes with the missing published ones put back at the end, retired. */
export const restoreMissing = (rows: readonly OptionRow[], published: readonly OptionRow[]): OptionRow[] => [
  ...rows,
  ...missingCodes(rows, published).map((p) => ({ ...p, deprecated: true as const })),
];
