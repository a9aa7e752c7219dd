/**
 * Computed values (`set` events with `expr`) are JSON Logic expressions. Only an allow-list of
 * operations is accepted (no `log`, no `method`), and `var`s must name data or context.
 */
import jsonLogic from 'json-logic-js';
import { problem, type Problem } from '../errors/problem.js';
import { compilePointer, joinPointer } from '../pointer/json-pointer.js';
import { addDuration, ZONE_OFFSET_MINUTES } from '../workflow/duration.js';
import { isContextPointer } from './context.js';

/**
 * Operations Formwork adds to JSON Logic, for the dates and lists of forms. Pure functions;
 * unparsable input gives null, never an exception.
 */
const FORMWORK_OPERATIONS: Record<string, (...args: unknown[]) => unknown> = {
  /** ["2026-01-31", "P6M"] → "2026-07-31" (a date-time stays a date-time). */
  date_add(date, duration) {
    if (typeof date !== 'string' || typeof duration !== 'string') return null;
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(date);
    const start = Date.parse(dateOnly ? `${date}T00:00:00+08:00` : date);
    if (Number.isNaN(start)) return null;
    try {
      const end = addDuration(new Date(start), duration);
      return dateOnly ? new Date(end.getTime() + ZONE_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10) : end.toISOString();
    } catch {
      return null;
    }
  },
  /** Whole days from the first date to the second. */
  days_between(from, to) {
    const a = typeof from === 'string' ? Date.parse(from) : Number.NaN;
    const b = typeof to === 'string' ? Date.parse(to) : Number.NaN;
    return Number.isNaN(a) || Number.isNaN(b) ? null : Math.floor((b - a) / 86_400_000);
  },
  /** The number of items of a list (0 for anything else). */
  count(list) {
    return Array.isArray(list) ? list.length : 0;
  },
};
for (const [name, fn] of Object.entries(FORMWORK_OPERATIONS)) jsonLogic.add_operation(name, fn);

const ALLOWED_OPERATIONS = new Set([
  'var', 'missing', 'missing_some', 'if', '?:', '==', '===', '!=', '!==', '!', '!!', 'or', 'and',
  '>', '>=', '<', '<=', 'max', 'min', '+', '-', '*', '/', '%', 'map', 'filter', 'reduce', 'all', 'none', 'some',
  'merge', 'in', 'cat', 'substr',
  ...Object.keys(FORMWORK_OPERATIONS),
]);

/** Checks an expression; `fieldExists` tells whether a data pointer names a declared field. */
export function checkExpression(
  expr: unknown,
  at: string,
  fieldExists: (pointer: string) => boolean,
  insideIteration = false,
  factDeclared: (name: string) => boolean = () => false,
): Problem[] {
  const problems: Problem[] = [];
  visit(expr, at, insideIteration);
  return problems;

  function visit(node: unknown, path: string, iterating: boolean): void {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, joinPointer(path, i), iterating));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const keys = Object.keys(node);
    if (keys.length !== 1) {
      problems.push(problem(path, 'FW_DEF_INVALID_EXPR', { reason: 'an operation is an object with exactly one key' }));
      return;
    }
    const op = keys[0]!;
    const args = (node as Record<string, unknown>)[op];
    if (!ALLOWED_OPERATIONS.has(op)) {
      problems.push(problem(joinPointer(path, op), 'FW_DEF_INVALID_EXPR', { reason: `unknown operation "${op}"` }));
      return;
    }
    if (op === 'var' && !iterating) {
      const name = Array.isArray(args) ? args[0] : args;
      if (typeof name === 'string' && name !== '') checkVar(name, joinPointer(path, op));
      return;
    }
    // map/filter/reduce/all/none/some evaluate their second argument against each item.
    const iterates = ['map', 'filter', 'reduce', 'all', 'none', 'some'].includes(op);
    if (iterates && Array.isArray(args)) {
      args.forEach((arg, i) => visit(arg, joinPointer(path, op, i), iterating || i > 0));
      return;
    }
    visit(args, joinPointer(path, op), iterating);
  }

  function checkVar(name: string, path: string): void {
    const [root, ...rest] = name.split('.');
    const pointer = compilePointer(rest);
    if (root === 'data') {
      if (rest.length > 0 && !fieldExists(pointer)) problems.push(problem(path, 'FW_DEF_UNKNOWN_FIELD', { pointer }));
    } else if (root === 'facts') {
      if (!rest[0] || !factDeclared(rest[0])) problems.push(problem(path, 'FW_DEF_UNKNOWN_FACT', { fact: rest[0] ?? '' }));
    } else if (root === 'context') {
      if (rest.length > 0 && !isContextPointer(pointer)) problems.push(problem(path, 'FW_DEF_UNKNOWN_CONTEXT', { pointer }));
    } else {
      problems.push(problem(path, 'FW_DEF_INVALID_EXPR', { reason: `var "${name}" must start with data., context. or facts.` }));
    }
  }
}

/** Evaluates a checked expression. */
export function applyExpression(expr: unknown, scope: { data: unknown; context: unknown; facts?: unknown }): unknown {
  return jsonLogic.apply(expr as jsonLogic.RulesLogic, scope);
}

/** The named facts an expression reads (`{"var": "facts.openCases"}`). */
export function factNamesIn(expr: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(expr)) expr.forEach((e) => factNamesIn(e, out));
  else if (expr !== null && typeof expr === 'object') {
    for (const [op, args] of Object.entries(expr)) {
      const name = op === 'var' ? (Array.isArray(args) ? args[0] : args) : undefined;
      if (typeof name === 'string' && name.startsWith('facts.')) out.add(name.slice(6).split('.')[0]!);
      else factNamesIn(args, out);
    }
  }
  return out;
}
