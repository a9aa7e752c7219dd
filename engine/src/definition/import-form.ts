/**
 * importForm: reads a form written elsewhere into a module definition the designer can edit.
 * The input is either a Formwork definition (kept as it is, minus its version) or a form
 * written for react-jsonschema-form (`{ key, title, schema, uiSchema?, formData? }`).
 *
 * Formwork compiles JSON Schema 2020-12, and most forms in the wild (rjsf's playground among
 * them) still spell draft-04/06/07. Each such spelling is rewritten to its 2020-12 equivalent by
 * convertDraft07Schema (the same conversion compileDefinition applies) and reported as a note at
 * its place in the RESULT, so the designer sees what moved and nothing changes silently. What
 * cannot be read is refused with problems (a 422).
 *
 * Pure: the input is never changed and nothing in the result shares an object with it.
 */
import moduleSchema from '../../../definitions/meta/module.schema.json' with { type: 'json' };
import type { ErrorCode } from '../errors/codes.js';
import { DefinitionError } from '../errors/formwork-error.js';
import { problem, type Problem } from '../errors/problem.js';
import { isPlainObject } from '../validation/walk-schema.js';
import { convertDefinitionSchema, convertDraft07Schema, DRAFT07_NOTE_CODES, typeRecordRoot } from './convert-draft07.js';
import type { LocalizedText, ModuleDefinition, TestCase } from './generated/module-definition.js';

/** The codes an import reports as notes: conversions made, never errors. */
export const IMPORT_NOTE_CODES = [
  ...DRAFT07_NOTE_CODES,
  'FW_IMPORT_TITLE_FROM_SCHEMA',
  'FW_IMPORT_EXAMPLE_TEST',
  'FW_IMPORT_EXAMPLE_SKIPPED',
  'FW_IMPORT_VERSION',
  'FW_IMPORT_IGNORED_KEY',
] as const satisfies readonly ErrorCode[];

/** A code of {@link IMPORT_NOTE_CODES}. */
export type ImportNoteCode = (typeof IMPORT_NOTE_CODES)[number];

/** One conversion an import made. Shaped like a {@link Problem}, but it is not one. */
export interface ImportNote {
  /**
   * JSON Pointer into the RESULT definition: where the converted spelling now is (e.g.
   * '/schema/$defs'), or the object a keyword was removed from ('' is the definition itself).
   */
  path: string;
  code: ImportNoteCode;
  message: Required<LocalizedText>;
  params?: Record<string, unknown>;
}

/** A definition as imported: a draft, so it carries no version (publishing assigns one). */
export type ImportedDefinition = Omit<ModuleDefinition, 'version'>;

/** What {@link importForm} returns. */
export interface ImportResult {
  definition: ImportedDefinition;
  /** Every conversion, in the order of the result document; notes about the definition as a whole (path '') last. */
  notes: ImportNote[];
}

/** A form written for react-jsonschema-form, with what a module needs besides. */
export interface RjsfFormInput {
  /** The module key, `^[a-z][a-z0-9_-]{1,63}$`. */
  key: string;
  /** A text (taken as the zh-CN title) or a localized title; default: the schema's title. */
  title?: string | LocalizedText;
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
  /** An example: it becomes the test {@link IMPORTED_EXAMPLE_TEST}, which expects it to be valid. */
  formData?: unknown;
}

/** The name of the test case an rjsf form's `formData` becomes. */
export const IMPORTED_EXAMPLE_TEST = 'imported example';

const KEY_PATTERN = moduleSchema.properties.key.pattern;
const RJSF_KEYS = new Set(['key', 'title', 'schema', 'uiSchema', 'formData']);

/**
 * Imports a Formwork definition or a react-jsonschema-form form (see {@link RjsfFormInput}).
 * An input with `kind` is a Formwork definition; anything else is read as an rjsf form.
 *
 * Converted to 2020-12, anywhere in the schema: `definitions` → `$defs` (with every `$ref`
 * into them, further segments included), `dependencies` → `dependentRequired` (lists) and
 * `dependentSchemas` (schemas), array `items` → `prefixItems` with `additionalItems` → `items`,
 * draft-04/06/07 `$schema` removed, `id` → `$id`, `"#name"` ids → `$anchor`, boolean
 * `exclusiveMaximum`/`exclusiveMinimum` → numbers. A Formwork definition's `i18n.en` keys (schema
 * pointers) follow the schema. An rjsf form's `uiSchema` becomes `ui` and its `formData` a test
 * expecting the example to be valid.
 *
 * Only what is needed to read the input is checked (key, title, schema shape, an object root
 * for rjsf forms); everything else is `compileDefinition`'s job.
 *
 * @throws DefinitionError with every problem, at its path in the input, when it cannot be read.
 */
export function importForm(input: unknown): ImportResult {
  if (!isPlainObject(input)) throw new DefinitionError([problem('', 'FW_IMPORT_NOT_AN_OBJECT', { name: 'form' })]);
  let source: Record<string, unknown>;
  try {
    source = structuredClone(input);
  } catch {
    // Only values that JSON cannot carry (functions, symbols …) fail to clone.
    throw new DefinitionError([problem('', 'FW_IMPORT_NOT_AN_OBJECT', { name: 'form' })]);
  }
  return 'kind' in source ? importDefinition(source) : importRjsf(source);
}

