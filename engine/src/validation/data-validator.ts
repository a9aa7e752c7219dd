import type { ValidateFunction } from 'ajv';
import type { Problem } from '../errors/problem.js';
import { createAjv } from './ajv-factory.js';
import { problemsFromAjv, type EnglishTitles, type ProblemOptions } from './ajv-problems.js';

/** Validates record data against one compiled record schema. */
export interface DataValidator {
  /** Every problem of the data (empty when valid). Never throws on data. */
  validate(data: unknown): Problem[];
  /** The raw ajv function, for callers that only need a verdict. */
  readonly ajvValidate: ValidateFunction;
}

/**
 * Compiles a record schema (already checked against the policy) in product mode.
 * Throws ajv's own errors (e.g. MissingRefError) for the caller to translate.
 */
export function compileDataValidator(
  schema: object | boolean,
  titlesEn: EnglishTitles = {},
  externals: Readonly<Record<string, unknown>> = {},
  labelOf?: ProblemOptions['labelOf'],
): DataValidator {
  const ajv = createAjv('product');
  // Schemas the record schema may reference by URI (code lists), known in advance: nothing is fetched.
  for (const [uri, external] of Object.entries(externals)) ajv.addSchema(external as object, uri);
  const ajvValidate = ajv.compile(schema);
  return {
    ajvValidate,
    validate(data) {
      if (ajvValidate(data)) return [];
      return problemsFromAjv(ajvValidate.errors ?? [], { titlesEn, ...(labelOf ? { labelOf } : {}) });
    },
  };
}

/** Compiles a schema the way the JSON Schema 2020-12 specification reads it (the conformance suite's mode). */
export function compileConformanceValidator(schema: object | boolean): (data: unknown) => boolean {
  const ajv = createAjv('conformance');
  const validate = ajv.compile(schema);
  return (data) => validate(data) === true;
}
