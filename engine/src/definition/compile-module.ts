/**
 * compileModule: a definition (data) → a CompiledModule (ajv validator, rules engine, workflow).
 * Checks, in order: size, the meta-model (applying defaults), the record schema's dialect
 * (draft-07 spellings converted to 2020-12, each conversion noted), its safety policy and its
 * 2020-12 validity, then meaning (fields, states, facts). Every problem is reported at once, each
 * at its JSON Pointer inside the definition.
 */
import { DefinitionError } from '../errors/formwork-error.js';
import { problem, type Problem } from '../errors/problem.js';
import { escapeSegment, getAt } from '../pointer/json-pointer.js';
import { checkMigration } from '../data/migration.js';
import { checkDatasets } from '../dataset/check-datasets.js';
import { checkQuality } from './check-quality.js';
import { checkList, listSettings, type ListSettings } from './list-spec.js';
import { checkReport, type ReportCheckEnv } from '../report/check-report.js';
import { reportLayout, rollupFields, type LayoutEntry } from '../report/layout.js';
import reportSchema from '../../../definitions/meta/report.schema.json' with { type: 'json' };
import { checkRules } from '../rules/check-rules.js';
import { checkExpression } from '../rules/json-logic.js';
import { CompiledRules } from '../rules/compiled-rules.js';
import { compileDataValidator, type DataValidator } from '../validation/data-validator.js';
import { starHeightPatternChecker, type PatternChecker } from '../validation/pattern-checker.js';
import { checkSchemaPolicy, type SchemaLimits } from '../validation/schema-policy.js';
import { checkAgainstMetaSchema } from '../validation/schema-meta-check.js';
import { compileWorkflow, type CompiledWorkflow, type WorkflowEnv } from '../workflow/compile-workflow.js';
import { convertDefinitionSchema, typeRecordRoot, type SchemaNote } from './convert-draft07.js';
import { fingerprint } from './fingerprint.js';
import type { ModuleDefinition, ReportSpec, Workflow } from './generated/module-definition.js';
import { checkMetaModel } from './meta-model.js';
import { codeTitle, fieldExists, fieldHasType, fieldOptions, fieldTitle, fieldType, type FieldOption } from './schema-lookup.js';
import { CODELIST_SCHEME } from '../validation/keywords.js';
import { walkSchema } from '../validation/walk-schema.js';

/** Largest definition accepted, in bytes of JSON. */
export const MAX_DEFINITION_BYTES = 2 * 1024 * 1024;

export interface CompileOptions {
  /** Decides whether a regular expression is safe; default: the pure star-height check. */
  patternChecker?: PatternChecker;
  schemaLimits?: Partial<SchemaLimits>;
  /**
   * The schemas of the code lists the record schema references ({"$ref": "codelist:<key>"}),
   * by URI. The runtime supplies the versions the module is pinned to; nothing is fetched.
   */
  codelists?: Readonly<Record<string, unknown>>;
}

/** A definition ready to evaluate data: compiled once per key + version. */
export interface CompiledModule {
  readonly key: string;
  readonly version: number | undefined;
  readonly kind: ModuleDefinition['kind'];
  /**
   * The definition with every default applied and its schema in 2020-12 spellings: what is
   * published and what every form renders.
   */
  readonly definition: Readonly<ModuleDefinition>;
  /** The draft-07 spellings the compile converted, each at its place in `definition` (none for a 2020-12 schema). */
  readonly notes: readonly SchemaNote[];
  readonly fingerprint: string;
  readonly validator: DataValidator;
  /** The rules compiled to closures (json-rules-engine's RuleSet is the reference they are tested against). */
  readonly rules: CompiledRules;
  readonly workflow: CompiledWorkflow;
  /** Field title (zh-CN, en) at a data pointer, for messages. */
  fieldLabel(pointer: string): { 'zh-CN': string; en: string } | undefined;
  /** The title of a code (from the field's code list or oneOf), for documents and exports. */
  codeTitle(pointer: string, value: unknown): string | undefined;
  /** The allowed values of a field (its code list or options), for codebooks and imports. */
  fieldOptions(pointer: string): FieldOption[];
  /** The JSON type (and format) a field declares, for datasets' column types. */
  fieldType(pointer: string): { type: string; format?: string } | undefined;
  /** What the record schema declares at a data pointer. */
  readonly fields: {
    exists(pointer: string): boolean;
    isDate(pointer: string): boolean;
    isNumeric(pointer: string): boolean;
  };
  /** Report modules: the template's layout and roll-up. */
  readonly report?: CompiledReport;
  /** How records are named and listed (`list`, defaults filled in). */
  readonly list: ListSettings;
}

