/**
 * The publication check shared by the API and the CLI: compile (meta-model, safety policy,
 * meaning), what the workspace form cannot show (checkUi), then the definition's own tests.
 * Either every problem, or the compiled module.
 */
import {
  checkUi,
  DefinitionError,
  checkDatasetRefs,
  checkPrefillSources,
  problem,
  refTarget,
  type RefTarget,
  type PrefillSource,
  runDefinitionTests,
  type CompiledModule,
  type ModuleCompiler,
  type Problem,
  type TestCaseResult,
} from '../../../engine/src/index.js';

export interface CheckOutcome {
  compiled?: CompiledModule;
  problems: Problem[];
  testsFailed: number;
  testsRun: number;
  /** Each of the definition's own test cases (none when it did not compile). */
  tests: TestCaseResult[];
}

/**
 * Checks a definition. `codelists` are the code list schemas its schema references, by URI
 * (the publisher resolves them to their latest versions and pins those); `sources` are the
 * modules a report's pre-fill queries read, by key (as published now); `targets` the modules its
 * datasets' `ref` columns name (as published now; the module itself as it is checked).
 */
export async function checkDefinition(
  compiler: ModuleCompiler,
  definition: unknown,
  codelists?: Readonly<Record<string, unknown>>,
  sources: ReadonlyMap<string, PrefillSource> = new Map(),
  targets: ReadonlyMap<string, RefTarget> = new Map(),
): Promise<CheckOutcome> {
  let compiled: CompiledModule;
  try {
    compiled = compiler.compile(withoutVersion(definition), codelists);
  } catch (error) {
    if (error instanceof DefinitionError) return { problems: error.problems, testsFailed: 0, testsRun: 0, tests: [] };
    throw error;
  }
  // Not part of the compile, so versions published before the check still load everywhere.
  const uiProblems = checkUi(compiled.definition.ui, compiled.definition.schema, codelists);
  if (uiProblems.length > 0) return { problems: uiProblems, testsFailed: 0, testsRun: 0, tests: [] };
  if (compiled.report) {
    const problems = checkPrefillSources(compiled.report.spec, (key) => sources.get(key));
    if (problems.length > 0) return { problems, testsFailed: 0, testsRun: 0, tests: [] };
  }
  const refProblems = checkDatasetRefs(compiled.definition.exports ?? [], (key) => (key === compiled.key ? refTarget(compiled) : targets.get(key)));
  if (refProblems.length > 0) return { problems: refProblems, testsFailed: 0, testsRun: 0, tests: [] };
  const run = await runDefinitionTests(compiled);
  const problems = run.results
    .filter((r) => !r.passed)
    .map((r) => problem(`/tests/${r.index}`, 'FW_DEF_TEST_CASE_FAILED', { name: r.name, reason: r.failures.join('; ') }));
  return { compiled, problems, testsFailed: run.failed, testsRun: run.results.length, tests: run.results };
}

/** The version is assigned at publish; a given one only serves as a concurrency check. */
function withoutVersion(definition: unknown): unknown {
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) return definition;
  const { version: _ignored, ...rest } = definition as Record<string, unknown>;
  return rest;
}

/** The module keys a definition's pre-fill queries read (from the raw definition, before any check). */
export function prefillModules(definition: unknown): string[] {
  const fields = (definition as { report?: { fields?: unknown } } | null)?.report?.fields;
  if (fields === null || typeof fields !== 'object') return [];
  const keys = new Set<string>();
  for (const field of Object.values(fields as Record<string, unknown>)) {
    const module = (field as { prefill?: { module?: unknown } } | null)?.prefill?.module;
    if (typeof module === 'string') keys.add(module);
  }
  return [...keys];
}
