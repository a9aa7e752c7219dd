/**
 * Record migrations between definition versions: field moves, defaults, removals and value
 * mappings, applied to a copy of the data. Checked at publish (paths exist in the new schema;
 * the tests hold).
 */
import type { Migration, MigrationOperation } from '../definition/generated/module-definition.js';
import { isDeepStrictEqualJson } from '../definition/json-equal.js';
import { problem, type Problem } from '../errors/problem.js';
import { getAt, joinPointer, parsePointer, setAt } from '../pointer/json-pointer.js';

/** Applies a migration's operations to record data (the input is not changed). */
export function applyMigration(migration: Pick<Migration, 'operations'>, data: unknown): Record<string, unknown> {
  const out = (data !== null && typeof data === 'object' && !Array.isArray(data) ? structuredClone(data) : {}) as Record<string, unknown>;
  for (const op of migration.operations) applyOperation(out, op);
  return out;
}

function applyOperation(data: Record<string, unknown>, op: MigrationOperation): void {
  switch (op.op) {
    case 'move': {
      const value = getAt(data, op.from);
      if (value === undefined) return;
      remove(data, op.from);
      setAt(data, op.to, value);
      return;
    }
    case 'default':
      if (getAt(data, op.path) === undefined) setAt(data, op.path, structuredClone(op.value));
      return;
    case 'remove':
      remove(data, op.path);
      return;
    case 'map': {
      const value = getAt(data, op.path);
      const key = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
      if (key !== undefined && Object.prototype.hasOwnProperty.call(op.values, key)) setAt(data, op.path, structuredClone(op.values[key]));
      return;
    }
  }
}

function remove(data: Record<string, unknown>, pointer: string): void {
  const segments = parsePointer(pointer);
  const last = segments.pop()!;
  const parent = getAt(data, segments);
  if (Array.isArray(parent) && /^\d+$/.test(last)) parent.splice(Number(last), 1);
  else if (parent !== null && typeof parent === 'object') delete (parent as Record<string, unknown>)[last];
}

/** Publication checks: target paths exist in the new schema, and every test holds. */
export function checkMigration(migration: Migration, fieldExists: (pointer: string) => boolean, base = '/migration'): Problem[] {
  const problems: Problem[] = [];
  migration.operations.forEach((op, i) => {
    const target = op.op === 'move' ? op.to : op.op === 'remove' ? undefined : op.path;
    const field = op.op === 'move' ? 'to' : 'path';
    if (target !== undefined && !fieldExists(target)) {
      problems.push(problem(joinPointer(base, 'operations', i, field), 'FW_DEF_UNKNOWN_FIELD', { pointer: target }));
    }
  });
  (migration.tests ?? []).forEach((test, i) => {
    const actual = applyMigration(migration, test.before);
    if (!isDeepStrictEqualJson(actual, test.after)) {
      problems.push(
        problem(joinPointer(base, 'tests', i), 'FW_DEF_TEST_CASE_FAILED', {
          name: test.name,
          reason: `expected ${JSON.stringify(test.after)}, got ${JSON.stringify(actual)}`,
        }),
      );
    }
  });
  return problems;
}
