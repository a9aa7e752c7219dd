/**
 * Checks export datasets: unique names, unique column codes, sources that exist, a date field
 * that is a date, and repeating groups (linked tables) that are lists with columns of their items.
 */
import type { DatasetSpec } from '../definition/generated/module-definition.js';
import { problem, type Problem } from '../errors/problem.js';
import { joinPointer } from '../pointer/json-pointer.js';

/** The columns every linked table starts with: the record's id and the item's position (from 1). */
export const LINKED_TABLE_KEYS = ['PARENT_ID', 'ROW_NO'] as const;

export function checkDatasets(
  datasets: readonly DatasetSpec[],
  fieldExists: (pointer: string) => boolean,
  isDate: (pointer: string) => boolean = () => true,
  isList: (pointer: string) => boolean = () => true,
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
    problems.push(...checkColumns(dataset.columns, joinPointer(at, 'columns'), fieldExists, []));
    if (dataset.importKey !== undefined) {
      const key = dataset.columns.find((c) => c.code === dataset.importKey);
      if (!key || !(key.source === '@id' || key.source.startsWith('/'))) problems.push(problem(joinPointer(at, 'importKey'), 'FW_DEF_IMPORT_KEY', { key: dataset.importKey }));
    }
    const tables = new Set<string>();
    (dataset.repeats ?? []).forEach((repeat, j) => {
      const rat = joinPointer(at, 'repeats', j);
      if (tables.has(repeat.name)) problems.push(problem(joinPointer(rat, 'name'), 'FW_DEF_DUPLICATE', { name: repeat.name }));
      tables.add(repeat.name);
      if (!fieldExists(repeat.source)) {
        problems.push(problem(joinPointer(rat, 'source'), 'FW_DEF_UNKNOWN_FIELD', { pointer: repeat.source }));
        return;
      }
      if (!isList(repeat.source)) {
        problems.push(problem(joinPointer(rat, 'source'), 'FW_DEF_NOT_A_LIST', { pointer: repeat.source }));
        return;
      }
      // An item's fields are found through the array's `items` (any index names them).
      problems.push(...checkColumns(repeat.columns, joinPointer(rat, 'columns'), (p) => fieldExists(`${repeat.source}/0${p}`), LINKED_TABLE_KEYS));
    });
  });
  return problems;
}

function checkColumns(columns: readonly { code: string; source: string; ref?: unknown }[], at: string, fieldExists: (pointer: string) => boolean, reserved: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const codes = new Set<string>(reserved);
  columns.forEach((column, j) => {
    const col = joinPointer(at, j);
    if (codes.has(column.code)) problems.push(problem(joinPointer(col, 'code'), 'FW_DEF_DUPLICATE', { name: column.code }));
    codes.add(column.code);
    if (column.source.startsWith('/') && !fieldExists(column.source)) {
      problems.push(problem(joinPointer(col, 'source'), 'FW_DEF_UNKNOWN_FIELD', { pointer: column.source }));
    }
    // A column naming another module's records stores the id of the one named: a form field.
    if ('ref' in column && column.ref !== undefined && !column.source.startsWith('/')) {
      problems.push(problem(joinPointer(col, 'source'), 'FW_DEF_DATASET_REF_SOURCE', { column: column.code }));
    }
  });
  return problems;
}
