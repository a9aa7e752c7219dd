/**
 * Checks a report spec: against the template's own schema (fields exist, sit in the layout,
 * aggregate sensibly, pre-filled fields are numbers) and, given the modules it reads, its
 * pre-fill queries against theirs (module, fields, date field, states).
 */
import type { Prefill, ReportSpec } from '../definition/generated/module-definition.js';
import { problem, type Problem } from '../errors/problem.js';
import { joinPointer } from '../pointer/json-pointer.js';
import type { CompiledModule } from '../definition/compile-module.js';
import type { LayoutEntry } from './layout.js';

export interface ReportCheckEnv {
  fieldExists(pointer: string): boolean;
  isNumericField(pointer: string): boolean;
}

export function checkReport(report: ReportSpec, env: ReportCheckEnv, layout: readonly LayoutEntry[], base = '/report'): Problem[] {
  const problems: Problem[] = [];
  const placed = new Set(layout.filter((e) => e.kind === 'field').map((e) => e.pointer));
  for (const [pointer, field] of Object.entries(report.fields ?? {})) {
    if (!field) continue;
    const at = joinPointer(base, 'fields', pointer);
    if (!env.fieldExists(pointer)) {
      problems.push(problem(at, 'FW_DEF_UNKNOWN_FIELD', { pointer }));
      continue;
    }
    if (!placed.has(pointer)) {
      problems.push(problem(at, 'FW_DEF_REPORT_FIELD', { pointer }));
      continue;
    }
    const aggregate = field.aggregate ?? 'sum';
    if (aggregate !== 'count' && aggregate !== 'none' && !env.isNumericField(pointer)) {
      problems.push(problem(joinPointer(at, 'aggregate'), 'FW_DEF_NOT_A_NUMBER', { pointer }));
    }
    if (field.prefill) {
      if (!env.isNumericField(pointer)) problems.push(problem(joinPointer(at, 'prefill'), 'FW_DEF_NOT_A_NUMBER', { pointer }));
      if (field.prefill.op === 'sum' && field.prefill.field === undefined) {
        problems.push(problem(joinPointer(at, 'prefill', 'field'), 'FW_DEF_PREFILL_SUM_FIELD'));
      }
    }
  }
  return problems;
}

/** What the check needs to know of a module a pre-fill reads. */
export interface PrefillSource {
  kind: string;
  fieldExists(pointer: string): boolean;
  isDateField(pointer: string): boolean;
  isNumericField(pointer: string): boolean;
  hasState(state: string): boolean;
}

/**
 * Checks each pre-fill query against the module it reads (as published now): a query naming a
 * module, field or state that does not exist would silently count nothing, so it is refused.
 */
export function checkPrefillSources(report: ReportSpec, source: (key: string) => PrefillSource | undefined, base = '/report'): Problem[] {
  const problems: Problem[] = [];
  for (const [pointer, field] of Object.entries(report.fields ?? {})) {
    const prefill: Prefill | undefined = field?.prefill;
    if (!prefill) continue;
    const at = joinPointer(base, 'fields', pointer, 'prefill');
    const module = source(prefill.module);
    if (!module || module.kind !== 'record') {
      problems.push(problem(joinPointer(at, 'module'), 'FW_DEF_PREFILL_MODULE', { module: prefill.module }));
      continue;
    }
    const unknown = (p: string, path: string) => {
      if (module.fieldExists(p)) return false;
      problems.push(problem(path, 'FW_DEF_PREFILL_UNKNOWN_FIELD', { module: prefill.module, pointer: p }));
      return true;
    };
    if (!unknown(prefill.dateField, joinPointer(at, 'dateField')) && !module.isDateField(prefill.dateField)) {
      problems.push(problem(joinPointer(at, 'dateField'), 'FW_DEF_NOT_A_DATE', { pointer: prefill.dateField }));
    }
    if (prefill.field !== undefined && !unknown(prefill.field, joinPointer(at, 'field')) && !module.isNumericField(prefill.field)) {
      problems.push(problem(joinPointer(at, 'field'), 'FW_DEF_NOT_A_NUMBER', { pointer: prefill.field }));
    }
    (prefill.where ?? []).forEach((condition, i) => unknown(condition.path, joinPointer(at, 'where', i, 'path')));
    (prefill.states ?? []).forEach((state, i) => {
      if (!module.hasState(state)) problems.push(problem(joinPointer(at, 'states', i), 'FW_DEF_UNKNOWN_STATE', { state }));
    });
  }
  return problems;
}

/** A compiled module as a pre-fill source. */
export function prefillSource(compiled: CompiledModule): PrefillSource {
  return {
    kind: compiled.kind,
    fieldExists: compiled.fields.exists,
    isDateField: compiled.fields.isDate,
    isNumericField: compiled.fields.isNumeric,
    hasState: (state) => compiled.workflow.states[state] !== undefined,
  };
}