export interface CompiledReport {
  readonly spec: Readonly<ReportSpec>;
  /** Sections and fields in form order. */
  readonly layout: readonly LayoutEntry[];
  /** The fields that roll up the tree, in form order. */
  readonly rollup: readonly LayoutEntry[];
  /** The fields computed from other modules' records. */
  readonly prefilled: readonly LayoutEntry[];
  /** States whose figures count as approved. */
  readonly approvedStates: readonly string[];
}

/** The workflow of a report module that declares none (definitions/meta/report.schema.json). */
export const DEFAULT_REPORT_WORKFLOW = reportSchema.$defs.DefaultReportWorkflow.default as Workflow;

/** Compiles a definition or throws a DefinitionError listing every problem. */
export function compileDefinition(input: unknown, options: CompileOptions = {}): CompiledModule {
  const print = fingerprint(input);
  checkSize(input);
  const { definition, notes } = convertDialect(applyMetaModel(input));
  const schema = definition.schema as Record<string, unknown>;
  const externals = options.codelists ?? {};
  const schemaProblems = checkRecordSchema(definition, schema, externals, options);
  // A schema that breaks the meta-schema or the policy is not handed to ajv at all.
  if (schemaProblems.length > 0) throw new DefinitionError(schemaProblems);

  const titlesEn = (definition.i18n?.en ?? {}) as Record<string, string>;
  const fieldLabel = fieldLabeller(schema, titlesEn, externals);
  const validator = compileValidator(schema, titlesEn, externals, fieldLabel);
  const facts = definition.facts ?? {};
  const env = { ...schemaEnv(schema, facts, externals), fieldLabel };
  const exists = env.fieldExists;
  const problems: Problem[] = [...checkEnglishTitles(titlesEn, schema), ...checkRules(definition.rules ?? [], env)];
  const { workflow, problems: workflowProblems } = compileWorkflow(definition.workflow!, env);
  problems.push(...workflowProblems, ...checkDueDates(definition));
  const compiledReport = definition.report ? compileReport(definition.report, { definition, schema, env, workflow, fieldLabel }) : undefined;
  if (compiledReport) problems.push(...compiledReport.problems);
  problems.push(...checkDatasets(definition.exports ?? [], exists, env.isDateField, (p) => fieldHasType(schema, p, ['array'], [], externals)));
  problems.push(...checkLinksAndDocuments(definition, exists));
  problems.push(...checkQuality(definition, exists, env.isDateField));
  const listEnv = { ...env, fieldOptions: (p: string) => fieldOptions(schema, p, externals), fieldType: (p: string) => fieldType(schema, p, externals) };
  problems.push(...checkList(definition, listEnv));
  problems.push(...checkMigrationOf(definition, exists, workflow));
  if (problems.length > 0) throw new DefinitionError(problems);

  const report = compiledReport?.report;
  return {
    key: definition.key,
    version: definition.version,
    kind: definition.kind,
    definition,
    notes,
    fingerprint: print,
    validator,
    rules: new CompiledRules(definition.rules ?? [], facts),
    workflow,
    codeTitle(pointer, value) {
      return codeTitle(schema, pointer, value, externals);
    },
    fieldOptions: (pointer) => fieldOptions(schema, pointer, externals),
    fieldType: (pointer) => fieldType(schema, pointer, externals),
    fieldLabel,
    fields: { exists, isDate: env.isDateField, isNumeric: env.isNumericField },
    ...(report ? { report } : {}),
    list: searchable(listSettings(definition, listEnv), workflow.access),
  };
}

/** The list settings with the title fields search may use: none that an access rule can hide. */
function searchable(list: ListSettings, access: CompiledModule['workflow']['access']): ListSettings {
  return access.declared ? { ...list, searchFields: list.titleFields.filter((pointer) => !access.mayHide(pointer)) } : list;
}

type FieldLabel = CompiledModule['fieldLabel'];
type Externals = NonNullable<CompileOptions['codelists']>;
/** What the checks of rules, workflow and report ask of the record schema. */
type SchemaEnv = WorkflowEnv & ReportCheckEnv;

/** Refuses a definition larger than MAX_DEFINITION_BYTES before anything else reads it. */
function checkSize(input: unknown): void {
  const size = new TextEncoder().encode(JSON.stringify(input) ?? '').length;
  if (size > MAX_DEFINITION_BYTES) {
    throw new DefinitionError([problem('', 'FW_DEF_TOO_LARGE', { size, limit: MAX_DEFINITION_BYTES })], 'FW_DEF_TOO_LARGE', {
      size,
      limit: MAX_DEFINITION_BYTES,
    });
  }
}

