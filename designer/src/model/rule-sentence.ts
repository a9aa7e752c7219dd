/**
 * A rule as one sentence a rule author reads (Chinese first, English second): "如果 受理日期 晚于
 * 今天，则在「受理日期」处报错：受理日期不能晚于今天". Fields by their labels, codes, states,
 * levels and roles by their titles, dates as dates — never a pointer or a code.
 */
import type { RuleGroupType, RuleType } from 'react-querybuilder';
import { roleName, type Locale } from '../../../runtime/web/kit/i18n';
import { schemaPointerOf, schemaOf, type Draft } from './paths';
import { varPointer, type ExprNode, type Literal } from './rule-expression';
import type { EventState, RuleState } from './rule-model';
import { durationText, OPERATIONS, operationLabel } from './rule-operations';
import { DAY_OPERATORS, operatorPhrase, UNARY_OPERATORS } from './rule-operators';
import { allSubjects, fieldTitleIn, LEVEL_NAMES, type Subject, type SubjectOption } from './rule-subjects';

/** What a sentence needs to know of the definition. */
export interface SentenceEnv {
  locale: Locale;
  subjects: ReadonlyMap<string, Subject>;
  /** The title of a data pointer (a table's cell `/rows/-/amount` included). */
  dataTitle(pointer: string): string;
  /** A module's title by key (for records a rule creates). */
  moduleTitle?(key: string): string | undefined;
}

/** The sentence environment of a definition. */
export function sentenceEnv(draft: Draft, locale: Locale, codelists: Record<string, unknown> = {}, moduleTitle?: (key: string) => string | undefined): SentenceEnv {
  const subjects = new Map(allSubjects(draft, locale, codelists).map((s) => [s.id, s]));
  const dataTitle = (pointer: string) => {
    const at = schemaPointerOf(schemaOf(draft), pointer);
    return at !== undefined ? fieldTitleIn(draft, at, locale) : (pointer.split('/').pop() ?? pointer);
  };
  return { locale, subjects, dataTitle, ...(moduleTitle ? { moduleTitle } : {}) };
}

const zh = (env: SentenceEnv) => env.locale !== 'en';
const say = (env: SentenceEnv, chinese: string, english: string) => (zh(env) ? chinese : english);
const quote = (env: SentenceEnv, s: string) => say(env, `「${s}」`, `"${s}"`);

/** A date literal (2026-05-01) as people write it. */
function dateText(value: string, env: SentenceEnv): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  return zh(env) ? `${match[1]}年${Number(match[2])}月${Number(match[3])}日` : value;
}

/** A literal value as people read it: an option by its title, yes/no, a date, a quoted text. */
export function literalText(value: unknown, env: SentenceEnv, options?: readonly SubjectOption[]): string {
  if (Array.isArray(value)) return value.map((v) => literalText(v, env, options)).join(say(env, '、', ', '));
  const option = options?.find((o) => o.value === value);
  if (option) return option.label;
  if (value === true) return say(env, '是', 'yes');
  if (value === false) return say(env, '否', 'no');
  if (value === null || value === undefined || value === '') return say(env, '空', 'empty');
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? dateText(value, env) : say(env, `“${value}”`, `"${value}"`);
  return String(value);
}

const subjectLabel = (id: string, env: SentenceEnv) => env.subjects.get(id)?.label ?? id.replace(/^(data|context|fact):/, '');

/** One condition in words. */
function leafText(rule: RuleType, env: SentenceEnv): string {
  if (rule.field === 'logic') return exprText(rule.value as ExprNode, env);
  const subject = env.subjects.get(rule.field);
  const label = subjectLabel(rule.field, env);
  if (UNARY_OPERATORS.has(rule.operator)) return `${label}${zh(env) ? '' : ' '}${operatorPhrase(rule.operator, '', env.locale)}`;
  const value =
    rule.valueSource === 'field'
      ? subjectLabel(String(rule.value), env)
      : DAY_OPERATORS.has(rule.operator)
        ? String(rule.value)
        : literalText(rule.value, env, subject?.options);
  return `${label} ${operatorPhrase(rule.operator, value, env.locale, subject?.type)}`;
}

/** A query's conditions in words (groups in brackets, negation as 并非). */
export function conditionText(group: RuleGroupType, env: SentenceEnv, nested = false): string {
  const parts = group.rules.filter((r): r is RuleType | RuleGroupType => typeof r !== 'string').map((r) => ('combinator' in r ? conditionText(r, env, true) : leafText(r, env)));
  const joined = parts.join(group.combinator === 'or' ? say(env, '，或者 ', ', or ') : say(env, '，并且 ', ', and '));
  if (group.not) return say(env, `并非（${joined}）`, `not (${joined})`);
  return nested && parts.length > 1 ? say(env, `（${joined}）`, `(${joined})`) : joined;
}

