/**
 * Either-or sections (oneOf/anyOf) explained by the branch the data aims at. ajv reports every
 * branch's errors and then "must match exactly one schema"; a person filling a "company" job
 * must see what the company branch still needs, on its fields, and nothing about schools. The
 * branch is found by its discriminator (OpenAPI's `discriminator.propertyName`, or a property
 * every branch pins with const/enum), else it is the one that declares most of the fields filled
 * in, and of those the one with the fewest errors. A blank
 * either-or section thus reports only its missing fields (FW_VAL_REQUIRED, which drafts allow),
 * never an enum error for a discriminator nobody touched.
 *
 * Each branch is validated on its own (a validator compiled for its schema pointer) to learn
 * which of ajv's errors belong to it: ajv lists them branch by branch right before the
 * combinator's own error, but its schemaPath of a referenced branch says nothing about which
 * branch it was.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { escapeSegment, getAt, joinPointer } from '../pointer/json-pointer.js';
import type { RefTarget } from './schema-refs.js';
import { isPlainObject } from './walk-schema.js';

/** What the explanation needs of the compiled record schema. */
export interface BranchValidators {
  /** The JSON Pointer of a subschema object of the record schema (undefined for one outside it, e.g. a code list). */
  pointerOf(node: unknown): string | undefined;
  /** A validator of the subschema at a pointer (undefined when it cannot be compiled alone). */
  validatorAt(pointer: string): ValidateFunction | undefined;
  /** Where a `$ref` written at `from` lands. */
  resolve(ref: string, from: string): RefTarget | undefined;
}

interface BranchRun {
  index: number;
  valid: boolean;
  /** The branch's errors as they stand in the full error list (absolute instance paths). */
  errors: ErrorObject[];
}

/**
 * Replaces each failing oneOf/anyOf and its branches' errors by the errors of the branch the
 * data aims at (recursively), or by the combinator's error alone when no branch can be chosen
 * (several branches pass a oneOf). Combinators it cannot explain are left as they are.
 */
export function explainCombinators(errors: readonly ErrorObject[], data: unknown, branches: BranchValidators): ErrorObject[] {
  const out: ErrorObject[] = [];
  let i = errors.length - 1;
  while (i >= 0) {
    const error = errors[i]!;
    const explained = error.keyword === 'oneOf' || error.keyword === 'anyOf' ? explainOne(errors, i, data, branches) : undefined;
    if (explained) {
      out.unshift(...explained.errors);
      i = explained.start - 1;
    } else {
      out.unshift(error);
      i -= 1;
    }
  }
  return out;
}

function explainOne(errors: readonly ErrorObject[], at: number, data: unknown, branches: BranchValidators): { start: number; errors: ErrorObject[] } | undefined {
  const combinator = errors[at]!;
  const node = combinator.parentSchema as Record<string, unknown> | undefined;
  const nodePointer = branches.pointerOf(node);
  const list = node?.[combinator.keyword];
  if (nodePointer === undefined || !Array.isArray(list)) return undefined;
  const instance = getAt(data, combinator.instancePath);
  const runs = runBranches(list.length, joinPointer(nodePointer, combinator.keyword), instance, branches);
  if (!runs) return undefined;
  const start = at - runs.reduce((n, r) => n + r.errors.length, 0);
  if (!matchesBlock(errors, start, at, runs, combinator.instancePath)) return undefined;

  // Put the branch's own errors (as the full run reported them) in place of the standalone run's.
  let cursor = start;
  for (const run of runs) {
    const length = run.errors.length;
    run.errors = errors.slice(cursor, cursor + length);
    cursor += length;
  }
  // A oneOf that several branches pass has no branch to blame.
  if (runs.some((r) => r.valid)) return { start, errors: [combinator] };
  const choice = chooseBranch(node!, nodePointer, combinator, instance, runs, branches);
  if (choice === undefined) return undefined;
  if ('synthetic' in choice) return { start, errors: [choice.synthetic] };
  return { start, errors: explainCombinators(choice.errors, data, branches) };
}

/** Every branch validated alone; undefined when one cannot be. */
function runBranches(count: number, listPointer: string, instance: unknown, branches: BranchValidators): BranchRun[] | undefined {
  const runs: BranchRun[] = [];
  for (let index = 0; index < count; index++) {
    const validate = branches.validatorAt(joinPointer(listPointer, index));
    if (!validate) return undefined;
    const valid = validate(instance) === true;
    runs.push({ index, valid, errors: valid ? [] : [...(validate.errors ?? [])] });
  }
  return runs;
}

/** Whether the errors right before the combinator's are the branches' own, one for one. */
function matchesBlock(errors: readonly ErrorObject[], start: number, end: number, runs: BranchRun[], base: string): boolean {
  if (start < 0) return false;
  const flat = runs.flatMap((r) => r.errors);
  return flat.every((e, j) => {
    const full = errors[start + j]!;
    return full.keyword === e.keyword && full.instancePath === base + e.instancePath;
  }) && flat.length === end - start;
}

type Choice = BranchRun | { synthetic: ErrorObject } | undefined;

/**
 * The branch the data aims at: by discriminator value when the data has one (none yet is one
 * required error on it, a value no branch takes one enum error), else among the branches of the
 * data's type the one declaring most of the data's fields, then the fewest errors, then the
 * first. Undefined when every branch rejects the data's type or value outright (a list of codes:
 * reported as one enum error elsewhere).
 */
