/**
 * A module's rules compiled once per version into closures: what json-rules-engine (`RuleSet`,
 * the reference, kept for the differential test) answers, without its promises, almanac and events.
 */
import type { FactDeclaration, Rule, SetEvent } from '../definition/generated/module-definition.js';
import { DefinitionError } from '../errors/formwork-error.js';
import { problem } from '../errors/problem.js';
import { getAt, parsePointer } from '../pointer/json-pointer.js';
import type { EvaluationContext } from './context.js';
import { applyExpression, factNamesIn } from './json-logic.js';
import { RULE_OPERATORS, UNARY_OPERATORS } from './operators.js';
import { applySet, LOGIC_FACT, priorityOf, type FactSource, type FiredEvent, type RuleRun } from './rule-set.js';

/** A value now, or later when a named fact must be fetched. */
type Maybe<T> = T | Promise<T>;

/** One evaluation's state: the working data and the named and `logic` fact values fetched so far. */
interface Scope {
  working: Record<string, unknown>;
  context: EvaluationContext;
  derived: Record<string, unknown>;
  facts: FactSource;
  cache: Map<string, unknown>;
}

/** A compiled condition; `lazy` when it may need a named fact (the only thing that waits). */
interface Test {
  lazy: boolean;
  run(scope: Scope): Maybe<boolean>;
  /** Evaluates only the conditions inside that need no named fact, for what they do (throw, cache a logic value). */
  touch?(scope: Scope): void;
}

interface Operand {
  lazy: boolean;
  get(scope: Scope): Maybe<unknown>;
}

interface CompiledRule {
  name: string;
  event: FiredEvent;
  test: Test;
  set?: (scope: Scope) => Maybe<void>;
}

const isPromise = (value: unknown): value is Promise<unknown> => value instanceof Promise;
const then = <T, R>(value: Maybe<T>, next: (v: T) => Maybe<R>): Maybe<R> => (isPromise(value) ? value.then(next) : next(value as T));

/**
 * The rules of one module version. Rules run by priority (highest first); within one priority every
 * condition sees the data as the higher priorities left it, then the computed values of that
 * priority apply in the definition's order — as json-rules-engine does for conditions that do not
 * race (see README, "compiled rules"). Unlike the reference, a condition needing a named fact is
 * reached only when the rest of its `all`/`any` has not already decided, and each fact (by name and
 * params) is fetched once per evaluation.
 */
export class CompiledRules {
  readonly size: number;
  private readonly groups: CompiledRule[][];
  private readonly declarations: Readonly<Record<string, FactDeclaration | undefined>>;

  constructor(all: readonly Rule[], facts: Readonly<Record<string, FactDeclaration | undefined>>) {
    this.declarations = facts;
    // A rule switched off in the designer stays in the definition (and is checked) but never runs.
    const rules = all.map((rule, index) => ({ rule, index })).filter(({ rule }) => rule.disabled !== true);
    this.size = rules.length;
    const byPriority = new Map<number, CompiledRule[]>();
    for (const { rule, index } of rules) {
      const priority = priorityOf(rule);
      const compiled = this.compileRule(rule, `/rules/${index}/conditions`);
      byPriority.set(priority, [...(byPriority.get(priority) ?? []), compiled]);
    }
    this.groups = [...byPriority.entries()].sort(([a], [b]) => b - a).map(([, group]) => group);
  }