/** The definition checked against the meta-model, with every default applied. */
function applyMetaModel(input: unknown): ModuleDefinition {
  const meta = checkMetaModel(input);
  if (!('definition' in meta)) throw new DefinitionError(meta.problems);
  const definition = meta.definition;
  // The meta-model's default workflow is a record's; a report without one gets the report's.
  if (definition.kind === 'report' && (input as { workflow?: unknown }).workflow === undefined) {
    definition.workflow = structuredClone(DEFAULT_REPORT_WORKFLOW);
  }
  return definition;
}

/**
 * The definition with its schema's draft-07 spellings converted to 2020-12 (the spellings rjsf
 * forms are written in) and a record root with properties typed as an object (as rjsf reads it),
 * and the notes saying what changed. Only a spelling defined twice (e.g. the same name under
 * `definitions` and `$defs`) cannot be converted.
 */
function convertDialect(definition: ModuleDefinition): { definition: ModuleDefinition; notes: SchemaNote[] } {
  const converted = convertDefinitionSchema(definition as unknown as Record<string, unknown>);
  if (converted.problems.length > 0) throw new DefinitionError(converted.problems);
  const result = converted.definition as unknown as ModuleDefinition;
  if (result.kind === 'codelist') return { definition: result, notes: converted.notes };
  const rooted = typeRecordRoot(result.schema as Record<string, unknown>, '/schema');
  if (!rooted.note) return { definition: result, notes: converted.notes };
  return { definition: { ...result, schema: rooted.schema }, notes: [rooted.note, ...converted.notes] };
}

/** The record schema's problems: its root, 2020-12 validity, the safety policy, code lists it names. */
function checkRecordSchema(definition: ModuleDefinition, schema: Record<string, unknown>, externals: Externals, options: CompileOptions): Problem[] {
  const problems: Problem[] = [];
  // A code list's schema is the schema of one value; a record's is an object.
  if (definition.kind !== 'codelist' && schema.type !== 'object') problems.push(problem('/schema', 'FW_DEF_SCHEMA_ROOT'));
  problems.push(...checkAgainstMetaSchema(schema, '/schema'));
  problems.push(
    ...checkSchemaPolicy(schema, '/schema', {
      patternChecker: options.patternChecker ?? starHeightPatternChecker,
      knownUris: Object.keys(externals),
      externals,
      ...(options.schemaLimits ? { limits: options.schemaLimits } : {}),
    }),
  );
  walkSchema(schema, ({ node, pointer }) => {
    const ref = typeof node === 'object' ? node.$ref : undefined;
    if (typeof ref === 'string' && ref.startsWith(CODELIST_SCHEME) && externals[ref] === undefined) {
      problems.push(problem(`/schema${pointer}/$ref`, 'FW_DEF_UNKNOWN_CODELIST', { key: ref.slice(CODELIST_SCHEME.length) }));
    }
  });
  return problems;
}

/** Field titles for messages: zh-CN from the schema, en from `i18n.en`, a Latin title or the property name. */
function fieldLabeller(schema: Record<string, unknown>, titlesEn: Record<string, string>, externals: Externals): FieldLabel {
  return (pointer: string) => {
    const found = fieldTitle(schema, pointer, externals);
    if (!found) return undefined;
    const en = titlesEn[found.schemaPointer] ?? (/[\u3400-\u9fff]/.test(found.title) ? undefined : found.title);
    return { 'zh-CN': found.title, en: en ?? pointer.split('/').pop() ?? found.title };
  };
}

/** The ajv validator of record data; a schema ajv cannot compile is a definition problem. */
function compileValidator(schema: Record<string, unknown>, titlesEn: Record<string, string>, externals: Externals, fieldLabel: FieldLabel): DataValidator {
  try {
    return compileDataValidator(schema, titlesEn, externals, fieldLabel);
  } catch (error) {
    throw new DefinitionError([compileProblem(error, schema)]);
  }
}

/** Questions about the record schema's fields, answered with the pinned code lists. */
function schemaEnv(schema: Record<string, unknown>, facts: SchemaEnv['facts'], externals: Externals): SchemaEnv {
  return {
    fieldExists: (pointer: string) => fieldExists(schema, pointer, externals),
    facts,
    isDateField: (p: string) => fieldHasType(schema, p, ['string'], ['date', 'date-time'], externals),
    isNumericField: (p: string) => fieldHasType(schema, p, ['number', 'integer'], [], externals),
    fieldOptions: (p: string) => fieldOptions(schema, p, externals),
    fieldType: (p: string) => fieldType(schema, p, externals),
  };
}

