/**
 * The JSON Logic operations the engine accepts (the allow-list of engine/src/rules/json-logic.ts),
 * each with its Chinese and English name and how a sentence writes it: infix with a symbol
 * (`a + b`, `a ≥ b`) or as a named function (`天数差(a, b)`).
 */
import type { Locale } from '../../../runtime/web/kit/i18n';

/** One operation as the builder offers and writes it. */
export interface Operation {
  label: readonly [string, string];
  /** Infix symbol, when it is written between its arguments. */
  infix?: string;
  /** How many arguments a new one starts with. */
  arity: number;
  /** Where the picker lists it. */
  group: 'arithmetic' | 'compare' | 'logic' | 'date' | 'rows' | 'text' | 'other';
}

export const OPERATIONS: Readonly<Record<string, Operation>> = {
  '+': { label: ['加', 'plus'], infix: '+', arity: 2, group: 'arithmetic' },
  '-': { label: ['减', 'minus'], infix: '−', arity: 2, group: 'arithmetic' },
  '*': { label: ['乘', 'times'], infix: '×', arity: 2, group: 'arithmetic' },
  '/': { label: ['除以', 'divided by'], infix: '÷', arity: 2, group: 'arithmetic' },
  '%': { label: ['取余', 'modulo'], infix: '%', arity: 2, group: 'arithmetic' },
  max: { label: ['最大值', 'maximum'], arity: 2, group: 'arithmetic' },
  min: { label: ['最小值', 'minimum'], arity: 2, group: 'arithmetic' },
  '==': { label: ['等于', 'equals'], infix: '=', arity: 2, group: 'compare' },
  '===': { label: ['严格等于', 'strictly equals'], infix: '=', arity: 2, group: 'compare' },
  '!=': { label: ['不等于', 'differs from'], infix: '≠', arity: 2, group: 'compare' },
  '!==': { label: ['严格不等于', 'strictly differs from'], infix: '≠', arity: 2, group: 'compare' },
  '>': { label: ['大于', 'greater than'], infix: '>', arity: 2, group: 'compare' },
  '>=': { label: ['大于或等于', 'at least'], infix: '≥', arity: 2, group: 'compare' },
  '<': { label: ['小于', 'less than'], infix: '<', arity: 2, group: 'compare' },
  '<=': { label: ['小于或等于', 'at most'], infix: '≤', arity: 2, group: 'compare' },
  in: { label: ['属于', 'is in'], arity: 2, group: 'compare' },
  and: { label: ['并且', 'and'], infix: ' 且 ', arity: 2, group: 'logic' },
  or: { label: ['或者', 'or'], infix: ' 或 ', arity: 2, group: 'logic' },
  '!': { label: ['并非', 'not'], arity: 1, group: 'logic' },
  '!!': { label: ['有值', 'has a value'], arity: 1, group: 'logic' },
  if: { label: ['如果…则…否则', 'if … then … else'], arity: 3, group: 'logic' },
  '?:': { label: ['如果…则…否则', 'if … then … else'], arity: 3, group: 'logic' },
  missing: { label: ['未填写的', 'missing'], arity: 1, group: 'logic' },
  missing_some: { label: ['未填写的（部分）', 'some missing'], arity: 2, group: 'logic' },
  days_between: { label: ['相差天数', 'days between'], arity: 2, group: 'date' },
  date_add: { label: ['日期加上期限', 'date plus'], arity: 2, group: 'date' },
  count: { label: ['行数', 'number of rows'], arity: 1, group: 'rows' },
  map: { label: ['逐行取值', 'map rows'], arity: 2, group: 'rows' },
  filter: { label: ['筛选行', 'filter rows'], arity: 2, group: 'rows' },
  reduce: { label: ['逐行累计', 'reduce rows'], arity: 3, group: 'rows' },
  all: { label: ['每一行都', 'every row'], arity: 2, group: 'rows' },
  none: { label: ['没有一行', 'no row'], arity: 2, group: 'rows' },
  some: { label: ['至少一行', 'some row'], arity: 2, group: 'rows' },
  merge: { label: ['合并列表', 'merge lists'], arity: 2, group: 'rows' },
  cat: { label: ['连接文字', 'join text'], arity: 2, group: 'text' },
  substr: { label: ['截取文字', 'substring'], arity: 3, group: 'text' },
};

/** An operation's name in a language. */
export const operationLabel = (op: string, locale: Locale) => OPERATIONS[op]?.label[locale === 'en' ? 1 : 0] ?? op;

const DURATION_UNITS: Record<string, readonly [string, string]> = { Y: ['年', ' years'], M: ['个月', ' months'], W: ['周', ' weeks'], D: ['天', ' days'] };

/** An ISO 8601 period of one unit (`P6M`) in words (`6个月`), else undefined. */
export function durationText(value: string, locale: Locale): string | undefined {
  const match = /^P(\d+)([YMWD])$/.exec(value);
  if (!match) return undefined;
  return `${match[1]}${DURATION_UNITS[match[2]!]![locale === 'en' ? 1 : 0]}`;
}

/** A duration unit in words (`M` → `个月`). */
export const durationUnit = (unit: string, locale: Locale) => DURATION_UNITS[unit]?.[locale === 'en' ? 1 : 0];
