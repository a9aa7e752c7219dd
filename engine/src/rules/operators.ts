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
