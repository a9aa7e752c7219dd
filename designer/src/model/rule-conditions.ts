/**
 * A rule's json-rules-engine conditions as react-querybuilder's query, and back, losslessly:
 * `all` / `any` are groups combined with and / or, `not` a negated group; a leaf is a rule whose
 * field is its subject id (`data:/receivedOn`), compared with a value or with another subject
 * (`valueSource: 'field'`, e.g. today). Three shapes the builder writes itself read back as its
 * own operators: a date more than N days ago, within the last or the next N days (a `logic`
 * condition over `days_between` and today); any other `logic` condition is an expression that
 * `holds`. What does not fit throws NotShowable (the rule opens in the JSON view).
 */
import type { RuleGroupType, RuleType } from 'react-querybuilder';
import { NotShowable, dataVar, formatExpr, parseExpr, varPointer } from './rule-expression';
import { DAY_OPERATORS, OPERATOR_WORDS, UNARY_OPERATORS } from './rule-operators';
import { parseSubjectId, subjectId, type Subject } from './rule-subjects';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What a query rule keeps beyond react-querybuilder's own properties. */
export interface LeafMeta {
  /** A unary operator written without `value` (read back as it was). */
  valueAbsent?: boolean;
  /** Parameters of a named fact. */
  params?: Obj;
}

/** The `logic` condition of a days-from-today operator on a data field. */
function dayCondition(operator: string, pointer: string, days: unknown): Obj {
  const field = { var: dataVar(pointer) };
  const today = { var: 'context.today' };
  const expr =
    operator === 'olderThanDays'
      ? { '>': [{ days_between: [field, today] }, days] }
      : operator === 'withinLastDays'
        ? { '<=': [0, { days_between: [field, today] }, days] }
        : { '<=': [0, { days_between: [today, field] }, days] };
  return { fact: 'logic', params: { expr }, operator: 'equal', value: true };
}

/** A `logic` leaf the builder wrote for a days-from-today operator, read back. */
function readDayCondition(expr: unknown): RuleType | undefined {
  if (!isObj(expr)) return undefined;
  const days = Array.isArray(expr['>']) ? expr['>'][1] : Array.isArray(expr['<=']) ? expr['<='][2] : undefined;
  if (typeof days !== 'number') return undefined;
  for (const quoted of JSON.stringify(expr).match(/"data\.[^"]+"/g) ?? []) {
    const pointer = varPointer(JSON.parse(quoted) as string);
    for (const operator of DAY_OPERATORS) {
      if (same(dayCondition(operator, pointer, days).params, { expr })) return { field: subjectId('data', pointer), operator, value: days };
    }
  }
  return undefined;
}

function factRef(value: unknown): string | undefined {
  if (!isObj(value) || typeof value.fact !== 'string') return undefined;
  const keys = Object.keys(value).filter((k) => k !== 'fact' && k !== 'path');
  if (keys.length > 0 || (value.path !== undefined && typeof value.path !== 'string')) throw new NotShowable(['与带参数的数据比较', 'A comparison with a fact that takes parameters']);
  return subjectId(value.fact, value.path as string | undefined);
}

/** A leaf condition as a query rule. */
function toRule(leaf: Obj): RuleType {
  const operator = String(leaf.operator);
  const extra = Object.keys(leaf).filter((k) => !['fact', 'path', 'params', 'operator', 'value'].includes(k));
  if (extra.length > 0) throw new NotShowable(['条件中有无法识别的设置', 'A condition holds settings it does not know']);
  if (leaf.fact === 'logic') {
    const expr = (leaf.params as Obj | undefined)?.expr;
    if (operator !== 'equal' || leaf.value !== true || !isObj(leaf.params) || Object.keys(leaf.params).length !== 1) {
      throw new NotShowable(['表达式条件只能判断“成立”', 'An expression condition can only hold']);
    }
    return readDayCondition(expr) ?? { field: 'logic', operator: 'holds', value: parseExpr(expr) };
  }
  if (!OPERATOR_WORDS[operator] || operator === 'holds' || DAY_OPERATORS.has(operator)) throw new NotShowable(['条件使用了不支持的比较方式', 'The condition uses an operator it does not know']);
  if ((leaf.fact === 'data' || leaf.fact === 'context') && (typeof leaf.path !== 'string' || leaf.params !== undefined)) {
    throw new NotShowable(['条件缺少字段', 'The condition names no field']);
  }
  if (typeof leaf.fact !== 'string' || (leaf.path !== undefined && typeof leaf.path !== 'string')) throw new NotShowable(['条件缺少数据来源', 'The condition names no fact']);
  const meta: LeafMeta = {};
  if (leaf.params !== undefined) {
    if (!isObj(leaf.params)) throw new NotShowable(['条件参数无法识别', 'Condition parameters it cannot read']);
    meta.params = leaf.params;
  }
  const field = subjectId(leaf.fact, leaf.path as string | undefined);
  if (UNARY_OPERATORS.has(operator)) {
    if (leaf.value !== undefined && leaf.value !== true) throw new NotShowable(['“为空”条件的取值只能是“是”', 'An emptiness test can only be true']);
    if (leaf.value === undefined) meta.valueAbsent = true;
    return { field, operator, value: true, ...(Object.keys(meta).length > 0 ? { meta } : {}) };
  }
  const other = factRef(leaf.value);
  const rule: RuleType = other !== undefined ? { field, operator, value: other, valueSource: 'field' } : { field, operator, value: leaf.value };
  return Object.keys(meta).length > 0 ? { ...rule, meta } : rule;
}