/** A JSON Logic name (`data.cases.filed`, `context.today`, `facts.previous.cases.filed`, `current.value`) in words. */
function varText(name: string, env: SentenceEnv, table?: string): string {
  const [root, ...rest] = name.split('.');
  if (root === 'data') return env.dataTitle(varPointer(name));
  if (root === 'context') return subjectLabel(`context:/${rest.join('/')}`, env);
  if (root === 'facts') return subjectLabel(`fact:${rest[0]}${rest.length > 1 ? `/${rest.slice(1).join('/')}` : ''}`, env);
  if (root === 'current') return table ? env.dataTitle(`${table}/-/${rest.join('/')}`) : say(env, `本行·${rest.join('.')}`, `row ${rest.join('.')}`);
  if (root === 'accumulator') return say(env, '累计值', 'running total');
  return name;
}

/** The options of the field a comparison reads, to show its literals by title. */
function optionsIn(args: ExprNode[], env: SentenceEnv): SubjectOption[] | undefined {
  for (const arg of args) {
    if (arg.kind === 'var' && arg.name.startsWith('data.')) return env.subjects.get(`data:${varPointer(arg.name)}`)?.options;
  }
  return undefined;
}

/** An expression in words; `table`: the table whose rows `current` means. */
export function exprText(node: ExprNode, env: SentenceEnv, table?: string): string {
  switch (node.kind) {
    case 'literal':
      return literalText(node.value, env);
    case 'list':
      return `[${literalText(node.items, env)}]`;
    case 'var':
      return varText(node.name, env, table) + (node.orZero ? say(env, '（未填按 0 计）', ' (0 if empty)') : '');
    case 'sumColumn':
      return say(env, `${env.dataTitle(`${varPointer(node.table)}/-/${node.column}`)}的合计`, `the total of ${env.dataTitle(`${varPointer(node.table)}/-/${node.column}`)}`);
    case 'op':
      return opText(node, env, table);
  }
}

function opText(node: Extract<ExprNode, { kind: 'op' }>, env: SentenceEnv, table?: string): string {
  const { op, args } = node;
  const options = optionsIn(args, env);
  const arg = (a: ExprNode) => (a.kind === 'literal' || a.kind === 'list' ? (a.kind === 'list' ? literalText(a.items, env, options) : literalText(a.value as Literal, env, options)) : wrap(a));
  const wrap = (a: ExprNode) => (a.kind === 'op' && OPERATIONS[a.op]?.infix ? `(${exprText(a, env, table)})` : exprText(a, env, table));
  const rowsOf = (a: ExprNode | undefined) => (a?.kind === 'var' && a.name.startsWith('data.') ? varPointer(a.name) : undefined);
  switch (op) {
    case 'if':
    case '?:': {
      const out: string[] = [];
      for (let i = 0; i + 1 < args.length; i += 2) out.push(say(env, `${i === 0 ? '如果' : '否则如果'} ${exprText(args[i]!, env, table)}，则为 ${arg(args[i + 1]!)}`, `${i === 0 ? 'if' : 'else if'} ${exprText(args[i]!, env, table)} then ${arg(args[i + 1]!)}`));
      if (args.length % 2 === 1) out.push(say(env, `否则为 ${arg(args[args.length - 1]!)}`, `else ${arg(args[args.length - 1]!)}`));
      return out.join(say(env, '；', '; '));
    }
    case 'in':
      return say(env, `${arg(args[0]!)} 属于 ${arg(args[1]!)}`, `${arg(args[0]!)} is in ${arg(args[1]!)}`);
    case '!':
      return say(env, `并非 ${arg(args[0]!)}`, `not ${arg(args[0]!)}`);
    case '!!':
      return say(env, `${arg(args[0]!)} 有值`, `${arg(args[0]!)} has a value`);
    case 'count':
      return say(env, `${arg(args[0]!)}的行数`, `the number of rows of ${arg(args[0]!)}`);
    case 'days_between':
      return say(env, `从 ${arg(args[0]!)} 到 ${arg(args[1]!)} 的天数`, `days from ${arg(args[0]!)} to ${arg(args[1]!)}`);
    case 'date_add': {
      const duration = args[1]!;
      let period = duration.kind === 'literal' && typeof duration.value === 'string' ? durationText(duration.value, env.locale) : undefined;
      if (!period && duration.kind === 'op' && duration.op === 'cat' && duration.args.length === 3) {
        const [p, n, unit] = duration.args;
        if (p?.kind === 'literal' && p.value === 'P' && unit?.kind === 'literal' && typeof unit.value === 'string') period = durationText(`P1${unit.value}`, env.locale)?.replace(/^1/, `${exprText(n!, env, table)} `);
      }
      return say(env, `${arg(args[0]!)} 加 ${period ?? arg(duration)}`, `${arg(args[0]!)} plus ${period ?? arg(duration)}`);
    }
    case 'reduce':
    case 'map':
    case 'filter':
    case 'all':
    case 'none':
    case 'some':
      return `${operationLabel(op, env.locale)}(${[exprText(args[0]!, env, table), ...args.slice(1).map((a) => exprText(a, env, rowsOf(args[0]) ?? table))].join(', ')})`;
    default: {
      const infix = OPERATIONS[op]?.infix;
      if (infix && args.length >= 2) return args.map(arg).join(` ${infix.trim()} `);
      return `${operationLabel(op, env.locale)}(${args.map((a) => exprText(a, env, table)).join(', ')})`;
    }
  }
}

