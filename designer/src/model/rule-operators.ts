/**
 * The operators the rule builder offers, by the type of what is tested: the engine's own
 * (json-rules-engine's built-ins and Formwork's `isEmpty`, `dateBefore` …) and three the builder
 * writes as a JSON Logic condition over today's date (`olderThanDays`, `withinLastDays`,
 * `withinNextDays`), plus `holds` for a condition written as an expression.
 */
import type { Locale } from '../../../runtime/web/kit/i18n';
import type { SubjectType } from './rule-subjects';

/** An operator's words: as picked (`label`) and in a sentence (`phrase`). */
interface OperatorWords {
  label: readonly [string, string];
  /** How a sentence says it; `{v}` is the value. */
  phrase: readonly [string, string];
}

export const OPERATOR_WORDS: Readonly<Record<string, OperatorWords>> = {
  equal: { label: ['等于', 'equals'], phrase: ['为 {v}', 'is {v}'] },
  notEqual: { label: ['不等于', 'is not'], phrase: ['不为 {v}', 'is not {v}'] },
  greaterThan: { label: ['大于', 'greater than'], phrase: ['大于 {v}', 'is greater than {v}'] },
  greaterThanInclusive: { label: ['大于或等于', 'at least'], phrase: ['不少于 {v}', 'is at least {v}'] },
  lessThan: { label: ['小于', 'less than'], phrase: ['小于 {v}', 'is less than {v}'] },
  lessThanInclusive: { label: ['小于或等于', 'at most'], phrase: ['不超过 {v}', 'is at most {v}'] },
  in: { label: ['是以下之一', 'is one of'], phrase: ['为 {v} 之一', 'is one of {v}'] },
  notIn: { label: ['不是以下任何一个', 'is none of'], phrase: ['不为 {v} 中任何一个', 'is none of {v}'] },
  contains: { label: ['包含', 'includes'], phrase: ['包含 {v}', 'includes {v}'] },
  doesNotContain: { label: ['不包含', 'does not include'], phrase: ['不包含 {v}', 'does not include {v}'] },
  isEmpty: { label: ['为空（未填写）', 'is empty'], phrase: ['未填写', 'is empty'] },
  isNotEmpty: { label: ['不为空（已填写）', 'is filled in'], phrase: ['已填写', 'is filled in'] },
  dateBefore: { label: ['早于', 'before'], phrase: ['早于 {v}', 'is before {v}'] },
  dateOnOrBefore: { label: ['不晚于', 'on or before'], phrase: ['不晚于 {v}', 'is on or before {v}'] },
  dateAfter: { label: ['晚于', 'after'], phrase: ['晚于 {v}', 'is after {v}'] },
  dateOnOrAfter: { label: ['不早于', 'on or after'], phrase: ['不早于 {v}', 'is on or after {v}'] },
  olderThanDays: { label: ['距今超过 N 天', 'more than N days ago'], phrase: ['距今超过 {v} 天', 'is more than {v} days ago'] },
  withinLastDays: { label: ['在最近 N 天内', 'within the last N days'], phrase: ['在最近 {v} 天内', 'is within the last {v} days'] },
  withinNextDays: { label: ['在今后 N 天内', 'within the next N days'], phrase: ['在今后 {v} 天内', 'is within the next {v} days'] },
  holds: { label: ['成立', 'holds'], phrase: ['{v}', '{v}'] },
};

/** Operators without a value. */
export const UNARY_OPERATORS: ReadonlySet<string> = new Set(['isEmpty', 'isNotEmpty']);

/** Operators that count days from today (their value is a number of days). */
export const DAY_OPERATORS: ReadonlySet<string> = new Set(['olderThanDays', 'withinLastDays', 'withinNextDays']);

/** Operators whose value is a list. */
export const LIST_OPERATORS: ReadonlySet<string> = new Set(['in', 'notIn']);

const EMPTY = ['isEmpty', 'isNotEmpty'];

/** The operators that fit each type, in the order offered. */
export const OPERATORS_BY_TYPE: Readonly<Record<SubjectType, readonly string[]>> = {
  number: ['equal', 'notEqual', 'greaterThan', 'greaterThanInclusive', 'lessThan', 'lessThanInclusive', ...EMPTY],
  date: ['dateBefore', 'dateOnOrBefore', 'dateAfter', 'dateOnOrAfter', 'equal', 'olderThanDays', 'withinLastDays', 'withinNextDays', ...EMPTY],
  text: ['equal', 'notEqual', 'in', 'notIn', ...EMPTY],
  code: ['equal', 'notEqual', 'in', 'notIn', ...EMPTY],
  codes: ['contains', 'doesNotContain', ...EMPTY],
  boolean: ['equal', ...EMPTY],
  rows: EMPTY,
  object: EMPTY,
  roles: ['contains', 'doesNotContain'],
  level: ['equal', 'notEqual', 'greaterThan', 'lessThan', 'greaterThanInclusive', 'lessThanInclusive'],
  any: ['equal', 'notEqual', 'greaterThan', 'greaterThanInclusive', 'lessThan', 'lessThanInclusive', 'in', 'notIn', 'contains', 'doesNotContain', ...EMPTY],
};

/** Operators that may compare with another field of the same type (dates with dates, today included; numbers with numbers). */
export const FIELD_COMPARABLE: ReadonlySet<string> = new Set(['equal', 'notEqual', 'greaterThan', 'greaterThanInclusive', 'lessThan', 'lessThanInclusive', 'dateBefore', 'dateOnOrBefore', 'dateAfter', 'dateOnOrAfter']);

/** The operators offered for a type. */
export const operatorsFor = (type: SubjectType): readonly string[] => OPERATORS_BY_TYPE[type];

/** Unit levels count down the tree (1 = HQ): a greater level is a lower unit. */
const LEVEL_WORDS: Readonly<Record<string, OperatorWords>> = {
  greaterThan: { label: ['低于', 'below'], phrase: ['低于{v}', 'is below {v}'] },
  lessThan: { label: ['高于', 'above'], phrase: ['高于{v}', 'is above {v}'] },
  greaterThanInclusive: { label: ['不高于', 'at or below'], phrase: ['不高于{v}', 'is at or below {v}'] },
  lessThanInclusive: { label: ['不低于', 'at or above'], phrase: ['不低于{v}', 'is at or above {v}'] },
};

const wordsOf = (operator: string, type?: SubjectType) => (type === 'level' ? LEVEL_WORDS[operator] : undefined) ?? OPERATOR_WORDS[operator];

/** An operator's label as picked (for a subject of a type). */
export const operatorLabel = (operator: string, locale: Locale, type?: SubjectType): string => {
  const words = wordsOf(operator, type);
  return words ? words.label[locale === 'en' ? 1 : 0] : operator;
};

/** An operator in a sentence, with its value's text. */
export const operatorPhrase = (operator: string, value: string, locale: Locale, type?: SubjectType): string => {
  const words = wordsOf(operator, type);
  return (words ? words.phrase[locale === 'en' ? 1 : 0] : `${operator} {v}`).replace('{v}', value);
};