/** English titles are keyed by schema pointer: each must point into the schema. */
function checkEnglishTitles(titlesEn: Record<string, string>, schema: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const pointer of Object.keys(titlesEn)) {
    if (getAt(schema, pointer) === undefined) {
      problems.push(problem(`/i18n/en/${escapeSegment(pointer)}`, 'FW_DEF_UNKNOWN_FIELD', { pointer }));
    }
  }
  return problems;
}

/** A `due` deadline is the date a report's assignment sets: only report modules have one. */
function checkDueDates(definition: ModuleDefinition): Problem[] {
  const problems: Problem[] = [];
  for (const [name, state] of Object.entries(definition.workflow!.states)) {
    if (state?.deadline?.due && definition.kind !== 'report') problems.push(problem(`/workflow/states/${escapeSegment(name)}/deadline/due`, 'FW_DEF_DUE_NOT_REPORT'));
  }
  return problems;
}

/** A report template: its layout and roll-up, checked against the schema and the workflow. */
function compileReport(
  spec: ReportSpec,
  { definition, schema, env, workflow, fieldLabel }: { definition: ModuleDefinition; schema: Record<string, unknown>; env: SchemaEnv; workflow: CompiledWorkflow; fieldLabel: FieldLabel },
): { report: CompiledReport; problems: Problem[] } {
  const problems: Problem[] = [];
  if (definition.kind !== 'report') problems.push(problem('/report', 'FW_DEF_REPORT_KIND'));
  const layout = reportLayout(schema, definition.ui, spec, fieldLabel);
  problems.push(...checkReport(spec, env, layout));
  const finals = Object.values(workflow.states).filter((s) => s.final).map((s) => s.name);
  const approvedStates = spec.approved ?? (workflow.states.approved ? ['approved'] : finals);
  (spec.approved ?? []).forEach((state, i) => {
    if (!workflow.states[state]) problems.push(problem(`/report/approved/${i}`, 'FW_DEF_UNKNOWN_STATE', { state }));
  });
  return { report: { spec, layout, rollup: rollupFields(layout), prefilled: layout.filter((e) => e.prefill), approvedStates }, problems };
}

/** A migration's field mappings, and the states it maps to, must exist. */
function checkMigrationOf(definition: ModuleDefinition, exists: (pointer: string) => boolean, workflow: CompiledWorkflow): Problem[] {
  if (!definition.migration) return [];
  const problems = [...checkMigration(definition.migration, exists)];
  for (const [from, to] of Object.entries(definition.migration.states ?? {})) {
    if (to && !workflow.states[to]) problems.push(problem(`/migration/states/${escapeSegment(from)}`, 'FW_DEF_UNKNOWN_STATE', { state: to }));
  }
  return problems;
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

/** Links have unique names; documents' placeholders and conditions name existing fields. */
function checkLinksAndDocuments(definition: ModuleDefinition, exists: (pointer: string) => boolean): Problem[] {
  const problems: Problem[] = [];
  const names = new Set<string>();
  (definition.links ?? []).forEach((link, i) => {
    if (names.has(link.name)) problems.push(problem(`/links/${i}/name`, 'FW_DEF_DUPLICATE', { name: link.name }));
    names.add(link.name);
    for (const [pointer, value] of Object.entries(link.where ?? {})) {
      const from = value !== null && typeof value === 'object' && 'fromData' in value ? String((value as { fromData: unknown }).fromData) : undefined;
      if (from !== undefined && !exists(from)) problems.push(problem(`/links/${i}/where/${escapeSegment(pointer)}/fromData`, 'FW_DEF_UNKNOWN_FIELD', { pointer: from }));
    }
    for (const [pointer, expr] of Object.entries(link.create?.data ?? {})) {
      problems.push(...checkExpression(expr, `/links/${i}/create/data/${escapeSegment(pointer)}`, exists));
    }
  });
  const documents = new Set<string>();
  (definition.documents ?? []).forEach((doc, i) => {
    if (documents.has(doc.name)) problems.push(problem(`/documents/${i}/name`, 'FW_DEF_DUPLICATE', { name: doc.name }));
    documents.add(doc.name);
    doc.blocks.forEach((block, j) => {
      for (const locale of ['zh-CN', 'en'] as const) {
        for (const [, pointer] of (block.text[locale] ?? '').matchAll(/\{(\/[^}]*)\}/g)) {
          if (!exists(pointer!)) problems.push(problem(`/documents/${i}/blocks/${j}/text/${locale}`, 'FW_DEF_UNKNOWN_FIELD', { pointer }));
        }
      }
      if (block.when !== undefined && !exists(block.when)) problems.push(problem(`/documents/${i}/blocks/${j}/when`, 'FW_DEF_UNKNOWN_FIELD', { pointer: block.when }));
    });
  });
  return problems;
}