  /** Runs every rule against a copy of the data. */
  run(data: unknown, context: EvaluationContext, facts: FactSource = {}): Promise<RuleRun> {
    const working = (data !== null && typeof data === 'object' && !Array.isArray(data) ? structuredClone(data) : {}) as Record<string, unknown>;
    const scope: Scope = { working, context, derived: {}, facts, cache: new Map() };
    const events: FiredEvent[] = [];
    const done = () => ({ events, derived: scope.derived, data: working });
    try {
      for (let g = 0; g < this.groups.length; g++) {
        const group = this.groups[g]!;
        const results = group.map((rule) => rule.test.run(scope));
        if (results.some(isPromise)) return this.finishAsync(scope, events, g, Promise.all(results)).then(done);
        const pending = this.fire(scope, events, group, results as boolean[]);
        if (pending) return this.finishAsync(scope, events, g + 1, pending).then(done);
      }
      return Promise.resolve(done());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The rest of a run once something had to wait: group `from` on, after `waiting`. */
  private async finishAsync(scope: Scope, events: FiredEvent[], from: number, waiting: Promise<unknown>): Promise<void> {
    const first = await waiting;
    let g = from;
    // `waiting` was either group `from`'s condition results or the computed values of group `from - 1`.
    if (Array.isArray(first)) {
      await this.fire(scope, events, this.groups[g]!, first as boolean[]);
      g += 1;
    }
    for (; g < this.groups.length; g++) {
      const group = this.groups[g]!;
      const results = await Promise.all(group.map((rule) => rule.test.run(scope)));
      await this.fire(scope, events, group, results);
    }
  }

  /** Records the fired rules of a group and applies their computed values in order; a promise when one must wait. */
  private fire(scope: Scope, events: FiredEvent[], group: CompiledRule[], results: boolean[]): Promise<void> | undefined {
    const sets: ((scope: Scope) => Maybe<void>)[] = [];
    group.forEach((rule, i) => {
      if (results[i] !== true) return;
      events.push({ ...rule.event });
      if (rule.set) sets.push(rule.set);
    });
    for (let i = 0; i < sets.length; i++) {
      const outcome = sets[i]!(scope);
      if (isPromise(outcome)) {
        return (async () => {
          await outcome;
          for (const set of sets.slice(i + 1)) await set(scope);
        })();
      }
    }
    return undefined;
  }

  private compileRule(rule: Rule, at: string): CompiledRule {
    const event: FiredEvent = { type: rule.event.type, params: (rule.event.params ?? {}) as Record<string, unknown>, rule: rule.name };
    const compiled: CompiledRule = { name: rule.name, event, test: this.compileCondition(rule.conditions, at) };
    if (rule.event.type === 'set') compiled.set = this.compileSet((rule.event as SetEvent).params);
    return compiled;
  }

  private compileSet(params: SetEvent['params']): (scope: Scope) => Maybe<void> {
    const { path, expr } = params as { path: string; value?: unknown; expr?: unknown };
    if (expr === undefined) return (scope) => applySet(scope.working, scope.derived, path, params.value);
    const logic = this.compileLogic(expr);
    return (scope) => then(logic(scope), (value) => applySet(scope.working, scope.derived, path, value));
  }

  /** A JSON Logic expression over { data, context, facts }; the named facts it reads are fetched first. */
  private compileLogic(expr: unknown): (scope: Scope) => Maybe<unknown> {
    const names = [...factNamesIn(expr)];
    const apply = (scope: Scope, facts: Record<string, unknown>) => applyExpression(expr, { data: scope.working, context: scope.context, facts });
    if (names.length === 0) return (scope) => apply(scope, {});
    const getters = names.map((name) => this.namedFact(name, undefined));
    return (scope) => {
      const values = getters.map((get) => get(scope));
      const collect = (list: unknown[]) => apply(scope, Object.fromEntries(names.map((n, i) => [n, list[i]])));
      return values.some(isPromise) ? Promise.all(values).then(collect) : collect(values);
    };
  }

  /** A named fact's value (declared value, the provider's answer or the default), fetched once per evaluation for its params. */
  private namedFact(name: string, params: Record<string, unknown> | undefined): (scope: Scope) => Maybe<unknown> {
    const declaration = this.declarations[name];
    if (!declaration) return () => undefined;
    const key = `${name}\u0000${stableKey(params ?? {})}`;
    const merged = { ...(declaration.params ?? {}), ...(params ?? {}) };
    return (scope) => {
      const values = scope.facts.values;
      if (values && Object.prototype.hasOwnProperty.call(values, name)) return values[name];
      const provider = scope.facts.provider;
      if (!provider) return declaration.default;
      if (scope.cache.has(key)) return scope.cache.get(key);
      const fetched = provider.resolve(name, declaration, { params: { ...merged }, data: scope.working, context: scope.context }).then((value) => {
        scope.cache.set(key, value);
        return value;
      });
      scope.cache.set(key, fetched);
      return fetched;
    };
  }

  private compileOperand(ref: Record<string, unknown>, at: string): Operand {
    const fact = ref.fact;
    const path = typeof ref.path === 'string' ? ref.path : undefined;
    const segments = path ? pointerSegments(path, at) : undefined;
    // json-rules-engine resolves a path only in an object; anything else is the value itself.
    const resolve = (value: unknown) => (segments && value !== null && typeof value === 'object' ? getAt(value, segments) : value);
    if (fact === 'data') return { lazy: false, get: (scope) => resolve(scope.working) };
    if (fact === 'context') return { lazy: false, get: (scope) => resolve(scope.context) };
    if (fact === LOGIC_FACT) {
      const params = ref.params as Record<string, unknown> | undefined;
      if (params?.expr === undefined) return { lazy: false, get: () => resolve(undefined) };
      const logic = this.compileLogic(params.expr);
      const key = `${LOGIC_FACT}\u0000${stableKey(params)}`;
      // The reference caches a logic fact per evaluation by its params, as every other fact.
      const get = (scope: Scope): Maybe<unknown> => {
        if (scope.cache.has(key)) return scope.cache.get(key);
        const value = logic(scope);
        scope.cache.set(key, value);
        if (isPromise(value)) void value.then((v) => scope.cache.set(key, v));
        return value;
      };
      return { lazy: factNamesIn(params.expr).size > 0, get: (scope) => then(get(scope), resolve) };
    }
    if (typeof fact !== 'string') throw rejected(at, 'a condition needs a fact');
    const named = this.namedFact(fact, ref.params as Record<string, unknown> | undefined);
    return { lazy: this.declarations[fact] !== undefined, get: (scope) => then(named(scope), resolve) };
  }

  private compileCondition(node: unknown, at: string): Test {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) throw rejected(at, 'a condition is an object');
    const condition = node as Record<string, unknown>;
    for (const key of ['any', 'all'] as const) {
      if (!Object.prototype.hasOwnProperty.call(condition, key)) continue;
      const list = condition[key];
      if (!Array.isArray(list)) throw rejected(at, `"${key}" must be an array`);
      return combine(key, list.map((child, i) => this.compileCondition(child, `${at}/${key}/${i}`)));
    }
    if (Object.prototype.hasOwnProperty.call(condition, 'not')) {
      if (Array.isArray(condition.not)) throw rejected(at, '"not" cannot be an array');
      const inner = this.compileCondition(condition.not, `${at}/not`);
      return { lazy: inner.lazy, run: (scope) => then(inner.run(scope), (result) => !result), ...(inner.touch ? { touch: inner.touch } : {}) };
    }
    return this.compileLeaf(condition, at);
  }

  private compileLeaf(leaf: Record<string, unknown>, at: string): Test {
    const operator = leaf.operator;
    const test = typeof operator === 'string' ? RULE_OPERATORS[operator] : undefined;
    if (!test) throw rejected(at, `Unknown operator: ${String(operator)}`);
    const left = this.compileOperand(leaf, at);
    const raw = leaf.value === undefined && UNARY_OPERATORS.has(operator as string) ? true : leaf.value;
    if (raw === undefined) throw rejected(at, 'Condition: constructor "value" property required');
    const right: Operand =
      raw !== null && typeof raw === 'object' && Object.prototype.hasOwnProperty.call(raw, 'fact')
        ? this.compileOperand(raw as Record<string, unknown>, `${at}/value`)
        : { lazy: false, get: () => raw };
    if (!left.lazy && !right.lazy) return { lazy: false, run: (scope) => test(left.get(scope), right.get(scope)) };
    return {
      lazy: true,
      run: (scope) => {
        const r = right.get(scope);
        const l = left.get(scope);
        return isPromise(r) || isPromise(l) ? Promise.all([l, r]).then(([a, b]) => test(a, b)) : test(l, r);
      },
    };
  }
}

/**
 * all / any. The reference evaluates every condition of a list; so do we for every condition, at
 * any depth, that needs no named fact (cheap; one that throws throws here too, and a logic value
 * is cached when the reference caches it), then the lazy ones in order, only while the answer is
 * still open.
 */
function combine(kind: 'all' | 'any', children: Test[]): Test {
  // An empty list holds, for `any` as for `all` (json-rules-engine's answer).
  if (children.length === 0) return { lazy: false, run: () => true };
  const eager = children.filter((c) => !c.lazy);
  const lazy = children.filter((c) => c.lazy);
  // What one child's result makes of the list, if it decides it: all → false, any → true.
  const decides = kind === 'all' ? (result: boolean) => result !== true : (result: boolean) => result === true;
  const decided = kind !== 'all';
  const eagerRun = (scope: Scope): boolean => {
    let answer = !decided;
    for (const child of eager) if (decides(child.run(scope) as boolean)) answer = decided;
    return answer;
  };
  if (lazy.length === 0) return { lazy: false, run: eagerRun };
  const touch = (scope: Scope) => {
    for (const child of lazy) child.touch?.(scope);
  };
  return {
    lazy: true,
    touch: (scope) => {
      eagerRun(scope);
      touch(scope);
    },
    run: (scope) => {
      const early = eagerRun(scope);
      // The reference reaches every condition: what needs no fact is evaluated even where a fact is not fetched.
      touch(scope);
      if (early === decided) return decided;
      const next = (i: number): Maybe<boolean> => {
        if (i === lazy.length) return !decided;
        return then(lazy[i]!.run(scope), (result) => (decides(result) ? decided : next(i + 1)));
      };
      return next(0);
    },
  };
}

function pointerSegments(path: string, at: string): string[] {
  try {
    return parsePointer(path);
  } catch {
    throw rejected(at, `not a JSON Pointer: ${path}`);
  }
}

/** A key for params that does not depend on the order of their properties. */
function stableKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableKey((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

function rejected(at: string, reason: string): DefinitionError {
  return new DefinitionError([problem(at, 'FW_DEF_RULE_REJECTED', { reason })]);
}
