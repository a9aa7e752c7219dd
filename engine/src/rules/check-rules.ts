/** Checks the meaning of rules: facts declared, paths naming real fields, unique names. */
import type { FactDeclaration, Rule, TopLevelCondition } from '../definition/generated/module-definition.js';
import { problem, type Problem } from '../errors/problem.js';
import { joinPointer } from '../pointer/json-pointer.js';
import { checkOperator, type OperandKind } from './check-operators.js';
import { isContextPointer } from './context.js';
import { checkExpression } from './json-logic.js';

export const BUILT_IN_FACTS = ['data', 'context', 'logic'] as const;
export const MAX_CONDITION_DEPTH = 16;

export interface RuleCheckEnv {
  /** Whether a data pointer names a field of the record schema. */
  fieldExists(pointer: string): boolean;
  facts: Readonly<Record<string, FactDeclaration | undefined>>;
  /** The JSON type (and format) a field declares, so operators can be checked against it. */
  fieldType?(pointer: string): { type: string; format?: string } | undefined;
  /** A field's title in each language, so problems name the field as the form does. */
  fieldLabel?(pointer: string): { 'zh-CN': string; en: string } | undefined;
}

/** The kinds of the context values rules may read. */
const CONTEXT_KINDS: Readonly<Record<string, OperandKind>> = {
  '/now': 'date',
  '/today': 'date',
  '/user': 'object',
  '/user/username': 'string',
  '/user/roles': 'array',
  '/unit': 'object',
  '/unit/code': 'string',
  '/unit/name': 'string',
  '/unit/level': 'number',
  '/state': 'string',
  '/daysInState': 'number',
  '/overdue': 'boolean',
  '/period': 'string',
  '/record': 'object',
  '/record/id': 'string',
  '/record/createdAt': 'date',
  '/record/unitCode': 'string',
};

/** What the context values are called, for messages. */
const CONTEXT_NAMES: Readonly<Record<string, { 'zh-CN': string; en: string }>> = {
  '/now': { 'zh-CN': '当前时间', en: 'now' },
  '/today': { 'zh-CN': '今天', en: 'today' },
  '/user/roles': { 'zh-CN': '当前用户的角色', en: 'the user’s roles' },
  '/unit/level': { 'zh-CN': '办理单位层级', en: 'the unit’s level' },
  '/state': { 'zh-CN': '当前环节', en: 'the state' },
  '/daysInState': { 'zh-CN': '在当前环节的天数', en: 'days in the state' },
  '/overdue': { 'zh-CN': '是否逾期', en: 'overdue' },
  '/period': { 'zh-CN': '报告期', en: 'the period' },
  '/record/createdAt': { 'zh-CN': '登记时间', en: 'the record’s creation time' },
};

/** How a fact reference is named in messages: the field's title, the context value's name, or the fact's. */
export function operandName(ref: Record<string, unknown>, env: RuleCheckEnv): { 'zh-CN': string; en: string } {
  const pointer = typeof ref.path === 'string' ? ref.path : '';
  const fallback = pointer === '' ? String(ref.fact) : pointer;
  if (ref.fact === 'data') return env.fieldLabel?.(pointer) ?? { 'zh-CN': fallback, en: fallback };
  if (ref.fact === 'context') return CONTEXT_NAMES[pointer] ?? { 'zh-CN': fallback, en: fallback };
  const description = env.facts[String(ref.fact)]?.description;
  return description ? { 'zh-CN': description['zh-CN'], en: description.en ?? description['zh-CN'] } : { 'zh-CN': fallback, en: fallback };
}

/** The kind of the value a fact reference ({ fact, path }) reads, or undefined when it cannot be told. */
export function operandKind(ref: Record<string, unknown>, env: RuleCheckEnv): OperandKind | undefined {
  const pointer = typeof ref.path === 'string' && ref.path !== '' ? ref.path : undefined;
  switch (ref.fact) {
    case 'data': {
      if (pointer === undefined) return 'object';
      const declared = env.fieldType?.(pointer);
      if (!declared) return undefined;
      if (declared.type === 'number' || declared.type === 'integer') return 'number';
      if (declared.type === 'string') return declared.format === 'date' || declared.format === 'date-time' ? 'date' : 'string';
      return ['boolean', 'array', 'object'].includes(declared.type) ? (declared.type as OperandKind) : undefined;
    }
    case 'context':
      return pointer === undefined ? 'object' : CONTEXT_KINDS[pointer];
    default: {
      const declaration = env.facts[String(ref.fact)];
      if (pointer !== undefined || !declaration) return undefined;
      return declaration.provider === 'recordCount' || declaration.provider === 'recordSum' ? 'number' : undefined;
    }
  }
}

