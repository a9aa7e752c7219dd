/**
 * Turns ajv's errors into Formwork problems: a JSON Pointer path (for `required` and unknown
 * properties the path ends at the property itself), a stable FW_VAL_… code and a message in
 * zh-CN and en naming the field by its title. Branch noise of anyOf/oneOf is reduced to what
 * the user can act on: the errors of the branch the data aims at (branch-choice.ts) when the
 * record schema's branches can be validated alone, else a heuristic on the errors themselves.
 */
import type { ErrorObject } from 'ajv';
import { CODES, type ErrorCode } from '../errors/codes.js';
import { format } from '../errors/localize.js';
import type { Problem } from '../errors/problem.js';
import { escapeSegment, parsePointer } from '../pointer/json-pointer.js';
import { explainCombinators, type BranchValidators } from './branch-choice.js';
import { childPropertyOf, keywordDetails } from './keyword-details.js';
import { englishTitleOf, fallbackLabel, titleOf } from './labels.js';

/** English titles of fields keyed by schema pointer (the definition's `i18n.en`). */
export type EnglishTitles = Readonly<Record<string, string>>;

const KEYWORD_CODES: Record<string, ErrorCode> = {
  required: 'FW_VAL_REQUIRED',
  type: 'FW_VAL_TYPE',
  enum: 'FW_VAL_ENUM',
  const: 'FW_VAL_CONST',
  format: 'FW_VAL_FORMAT',
  pattern: 'FW_VAL_PATTERN',
  minLength: 'FW_VAL_MIN_LENGTH',
  maxLength: 'FW_VAL_MAX_LENGTH',
  minimum: 'FW_VAL_MINIMUM',
  maximum: 'FW_VAL_MAXIMUM',
  exclusiveMinimum: 'FW_VAL_EXCLUSIVE_MINIMUM',
  exclusiveMaximum: 'FW_VAL_EXCLUSIVE_MAXIMUM',
  multipleOf: 'FW_VAL_MULTIPLE_OF',
  minItems: 'FW_VAL_MIN_ITEMS',
  maxItems: 'FW_VAL_MAX_ITEMS',
  uniqueItems: 'FW_VAL_UNIQUE_ITEMS',
  contains: 'FW_VAL_CONTAINS',
  minContains: 'FW_VAL_CONTAINS',
  maxContains: 'FW_VAL_CONTAINS',
  minProperties: 'FW_VAL_MIN_PROPERTIES',
  maxProperties: 'FW_VAL_MAX_PROPERTIES',
  additionalProperties: 'FW_VAL_ADDITIONAL_PROPERTY',
  unevaluatedProperties: 'FW_VAL_ADDITIONAL_PROPERTY',
  items: 'FW_VAL_ADDITIONAL_ITEMS',
  unevaluatedItems: 'FW_VAL_ADDITIONAL_ITEMS',
  propertyNames: 'FW_VAL_PROPERTY_NAME',
  dependentRequired: 'FW_VAL_DEPENDENT_REQUIRED',
  oneOf: 'FW_VAL_ONE_OF',
  anyOf: 'FW_VAL_ANY_OF',
  not: 'FW_VAL_NOT',
  'false schema': 'FW_VAL_FALSE_SCHEMA',
  discriminator: 'FW_VAL_ENUM',
};

export interface ProblemOptions {
  /** English titles of fields keyed by schema pointer (the definition's `i18n.en`). */
  titlesEn?: EnglishTitles;
  /**
   * Name fields by their schema `title` (record data) or by their property name (definitions,
   * where titles name types, not places). Default true.
   */
  useTitles?: boolean;
  /** Labels of fields whose own schema has no title (e.g. a field that is a code list reference), or — without titles — of any field it knows. */
  labelOf?: (path: string) => { 'zh-CN': string; en: string } | undefined;
  /** The validated data and its schema's branches: either-or errors are explained by the branch the data aims at. */
  explain?: { data: unknown; branches: BranchValidators };
}

/** Converts ajv errors (from a validator compiled in product mode) into problems. */
export function problemsFromAjv(errors: readonly ErrorObject[], options: ProblemOptions = {}): Problem[] {
  const explained = options.explain ? explainCombinators(errors, options.explain.data, options.explain.branches) : errors;
  const kept = reduceCombinatorNoise(explained);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const pointerOf = options.explain?.branches.pointerOf;
  for (const error of kept) {
    const p = toProblem(error, options.titlesEn ?? {}, options.useTitles ?? true, options.labelOf, pointerOf);
    const id = p.path + '\u0000' + p.code;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(p);
  }
  return problems;
}

/**
 * anyOf/oneOf report the errors of every branch. When exactly one branch is "about" the data
 * (the others fail on its type or const at the same place, as in the nullable pattern), keep
 * that branch's errors; otherwise keep the one combinator error. `if` errors duplicate their
 * then/else errors and are dropped; so are the inner errors of propertyNames.
 */
