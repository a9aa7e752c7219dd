/**
 * The publication check shared by the API and the CLI: compile (meta-model, safety policy,
 * meaning), then the definition's own tests. Either every problem, or the compiled module.
 */
import {
  DefinitionError,
  problem,
  runDefinitionTests,
  type CompiledModule,
  type ModuleCompiler,
  type Problem,
} from '../../../engine/src/index.js';

export interface CheckOutcome {
  compiled?: CompiledModule;
  problems: Problem[];
  testsFailed: number;
  testsRun: number;
}

/**
 * Checks a definition. `codelists` are the code list schemas its schema references, by URI
 * (the publisher resolves them to their latest versions and pins those).
 */
export async function checkDefinition(compiler: ModuleCompiler, definition: unknown, codelists?: Readonly<Record<string, unknown>>): Promise<CheckOutcome> {
  let compiled: CompiledModule;
  try {
    compiled = compiler.compile(withoutVersion(definition), codelists);
  } catch (error) {
    if (error instanceof DefinitionError) return { problems: error.problems, testsFailed: 0, testsRun: 0 };
    throw error;
  }
  const run = await runDefinitionTests(compiled);
  const problems = run.results
    .filter((r) => !r.passed)
    .map((r) => problem(`/tests/${r.index}`, 'FW_DEF_TEST_CASE_FAILED', { name: r.name, reason: r.failures.join('; ') }));
  return { compiled, problems, testsFailed: run.failed, testsRun: run.results.length };
}

/** The version is assigned at publish; a given one only serves as a concurrency check. */
function withoutVersion(definition: unknown): unknown {
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) return definition;
  const { version: _ignored, ...rest } = definition as Record<string, unknown>;
  return rest;
}
