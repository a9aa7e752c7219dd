/**
 * One rule as the rule builder holds it while it is edited: its conditions as a
 * react-querybuilder query, its event with any JSON Logic as expression trees. `openRule` and
 * `saveRule` are inverses: every rule the builder can show comes back exactly as it was (a
 * test round-trips every rule of the shipped modules); what it cannot show throws NotShowable
 * and opens in the JSON view instead.
 */
import type { RuleGroupType } from 'react-querybuilder';
import { conditionsToQuery, queryToConditions } from './rule-conditions';
import { NotShowable, formatExpr, parseExpr, type ExprNode } from './rule-expression';
import type { Subject } from './rule-subjects';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A text in Chinese and (optionally) English. */
export interface Localized {
  'zh-CN': string;
  en?: string;
}

/** The event types, in the order the builder offers them. */
export const EVENT_TYPES = ['error', 'warning', 'require', 'hide', 'set', 'route', 'escalate', 'notify', 'create'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** An event as edited: `set` holds a literal or an expression tree, `create` its fields' expressions. */
export type EventState =
  | { type: 'set'; path: string; mode: 'value'; value: unknown }
  | { type: 'set'; path: string; mode: 'expr'; expr: ExprNode }
  | { type: 'create'; params: Obj; data: { pointer: string; value: ExprNode }[] }
  | { type: Exclude<EventType, 'set' | 'create'>; params: Obj };

/** A rule as edited. */
export interface RuleState {
  name: string;
  description?: Localized;
  priority?: number;
  disabled?: boolean;
  query: RuleGroupType;
  event: EventState;
}

const RULE_KEYS = new Set(['name', 'description', 'priority', 'disabled', 'conditions', 'event']);

function openEvent(event: unknown): EventState {
  if (!isObj(event) || typeof event.type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(event.type) || !isObj(event.params)) {
    throw new NotShowable(['规则的动作无法识别', 'The rule does what it cannot read']);
  }
  if (Object.keys(event).some((k) => k !== 'type' && k !== 'params')) throw new NotShowable(['规则的动作有无法识别的设置', 'The action holds settings it does not know']);
  const params = event.params;
  if (event.type === 'set') {
    if (typeof params.path !== 'string') throw new NotShowable(['计算值没有目标字段', 'A computed value names no field']);
    if ('expr' in params) return { type: 'set', path: params.path, mode: 'expr', expr: parseExpr(params.expr) };
    return { type: 'set', path: params.path, mode: 'value', value: params.value };
  }
  if (event.type === 'create') {
    const { data, ...rest } = params;
    if (!isObj(data)) throw new NotShowable(['新建记录的内容无法识别', 'The new record’s data cannot be read']);
    return { type: 'create', params: rest, data: Object.entries(data).map(([pointer, value]) => ({ pointer, value: parseExpr(value) })) };
  }
  return { type: event.type as Exclude<EventType, 'set' | 'create'>, params: structuredClone(params) };
}

/** The event of an edited event. */
export function saveEvent(event: EventState): Obj {
  if (event.type === 'set') {
    return { type: 'set', params: event.mode === 'expr' ? { path: event.path, expr: formatExpr(event.expr) } : { path: event.path, value: event.value } };
  }
  if (event.type === 'create') {
    return { type: 'create', params: { ...event.params, data: Object.fromEntries(event.data.map((d) => [d.pointer, formatExpr(d.value)])) } };
  }
  return { type: event.type, params: event.params };
}

/** A rule as the builder edits it (throws NotShowable when it cannot show it). */
export function openRule(rule: unknown): RuleState {
  if (!isObj(rule) || typeof rule.name !== 'string') throw new NotShowable(['规则没有名称', 'The rule has no name']);
  if (Object.keys(rule).some((k) => !RULE_KEYS.has(k))) throw new NotShowable(['规则有无法识别的设置', 'The rule holds settings it does not know']);
  return {
    name: rule.name,
    ...(isObj(rule.description) ? { description: rule.description as unknown as Localized } : {}),
    ...(typeof rule.priority === 'number' ? { priority: rule.priority } : {}),
    ...(typeof rule.disabled === 'boolean' ? { disabled: rule.disabled } : {}),
    query: conditionsToQuery(rule.conditions),
    event: openEvent(rule.event),
  };
}

/** The rule of an edited rule (`subjects` turn typed-in numbers into numbers). */
export function saveRule(state: RuleState, subjects: ReadonlyMap<string, Subject> = new Map()): Obj {
  return {
    name: state.name,
    ...(state.description ? { description: state.description } : {}),
    ...(state.priority !== undefined ? { priority: state.priority } : {}),
    ...(state.disabled !== undefined ? { disabled: state.disabled } : {}),
    conditions: queryToConditions(state.query, subjects),
    event: saveEvent(state.event),
  };
}

/** Whether the builder can show a rule, and if not, why (in Chinese and English). */
export function showable(rule: unknown): { ok: true; state: RuleState } | { ok: false; reason: readonly [string, string] } {
  try {
    return { ok: true, state: openRule(rule) };
  } catch (error) {
    if (error instanceof NotShowable) return { ok: false, reason: error.reason };
    throw error;
  }
}
