/**
 * Field access by workflow state, role and unit: which fields a caller may edit, only read, or
 * not see (the workflow's `access` rules, definitions/meta/workflow.schema.json). Rules are read
 * in order; for a field, the first rule naming it or a section containing it whose states, roles
 * and units match decides; a field no rule decides is editable. The same answers serve the server
 * (writes refused, hidden fields withheld) and the form (read-only and hidden fields).
 */
import type { AccessRule } from '../definition/generated/module-definition.js';
import { CODES } from '../errors/codes.js';
import { FormworkError } from '../errors/formwork-error.js';
import { format } from '../errors/localize.js';
import { problem, type Problem } from '../errors/problem.js';
import { escapeSegment, joinPointer, parsePointer } from '../pointer/json-pointer.js';
import { fallbackLabel } from '../validation/labels.js';

export type AccessLevel = 'edit' | 'read' | 'hidden';

/** Where the caller's unit stands relative to the record's own unit. */
export type UnitRelation = 'own' | 'above' | 'below';

/** Who asks about a record, and in which state it is. */
export interface AccessSite {
  state: string;
  roles: readonly string[];
  relation: UnitRelation;
}

/** A change the caller may not make: the field and what they may do with it. */
export interface LockedField {
  path: string;
  access: Exclude<AccessLevel, 'edit'>;
}

export interface CompiledAccess {
  /** Whether the definition declares any rule (nothing to check or withhold otherwise). */
  readonly declared: boolean;
  /** The access to the field at a data pointer (array indices are rows: `*` in rules matches them). */
  levelOf(pointer: string, site: AccessSite): AccessLevel;
  /** Every field the rules name that the caller may not edit at the site (pointer as declared → level). */
  restricted(site: AccessSite): Record<string, Exclude<AccessLevel, 'edit'>>;
  /**
   * The fields changed from `before` to `after` that the caller may not change at the site,
   * except those in `allowed` (a step's own required fields).
   */
  locked(before: unknown, after: unknown, site: AccessSite, allowed?: readonly string[]): LockedField[];
  /** A copy of the data without the fields hidden from the caller (the data itself when none are). */
  withoutHidden<T>(data: T, site: AccessSite): T;
  /** Whether some rule hides the field at a data pointer from someone (whoever, wherever). */
  mayHide(pointer: string): boolean;
}

interface Rule {
  fields: string[][];
  access: AccessLevel;
  states?: ReadonlySet<string>;
  roles?: readonly string[];
  units?: readonly string[];
}

/** Compiles a workflow's access rules; problems name each unknown field or state at its pointer under `base`. */
export function compileAccess(
  rules: readonly AccessRule[],
  env: { fieldExists(pointer: string): boolean; states: Readonly<Record<string, unknown>> },
  base = '/workflow/access',
): { access: CompiledAccess; problems: Problem[] } {
  const problems: Problem[] = [];
  rules.forEach((rule, i) => {
    rule.fields.forEach((pointer, j) => {
      // A row of a repeating table is checked as its first row.
      const concrete = pointer.replace(/\/\*(?=\/|$)/g, '/0');
      if (!env.fieldExists(concrete)) problems.push(problem(joinPointer(base, i, 'fields', j), 'FW_DEF_UNKNOWN_FIELD', { pointer }));
    });
    (rule.states ?? []).forEach((state, j) => {
      if (env.states[state] === undefined) problems.push(problem(joinPointer(base, i, 'states', j), 'FW_DEF_UNKNOWN_STATE', { state }));
    });
  });
  const compiled: Rule[] = rules.map((r) => ({
    fields: r.fields.map(parsePointer),
    access: r.access,
    ...(r.states ? { states: new Set(r.states) } : {}),
    ...(r.roles ? { roles: r.roles } : {}),
    ...(r.units ? { units: r.units } : {}),
  }));
  return { access: accessOf(compiled), problems };
}

function accessOf(rules: readonly Rule[]): CompiledAccess {
  const applies = (rule: Rule, site: AccessSite) =>
    (!rule.states || rule.states.has(site.state)) && (!rule.roles || rule.roles.some((r) => site.roles.includes(r))) && (!rule.units || rule.units.includes(site.relation));

  const levelOfSegments = (segments: readonly string[], site: AccessSite): AccessLevel => {
    for (const rule of rules) {
      if (rule.fields.some((field) => covers(field, segments)) && applies(rule, site)) return rule.access;
    }
    return 'edit';
  };

  const restrictedFields = (site: AccessSite): [string[], Exclude<AccessLevel, 'edit'>][] => {
    const out: [string[], Exclude<AccessLevel, 'edit'>][] = [];
    const seen = new Set<string>();
    for (const rule of rules) {
      for (const field of rule.fields) {
        const key = field.join('\u0000');
        if (seen.has(key)) continue;
        seen.add(key);
        const level = levelOfSegments(field, site);
        if (level !== 'edit') out.push([field, level]);
      }
    }
    return out;
  };

  return {
    declared: rules.length > 0,
    levelOf: (pointer, site) => levelOfSegments(parsePointer(pointer), site),
    mayHide(pointer) {
      const segments = parsePointer(pointer);
      return rules.some((rule) => rule.access === 'hidden' && rule.fields.some((field) => covers(field, segments)));
    },
    restricted(site) {
      return Object.fromEntries(restrictedFields(site).map(([field, level]) => [toPointer(field), level]));
    },
    locked(before, after, site, allowed = []) {
      if (rules.length === 0) return [];
      const free = allowed.map(parsePointer);
      const out: LockedField[] = [];
      for (const [field, level] of restrictedFields(site)) {
        for (const path of changedAt(before, after, field)) {
          if (free.some((f) => covers(f, parsePointer(path)))) continue;
          if (!out.some((l) => l.path === path)) out.push({ path, access: level });
        }
      }
      return out;
    },
    withoutHidden<T>(data: T, site: AccessSite): T {
      const hidden = restrictedFields(site).filter(([, level]) => level === 'hidden');
      if (hidden.length === 0 || data === null || typeof data !== 'object') return data;
      const copy = structuredClone(data);
      for (const [field] of hidden) removeAt(copy, field);
      return copy;
    },
  };
}

