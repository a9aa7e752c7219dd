/** Checks export datasets: unique names, unique column codes, sources that exist, a date field that is a date. */
import type { DatasetSpec } from '../definition/generated/module-definition.js';
import { problem, type Problem } from '../errors/problem.js';
import { joinPointer } from '../pointer/json-pointer.js';

export function checkDatasets(
  datasets: readonly DatasetSpec[],
  fieldExists: (pointer: string) => boolean,
  isDate: (pointer: string) => boolean = () => true,
  base = '/exports',
): Problem[] {
  const problems: Problem[] = [];
  const names = new Set<string>();
  datasets.forEach((dataset, i) => {
    const at = joinPointer(base, i);
    if (names.has(dataset.name)) problems.push(problem(joinPointer(at, 'name'), 'FW_DEF_DUPLICATE', { name: dataset.name }));
    names.add(dataset.name);
    if (dataset.dateField?.startsWith('/')) {
      if (!fieldExists(dataset.dateField)) problems.push(problem(joinPointer(at, 'dateField'), 'FW_DEF_UNKNOWN_FIELD', { pointer: dataset.dateField }));
      else if (!isDate(dataset.dateField)) problems.push(problem(joinPointer(at, 'dateField'), 'FW_DEF_NOT_A_DATE', { pointer: dataset.dateField }));
    }
    const codes = new Set<string>();
    dataset.columns.forEach((column, j) => {
      const col = joinPointer(at, 'columns', j);
      if (codes.has(column.code)) problems.push(problem(joinPointer(col, 'code'), 'FW_DEF_DUPLICATE', { name: column.code }));
      codes.add(column.code);
      if (column.source.startsWith('/') && !fieldExists(column.source)) {
        problems.push(problem(joinPointer(col, 'source'), 'FW_DEF_UNKNOWN_FIELD', { pointer: column.source }));
      }
    });
  });
  return problems;
}
