/**
 * The "合计" helper: a computed field that is the sum of other number fields, written as an
 * ordinary `set` rule with a JSON Logic `+` (empty fields count as 0) so the engine computes it
 * in the form, on the server and in the definition's tests alike. A source may be a column of a
 * repeating table (`/rows/-/amount`: every row's amount). The builder recognises the rules it
 * wrote (named `sum_…`, of exactly this shape) and edits only those; every other rule is left
 * as it is.
 */
import { parsePointer } from '../../../runtime/web/kit/engine';
import { isObj, type Draft, type Obj } from './paths';

/** A sum: the computed field and the fields added up (data pointers). */
export interface SumSpec {
  target: string;
  sources: string[];
}

const SAFE_SEGMENT = /^[A-Za-z0-9_]+$/;
const orZero = (path: string) => ({ if: [{ var: path }, { var: path }, 0] });

/** Whether a data pointer can be a sum's source (a plain field, or one column of a repeating table). */
export function canSum(pointer: string): boolean {
  const parts = parsePointer(pointer);
  const dashes = parts.filter((p) => p === '-').length;
  if (dashes > 1 || parts.length === 0 || parts[0] === '-' || parts[parts.length - 1] === '-') return false;
  return parts.every((p) => p === '-' || SAFE_SEGMENT.test(p));
}

function term(pointer: string): unknown {
  const parts = parsePointer(pointer);
  const dash = parts.indexOf('-');
  if (dash < 0) return orZero(`data.${parts.join('.')}`);
  const rows = `data.${parts.slice(0, dash).join('.')}`;
  const cell = `current.${parts.slice(dash + 1).join('.')}`;
  return { reduce: [{ var: rows }, { '+': [{ var: 'accumulator' }, orZero(cell)] }, 0] };
}

/** The rule's name for a target (unique: one sum per computed field). */
export const sumRuleName = (target: string) => `sum_${parsePointer(target).join('_')}`.slice(0, 64);

/** The `set` rule computing a sum (sources in order). */
export function sumRule(spec: SumSpec, titles: { target: string; sources: string[] }): Obj {
  return {
    name: sumRuleName(spec.target),
    description: { 'zh-CN': `${titles.target} = ${titles.sources.join(' + ')}` },
    conditions: { all: [] },
    event: { type: 'set', params: { path: spec.target, expr: { '+': spec.sources.map(term) } } },
  };
}

function readTerm(value: unknown): string | undefined {
  if (!isObj(value)) return undefined;
  if (Array.isArray(value.if)) {
    const path = (value.if[0] as { var?: unknown } | undefined)?.var;
    return typeof path === 'string' && path.startsWith('data.') ? `/${path.slice(5).split('.').join('/')}` : undefined;
  }
  if (Array.isArray(value.reduce)) {
    const rows = (value.reduce[0] as { var?: unknown } | undefined)?.var;
    const inner = (value.reduce[1] as Obj | undefined)?.['+'] as unknown[] | undefined;
    const cell = ((inner?.[1] as Obj | undefined)?.if as { var?: unknown }[] | undefined)?.[0]?.var;
    if (typeof rows !== 'string' || !rows.startsWith('data.') || typeof cell !== 'string' || !cell.startsWith('current.')) return undefined;
    return `/${rows.slice(5).split('.').join('/')}/-/${cell.slice(8).split('.').join('/')}`;
  }
  return undefined;
}

/** The sum a rule computes, when it is one the builder wrote (else undefined). */
export function readSumRule(rule: unknown): SumSpec | undefined {
  if (!isObj(rule) || typeof rule.name !== 'string' || !rule.name.startsWith('sum_')) return undefined;
  const event = isObj(rule.event) ? rule.event : undefined;
  const params = isObj(event?.params) ? event.params : undefined;
  if (event?.type !== 'set' || typeof params?.path !== 'string' || !isObj(params.expr) || !Array.isArray(params.expr['+'])) return undefined;
  const sources = (params.expr['+'] as unknown[]).map(readTerm);
  if (sources.some((s) => s === undefined)) return undefined;
  const spec = { target: params.path, sources: sources as string[] };
  // Only a rule exactly as the builder would write it (nothing added by hand).
  const again = sumRule(spec, { target: '', sources: [] });
  return JSON.stringify(again.event) === JSON.stringify(rule.event) && JSON.stringify(again.conditions) === JSON.stringify(rule.conditions) ? spec : undefined;
}

/** The builder's sum rules of a definition, by target. */
export function sumRules(draft: Draft): Map<string, SumSpec> {
  const out = new Map<string, SumSpec>();
  for (const rule of Array.isArray(draft.rules) ? draft.rules : []) {
    const spec = readSumRule(rule);
    if (spec) out.set(spec.target, spec);
  }
  return out;
}

/** Sets (sources given) or removes (none) the sum computing a target; edits `draft` in place. */
export function putSumRule(draft: Draft, spec: SumSpec, titles: { target: string; sources: string[] }): void {
  const rules = Array.isArray(draft.rules) ? [...draft.rules] : [];
  const at = rules.findIndex((r) => readSumRule(r)?.target === spec.target);
  const rule = spec.sources.length > 0 ? sumRule(spec, titles) : undefined;
  if (at >= 0 && rule) rules[at] = rule;
  else if (at >= 0) rules.splice(at, 1);
  else if (rule) rules.push(rule);
  draft.rules = rules;
}

/** Follows a field that moved: the builder's sum rules naming it (or below it) name its new place. */
export function remapSumRules(draft: Draft, from: string, to: string): void {
  if (!Array.isArray(draft.rules)) return;
  const move = (p: string) => (p === from || p.startsWith(`${from}/`) ? to + p.slice(from.length) : p);
  draft.rules = draft.rules.map((rule) => {
    const spec = readSumRule(rule);
    if (!spec) return rule;
    const moved = { target: move(spec.target), sources: spec.sources.map(move) };
    if (JSON.stringify(moved) === JSON.stringify(spec)) return rule;
    const description = (rule as Obj).description;
    return { ...sumRule(moved, { target: '', sources: [] }), ...(description ? { description } : {}) };
  });
}