export function checkRules(rules: readonly Rule[], env: RuleCheckEnv, base = '/rules'): Problem[] {
  const problems: Problem[] = [];
  const names = new Set<string>();
  rules.forEach((rule, i) => {
    const at = joinPointer(base, i);
    if (names.has(rule.name)) problems.push(problem(joinPointer(at, 'name'), 'FW_DEF_DUPLICATE', { name: rule.name }));
    names.add(rule.name);
    problems.push(...checkCondition(rule.conditions, joinPointer(at, 'conditions'), env));
    problems.push(...checkEvent(rule.event, joinPointer(at, 'event'), env));
  });
  return problems;
}

/** Checks a condition tree (also used for workflow transition conditions). */
export function checkCondition(condition: TopLevelCondition | Record<string, unknown>, at: string, env: RuleCheckEnv): Problem[] {
  const problems: Problem[] = [];
  visit(condition as Record<string, unknown>, at, 1);
  return problems;

  function visit(node: Record<string, unknown>, path: string, depth: number): void {
    if (depth > MAX_CONDITION_DEPTH) {
      problems.push(problem(path, 'FW_DEF_TOO_COMPLEX', { limit: MAX_CONDITION_DEPTH }));
      return;
    }
    for (const key of ['all', 'any'] as const) {
      const list = node[key];
      if (Array.isArray(list)) {
        list.forEach((child, i) => visit(child as Record<string, unknown>, joinPointer(path, key, i), depth + 1));
        return;
      }
    }
    if (node.not !== undefined) {
      visit(node.not as Record<string, unknown>, joinPointer(path, 'not'), depth + 1);
      return;
    }
    const before = problems.length;
    checkFactRef(node, path);
    const value = node.value;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'fact' in value) {
      checkFactRef(value as Record<string, unknown>, joinPointer(path, 'value'));
    }
    // An operand that does not exist has no type to check the operator against.
    if (problems.length === before) problems.push(...checkOperator(node, path, (ref) => operandKind(ref, env), (ref) => operandName(ref, env)));
  }

  function checkFactRef(ref: Record<string, unknown>, path: string): void {
    const fact = String(ref.fact);
    const pointer = typeof ref.path === 'string' ? ref.path : undefined;
    if (fact === 'data') {
      if (pointer !== undefined && !env.fieldExists(pointer)) {
        problems.push(problem(joinPointer(path, 'path'), 'FW_DEF_UNKNOWN_FIELD', { pointer }));
      }
    } else if (fact === 'context') {
      if (pointer !== undefined && !isContextPointer(pointer)) {
        problems.push(problem(joinPointer(path, 'path'), 'FW_DEF_UNKNOWN_CONTEXT', { pointer }));
      }
    } else if (fact === 'logic') {
      const expr = (ref.params as { expr?: unknown } | undefined)?.expr;
      if (expr === undefined) problems.push(problem(joinPointer(path, 'params'), 'FW_DEF_INVALID_EXPR', { reason: 'the logic fact needs params.expr' }));
      else problems.push(...checkExpression(expr, joinPointer(path, 'params', 'expr'), env.fieldExists, false, (n) => env.facts[n] !== undefined));
    } else if (!env.facts[fact]) {
      problems.push(problem(joinPointer(path, 'fact'), 'FW_DEF_UNKNOWN_FACT', { fact }));
    }
  }
}

function checkEvent(event: Rule['event'], at: string, env: RuleCheckEnv): Problem[] {
  const problems: Problem[] = [];
  const params = joinPointer(at, 'params');
  const field = (pointer: string, path: string) => {
    if (!env.fieldExists(pointer)) problems.push(problem(path, 'FW_DEF_UNKNOWN_FIELD', { pointer }));
  };
  switch (event.type) {
    case 'error':
    case 'warning':
      field(event.params.path, joinPointer(params, 'path'));
      break;
    case 'require':
    case 'hide':
      event.params.paths.forEach((p, i) => field(p, joinPointer(params, 'paths', i)));
      break;
    case 'set':
      field(event.params.path, joinPointer(params, 'path'));
      if (event.params.expr !== undefined) {
        problems.push(...checkExpression(event.params.expr, joinPointer(params, 'expr'), env.fieldExists, false, (n) => env.facts[n] !== undefined));
      }
      break;
    case 'create':
      if (event.params.link !== undefined) field(event.params.link, joinPointer(params, 'link'));
      if (event.params.unit !== undefined && typeof event.params.unit === 'object' && 'fromData' in event.params.unit) {
        field(event.params.unit.fromData, joinPointer(params, 'unit', 'fromData'));
      }
      for (const [pointer, expr] of Object.entries(event.params.data)) {
        problems.push(...checkExpression(expr, joinPointer(params, 'data', pointer), env.fieldExists, false, (n) => env.facts[n] !== undefined));
      }
      break;
    default:
      break;
  }
  return problems;
}
