/**
 * Compiles a module's workflow: checks that every transition names existing states, that no
 * transition leaves a final state, that required fields exist; and answers which actions a
 * holder of some roles may take from a state.
 */
import type { FactDeclaration, LocalizedText, Role, State, Transition, Workflow } from '../definition/generated/module-definition.js';
import { problem, type Problem } from '../errors/problem.js';
import { joinPointer } from '../pointer/json-pointer.js';
import { checkCondition, type RuleCheckEnv } from '../rules/check-rules.js';
import type { EvaluationContext } from '../rules/context.js';
import type { FactSource } from '../rules/rule-set.js';
import { parseDuration } from './duration.js';
import { compileAccess, type CompiledAccess } from './field-access.js';
import { TransitionConditions } from './transition-conditions.js';

/** A transition with every default applied. */
export interface CompiledTransition {
  action: string;
  title: Required<LocalizedText>;
  from: string[];
  to: string;
  roles: Role[];
  requires: string[];
  /** Whether taking it is a task of its roles (the record shows in their inbox while it is available). */
  task: boolean;
  /** Fields the transition sets (JSON Pointer → value), applied over what the caller sent. */
  set: Readonly<Record<string, string | number | boolean>>;
  condition?: Transition['condition'];
  comment: 'none' | 'optional' | 'required';
  handoff?: Transition['handoff'];
}

export interface CompiledState extends State {
  name: string;
  title: Required<LocalizedText>;
  draft: boolean;
  final: boolean;
}

export interface CompiledWorkflow {
  initial: string;
  states: Readonly<Record<string, CompiledState>>;
  transitions: readonly CompiledTransition[];
  /** Transitions leaving `state`, optionally only those one of `roles` may take. */
  actionsFrom(state: string, roles?: readonly string[]): CompiledTransition[];
  /** The transition an action takes from a state, if any. */
  find(state: string, action: string): CompiledTransition | undefined;
  /** Transitions leaving `state` that `roles` may take and whose conditions hold for the data. */
  available(state: string, roles: readonly string[], data: unknown, context: EvaluationContext, facts?: FactSource): Promise<CompiledTransition[]>;
  /** Every role that some task transition from `state` allows (who the record is waiting for; steps with `task: false` wait for nobody). */
  awaitingRoles(state: string): Role[];
  /** Who may edit, only read or not see which fields, by state, role and unit (field-access.ts). */
  access: CompiledAccess;
}

export interface WorkflowEnv extends RuleCheckEnv {
  facts: Readonly<Record<string, FactDeclaration | undefined>>;
  /** Whether a data pointer names a date or date-time field. */
  isDateField(pointer: string): boolean;
  /** The allowed values of a coded field (none for a free one). */
  fieldOptions?(pointer: string): readonly { code: unknown }[];
}

const text = (t: LocalizedText): Required<LocalizedText> => ({ 'zh-CN': t['zh-CN'], en: t.en ?? t['zh-CN'] });

/** Compiles a workflow, reporting every problem at its pointer under `base`. */
export function compileWorkflow(
  workflow: Workflow,
  env: WorkflowEnv,
  base = '/workflow',
): { workflow: CompiledWorkflow; problems: Problem[] } {
  const { states, problems } = compileStates(workflow, env, base);
  if (!states[workflow.initial]) {
    problems.push(problem(joinPointer(base, 'initial'), 'FW_DEF_UNKNOWN_STATE', { state: workflow.initial }));
  }
  const compiled = compileTransitions(workflow.transitions ?? [], states, env, base);
  problems.push(...compiled.problems);
  const access = compileAccess(workflow.access ?? [], { fieldExists: env.fieldExists, states }, joinPointer(base, 'access'));
  problems.push(...access.problems);
  return { workflow: answering(workflow.initial, states, compiled.transitions, env, access.access), problems };
}

/** The states with their defaults applied; their deadlines checked. */
function compileStates(workflow: Workflow, env: WorkflowEnv, base: string): { states: Record<string, CompiledState>; problems: Problem[] } {
  const problems: Problem[] = [];
  const states: Record<string, CompiledState> = {};
  for (const [name, state] of Object.entries(workflow.states)) {
    if (!state) continue;
    states[name] = {
      ...state,
      name,
      title: text(state.title),
      draft: state.draft ?? name === workflow.initial,
      final: state.final ?? false,
    };
    problems.push(...checkDeadline(name, state.deadline, env, base));
  }
  return { states, problems };
}

