/**
 * Checks that each leaf condition's operator fits what it compares: the type of the field,
 * context value or named fact on its left, and the literal (or fact) on its right. Everything
 * json-rules-engine would refuse, or would silently answer false for ever (`lessThan` on a date
 * string, `contains` on a text), is a problem at its JSON Pointer, with a Chinese message.
 */
import { CODES, type ErrorCode } from '../errors/codes.js';
import { format } from '../errors/localize.js';
import type { Problem } from '../errors/problem.js';
import { joinPointer } from '../pointer/json-pointer.js';
import { UNARY_OPERATORS } from './operators.js';

/** What a compared value is, as far as the definition tells (undefined: it cannot tell). */
export type OperandKind = 'number' | 'date' | 'string' | 'boolean' | 'array' | 'object';

type Words = { 'zh-CN': string; en: string };

const KIND_NAMES: Readonly<Record<OperandKind, Words>> = {
  number: { 'zh-CN': '数字', en: 'number' },
  date: { 'zh-CN': '日期', en: 'date' },
  string: { 'zh-CN': '文本', en: 'text' },
  boolean: { 'zh-CN': '是/否', en: 'yes/no' },
  array: { 'zh-CN': '列表', en: 'list' },
  object: { 'zh-CN': '分组', en: 'group' },
};

const OPERATOR_NAMES: Readonly<Record<string, string>> = {
  equal: '等于',
  notEqual: '不等于',
  lessThan: '小于',
  lessThanInclusive: '小于等于',
  greaterThan: '大于',
  greaterThanInclusive: '大于等于',
  in: '属于',
  notIn: '不属于',
  contains: '包含',
  doesNotContain: '不包含',
  isEmpty: '为空',
  isNotEmpty: '不为空',
  dateBefore: '早于',
  dateOnOrBefore: '不晚于',
  dateAfter: '晚于',
  dateOnOrAfter: '不早于',
};

/** The kinds each typed operator accepts on its left (operators not listed accept any). */
const FITS: Readonly<Record<string, readonly OperandKind[]>> = {
  lessThan: ['number'],
  lessThanInclusive: ['number'],
  greaterThan: ['number'],
  greaterThanInclusive: ['number'],
  dateBefore: ['date'],
  dateOnOrBefore: ['date'],
  dateAfter: ['date'],
  dateOnOrAfter: ['date'],
  contains: ['array'],
  doesNotContain: ['array'],
  in: ['number', 'date', 'string', 'boolean'],
  notIn: ['number', 'date', 'string', 'boolean'],
};

/** What kinds are called, for messages. */
function kinds(list: readonly OperandKind[]): Words {
  return { 'zh-CN': list.map((k) => KIND_NAMES[k]['zh-CN']).join('、'), en: list.map((k) => KIND_NAMES[k].en).join(', ') };
}

const operatorName = (operator: string): Words => ({ 'zh-CN': `${OPERATOR_NAMES[operator] ?? operator}（${operator}）`, en: operator });

/** A problem whose params differ by language (kind and operator names). */
function problemIn(path: string, code: ErrorCode, params: Record<string, string | Words>): Problem {
  const pick = (locale: keyof Words) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? v : v[locale]]));
  return {
    path,
    code,
    message: { 'zh-CN': format(CODES[code]['zh-CN'], pick('zh-CN')), en: format(CODES[code].en, pick('en')) },
    params: pick('en'),
  };
}

/**
 * Checks one leaf condition at `path`; `kindOf` tells the kind of a fact reference
 * ({ fact, path }) or undefined when it cannot be told; `nameOf` how it is called in messages.
 */
