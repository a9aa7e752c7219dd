import type { ValidateFunction } from 'ajv';
import type { Problem } from '../errors/problem.js';
import { escapeSegment, parsePointer } from '../pointer/json-pointer.js';
import { createAjv } from './ajv-factory.js';
import { problemsFromAjv, type EnglishTitles, type ProblemOptions } from './ajv-problems.js';
import type { BranchValidators } from './branch-choice.js';
import { indexSchemaRefs } from './schema-refs.js';
import { walkSchema } from './walk-schema.js';

/** Validates record data against one compiled record schema. */
export interface DataValidator {
  /** Every problem of the data (empty when valid). Never throws on data. */
  validate(data: unknown): Problem[];
  /** The raw ajv function, for callers that only need a verdict. */
  readonly ajvValidate: ValidateFunction;
}

/** The key the record schema is registered under, so that its subschemas can be compiled by pointer. */
const RECORD_KEY = 'formwork:record';

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
  // OpenAPI's discriminator is an annotation here: it names the property that picks an either-or branch.
  ajv.addKeyword({ keyword: 'discriminator', schemaType: 'object' });
  // Schemas the record schema may reference by URI (code lists), known in advance: nothing is fetched.
  for (const [uri, external] of Object.entries(externals)) ajv.addSchema(external as object, uri);
  ajv.addSchema(schema, RECORD_KEY);
  const ajvValidate = ajv.getSchema(RECORD_KEY)!;
  const branches = branchValidators(schema, (pointer) => ajv.getSchema(`${RECORD_KEY}#${uriFragment(pointer)}`));
  return {
    ajvValidate,
    validate(data) {
      if (ajvValidate(data)) return [];
      return problemsFromAjv(ajvValidate.errors ?? [], { titlesEn, ...(labelOf ? { labelOf } : {}), explain: { data, branches } });
    },
  };
}

/** Subschemas of the record schema by object and by pointer, each compiled on first need. */
function branchValidators(schema: object | boolean, compile: (pointer: string) => ValidateFunction | undefined): BranchValidators {
  const pointers = new WeakMap<object, string>();
  walkSchema(schema, ({ node, pointer }) => {
    if (typeof node === 'object') pointers.set(node, pointer);
  });
  const refs = indexSchemaRefs(schema);
  const compiled = new Map<string, ValidateFunction | undefined>();
  return {
    pointerOf: (node) => (node !== null && typeof node === 'object' ? pointers.get(node) : undefined),
    resolve: (ref, from) => refs.resolve(ref, from),
    validatorAt(pointer) {
      if (!compiled.has(pointer)) {
        let validate: ValidateFunction | undefined;
        try {
          validate = compile(pointer);
        } catch {
          validate = undefined;
        }
        compiled.set(pointer, validate);
      }
      return compiled.get(pointer);
    },
  };
}

/** A JSON Pointer as a URI fragment: each segment escaped, then percent-encoded. */
function uriFragment(pointer: string): string {
  return parsePointer(pointer)
    .map((segment) => '/' + encodeURIComponent(escapeSegment(segment)))
    .join('');
}

/** Compiles a schema the way the JSON Schema 2020-12 specification reads it (the conformance suite's mode). */
export function compileConformanceValidator(schema: object | boolean): (data: unknown) => boolean {
  const ajv = createAjv('conformance');
  const validate = ajv.compile(schema);
  return (data) => validate(data) === true;
}