function importDefinition(source: Record<string, unknown>): ImportResult {
  const problems = [...keyProblems(source.key), ...schemaShapeProblems(source.schema)];
  if (problems.length > 0) throw new DefinitionError(problems);

  const { version, ...rest } = source;
  const conversion = convertDefinitionSchema(rest);
  if (conversion.problems.length > 0) throw new DefinitionError(conversion.problems);
  const notes: ImportNote[] = [...conversion.notes];
  if (version !== undefined) notes.push(note('', 'FW_IMPORT_VERSION', { version }));
  return { definition: conversion.definition as unknown as ImportedDefinition, notes };
}

function importRjsf(source: Record<string, unknown>): ImportResult {
  const problems = [...keyProblems(source.key), ...schemaShapeProblems(source.schema)];
  if (source.uiSchema !== undefined && !isPlainObject(source.uiSchema)) {
    problems.push(problem('/uiSchema', 'FW_IMPORT_NOT_AN_OBJECT', { name: 'uiSchema' }));
  }
  const notes: ImportNote[] = [];
  const schemaTitle = isPlainObject(source.schema) ? source.schema.title : undefined;
  const title = readTitle(source.title, schemaTitle, problems, notes);
  if (!isPlainObject(source.schema)) throw new DefinitionError(problems);

  const upgrade = convertDraft07Schema(source.schema, '/schema');
  problems.push(...upgrade.problems);
  const rooted = typeRecordRoot(upgrade.schema as Record<string, unknown>, '/schema');
  const schema = rooted.schema;
  if (rooted.note) {
    notes.push(rooted.note);
  } else if (schema.type !== 'object') {
    // A list or a single value cannot be a record: records are objects of fields.
    problems.push(problem('/schema', 'FW_DEF_SCHEMA_ROOT'));
  }
  if (problems.length > 0) throw new DefinitionError(problems);
  notes.push(...upgrade.notes);

  const definition: Record<string, unknown> = { key: source.key, kind: 'record', title, schema };
  if (source.uiSchema !== undefined) definition.ui = source.uiSchema;
  if (source.formData !== undefined) {
    if (isPlainObject(source.formData) && Object.keys(source.formData).length > 0) {
      // `valid: true` and nothing else: the example must be accepted, whatever else it does.
      const test: TestCase = { name: IMPORTED_EXAMPLE_TEST, data: source.formData, expect: { valid: true } };
      definition.tests = [test];
      notes.push(note('/tests/0', 'FW_IMPORT_EXAMPLE_TEST', { name: IMPORTED_EXAMPLE_TEST }));
    } else {
      // An empty example asserts nothing worth a test; anything but an object cannot be valid
      // against an object root, so it would only make a test that always fails.
      notes.push(note('', 'FW_IMPORT_EXAMPLE_SKIPPED'));
    }
  }
  for (const key of Object.keys(source)) {
    if (!RJSF_KEYS.has(key)) notes.push(note('', 'FW_IMPORT_IGNORED_KEY', { key }));
  }
  return { definition: definition as unknown as ImportedDefinition, notes };
}

/** The problems of a module key: the same path and codes as the meta-model's. */
function keyProblems(key: unknown): Problem[] {
  if (key === undefined) return [problem('/key', 'FW_VAL_REQUIRED', { label: 'key' })];
  if (typeof key !== 'string' || !new RegExp(KEY_PATTERN, 'u').test(key)) {
    return [problem('/key', 'FW_VAL_PATTERN', { label: 'key', pattern: KEY_PATTERN })];
  }
  return [];
}

function schemaShapeProblems(schema: unknown): Problem[] {
  if (schema === undefined) return [problem('/schema', 'FW_VAL_REQUIRED', { label: 'schema' })];
  if (!isPlainObject(schema)) return [problem('/schema', 'FW_IMPORT_NOT_AN_OBJECT', { name: 'schema' })];
  return [];
}

/** An rjsf form's title: a text (zh-CN, the primary locale) or {zh-CN, en}; else the schema's. */
function readTitle(title: unknown, schemaTitle: unknown, problems: Problem[], notes: ImportNote[]): LocalizedText | undefined {
  if (typeof title === 'string' && title.trim() !== '') return { 'zh-CN': title };
  if (isPlainObject(title) && typeof title['zh-CN'] === 'string' && title['zh-CN'] !== '' && (title.en === undefined || typeof title.en === 'string')) {
    return title.en === undefined ? { 'zh-CN': title['zh-CN'] } : { 'zh-CN': title['zh-CN'], en: title.en };
  }
  if (title === undefined && typeof schemaTitle === 'string' && schemaTitle.trim() !== '') {
    notes.push(note('/title', 'FW_IMPORT_TITLE_FROM_SCHEMA'));
    return { 'zh-CN': schemaTitle };
  }
  problems.push(title === undefined ? problem('/title', 'FW_VAL_REQUIRED', { label: 'title' }) : problem('/title', 'FW_IMPORT_TITLE'));
  return undefined;
}

function note(path: string, code: ImportNoteCode, params: Record<string, unknown> = {}): ImportNote {
  return { ...problem(path, code, params), code };
}

