/** The record page's data handling: what a save sends, what a record shows, what a refusal names. */
import { ApiError } from '../../../kit/api';
import type { FieldProblem } from '../../../kit/form/form-schema';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A JSON Merge Patch (RFC 7386) turning `before` into `after`. */
export function mergePatch(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) {
    const old = before[k];
    if (isObject(old) && isObject(v)) {
      const inner = mergePatch(old, v);
      if (Object.keys(inner).length > 0) patch[k] = inner;
    } else if (JSON.stringify(old) !== JSON.stringify(v)) patch[k] = v === undefined ? null : v;
  }
  for (const k of Object.keys(before)) if (!(k in after)) patch[k] = null;
  return patch;
}

/** The stored data with fresh pre-filled figures over it. */
export function withFigures(data: Record<string, unknown>, figures: Record<string, number>): Record<string, unknown> {
  const out = structuredClone(data);
  for (const [pointer, value] of Object.entries(figures)) {
    const parts = pointer.split('/').slice(1);
    let node = out;
    for (const part of parts.slice(0, -1)) node = (isObject(node[part]) ? node[part] : (node[part] = {})) as Record<string, unknown>;
    node[parts[parts.length - 1]!] = value;
  }
  return out;
}

/** The value at a JSON Pointer of record data (undefined when the way is missing). */
export function valueAt(data: Record<string, unknown>, pointer: string): unknown {
  return pointer.split('/').slice(1).reduce<unknown>((n, k) => (isObject(n) ? n[k] : undefined), data);
}

/** The field problems a refused request names (none for other failures). */
export const problemsOf = (error: unknown): FieldProblem[] => (error instanceof ApiError ? error.problems.map((p) => ({ path: p.path, code: p.code, message: p.message })) : []);
