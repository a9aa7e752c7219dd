/**
 * Operators that rules may use beyond json-rules-engine's built-ins, as data: name → test.
 * Dates compare as instants (ISO 8601 dates or date-times); anything unparsable is false.
 */
import { isEmptyValue } from '../pointer/json-pointer.js';

const time = (value: unknown): number => (typeof value === 'string' ? Date.parse(value) : Number.NaN);

function compareDates(test: (a: number, b: number) => boolean) {
  return (factValue: unknown, jsonValue: unknown): boolean => {
    const a = time(factValue);
    const b = time(jsonValue);
    return Number.isFinite(a) && Number.isFinite(b) && test(a, b);
  };
}

export const CUSTOM_OPERATORS: Readonly<Record<string, (factValue: unknown, jsonValue: unknown) => boolean>> = {
  isEmpty: (factValue, jsonValue) => isEmptyValue(factValue) === (jsonValue !== false),
  isNotEmpty: (factValue, jsonValue) => !isEmptyValue(factValue) === (jsonValue !== false),
  dateBefore: compareDates((a, b) => a < b),
  dateOnOrBefore: compareDates((a, b) => a <= b),
  dateAfter: compareDates((a, b) => a > b),
  dateOnOrAfter: compareDates((a, b) => a >= b),
};

/** json-rules-engine's numeric operators accept only a fact value that parses as a number. */
const numeric = (value: unknown): boolean => Number.parseFloat(value as string).toString() !== 'NaN';

/**
 * Every operator a rule may use, with json-rules-engine's exact answers for its built-ins (their
 * fact-value checks included; `in` on a value that is no list throws, as it does there), for the
 * compiled rules.
 */
export const RULE_OPERATORS: Readonly<Record<string, (factValue: unknown, jsonValue: unknown) => boolean>> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => (b as unknown[]).indexOf(a) > -1,
  notIn: (a, b) => (b as unknown[]).indexOf(a) === -1,
  contains: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
  doesNotContain: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
  lessThan: (a, b) => numeric(a) && (a as number) < (b as number),
  lessThanInclusive: (a, b) => numeric(a) && (a as number) <= (b as number),
  greaterThan: (a, b) => numeric(a) && (a as number) > (b as number),
  greaterThanInclusive: (a, b) => numeric(a) && (a as number) >= (b as number),
  ...CUSTOM_OPERATORS,
};

/** Operators that need no value: `{ fact, path, operator: 'isEmpty' }` means `value: true`. */
export const UNARY_OPERATORS: ReadonlySet<string> = new Set(['isEmpty', 'isNotEmpty']);

/**
 * A condition tree as json-rules-engine takes it: every unary leaf written without a value
 * gets `value: true` (the engine refuses a leaf without one). The input is not changed.
 */
export function toEngineCondition<T>(condition: T): T {
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) return condition;
  const node = condition as Record<string, unknown>;
  const out: Record<string, unknown> = { ...node };
  for (const key of ['all', 'any'] as const) {
    if (Array.isArray(node[key])) out[key] = (node[key] as unknown[]).map((c) => toEngineCondition(c));
  }
  if (node.not !== undefined) out.not = toEngineCondition(node.not);
  if (typeof node.operator === 'string' && UNARY_OPERATORS.has(node.operator) && node.value === undefined) out.value = true;
  return out as T;
}
