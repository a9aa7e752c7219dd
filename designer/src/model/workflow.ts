/**
 * A draft's workflow as the workflow editor changes it: states and transitions added, edited and
 * removed (references kept consistent — a removed state leaves no transition or access rule
 * naming it), and the diagram's automatic layout. Pure functions of the definition.
 */
import dagre from '@dagrejs/dagre';
import { DEFAULT_REPORT_WORKFLOW, META_SCHEMAS, type AccessRule, type State, type Transition, type Workflow } from '../../../runtime/web/kit/engine';
import { newFieldKey, uniqueKey } from './field-keys';
import { isObj, type Draft } from './paths';

const moduleMeta = META_SCHEMAS.find((s) => (s as { $id?: string }).$id?.endsWith('/module.schema.json')) as { properties: { workflow: { default: Workflow } } };

/** The workflow a definition runs: its own, or the default its kind gets. */
export function workflowOf(draft: Draft): Workflow {
  if (isObj(draft.workflow)) return draft.workflow as unknown as Workflow;
  return structuredClone(draft.kind === 'report' ? DEFAULT_REPORT_WORKFLOW : moduleMeta.properties.workflow.default);
}

/** The definition with its workflow changed by `change`. */
export function withWorkflow(draft: Draft, change: (workflow: Workflow) => Workflow): Draft {
  return { ...draft, workflow: change(structuredClone(workflowOf(draft))) as unknown as Draft[string] };
}

/** The states in a stable order: the initial first, then as declared. */
export function stateNames(workflow: Workflow): string[] {
  const names = Object.keys(workflow.states);
  return [workflow.initial, ...names.filter((n) => n !== workflow.initial)].filter((n) => workflow.states[n] !== undefined);
}

/** A new state titled `title` (its name from the title in pinyin), neither draft nor final. */
export function addState(workflow: Workflow, title: string): { workflow: Workflow; name: string } {
  const name = newFieldKey(title, Object.keys(workflow.states)).replace(/-/g, '_');
  const state: State = { title: { 'zh-CN': title } };
  return { workflow: { ...workflow, states: { ...workflow.states, [name]: state } }, name };
}

/** The state with `change` applied (a final state cannot be a draft, nor be left). */
export function updateState(workflow: Workflow, name: string, change: (state: State) => State): Workflow {
  const current = workflow.states[name];
  if (!current) return workflow;
  const next = change(structuredClone(current));
  if (next.final) delete next.draft;
  let transitions = workflow.transitions;
  if (next.final && transitions) {
    // Nothing leaves a final state: its outgoing transitions go.
    transitions = transitions.map((t) => ({ ...t, from: fromList(t).filter((f) => f !== name) })).filter((t) => fromList(t).length > 0).map(compactFrom);
  }
  return { ...workflow, states: { ...workflow.states, [name]: next }, ...(transitions ? { transitions } : {}) };
}

/**
 * Removes a state (never the initial one): transitions into it go, transitions out of it leave
 * it (and go when it was their only source); access rules forget it (and go when it was the only
 * state they named — left without states they would apply everywhere).
 */
export function removeState(workflow: Workflow, name: string): Workflow {
  if (name === workflow.initial || !workflow.states[name]) return workflow;
  const states = { ...workflow.states };
  delete states[name];
  const transitions = (workflow.transitions ?? [])
    .filter((t) => t.to !== name)
    .map((t) => ({ ...t, from: fromList(t).filter((f) => f !== name) }))
    .filter((t) => fromList(t).length > 0)
    .map(compactFrom);
  const access = (workflow.access ?? []).flatMap((rule): AccessRule[] => {
    if (!rule.states) return [rule];
    const left = rule.states.filter((s) => s !== name);
    return left.length > 0 ? [{ ...rule, states: left }] : [];
  });
  return { ...workflow, states, transitions, ...(workflow.access ? { access } : {}) };
}

/** Makes `name` the state new records start in. */
export function setInitial(workflow: Workflow, name: string): Workflow {
  return workflow.states[name] && !workflow.states[name]!.final ? { ...workflow, initial: name } : workflow;
}

/** A transition's sources as a list. */
export function fromList(t: Transition): string[] {
  return Array.isArray(t.from) ? [...t.from] : [t.from];
}

/** One source is written as a string, several as a list. */
function compactFrom(t: Transition): Transition {
  const from = fromList(t);
  return { ...t, from: from.length === 1 ? from[0]! : from };
}

/** A new step from `from` to `to`, titled `title`, taken by officers; its action name unique. */
export function addTransition(workflow: Workflow, from: string, to: string, title: string): { workflow: Workflow; index: number } {
  const transitions = [...(workflow.transitions ?? [])];
  const taken = transitions.map((t) => t.action);
  const action = uniqueKey(newFieldKey(title, taken) || 'step', taken);
  transitions.push({ action, title: { 'zh-CN': title }, from, to, roles: ['officer'] });
  return { workflow: { ...workflow, transitions }, index: transitions.length - 1 };
}

/** The transition at `index` with `change` applied. */
export function updateTransition(workflow: Workflow, index: number, change: (t: Transition) => Transition): Workflow {
  const transitions = [...(workflow.transitions ?? [])];
  const current = transitions[index];
  if (!current) return workflow;
  transitions[index] = compactFrom(change(structuredClone(current)));
  return { ...workflow, transitions };
}

/** Removes the transition at `index`. */
export function removeTransition(workflow: Workflow, index: number): Workflow {
  return { ...workflow, transitions: (workflow.transitions ?? []).filter((_, i) => i !== index) };
}

/** Node size in the diagram (px). */
export const NODE = { width: 168, height: 56 } as const;

/** Where each state sits in the diagram: a layered layout from the initial state, left to right. */
export function layoutStates(workflow: Workflow): Record<string, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 36, ranksep: 90, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  const names = stateNames(workflow);
  for (const name of names) graph.setNode(name, { width: NODE.width, height: NODE.height });
  (workflow.transitions ?? []).forEach((t, i) => {
    for (const from of fromList(t)) {
      if (from !== t.to && workflow.states[from] && workflow.states[t.to]) graph.setEdge(from, t.to, { weight: 1, minlen: 1 }, `${i}:${from}`);
    }
  });
  dagre.layout(graph);
  return Object.fromEntries(
    names.map((name) => {
      const node = graph.node(name) as { x: number; y: number } | undefined;
      return [name, { x: (node?.x ?? 0) - NODE.width / 2, y: (node?.y ?? 0) - NODE.height / 2 }];
    }),
  );
}
