/**
 * compileModule: a definition (data) → a CompiledModule (ajv validator, rules engine, workflow).
 * Checks, in order: size, the meta-model (applying defaults), the record schema's safety policy
 * and its 2020-12 validity, then meaning (fields, states, facts). Every problem is reported at
 * once, each at its JSON Pointer inside the definition.
 */
import { DefinitionError } from '../errors/formwork-error.js';
import { problem, type Problem } from '../errors/problem.js';
import { escapeSegment, getAt } from '../pointer/json-pointer.js';
import { checkMigration } from '../data/migration.js';
import { checkDatasets } from '../dataset/check-datasets.js';
import { checkReport } from '../report/check-report.js';
import { checkRules } from '../rules/check-rules.js';
import { RuleSet } from '../rules/rule-set.js';
import { compileDataValidator, type DataValidator } from '../validation/data-validator.js';
import { starHeightPatternChecker, type PatternChecker } from '../validation/pattern-checker.js';
import { checkSchemaPolicy, type SchemaLimits } from '../validation/schema-policy.js';
import { checkAgainstMetaSchema } from '../validation/schema-meta-check.js';
import { compileWorkflow, type CompiledWorkflow } from '../workflow/compile-workflow.js';
import { fingerprint } from './fingerprint.js';
import type { ModuleDefinition } from './generated/module-definition.js';
import { checkMetaModel } from './meta-model.js';
import { fieldExists, fieldHasType, fieldTitle } from './schema-lookup.js';

/** Largest definition accepted, in bytes of JSON. */
export const MAX_DEFINITION_BYTES = 2 * 1024 * 1024;

export interface CompileOptions {
  /** Decides whether a regular expression is safe; default: the pure star-height check. */
  patternChecker?: PatternChecker;
  schemaLimits?: Partial<SchemaLimits>;
}

/** A definition ready to evaluate data: compiled once per key + version. */
export interface CompiledModule {
  readonly key: string;
  readonly version: number | undefined;
  readonly kind: ModuleDefinition['kind'];
  /** The definition with every default applied. */
  readonly definition: Readonly<ModuleDefinition>;
  readonly fingerprint: string;
  readonly validator: DataValidator;
  readonly rules: RuleSet;
  readonly workflow: CompiledWorkflow;
  /** Field title (zh-CN, en) at a data pointer, for messages. */
  fieldLabel(pointer: string): { 'zh-CN': string; en: string } | undefined;
}

/** Compiles a definition or throws a DefinitionError listing every problem. */
export function compileDefinition(input: unknown, options: CompileOptions = {}): CompiledModule {
  const print = fingerprint(input);
  const size = new TextEncoder().encode(JSON.stringify(input) ?? '').length;
  if (size > MAX_DEFINITION_BYTES) {
    throw new DefinitionError([problem('', 'FW_DEF_TOO_LARGE', { size, limit: MAX_DEFINITION_BYTES })], 'FW_DEF_TOO_LARGE', {
      size,
      limit: MAX_DEFINITION_BYTES,
    });
  }
  const meta = checkMetaModel(input);
  if (!('definition' in meta)) throw new DefinitionError(meta.problems);
  const definition = meta.definition;
  const schema = definition.schema as Record<string, unknown>;

  const problems: Problem[] = [];
  if (schema.type !== 'object') problems.push(problem('/schema', 'FW_DEF_SCHEMA_ROOT'));
  problems.push(...checkAgainstMetaSchema(schema, '/schema'));
  problems.push(
    ...checkSchemaPolicy(schema, '/schema', {
      patternChecker: options.patternChecker ?? starHeightPatternChecker,
      ...(options.schemaLimits ? { limits: options.schemaLimits } : {}),
    }),
  );
  // A schema that breaks the meta-schema or the policy is not handed to ajv at all.
  if (problems.length > 0) throw new DefinitionError(problems);

  const titlesEn = (definition.i18n?.en ?? {}) as Record<string, string>;
  let validator: DataValidator;
  try {
    validator = compileDataValidator(schema, titlesEn);
  } catch (error) {
    throw new DefinitionError([compileProblem(error, schema)]);
  }

  const exists = (pointer: string) => fieldExists(schema, pointer);
  const facts = definition.facts ?? {};
  const env = {
    fieldExists: exists,
    facts,
    isDateField: (p: string) => fieldHasType(schema, p, ['string'], ['date', 'date-time']),
    isNumericField: (p: string) => fieldHasType(schema, p, ['number', 'integer']),
  };
  for (const pointer of Object.keys(titlesEn)) {
    if (getAt(schema, pointer) === undefined) {
      problems.push(problem(`/i18n/en/${escapeSegment(pointer)}`, 'FW_DEF_UNKNOWN_FIELD', { pointer }));
    }
  }
  problems.push(...checkRules(definition.rules ?? [], env));
  const { workflow, problems: workflowProblems } = compileWorkflow(definition.workflow!, env);
  problems.push(...workflowProblems);
  if (definition.report) {
    if (definition.kind !== 'report') problems.push(problem('/report', 'FW_DEF_REPORT_KIND'));
    problems.push(...checkReport(definition.report, env));
  }
  problems.push(...checkDatasets(definition.exports ?? [], exists));
  if (definition.migration) {
    problems.push(...checkMigration(definition.migration, exists));
    for (const [from, to] of Object.entries(definition.migration.states ?? {})) {
      if (to && !workflow.states[to]) problems.push(problem(`/migration/states/${escapeSegment(from)}`, 'FW_DEF_UNKNOWN_STATE', { state: to }));
    }
  }
  if (problems.length > 0) throw new DefinitionError(problems);

  return {
    key: definition.key,
    version: definition.version,
    kind: definition.kind,
    definition,
    fingerprint: print,
    validator,
    rules: new RuleSet(definition.rules ?? [], facts),
    workflow,
    fieldLabel(pointer) {
      const found = fieldTitle(schema, pointer);
      if (!found) return undefined;
      const en = titlesEn[found.schemaPointer] ?? (/[\u3400-\u9fff]/.test(found.title) ? undefined : found.title);
      return { 'zh-CN': found.title, en: en ?? pointer.split('/').pop() ?? found.title };
    },
  };
}

/** Translates an ajv compile failure (an unresolvable $ref, mostly) into a problem. */
function compileProblem(error: unknown, schema: Record<string, unknown>): Problem {
  const e = error as { missingRef?: string; missingSchema?: string; message?: string };
  if (e.missingRef !== undefined) {
    const ref = e.missingRef;
    return problem(findRef(schema, ref) ?? '/schema', 'FW_DEF_UNRESOLVED_REF', { ref });
  }
  return problem('/schema', 'FW_DEF_COMPILE', { message: e.message ?? String(error) });
}

/** The '/schema/…/$ref' path of the first reference whose value ends like the missing one. */
function findRef(schema: unknown, missing: string, pointer = '/schema'): string | undefined {
  if (schema === null || typeof schema !== 'object') return undefined;
  for (const [key, value] of Object.entries(schema)) {
    const here = `${pointer}/${escapeSegment(key)}`;
    if ((key === '$ref' || key === '$dynamicRef') && typeof value === 'string' && (missing.endsWith(value) || value.endsWith(missing))) {
      return here;
    }
    const found = findRef(value, missing, here);
    if (found) return found;
  }
  return undefined;
}