function reduceCombinatorNoise(errors: readonly ErrorObject[]): ErrorObject[] {
  const drop = new Set<number>();
  const asEnum = new Map<number, { value: unknown; title: unknown }[]>();
  errors.forEach((e, i) => {
    if (e.keyword === 'if') drop.add(i);
    if (e.schemaPath.includes('/propertyNames/')) drop.add(i);
  });
  const combinators = errors
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .sort((a, b) => a.e.schemaPath.length - b.e.schemaPath.length);
  for (const { e: combinator, i: ci } of combinators) {
    if (drop.has(ci)) continue;
    const prefix = combinator.schemaPath + '/';
    const node = combinator.schemaPath.slice(0, combinator.schemaPath.lastIndexOf('/') + 1);
    // Branch errors come right before the combinator's own error. Those of an inline branch
    // carry its path (…/anyOf/1/type); those of a referenced one the target's (#/$defs/…), and
    // are kept together as one branch. An error of a sibling keyword ends the run.
    const branches = new Map<string, number[]>();
    for (let i = ci - 1; i >= 0; i--) {
      const e = errors[i]!;
      if (!isWithinPath(e.instancePath, combinator.instancePath)) break;
      let branch: string;
      if (e.schemaPath.startsWith(prefix)) branch = e.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      else if (e.schemaPath.startsWith(node)) break;
      else branch = 'ref';
      if (drop.has(i)) continue;
      branches.set(branch, [...(branches.get(branch) ?? []), i]);
    }
    if (branches.size === 0) continue;
    const relevant = [...branches.entries()].filter(
      ([, idx]) =>
        !idx.some((i) => {
          const e = errors[i]!;
          return e.instancePath === combinator.instancePath && (e.keyword === 'type' || e.keyword === 'const' || e.keyword === 'enum');
        }),
    );
    const only = relevant.length === 1 ? relevant[0] : undefined;
    for (const [branch, idx] of branches) {
      if (only && branch === only[0]) continue;
      idx.forEach((i) => drop.add(i));
    }
    if (only) drop.add(ci);
    // A list of codes (oneOf of const + title, as code lists are) failed as a whole: say which
    // values are allowed, like an enum.
    const consts = [...branches.values()].flat().map((i) => errors[i]!);
    if (!only && consts.length > 0 && consts.every((e) => e.keyword === 'const' && e.instancePath === combinator.instancePath)) {
      asEnum.set(
        ci,
        consts.reverse().map((e) => ({ value: (e.params as { allowedValue: unknown }).allowedValue, title: (e.parentSchema as { title?: unknown } | undefined)?.title })),
      );
    }
  }
  return errors
    .map((e, i) => {
      const options = asEnum.get(i);
      if (!options) return e;
      const titles = options.map((o) => (typeof o.title === 'string' ? o.title : String(o.value)));
      return { ...e, keyword: 'enum', params: { allowedValues: options.map((o) => o.value), allowedTitles: titles } };
    })
    .filter((_, i) => !drop.has(i));
}

function isWithinPath(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(ancestor + '/');
}

function toProblem(
  error: ErrorObject,
  titlesEn: EnglishTitles,
  useTitles: boolean,
  labelOf?: ProblemOptions['labelOf'],
  pointerOf?: (node: unknown) => string | undefined,
): Problem {
  const code: ErrorCode = KEYWORD_CODES[error.keyword] ?? 'FW_VAL_INVALID';
  // ajv's schemaPath of an error under a $ref starts at the reference's target; the node itself knows where it is.
  const schemaPointer = pointerOf?.(error.parentSchema) ?? schemaPointerOf(error.schemaPath);
  const childProperty = childPropertyOf(error);
  const target = targetOf(error, schemaPointer, childProperty);
  const details = keywordDetails({ error, params: error.params as Record<string, unknown>, schemaPointer, childProperty, titlesEn });
  const label = labelOfTarget(target, titlesEn, useTitles, labelOf);

  const extra = details.params;
  const template = CODES[code];
  const result: Problem = {
    path: target.path,
    code,
    message: {
      'zh-CN': format(template['zh-CN'], { ...extra, ...details['zh-CN'], label: label['zh-CN'] }),
      en: format(template.en, { ...extra, ...details.en, label: label.en }),
    },
  };
  if (Object.keys(extra).length > 0) result.params = extra;
  return result;
}

/** Where a problem points, and the schema (and its pointer) whose title names the field there. */
interface Target {
  path: string;
  labelSchema: Record<string, unknown> | undefined;
  labelPointer: string;
}

/** The error's own place; for a keyword about one property (a missing one…), that property's. */
function targetOf(error: ErrorObject, schemaPointer: string, childProperty: string | undefined): Target {
  const parentSchema = error.parentSchema as Record<string, unknown> | undefined;
  if (childProperty === undefined) return { path: error.instancePath, labelSchema: parentSchema, labelPointer: schemaPointer };
  const properties = (parentSchema?.properties ?? {}) as Record<string, unknown>;
  const child = properties[childProperty];
  return {
    path: `${error.instancePath}/${escapeSegment(childProperty)}`,
    labelSchema: child && typeof child === 'object' ? (child as Record<string, unknown>) : undefined,
    labelPointer: `${schemaPointer}/properties/${escapeSegment(childProperty)}`,
  };
}

/** The field's name in each locale: its title, a known label, else the property name or "item n". */
function labelOfTarget(
  { path, labelSchema, labelPointer }: Target,
  titlesEn: EnglishTitles,
  useTitles: boolean,
  labelOf: ProblemOptions['labelOf'],
): { 'zh-CN': string; en: string } {
  const segments = parsePointer(path);
  const lastSegment = segments[segments.length - 1];
  const schemaForLabel = useTitles ? labelSchema : undefined;
  const known = titleOf(schemaForLabel) === undefined ? labelOf?.(path) : undefined;
  return {
    'zh-CN': titleOf(schemaForLabel) ?? known?.['zh-CN'] ?? fallbackLabel(lastSegment, 'zh-CN'),
    en: titlesEn[labelPointer] ?? englishTitleOf(schemaForLabel) ?? known?.en ?? fallbackLabel(lastSegment, 'en'),
  };
}

/** '#/properties/a/minimum' → '/properties/a' (the schema node the keyword sits in). */
function schemaPointerOf(schemaPath: string): string {
  const withoutHash = schemaPath.startsWith('#') ? schemaPath.slice(1) : schemaPath;
  const cut = withoutHash.lastIndexOf('/');
  return cut <= 0 ? '' : withoutHash.slice(0, cut);
}