/** A condition (group or leaf) as a query group or rule. */
function toNode(node: Obj, depth: number): RuleType | RuleGroupType {
  if (depth > 16) throw new NotShowable(['条件嵌套过深', 'Conditions nested too deep']);
  if (Array.isArray(node.all) || Array.isArray(node.any)) {
    if (Object.keys(node).length !== 1) throw new NotShowable(['条件组中有无法识别的设置', 'A group holds settings it does not know']);
    const list = (node.all ?? node.any) as unknown[];
    return { combinator: node.all ? 'and' : 'or', rules: list.map((c) => (isObj(c) ? toNode(c, depth + 1) : notShowable())) };
  }
  if (node.not !== undefined) {
    if (Object.keys(node).length !== 1 || !isObj(node.not)) throw new NotShowable(['“并非”条件无法识别', 'A negation it cannot read']);
    const inner = toNode(node.not, depth + 1);
    // not(all/any) is a negated group; not(leaf) or not(not …) a negated group of one, marked bare.
    if ('combinator' in inner && !inner.not) return { ...inner, not: true };
    return { combinator: 'and', not: true, rules: [inner], meta: { bare: true } } as RuleGroupType;
  }
  return toRule(node);
}

const notShowable = (): never => {
  throw new NotShowable(['条件无法识别', 'A condition it cannot read']);
};

/** A rule's conditions as the builder's query (throws NotShowable). */
export function conditionsToQuery(conditions: unknown): RuleGroupType {
  if (!isObj(conditions)) throw new NotShowable(['规则没有条件', 'The rule has no conditions']);
  const node = toNode(conditions, 1);
  if (!('combinator' in node)) throw new NotShowable(['规则条件的最外层须是条件组', 'The outermost condition must be a group']);
  return node;
}

/** A value typed into the builder for a number subject, as a number. */
function coerce(value: unknown, subject: Subject | undefined, operator: string): unknown {
  const numeric = subject?.type === 'number' || subject?.type === 'level' || DAY_OPERATORS.has(operator);
  if (numeric && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (subject?.type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function fromRule(rule: RuleType, subjects: ReadonlyMap<string, Subject>): Obj {
  const meta = (rule.meta ?? {}) as LeafMeta;
  if (rule.field === 'logic') return { fact: 'logic', params: { expr: formatExpr(rule.value) }, operator: 'equal', value: true };
  const { fact, path } = parseSubjectId(rule.field);
  if (DAY_OPERATORS.has(rule.operator) && fact === 'data' && path) return dayCondition(rule.operator, path, coerce(rule.value, subjects.get(rule.field), rule.operator));
  const out: Obj = { fact, ...(path !== undefined ? { path } : {}), ...(meta.params ? { params: meta.params } : {}), operator: rule.operator };
  if (UNARY_OPERATORS.has(rule.operator)) {
    if (!meta.valueAbsent) out.value = true;
    return out;
  }
  if (rule.valueSource === 'field' && typeof rule.value === 'string') {
    const other = parseSubjectId(rule.value);
    out.value = other.path !== undefined ? { fact: other.fact, path: other.path } : { fact: other.fact };
  } else {
    const subject = subjects.get(rule.field);
    out.value = Array.isArray(rule.value) ? rule.value.map((v: unknown) => coerce(v, subject, rule.operator)) : coerce(rule.value, subject, rule.operator);
  }
  return out;
}

function fromNode(node: RuleType | RuleGroupType, subjects: ReadonlyMap<string, Subject>): Obj {
  if (!('combinator' in node)) return fromRule(node, subjects);
  const children = node.rules.filter((r): r is RuleType | RuleGroupType => typeof r !== 'string').map((r) => fromNode(r, subjects));
  if (node.not && (node as { meta?: { bare?: boolean } }).meta?.bare && children.length === 1) return { not: children[0] };
  const group = { [node.combinator === 'or' ? 'any' : 'all']: children };
  return node.not ? { not: group } : group;
}

/** The builder's query as json-rules-engine conditions. */
export function queryToConditions(query: RuleGroupType, subjects: ReadonlyMap<string, Subject> = new Map()): Obj {
  return fromNode(query, subjects);
}
