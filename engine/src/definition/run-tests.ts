/**
 * runDefinitionTests: runs a definition's own `tests` cases. Errors and warnings must match
 * exactly (as sets of path + code); expected events and derived values must be present.
 */
import { isDeepStrictEqualJson } from './json-equal.js';
import type { CompiledModule } from './compile-module.js';
import { evaluate, type EvaluationResult } from './evaluate.js';
import type { TestCase } from './generated/module-definition.js';
import type { EvaluationContext } from '../rules/context.js';

export interface TestCaseResult {
  index: number;
  name: string;
  passed: boolean;
  /** What differed, one line each (English, for designers and logs). */
  failures: string[];
  /** What the evaluation gave (for a diff of expected against got). */
  actual: Pick<EvaluationResult, 'errors' | 'warnings' | 'events' | 'derived'>;
}

export interface TestRunResult {
  passed: number;
  failed: number;
  results: TestCaseResult[];
}

export async function runDefinitionTests(compiled: CompiledModule): Promise<TestRunResult> {
  const cases = compiled.definition.tests ?? [];
  const results: TestCaseResult[] = [];
  for (const [index, test] of cases.entries()) {
    const outcome = await evaluate(compiled, test.data, (test.context ?? {}) as EvaluationContext, {
      facts: (test.facts ?? {}) as Record<string, unknown>,
    });
    const failures = compare(test, outcome);
    const actual = { errors: outcome.errors, warnings: outcome.warnings, events: outcome.events, derived: outcome.derived };
    results.push({ index, name: test.name, passed: failures.length === 0, failures, actual });
  }
  const failed = results.filter((r) => !r.passed).length;
  return { passed: results.length - failed, failed, results };
}

function compare(test: TestCase, outcome: EvaluationResult): string[] {
  const failures: string[] = [];
  const { expect } = test;
  if (expect.valid !== undefined && expect.valid !== (outcome.errors.length === 0)) {
    failures.push(
      expect.valid
        ? `expected valid data, got errors ${list(outcome.errors)}`
        : 'expected errors, got valid data',
    );
  }
  for (const kind of ['errors', 'warnings'] as const) {
    const expected = expect[kind];
    if (!expected) continue;
    const want = new Set(expected.map((p) => `${p.path} ${p.code}`));
    const got = new Set(outcome[kind].map((p) => `${p.path} ${p.code}`));
    const missing = [...want].filter((x) => !got.has(x));
    const unexpected = [...got].filter((x) => !want.has(x));
    if (missing.length > 0) failures.push(`missing ${kind}: ${missing.join('; ')}`);
    if (unexpected.length > 0) failures.push(`unexpected ${kind}: ${unexpected.join('; ')}`);
  }
  for (const event of expect.events ?? []) {
    const found = outcome.events.some((e) => e.type === event.type && isSubset(event.params ?? {}, e.params));
    if (!found) failures.push(`missing event ${event.type} ${JSON.stringify(event.params ?? {})}`);
  }
  for (const [pointer, value] of Object.entries(expect.derived ?? {})) {
    if (!(pointer in outcome.derived)) failures.push(`missing derived ${pointer}`);
    else if (!isDeepStrictEqualJson(outcome.derived[pointer], value)) {
      failures.push(`derived ${pointer}: expected ${JSON.stringify(value)}, got ${JSON.stringify(outcome.derived[pointer])}`);
    }
  }
  return failures;
}

function list(problems: { path: string; code: string }[]): string {
  return problems.map((p) => `${p.path} ${p.code}`).join('; ');
}

function isSubset(expected: unknown, actual: unknown): boolean {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    return Object.entries(expected).every(([k, v]) => isSubset(v, (actual as Record<string, unknown>)[k]));
  }
  return isDeepStrictEqualJson(expected, actual);
}
