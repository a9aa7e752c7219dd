/**
 * The reference implementation of rules, on json-rules-engine: CompiledRules (compiled-rules.ts)
 * answers the same, faster, and test/engine/compiled-rules.differential.test.ts holds them equal.
 * One Engine per module version, reused for every evaluation; a run only creates its almanac.
 */
import { Engine, type Almanac, type RuleProperties, type RuleResult } from 'json-rules-engine';
import type { FactDeclaration, Rule, RuleEvent } from '../definition/generated/module-definition.js';
import { getAt, setAt } from '../pointer/json-pointer.js';
import type { EvaluationContext } from './context.js';
import { applyExpression, factNamesIn } from './json-logic.js';
import { DefinitionError } from '../errors/formwork-error.js';
import { problem } from '../errors/problem.js';
import { CUSTOM_OPERATORS, toEngineCondition } from './operators.js';

/** Port: supplies named facts (counts of other records, the previous period …). */
export interface FactProvider {
  resolve(name: string, declaration: FactDeclaration, request: FactRequest): Promise<unknown>;
}

export interface FactRequest {
  params: Record<string, unknown>;
  data: unknown;
  context: EvaluationContext;
}

/** A fired event with the rule that fired it. */
export interface FiredEvent {
  type: RuleEvent['type'];
  params: Record<string, unknown>;
  rule: string;
}

export interface RuleRun {
  events: FiredEvent[];
  /** Computed values by JSON Pointer. */
  derived: Record<string, unknown>;
  /** The data with computed values applied. */
  data: Record<string, unknown>;
}

interface RunState {
  working: Record<string, unknown>;
  context: EvaluationContext;
  derived: Record<string, unknown>;
  facts: FactSource;
}

export type FactSource = { values?: Readonly<Record<string, unknown>>; provider?: FactProvider };

const RUN_STATE = '__formwork';
const SET_PRIORITY = 100;
const DEFAULT_PRIORITY = 1;

export class RuleSet {
  readonly size: number;
  private readonly engine: Engine;
  private readonly order: Map<string, number>;
  private readonly priorities: Map<string, number>;

  constructor(all: readonly Rule[], facts: Readonly<Record<string, FactDeclaration | undefined>>) {
    // A rule switched off in the designer stays in the definition (and is checked) but never runs.
    const rules = all.filter((r) => r.disabled !== true);
    this.size = rules.length;
    this.order = new Map(rules.map((r, i) => [r.name, i]));
    this.priorities = new Map(rules.map((r) => [r.name, priorityOf(r)]));
    this.engine = new Engine([], {
      allowUndefinedFacts: true,
      allowUndefinedConditions: false,
      pathResolver: (value: unknown, path: string) => (path === '' ? value : getAt(value, path)),
    });
    // json-rules-engine keeps one `status` per engine, and a run that finishes marks it
    // FINISHED, which makes any other run still in progress silently skip its remaining
    // rules. We never call stop(), so a shared engine must always look RUNNING.
    Object.defineProperty(this.engine, 'status', { get: () => 'RUNNING', set: () => undefined });
    for (const [name, test] of Object.entries(CUSTOM_OPERATORS)) this.engine.addOperator(name, test);
    for (const [name, declaration] of Object.entries(facts)) {
      if (!declaration) continue;
      this.engine.addFact(name, async (params: Record<string, unknown>, almanac: Almanac) => {
        const state = (await almanac.factValue(RUN_STATE)) as RunState;
        return resolveFact(name, declaration, params ?? {}, state);
      });
    }
    addLogicFact(this.engine, async (almanac) => {
      const state = (await almanac.factValue(RUN_STATE)) as RunState;
      return { data: state.working, context: state.context };
    });
    rules.forEach((rule, i) => addRuleOrRefuse(this.engine, toEngineRule(rule), `/rules/${i}/conditions`));
    // The engine also emits each event under its own type; EventEmitter2 throws on an 'error'
    // emission nobody listens to, and 'error' is one of our event types.
    this.engine.on('error', () => undefined);
    // Computed values are applied as soon as their rule fires, so lower-priority rules see them.
    this.engine.on('success', async (event, almanac, result) => {
      if (event.type !== 'set') return;
      const state = (await almanac.factValue(RUN_STATE)) as RunState;
      const params = event.params as { path: string; value?: unknown; expr?: unknown };
      let value = params.value;
      if (params.expr !== undefined) {
        const facts: Record<string, unknown> = {};
        for (const name of factNamesIn(params.expr)) facts[name] = await almanac.factValue(name);
        value = applyExpression(params.expr, { data: state.working, context: state.context, facts });
      }
      applySet(state.working, state.derived, params.path, value);
      void result;
    });
  }