export function checkOperator(
  node: Record<string, unknown>,
  path: string,
  kindOf: (ref: Record<string, unknown>) => OperandKind | undefined,
  nameOf: (ref: Record<string, unknown>) => Words,
): Problem[] {
  const operator = String(node.operator);
  const name = operatorName(operator);
  const hasValue = Object.prototype.hasOwnProperty.call(node, 'value') && node.value !== undefined;
  const value = node.value;
  const valueIsFact = value !== null && typeof value === 'object' && !Array.isArray(value) && 'fact' in value;
  const problems: Problem[] = [];

  if (UNARY_OPERATORS.has(operator)) {
    // The unary form (no value) is what a rule author writes; it means `value: true`.
    if (hasValue && typeof value !== 'boolean') problems.push(problemIn(joinPointer(path, 'value'), 'FW_DEF_RULE_VALUE', { operator: name, expected: { 'zh-CN': 'true 或 false（也可省略）', en: 'true or false (or nothing)' } }));
    return problems;
  }
  if (!hasValue) {
    problems.push(problemIn(path, 'FW_DEF_RULE_VALUE_REQUIRED', { operator: name }));
    return problems;
  }

  const left = kindOf(node);
  const fits = FITS[operator];
  const subject = nameOf(node);
  if (fits && left !== undefined && !fits.includes(left)) {
    problems.push(problemIn(joinPointer(path, 'operator'), 'FW_DEF_OPERATOR_TYPE', { operator: name, subject, kind: KIND_NAMES[left], expected: kinds(fits), hint: hintFor(operator, left) }));
  }
  if (valueIsFact) {
    const right = kindOf(value as Record<string, unknown>);
    // in/notIn compare with a list; contains/doesNotContain look for a single value of any kind.
    const allowed: readonly OperandKind[] | undefined =
      operator === 'in' || operator === 'notIn' ? ['array'] : operator === 'contains' || operator === 'doesNotContain' ? undefined : fits;
    if (allowed && right !== undefined && !allowed.includes(right)) {
      problems.push(problemIn(joinPointer(path, 'value'), 'FW_DEF_RULE_VALUE', { operator: name, expected: kinds(allowed) }));
    }
    return problems;
  }
  const literal = literalProblem(operator, value);
  if (literal) problems.push(problemIn(joinPointer(path, 'value'), 'FW_DEF_RULE_VALUE', { operator: name, expected: literal }));
  return problems;
}

/** What a literal value should have been, or undefined when it suits the operator. */
function literalProblem(operator: string, value: unknown): Words | undefined {
  const fits = FITS[operator];
  const only = fits?.length === 1 ? fits[0] : undefined;
  switch (only === 'number' || only === 'date' ? only : operator) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : { 'zh-CN': '一个数字', en: 'a number' };
    case 'date':
      return typeof value === 'string' && Number.isFinite(Date.parse(value))
        ? undefined
        : { 'zh-CN': '一个日期（如 2026-01-31）或上下文中的日期（如今天）', en: 'a date (e.g. 2026-01-31) or a date of the context (e.g. today)' };
    case 'in':
    case 'notIn':
      return Array.isArray(value) ? undefined : { 'zh-CN': '一个可选值的列表（数组）', en: 'a list (array) of values' };
    default:
      return undefined;
  }
}

/** A hint naming the operator that does fit, where one does. */
function hintFor(operator: string, kind: OperandKind): Words {
  if (kind === 'date' && FITS[operator]?.length === 1 && FITS[operator]?.[0] === 'number') return { 'zh-CN': '比较日期请用「早于」「晚于」等日期运算符', en: 'Compare dates with dateBefore, dateAfter and the like.' };
  if (kind === 'number' && FITS[operator]?.[0] === 'date') return { 'zh-CN': '比较数字请用「小于」「大于」等运算符', en: 'Compare numbers with lessThan, greaterThan and the like.' };
  if (kind === 'string' && (operator === 'contains' || operator === 'doesNotContain')) return { 'zh-CN': '判断文本是否为某些值请用「属于」（in）', en: 'To test a text against values, use in.' };
  if (kind === 'array' && (operator === 'in' || operator === 'notIn')) return { 'zh-CN': '判断列表是否含某值请用「包含」（contains）', en: 'To test whether a list holds a value, use contains.' };
  return { 'zh-CN': '请换用适合该类型的运算符', en: 'Use an operator that fits the type.' };
}
