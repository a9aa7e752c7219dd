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
