/** The record page's data handling: what a save sends, what a record shows, what a refusal names. */
import { ApiError } from '../../../kit/api';
import type { Loaded } from '../../../kit/definitions';
import { parsePeriod, submittableFrom, type CompiledModule } from '../../../kit/engine';
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

/** The figure computed now against the one submitted, as a signed difference (`+1`, `-2`); undefined when they agree. */
export function figureChange(stored: unknown, now: number): string | undefined {
  if (typeof stored !== 'number' || stored === now) return undefined;
  const change = Math.round((now - stored) * 1e6) / 1e6;
  return change > 0 ? `+${change}` : String(change);
}

/**
 * A counted record in words: its first texts in form order that say what it is about (plain text
 * fields — not codes, dates, numbers, nor patterned values such as ID numbers), at most two.
 */
export function countedSummary(loaded: Loaded, data: Record<string, unknown>): string {
  const schema = loaded.definition.schema as { properties?: Record<string, Record<string, unknown>> };
  const properties = schema.properties ?? {};
  const order = Array.isArray(loaded.definition.ui?.['ui:order']) ? (loaded.definition.ui['ui:order'] as string[]) : [];
  const names = [...order.filter((n) => n in properties), ...Object.keys(properties).filter((n) => !order.includes(n))];
  const plain = (node: Record<string, unknown>) =>
    node.type === 'string' && !('enum' in node) && !('oneOf' in node) && !('const' in node) && !('$ref' in node) && !('format' in node) && !('pattern' in node);
  const texts = names
    .filter((n) => plain(properties[n]!))
    .map((n) => data[n])
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    .slice(0, 2)
    .map((v) => (v.length > 40 ? `${v.slice(0, 40)}…` : v));
  return texts.join(' · ');
}

/** The day a draft report may be submitted from, while that day is still ahead (the server refuses earlier). */
export function submissionOpens(compiled: CompiledModule, record: { state: string; period?: string | undefined }, now: Date): string | undefined {
  const spec = compiled.report?.spec;
  if (!spec || !record.period || !compiled.workflow.states[record.state]?.draft) return undefined;
  const period = parsePeriod(spec.period, record.period);
  const opens = period ? submittableFrom(spec, period) : undefined;
  return period && opens && now < opens ? period.last : undefined;
}
