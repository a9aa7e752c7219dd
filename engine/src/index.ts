/**
 * Formwork's engine: pure (no I/O, no clock), the same in Node and in the browser.
 * Definitions in, compiled modules and evaluation results out.
 */
export type * from './definition/generated/module-definition.js';
export { compileDefinition, DEFAULT_REPORT_WORKFLOW, MAX_DEFINITION_BYTES, type CompileOptions, type CompiledModule, type CompiledReport } from './definition/compile-module.js';
export { ModuleCompiler, compileModule, compileModuleStats, type CompilerStats } from './definition/module-compiler.js';
export { evaluate, interpretRun, requiredProblem, type EvaluateOptions, type EvaluationResult } from './definition/evaluate.js';
export { runDefinitionTests, type TestCaseResult, type TestRunResult } from './definition/run-tests.js';
export { META_SCHEMAS, MODULE_SCHEMA_ID, checkMetaModel } from './definition/meta-model.js';
export { diffDefinitions, FIELD_ATTRIBUTES, type AddedRemovedChanged, type AttributeChange, type CodeChange, type DefinitionDiff, type FieldChange, type FieldTitle, type ReportFieldChange, type RuleChange, type StateChange, type TransitionChange } from './definition/diff-definitions.js';
export { importForm, IMPORT_NOTE_CODES, IMPORTED_EXAMPLE_TEST, type ImportedDefinition, type ImportNote, type ImportNoteCode, type ImportResult, type RjsfFormInput } from './definition/import-form.js';
export { convertDefinitionSchema, convertDraft07Schema, DRAFT07_NOTE_CODES, type DefinitionConversion, type Draft07Conversion, type SchemaNote, type SchemaNoteCode } from './definition/convert-draft07.js';
export { canonicalJson, fingerprint } from './definition/fingerprint.js';
export { codeTitle, fieldExists, fieldOptions, fieldTitle, fieldType, lookupDataPointer, type FieldOption } from './definition/schema-lookup.js';
export { checkUi, KIT_WIDGETS, REGISTERED_FIELDS, REGISTERED_WIDGETS, WIDGETS_BY_TYPE } from './definition/check-ui.js';
export { cellText, checkList, chinaMinute, listSettings, recordTitle, searchText, SORT_BUILTINS, TITLE_SEPARATOR, TITLE_TOKENS, type CodeTitler, type ListColumnSettings, type ListSettings, type TitleContext } from './definition/list-spec.js';
export { checkQuality, qualitySettings, QUALITY_DEFAULTS, type QualitySettings } from './definition/check-quality.js';
export { CODES, isErrorCode, type ErrorCode } from './errors/codes.js';
export { DefinitionError, FormworkError, isFormworkError } from './errors/formwork-error.js';
export { DEFAULT_LOCALE, LOCALES, format, formatText, negotiateLocale, pick, type Locale } from './errors/localize.js';
export { localizeProblem, problem, type LocalizedProblem, type Problem } from './errors/problem.js';
export { compilePointer, escapeSegment, getAt, hasContent, isEmptyValue, isWithin, joinPointer, parsePointer, setAt, unescapeSegment } from './pointer/json-pointer.js';
export { CONTEXT_POINTERS, isContextPointer, withToday, type EvaluationContext } from './rules/context.js';
export { CompiledRules } from './rules/compiled-rules.js';
export { RuleSet, priorityOf, type FactProvider, type FactRequest, type FiredEvent, type RuleRun } from './rules/rule-set.js';
export { CUSTOM_OPERATORS } from './rules/operators.js';
export { applyExpression } from './rules/json-logic.js';
export { compileDataValidator, compileConformanceValidator, type DataValidator } from './validation/data-validator.js';
export { allPatternCheckers, starHeightPatternChecker, type PatternChecker, type PatternVerdict } from './validation/pattern-checker.js';
export { DEFAULT_SCHEMA_LIMITS, checkSchemaPolicy, type SchemaLimits } from './validation/schema-policy.js';
export { KNOWN_FORMATS } from './validation/ajv-factory.js';
export { CODELIST_SCHEME } from './validation/keywords.js';
export { problemsFromAjv, type ProblemOptions } from './validation/ajv-problems.js';
export { walkSchema, type SchemaVisit } from './validation/walk-schema.js';
export type { CompiledState, CompiledTransition, CompiledWorkflow } from './workflow/compile-workflow.js';
export { compileAccess, refuseLocked, unitRelation, type AccessLevel, type AccessSite, type CompiledAccess, type LockedField, type UnitRelation } from './workflow/field-access.js';
export { addDuration, deadlineText, endOfDay, parseDuration, subtractDuration, ZONE_OFFSET_MINUTES } from './workflow/duration.js';
export { applyMergePatch } from './data/merge-patch.js';
export { diffData, type Change } from './data/diff.js';
export { applyMigration, checkMigration } from './data/migration.js';
export { chinaMidnight, parsePeriod, periodContaining, periodDue, periodName, periodOf, periodTitle, previousPeriod, submittableFrom, PERIOD_EXAMPLES, PERIOD_YEARS, type Period, type PeriodType } from './report/period.js';
export { reportLayout, rollupFields, type Aggregate, type LayoutEntry } from './report/layout.js';
export { checkPrefillSources, prefillSource, type PrefillSource } from './report/check-report.js';
export { LINKED_TABLE_KEYS } from './dataset/check-datasets.js';
export { checkDatasetRefs, refModules, refTarget, type RefTarget } from './dataset/check-refs.js';