/** Where an event sends a record (self, the parent, HQ, a level) in words. */
export function targetText(to: unknown, env: SentenceEnv): string {
  if (to === 'self') return say(env, '本单位', 'this unit');
  if (to === 'parent') return say(env, '上级单位', 'the unit above');
  if (to === 'root') return say(env, '总部', 'HQ');
  const level = (to as { level?: number } | undefined)?.level;
  const pair = level !== undefined ? LEVEL_NAMES[level] : undefined;
  if (pair) return say(env, `${pair[0]}单位`, `the ${pair[1].toLowerCase()} unit`);
  return say(env, `第 ${level ?? '?'} 级单位`, `the level ${level ?? '?'} unit`);
}

const textOf = (value: unknown, env: SentenceEnv) => {
  const t = value as { 'zh-CN'?: string; en?: string } | undefined;
  return (zh(env) ? t?.['zh-CN'] : (t?.en ?? t?.['zh-CN'])) ?? '';
};

/** What a rule does, in words. */
export function eventText(event: EventState, env: SentenceEnv): string {
  const field = (p: unknown) => quote(env, env.dataTitle(String(p)));
  const role = (r: unknown) => (typeof r === 'string' ? roleName(env.locale, r) : '');
  switch (event.type) {
    case 'set':
      return event.mode === 'expr'
        ? say(env, `${field(event.path)}自动计算为 ${exprText(event.expr, env)}`, `${field(event.path)} is computed as ${exprText(event.expr, env)}`)
        : say(env, `${field(event.path)}设为 ${literalText(event.value, env, env.subjects.get(`data:${event.path}`)?.options)}`, `${field(event.path)} is set to ${literalText(event.value, env, env.subjects.get(`data:${event.path}`)?.options)}`);
    case 'create': {
      const module = String(event.params.module ?? '');
      const title = env.moduleTitle?.(module) ?? module;
      return say(env, `在${quote(env, title)}中新建一条关联记录`, `a linked record is created in ${quote(env, title)}`);
    }
    case 'error':
      return say(env, `在${field(event.params.path)}处报错：${textOf(event.params.message, env)}`, `error at ${field(event.params.path)}: ${textOf(event.params.message, env)}`);
    case 'warning':
      return say(env, `在${field(event.params.path)}处提示：${textOf(event.params.message, env)}`, `warning at ${field(event.params.path)}: ${textOf(event.params.message, env)}`);
    case 'require':
      return say(env, `${(event.params.paths as unknown[]).map(field).join('、')}必须填写`, `${(event.params.paths as unknown[]).map(field).join(', ')} must be filled in`);
    case 'hide':
      return say(env, `隐藏${(event.params.paths as unknown[]).map(field).join('、')}`, `hide ${(event.params.paths as unknown[]).map(field).join(', ')}`);
    case 'route':
      return say(env, `转交${targetText(event.params.to, env)}${role(event.params.role)}办理${event.params.reason ? `（${textOf(event.params.reason, env)}）` : ''}`, `route to ${role(event.params.role) || 'staff'} at ${targetText(event.params.to, env)}${event.params.reason ? ` (${textOf(event.params.reason, env)})` : ''}`);
    case 'escalate':
      return say(env, `升级到${targetText(event.params.to, env)}${role(event.params.role)}${event.params.reassign ? '并改由其办理' : '督办'}${event.params.reason ? `（${textOf(event.params.reason, env)}）` : ''}`, `escalate to ${role(event.params.role) || 'staff'} at ${targetText(event.params.to, env)}${event.params.reassign ? ', who take it over' : ''}${event.params.reason ? ` (${textOf(event.params.reason, env)})` : ''}`);
    case 'notify':
      return say(env, `通知${targetText(event.params.to, env)}${role(event.params.role)}：${textOf(event.params.message, env)}`, `notify ${role(event.params.role) || 'staff'} at ${targetText(event.params.to, env)}: ${textOf(event.params.message, env)}`);
  }
}

/** A whole rule as one sentence. */
export function ruleSentence(state: Pick<RuleState, 'query' | 'event'>, env: SentenceEnv): string {
  const event = eventText(state.event, env);
  if (state.query.rules.length === 0 && !state.query.not) return say(env, `始终：${event}`, `Always: ${event}`);
  return say(env, `如果 ${conditionText(state.query, env)}，则${event}`, `If ${conditionText(state.query, env)}, then ${event}`);
}
