/**
 * A definition's rules as the rules tab lists them: in the order they run (higher priority first,
 * then the order of the definition), the rules of one field, switched on and off, moved up and
 * down, added, replaced and removed — each edit a new list, the definition's own order kept
 * wherever it decides nothing.
 */
import { parsePointer } from '../../../runtime/web/kit/engine';
import { varPointer } from './rule-expression';
import type { EventType } from './rule-model';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The engine's defaults (engine/src/rules/rule-set.ts): computed values first. */
const SET_PRIORITY = 100;
const DEFAULT_PRIORITY = 1;

/** The priority a rule runs at. */
export function effectivePriority(rule: unknown): number {
  if (!isObj(rule)) return DEFAULT_PRIORITY;
  if (typeof rule.priority === 'number') return rule.priority;
  return isObj(rule.event) && rule.event.type === 'set' ? SET_PRIORITY : DEFAULT_PRIORITY;
}

/** The positions of the rules in the order they run. */
export function runOrder(rules: readonly unknown[]): number[] {
  return rules.map((_, i) => i).sort((a, b) => effectivePriority(rules[b]) - effectivePriority(rules[a]) || a - b);
}

/**
 * Moves a rule one place up (earlier) or down in the run order. Next to a rule of the same
 * priority it swaps places in the definition; past a rule of another priority it takes that
 * rule's priority and goes just before (up) or after (down) it.
 */
export function moveRule(rules: readonly unknown[], index: number, direction: -1 | 1): unknown[] {
  const order = runOrder(rules);
  const at = order.indexOf(index);
  const neighbour = order[at + direction];
  if (at < 0 || neighbour === undefined) return [...rules];
  const moving = rules[index] as Obj;
  const other = rules[neighbour];
  const next = [...rules];
  if (effectivePriority(moving) === effectivePriority(other)) {
    next[index] = other;
    next[neighbour] = moving;
    return next;
  }
  const moved = { ...moving, priority: effectivePriority(other) };
  next.splice(index, 1);
  const target = next.indexOf(other);
  next.splice(direction < 0 ? target : target + 1, 0, moved);
  return next;
}

/** The data pointers a rule reads or acts on (conditions, expressions, event fields). */
export function rulePointers(rule: unknown): Set<string> {
  const found = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isObj(node)) return;
    if (node.fact === 'data' && typeof node.path === 'string') found.add(node.path);
    if (typeof node.var === 'string' && node.var.startsWith('data.')) found.add(varPointer(node.var));
    Object.values(node).forEach(walk);
  };
  if (!isObj(rule)) return found;
  walk(rule.conditions);
  const params = isObj(rule.event) && isObj(rule.event.params) ? rule.event.params : {};
  walk(params);
  if (typeof params.path === 'string') found.add(params.path);
  if (typeof params.link === 'string') found.add(params.link);
  if (Array.isArray(params.paths)) params.paths.forEach((p) => typeof p === 'string' && found.add(p));
  return found;
}

/** Whether a rule concerns a field (its data pointer): the field itself or anything inside it. */
export function ruleConcerns(rule: unknown, field: string): boolean {
  const rows = field.replace(/\/-$/, '');
  return [...rulePointers(rule)].some((p) => p === rows || p.startsWith(`${rows}/`));
}

/** Switches a rule on or off (on: the flag removed). */
export function setEnabled(rules: readonly unknown[], index: number, enabled: boolean): unknown[] {
  return rules.map((rule, i) => {
    if (i !== index || !isObj(rule)) return rule;
    const { disabled: _, ...rest } = rule;
    return enabled ? rest : { ...rest, disabled: true };
  });
}

/** A rule name not yet used (`rule1`, `rule2` …, or from a base). */
export function newRuleName(rules: readonly unknown[], base = 'rule'): string {
  const taken = new Set(rules.map((r) => (isObj(r) ? r.name : undefined)));
  for (let n = 1; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}

/** A stable problem code suggested for an error or warning on a field (`/receivedOn` → `RECEIVED_ON_INVALID`). */
export function suggestCode(field: string, type: 'error' | 'warning', taken: ReadonlySet<string> = new Set()): string {
  const name = parsePointer(field).filter((p) => p !== '-').pop() ?? 'FIELD';
  const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase().replace(/^[^A-Z]+/, '');
  const base = `${snake || 'FIELD'}_${type === 'error' ? 'INVALID' : 'CHECK'}`.slice(0, 60);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

/** The codes rules already use. */
export const usedCodes = (rules: readonly unknown[]): Set<string> =>
  new Set(rules.flatMap((r) => (isObj(r) && isObj(r.event) && isObj(r.event.params) && typeof r.event.params.code === 'string' ? [r.event.params.code] : [])));

/** The params a new event of a type starts with (`field`: the field it is about). */
export function blankEventParams(type: Exclude<EventType, 'set' | 'create'>, field: string): Obj {
  switch (type) {
    case 'error':
    case 'warning':
      return { path: field, message: { 'zh-CN': '' } };
    case 'require':
    case 'hide':
      return { paths: [field] };
    case 'route':
      return { to: 'parent', role: 'leader' };
    case 'escalate':
      return { to: 'parent', role: 'leader', reassign: false, reason: { 'zh-CN': '' } };
    case 'notify':
      return { to: 'self', role: 'leader', message: { 'zh-CN': '' } };
  }
}
