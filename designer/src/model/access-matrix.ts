/**
 * The field access matrix (state × field → editable / read-only / hidden) over a workflow's
 * ordered access rules. The matrix shows what the rules decide for one caller — a role at a unit
 * standing own/above/below the record's — exactly as the server decides it (the engine's
 * compileAccess). Setting a cell writes a one-field, one-state rule at the top of the list (merged
 * with the rule it joins there), scoped to every role and unit or only the ones viewed, and first
 * takes out what earlier cell edits of the same scope said about that cell — so no other cell,
 * for any caller, changes.
 */
import { compileAccess, type AccessLevel, type AccessRule, type AccessSite, type Workflow } from '../../../runtime/web/kit/engine';
import { allFields } from './fields';
import type { Draft } from './paths';

/** Who the matrix is shown for. */
export interface Viewer {
  role: string;
  relation: AccessSite['relation'];
}

/** How far a cell edit reaches: every role and unit, or only the role and/or unit viewed. */
export interface EditScope {
  onlyRole: boolean;
  onlyUnit: boolean;
}

/** A row of the matrix: a field (rows of tables as `*`), its title and depth. */
export interface AccessRow {
  pointer: string;
  title: string;
  depth: number;
}

/** The fields of a definition as access pointers: array rows are `*`. */
export function accessRows(draft: Draft): AccessRow[] {
  return allFields(draft).map((f) => ({ pointer: f.data.replace(/\/-(?=\/|$)/g, '/*'), title: f.title, depth: f.data.split('/').length - 2 }));
}

const compiled = (rules: readonly AccessRule[], workflow: Workflow) => compileAccess(rules, { fieldExists: () => true, states: workflow.states }).access;

/** What the rules decide for each field and state, for one viewer. */
export function matrix(workflow: Workflow, rows: readonly AccessRow[], states: readonly string[], viewer: Viewer): Record<string, Record<string, AccessLevel>> {
  const access = compiled(workflow.access ?? [], workflow);
  return Object.fromEntries(
    rows.map((row) => [row.pointer, Object.fromEntries(states.map((state) => [state, access.levelOf(row.pointer, { state, roles: [viewer.role], relation: viewer.relation })]))]),
  );
}

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Whether a rule is a cell edit for `field` with this scope (one field, some states, these roles and units). */
const isCellRule = (rule: AccessRule, field: string, roles: string[] | undefined, units: string[] | undefined) =>
  rule.fields.length === 1 && rule.fields[0] === field && rule.states !== undefined && sameList(rule.roles, roles) && sameList(rule.units, units);

/** The rules with one cell set to `level` for the viewer (and, by the scope, for every role and/or unit). */
export function setCell(workflow: Workflow, field: string, state: string, level: AccessLevel, viewer: Viewer, scope: EditScope): AccessRule[] {
  const roles = scope.onlyRole ? [viewer.role] : undefined;
  const units = scope.onlyUnit ? [viewer.relation] : undefined;
  // Earlier edits of this very cell and scope are taken back first.
  const rules = (workflow.access ?? []).flatMap((rule): AccessRule[] => {
    if (!isCellRule(rule, field, roles, units) || !rule.states!.includes(state)) return [rule];
    const states = rule.states!.filter((s) => s !== state);
    return states.length > 0 ? [{ ...rule, states }] : [];
  });
  const top = rules[0];
  if (top && isCellRule(top, field, roles, units) && top.access === level) {
    return [{ ...top, states: [...top.states!, state] }, ...rules.slice(1)];
  }
  const rule: AccessRule = { fields: [field], states: [state], access: level, ...(roles ? { roles: roles as AccessRule['roles'] } : {}), ...(units ? { units: units as AccessRule['units'] } : {}) };
  return [rule, ...rules];
}

/** Moves the rule at `index` one place up (-1) or down (+1): the first matching rule decides. */
export function moveRule(rules: readonly AccessRule[], index: number, by: -1 | 1): AccessRule[] {
  const to = index + by;
  if (to < 0 || to >= rules.length) return [...rules];
  const out = [...rules];
  [out[index], out[to]] = [out[to]!, out[index]!];
  return out;
}