/** A deadline's durations parse; the date field it may run to exists and is a date. */
function checkDeadline(name: string, deadline: State['deadline'], env: WorkflowEnv, base: string): Problem[] {
  const problems: Problem[] = [];
  for (const [field, value] of [['after', deadline?.after], ...(deadline?.remindBefore ?? []).map((d, i) => [`remindBefore/${i}`, d])] as [string, string | undefined][]) {
    if (value !== undefined && !parseDuration(value)) {
      problems.push(problem(`${joinPointer(base, 'states', name, 'deadline')}/${field}`, 'FW_DEF_INVALID_DURATION', { duration: value }));
    }
  }
  const at = deadline?.at;
  if (at !== undefined) {
    const path = joinPointer(base, 'states', name, 'deadline', 'at');
    if (!env.fieldExists(at)) problems.push(problem(path, 'FW_DEF_UNKNOWN_FIELD', { pointer: at }));
    else if (!env.isDateField(at)) problems.push(problem(path, 'FW_DEF_NOT_A_DATE', { pointer: at }));
  }
  return problems;
}

/** The transitions with their defaults applied, each checked against the states and the schema. */
function compileTransitions(
  list: readonly Transition[],
  states: Readonly<Record<string, CompiledState>>,
  env: WorkflowEnv,
  base: string,
): { transitions: CompiledTransition[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const transitions: CompiledTransition[] = [];
  const seen = new Set<string>();
  list.forEach((t, i) => {
    const at = joinPointer(base, 'transitions', i);
    const from = Array.isArray(t.from) ? [...t.from] : [t.from];
    from.forEach((state, j) => {
      const path = Array.isArray(t.from) ? joinPointer(at, 'from', j) : joinPointer(at, 'from');
      const known = states[state];
      if (!known) problems.push(problem(path, 'FW_DEF_UNKNOWN_STATE', { state }));
      else if (known.final) problems.push(problem(path, 'FW_DEF_FINAL_STATE_EXIT', { state }));
      const id = `${state}\u0000${t.action}`;
      if (seen.has(id)) problems.push(problem(joinPointer(at, 'action'), 'FW_DEF_DUPLICATE', { name: `${t.action} (${state})` }));
      seen.add(id);
    });
    if (!states[t.to]) problems.push(problem(joinPointer(at, 'to'), 'FW_DEF_UNKNOWN_STATE', { state: t.to }));
    const requires = t.requires ?? [];
    requires.forEach((pointer, j) => {
      if (!env.fieldExists(pointer)) problems.push(problem(joinPointer(at, 'requires', j), 'FW_DEF_UNKNOWN_FIELD', { pointer }));
    });
    for (const [pointer, value] of Object.entries(t.set ?? {})) {
      const path = joinPointer(at, 'set', pointer);
      if (!env.fieldExists(pointer)) problems.push(problem(path, 'FW_DEF_UNKNOWN_FIELD', { pointer }));
      else if (env.fieldOptions && env.fieldOptions(pointer).length > 0 && !env.fieldOptions(pointer).some((o) => o.code === value)) {
        problems.push(problem(path, 'FW_DEF_SET_VALUE', { pointer, value: String(value), allowed: env.fieldOptions(pointer).map((o) => String(o.code)).join('、') }));
      }
    }
    if (t.condition) problems.push(...checkCondition(t.condition, joinPointer(at, 'condition'), env));
    transitions.push(withDefaults(t, from, requires));
  });
  return { transitions, problems };
}

/** A transition with its defaults: officers take it, a comment is optional. */
function withDefaults(t: Transition, from: string[], requires: readonly string[]): CompiledTransition {
  const compiled: CompiledTransition = {
    action: t.action,
    title: text(t.title),
    from,
    to: t.to,
    roles: [...(t.roles ?? ['officer'])],
    requires: [...requires],
    set: { ...(t.set ?? {}) } as Record<string, string | number | boolean>,
    task: t.task !== false,
    comment: t.comment ?? 'optional',
  };
  if (t.condition) compiled.condition = t.condition;
  if (t.handoff) compiled.handoff = t.handoff;
  return compiled;
}

/** The compiled workflow: its states and transitions, and the questions asked of them. */
function answering(
  initial: string,
  states: Readonly<Record<string, CompiledState>>,
  transitions: readonly CompiledTransition[],
  env: WorkflowEnv,
  access: CompiledAccess,
): CompiledWorkflow {
  const conditions = new TransitionConditions(
    transitions.map((t) => t.condition),
    env.facts,
  );
  return {
    initial,
    states,
    transitions,
    access,
    async available(state, roles, data, context, facts) {
      const holding = await conditions.holding(transitions.length, data, context, facts);
      return transitions.filter((t, i) => holding.has(i) && t.from.includes(state) && t.roles.some((r) => roles.includes(r)));
    },
    awaitingRoles(state) {
      return [...new Set(transitions.filter((t) => t.task && t.from.includes(state)).flatMap((t) => t.roles))];
    },
    actionsFrom(state, roles) {
      return transitions.filter(
        (t) => t.from.includes(state) && (roles === undefined || t.roles.some((r) => roles.includes(r))),
      );
    },
    find(state, action) {
      return transitions.find((t) => t.action === action && t.from.includes(state));
    },
  };
}