/** Whether a rule's field (with `*` for any row) is the data path or a section containing it. */
function covers(field: readonly string[], path: readonly string[]): boolean {
  if (field.length > path.length) return false;
  return field.every((segment, i) => segment === path[i] || (segment === '*' && /^(0|[1-9][0-9]*)$/.test(path[i]!)));
}

const toPointer = (segments: readonly string[]) => segments.map((s) => `/${s === '*' ? '*' : escapeSegment(s)}`).join('');

/** The concrete places a field (with `*` rows) names in the data, with their values. */
function valuesAt(data: unknown, field: readonly string[], at = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (field.length === 0) {
    if (data !== undefined) out.set(at, JSON.stringify(data));
    return out;
  }
  const [head, ...rest] = field as [string, ...string[]];
  if (head === '*') {
    if (Array.isArray(data)) data.forEach((item, i) => valuesAt(item, rest, `${at}/${i}`).forEach((v, k) => out.set(k, v)));
    return out;
  }
  if (data !== null && typeof data === 'object' && Object.prototype.hasOwnProperty.call(data, head)) {
    return valuesAt((data as Record<string, unknown>)[head], rest, `${at}/${escapeSegment(head)}`);
  }
  return out;
}

/** The concrete paths of a field whose values differ between two versions of the data. */
function changedAt(before: unknown, after: unknown, field: readonly string[]): string[] {
  const a = valuesAt(before, field);
  const b = valuesAt(after, field);
  const changed: string[] = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(path) !== b.get(path)) changed.push(path);
  }
  return changed;
}

/** Removes every place a field (with `*` rows) names from the data, in place. */
function removeAt(data: unknown, field: readonly string[]): void {
  if (data === null || typeof data !== 'object' || field.length === 0) return;
  const [head, ...rest] = field as [string, ...string[]];
  if (head === '*') {
    if (Array.isArray(data)) data.forEach((item) => removeAt(item, rest));
    return;
  }
  const record = data as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(record, head)) return;
  if (rest.length === 0) delete record[head];
  else removeAt(record[head], rest);
}

/** How a caller's unit (by its path) stands to a record's own unit. */
export function unitRelation(callerPath: string, recordUnitPath: string): UnitRelation {
  if (callerPath === recordUnitPath) return 'own';
  // A unit on another line (not expected: records are seen along their own unit's line) counts as above.
  return recordUnitPath.startsWith(`${callerPath}.`) ? 'above' : callerPath.startsWith(`${recordUnitPath}.`) ? 'below' : 'above';
}

const ACCESS_WORDS = { read: { 'zh-CN': '只读', en: 'read-only' }, hidden: { 'zh-CN': '不可见', en: 'hidden' } } as const;

/**
 * Refuses a write that changes fields the caller may not change: 403 FW_REC_FIELD_LOCKED with
 * each field at its path, named by its label (nothing is written).
 */
export function refuseLocked(
  compiled: { fieldLabel(pointer: string): { 'zh-CN': string; en: string } | undefined },
  locked: readonly LockedField[],
  state: { title: { 'zh-CN': string; en?: string } },
): void {
  if (locked.length === 0) return;
  const stateTitle = { 'zh-CN': state.title['zh-CN'], en: state.title.en ?? state.title['zh-CN'] };
  const labelOf = (path: string) => {
    const last = parsePointer(path).pop();
    return compiled.fieldLabel(path) ?? { 'zh-CN': fallbackLabel(last, 'zh-CN'), en: fallbackLabel(last, 'en') };
  };
  const problems: Problem[] = locked.map(({ path, access }) => {
    const label = labelOf(path);
    const base = problem(path, 'FW_REC_FIELD_LOCKED');
    base.message = {
      'zh-CN': format(CODES.FW_REC_FIELD_LOCKED['zh-CN'], { label: label['zh-CN'], state: stateTitle['zh-CN'], access: ACCESS_WORDS[access]['zh-CN'] }),
      en: format(CODES.FW_REC_FIELD_LOCKED.en, { label: label.en, state: stateTitle.en, access: ACCESS_WORDS[access].en }),
    };
    return base;
  });
  const labels = locked.map(({ path }) => labelOf(path));
  throw new FormworkError(
    'FW_REC_FIELD_LOCKED',
    { label: { 'zh-CN': labels.map((l) => l['zh-CN']).join('、'), en: labels.map((l) => l.en).join(', ') }, state: stateTitle, access: ACCESS_WORDS[locked[0]!.access] },
    problems,
  );
}