function chooseBranch(node: Record<string, unknown>, nodePointer: string, combinator: ErrorObject, instance: unknown, runs: BranchRun[], branches: BranchValidators): Choice {
  const keyword = combinator.keyword;
  const tags = discriminatorOf(node, nodePointer, keyword, runs.length, branches);
  if (tags && isPlainObject(instance)) {
    // Nothing chosen yet: the one thing to do is to choose.
    if (!Object.prototype.hasOwnProperty.call(instance, tags.property)) return { synthetic: discriminatorError(combinator, tags, 'required') };
    const value = instance[tags.property];
    const aimed = runs.filter((r) => tags.values[r.index]!.some((v) => sameValue(v, value)));
    if (aimed.length === 0) return { synthetic: discriminatorError(combinator, tags, 'enum') };
    return fewest(aimed);
  }
  const ofType = runs.filter((r) => !r.errors.some((e) => e.instancePath === combinator.instancePath && (e.keyword === 'type' || e.keyword === 'const' || e.keyword === 'enum')));
  if (ofType.length === 0) return undefined;
  // The fields the person filled in say which branch they are filling: the one that declares most of them.
  const filled = isPlainObject(instance) ? Object.keys(instance) : [];
  const list = node[keyword] as unknown[];
  const declared = (r: BranchRun) => {
    const shape = branchShape(list[r.index], joinPointer(nodePointer, keyword, r.index), branches);
    const properties = shape && isPlainObject(shape.properties) ? shape.properties : {};
    return filled.filter((name) => Object.prototype.hasOwnProperty.call(properties, name)).length;
  };
  const most = Math.max(...ofType.map(declared));
  return fewest(ofType.filter((r) => declared(r) === most));
}

/** The branch with the fewest errors (the first of equals). */
function fewest(runs: BranchRun[]): BranchRun {
  return runs.reduce((best, r) => (r.errors.length < best.errors.length ? r : best));
}

interface Tags {
  property: string;
  /** The values each branch allows for the property, by branch index. */
  values: unknown[][];
  /** The property's schema, titled when every branch gives it the same title (it names the field). */
  schema: Record<string, unknown>;
}

/** The property that tells the branches apart: `discriminator.propertyName`, else one every branch pins with const/enum. */
function discriminatorOf(node: Record<string, unknown>, nodePointer: string, keyword: string, count: number, branches: BranchValidators): Tags | undefined {
  const shapes: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const shape = branchShape((node[keyword] as unknown[])[i], joinPointer(nodePointer, keyword, i), branches);
    if (!shape) return undefined;
    shapes.push(shape);
  }
  const propertiesOf = (shape: Record<string, unknown>) => (isPlainObject(shape.properties) ? shape.properties : {});
  const named = isPlainObject(node.discriminator) && typeof node.discriminator.propertyName === 'string' ? [node.discriminator.propertyName] : undefined;
  const candidates = named ?? Object.keys(propertiesOf(shapes[0] ?? {}));
  for (const property of candidates) {
    const values = shapes.map((shape) => allowedValues(propertiesOf(shape)[property]));
    if (values.every((v): v is unknown[] => v !== undefined)) {
      // Branches often title their tag with their own name (rjsf shows it as the option's label).
      const titles = new Set(shapes.map((shape) => (propertiesOf(shape)[property] as { title?: unknown }).title));
      const title = titles.size === 1 ? [...titles][0] : undefined;
      return { property, values, schema: typeof title === 'string' ? { title } : {} };
    }
  }
  return undefined;
}

/** A branch's own object schema, through `$ref`s (without data between). */
function branchShape(branch: unknown, pointer: string, branches: BranchValidators): Record<string, unknown> | undefined {
  let node = branch;
  let at = pointer;
  for (let hops = 0; hops < 8 && isPlainObject(node); hops++) {
    if (isPlainObject(node.properties) || typeof node.$ref !== 'string') return node;
    const target = branches.resolve(node.$ref, at);
    if (!target) return undefined;
    node = target.node;
    at = target.pointer;
  }
  return undefined;
}

/** The values a property schema pins it to (const, or a short enum). */
function allowedValues(schema: unknown): unknown[] | undefined {
  if (!isPlainObject(schema)) return undefined;
  if ('const' in schema) return [schema.const];
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum;
  return undefined;
}

/** One error on the discriminator: missing (nothing chosen yet), or a value none of the branches takes. */
function discriminatorError(combinator: ErrorObject, tags: Tags, keyword: 'required' | 'enum'): ErrorObject {
  if (keyword === 'required') {
    return {
      keyword,
      instancePath: combinator.instancePath,
      schemaPath: combinator.schemaPath,
      params: { missingProperty: tags.property },
      parentSchema: { properties: { [tags.property]: tags.schema } },
    };
  }
  const allowed: unknown[] = [];
  for (const values of tags.values) for (const v of values) if (!allowed.some((a) => sameValue(a, v))) allowed.push(v);
  return {
    keyword,
    instancePath: `${combinator.instancePath}/${escapeSegment(tags.property)}`,
    schemaPath: combinator.schemaPath,
    params: { allowedValues: allowed },
    parentSchema: tags.schema,
  };
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
