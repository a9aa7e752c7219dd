/**
 * Transition conditions are rule conditions; one json-rules-engine Engine per workflow holds a
 * rule per conditional transition, so availability is one run for all of them.
 */
import { Engine } from 'json-rules-engine';
import type { FactDeclaration, TopLevelCondition } from '../definition/generated/module-definition.js';
import { getAt } from '../pointer/json-pointer.js';
import type { EvaluationContext } from '../rules/context.js';
import { CUSTOM_OPERATORS, toEngineCondition } from '../rules/operators.js';
import { addLogicFact, addRuleOrRefuse, type FactSource } from '../rules/rule-set.js';

export class TransitionConditions {
  private readonly engine: Engine | undefined;

  constructor(conditions: readonly (TopLevelCondition | undefined)[], facts: Readonly<Record<string, FactDeclaration | undefined>>) {
    if (conditions.every((c) => c === undefined)) return;
    const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: (value: unknown, path: string) => (path === '' ? value : getAt(value, path)) });
    // See RuleSet: a shared engine must never look finished to a run still in progress.
    Object.defineProperty(engine, 'status', { get: () => 'RUNNING', set: () => undefined });
    engine.on('error', () => undefined);
    for (const [name, test] of Object.entries(CUSTOM_OPERATORS)) engine.addOperator(name, test);
    for (const [name, declaration] of Object.entries(facts)) {
      if (!declaration) continue;
      engine.addFact(name, async (params: Record<string, unknown>, almanac) => {
        const source = (await almanac.factValue('__facts')) as FactSource & { data: unknown; context: EvaluationContext };
        if (source.values && Object.prototype.hasOwnProperty.call(source.values, name)) return source.values[name];
        if (source.provider) {
          return source.provider.resolve(name, declaration, { params: { ...(declaration.params ?? {}), ...(params ?? {}) }, data: source.data, context: source.context });
        }
        return declaration.default;
      });
    }
    addLogicFact(engine, async (almanac) => (await almanac.factValue('__facts')) as { data: unknown; context: EvaluationContext });
    conditions.forEach((condition, index) => {
      // Transitions are compiled in the definition's order, so index is the transition's place.
      if (condition) addRuleOrRefuse(engine, { name: `t${index}`, conditions: toEngineCondition(condition) as never, event: { type: 'allow', params: { index } } }, `/workflow/transitions/${index}/condition`);
    });
    this.engine = engine;
  }

  /** Indexes of the transitions whose condition holds (transitions without one always do). */
  async holding(count: number, data: unknown, context: EvaluationContext, facts: FactSource = {}): Promise<Set<number>> {
    const all = new Set(Array.from({ length: count }, (_, i) => i));
    if (!this.engine) return all;
    const outcome = await this.engine.run({ data, context, __facts: { ...facts, data, context } });
    const failed = new Set(outcome.failureResults.map((r) => Number((r.event?.params as { index: number }).index)));
    for (const i of failed) all.delete(i);
    return all;
  }
}
