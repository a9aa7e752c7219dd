/** Checks a report spec against the record schema: aggregated fields exist and are numeric. */
import type { ReportSpec } from '../definition/generated/module-definition.js';
import { problem, type Problem } from '../errors/problem.js';
import { joinPointer } from '../pointer/json-pointer.js';

export interface ReportCheckEnv {
  fieldExists(pointer: string): boolean;
  isNumericField(pointer: string): boolean;
}

export function checkReport(report: ReportSpec, env: ReportCheckEnv, base = '/report'): Problem[] {
  const problems: Problem[] = [];
  for (const [pointer, field] of Object.entries(report.fields ?? {})) {
    if (!field) continue;
    const at = joinPointer(base, 'fields', pointer);
    if (!env.fieldExists(pointer)) {
      problems.push(problem(at, 'FW_DEF_UNKNOWN_FIELD', { pointer }));
      continue;
    }
    const aggregate = field.aggregate ?? 'sum';
    if (aggregate !== 'count' && aggregate !== 'none' && !env.isNumericField(pointer)) {
      problems.push(problem(joinPointer(at, 'aggregate'), 'FW_DEF_NOT_A_NUMBER', { pointer }));
    }
  }
  return problems;
}
