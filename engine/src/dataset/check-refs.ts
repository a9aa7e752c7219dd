/**
 * Checks the columns of a module's datasets that name records of another module (`ref`)
 * against that module as published now: it must be a record module, `key` the form field of one
 * of its datasets' importKey columns (so a key names one record, as an import key does), and
 * `link`, when given, one of its form fields.
 */
import type { DatasetSpec } from '../definition/generated/module-definition.js';
import type { CompiledModule } from '../definition/compile-module.js';
import { problem, type Problem } from '../errors/problem.js';
import { joinPointer } from '../pointer/json-pointer.js';

/** What the check needs to know of a module a column names. */
export interface RefTarget {
  kind: string;
  fieldExists(pointer: string): boolean;
  /** The form fields its datasets' importKey columns take (the keys that name its records). */
  keyFields: readonly string[];
}

export function checkDatasetRefs(datasets: readonly DatasetSpec[], target: (key: string) => RefTarget | undefined, base = '/exports'): Problem[] {
  const problems: Problem[] = [];
  datasets.forEach((dataset, i) => {
    dataset.columns.forEach((column, j) => {
      const ref = column.ref;
      if (!ref) return;
      const at = joinPointer(base, i, 'columns', j, 'ref');
      const module = target(ref.module);
      if (!module || module.kind !== 'record') {
        problems.push(problem(joinPointer(at, 'module'), 'FW_DEF_DATASET_REF_MODULE', { module: ref.module }));
        return;
      }
      if (!module.keyFields.includes(ref.key)) problems.push(problem(joinPointer(at, 'key'), 'FW_DEF_DATASET_REF_KEY', { module: ref.module, pointer: ref.key }));
      if (ref.link !== undefined && !module.fieldExists(ref.link)) problems.push(problem(joinPointer(at, 'link'), 'FW_DEF_DATASET_REF_LINK', { module: ref.module, pointer: ref.link }));
    });
  });
  return problems;
}

/** A compiled module as a target of `ref` columns. */
export function refTarget(compiled: CompiledModule): RefTarget {
  const keyFields = (compiled.definition.exports ?? []).flatMap((d) => {
    const column = d.importKey !== undefined ? d.columns.find((c) => c.code === d.importKey) : undefined;
    return column?.source.startsWith('/') ? [column.source] : [];
  });
  return { kind: compiled.kind, fieldExists: compiled.fields.exists, keyFields };
}

/** The modules a definition's dataset columns name (from the raw definition, before any check). */
export function refModules(definition: unknown): string[] {
  const exports = (definition as { exports?: unknown } | null)?.exports;
  if (!Array.isArray(exports)) return [];
  const keys = new Set<string>();
  for (const dataset of exports) {
    const columns = (dataset as { columns?: unknown } | null)?.columns;
    if (!Array.isArray(columns)) continue;
    for (const column of columns) {
      const module = (column as { ref?: { module?: unknown } } | null)?.ref?.module;
      if (typeof module === 'string') keys.add(module);
    }
  }
  return [...keys];
}