  /** Runs every rule against a copy of the data. */
  async run(data: unknown, context: EvaluationContext, facts: FactSource = {}): Promise<RuleRun> {
    const working = (data !== null && typeof data === 'object' && !Array.isArray(data) ? structuredClone(data) : {}) as Record<
      string,
      unknown
    >;
    const state: RunState = { working, context, derived: {}, facts };
    if (this.size === 0) return { events: [], derived: {}, data: working };
    const outcome = await this.engine.run({ data: working, context, [RUN_STATE]: state });
    const fired = [...outcome.results].sort((a, b) => this.rank(a) - this.rank(b));
    const events: FiredEvent[] = fired.map((r) => ({
      type: r.event!.type as RuleEvent['type'],
      params: (r.event!.params ?? {}) as Record<string, unknown>,
      rule: r.name as string,
    }));
    return { events, derived: state.derived, data: working };
  }

  /** Highest priority first, then the order of the definition. */
  private rank(result: RuleResult): number {
    const name = result.name as string;
    return -(this.priorities.get(name) ?? 0) * 1_000_000 + (this.order.get(name) ?? 0);
  }
}

/** Applies a computed value: a copy into the working data, the value itself into `derived`. */
export function applySet(working: Record<string, unknown>, derived: Record<string, unknown>, path: string, value: unknown): void {
  setAt(working, path, structuredClone(value));
  derived[path] = value;
}

/** The priority a rule runs at: its own, or the default for its event (computed values first). */
export function priorityOf(rule: Rule): number {
  return rule.priority ?? (rule.event.type === 'set' ? SET_PRIORITY : DEFAULT_PRIORITY);
}

function toEngineRule(rule: Rule): RuleProperties {
  return {
    name: rule.name,
    priority: priorityOf(rule),
    conditions: toEngineCondition(rule.conditions) as RuleProperties['conditions'],
    event: { type: rule.event.type, params: rule.event.params as Record<string, unknown> },
  };
}

/**
 * Adds a rule; json-rules-engine's own refusal (a plain Error) becomes a definition problem at
 * `path`, so no rule the checks missed can ever answer 500.
 */
export function addRuleOrRefuse(engine: Engine, rule: RuleProperties, path: string): void {
  try {
    engine.addRule(rule);
  } catch (error) {
    throw new DefinitionError([problem(path, 'FW_DEF_RULE_REJECTED', { reason: error instanceof Error ? error.message : String(error) })]);
  }
}

async function resolveFact(name: string, declaration: FactDeclaration, params: Record<string, unknown>, state: RunState): Promise<unknown> {
  const values = state.facts.values;
  if (values && Object.prototype.hasOwnProperty.call(values, name)) return values[name];
  if (state.facts.provider) {
    return state.facts.provider.resolve(name, declaration, {
      params: { ...(declaration.params ?? {}), ...params },
      data: state.working,
      context: state.context,
    });
  }
  return declaration.default;
}

/** The built-in fact whose value is a JSON Logic expression (params.expr) over { data, context, facts }. */
export const LOGIC_FACT = 'logic';

/** Adds the `logic` fact to an engine; `scope` gives the run's data and context. */
export function addLogicFact(engine: Engine, scope: (almanac: Almanac) => Promise<{ data: unknown; context: EvaluationContext }>): void {
  engine.addFact(LOGIC_FACT, async (params: Record<string, unknown> | undefined, almanac: Almanac) => {
    const expr = params?.expr;
    if (expr === undefined) return undefined;
    const { data, context } = await scope(almanac);
    const facts: Record<string, unknown> = {};
    for (const name of factNamesIn(expr)) facts[name] = await almanac.factValue(name);
    return applyExpression(expr, { data, context, facts });
  });
}
