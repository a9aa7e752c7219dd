/**
 * JSON Logic expressions (computed values, `logic` conditions, the data of a created record) as
 * the rule builder edits them: a tree of literals, values (a field, the context, a named fact, a
 * table row's cell), operations, and two shapes it names — a field counted as 0 when empty, and
 * the sum of a table's column. `parseExpr` and `formatExpr` are exact inverses on every
 * expression the engine accepts, so opening a rule and saving it changes nothing.
 */
import { OPERATIONS } from './rule-operations';

/** A literal JSON value. */
export type Literal = string | number | boolean | null;

/** One node of an expression. */
export type ExprNode =
  | { kind: 'literal'; value: Literal }
  | { kind: 'list'; items: Literal[] }
  /** A value by name (`data.cases.filed`, `context.today`, `facts.previous.cases.filed`, `current.value`, `accumulator`); `orZero`: 0 when empty. */
  | { kind: 'var'; name: string; orZero?: boolean }
  /** The sum of one column over a table's rows (`table`: `data.gifts`; `column`: `value`), empty cells as 0 when `orZero`. */
  | { kind: 'sumColumn'; table: string; column: string; orZero: boolean }
  /** An operation; `single`: its one argument was written bare, not in a list. */
  | { kind: 'op'; op: string; args: ExprNode[]; single?: boolean };

/** Why an expression cannot be shown by the builder. */
export class NotShowable extends Error {
  constructor(readonly reason: readonly [string, string]) {
    super(reason[1]);
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isLiteral = (v: unknown): v is Literal => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const varName = (v: unknown): string | undefined => (isObj(v) && Object.keys(v).length === 1 && typeof v.var === 'string' ? v.var : undefined);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** `{if: [{var: p}, {var: p}, 0]}`: the value of p, or 0 when empty. */
function orZeroName(v: unknown): string | undefined {
  if (!isObj(v) || Object.keys(v).length !== 1 || !Array.isArray(v.if) || v.if.length !== 3) return undefined;
  const name = varName(v.if[0]);
  return name !== undefined && same(v.if[1], { var: name }) && v.if[2] === 0 ? name : undefined;
}

/** `{reduce: [{var: rows}, {+: [{var: accumulator}, cell]}, 0]}` with cell `current.x` (or x or 0). */
function sumColumn(v: Record<string, unknown>): ExprNode | undefined {
  const args = v.reduce;
  if (!Array.isArray(args) || args.length !== 3 || args[2] !== 0) return undefined;
  const table = varName(args[0]);
  const plus = isObj(args[1]) && Object.keys(args[1]).length === 1 ? args[1]['+'] : undefined;
  if (table === undefined || !Array.isArray(plus) || plus.length !== 2 || !same(plus[0], { var: 'accumulator' })) return undefined;
  const plain = varName(plus[1]);
  const zero = orZeroName(plus[1]);
  const cell = plain ?? zero;
  if (cell === undefined || !cell.startsWith('current.')) return undefined;
  return { kind: 'sumColumn', table, column: cell.slice('current.'.length), orZero: zero !== undefined };
}

/** An expression as the builder's tree (throws NotShowable for what it cannot show). */
export function parseExpr(expr: unknown): ExprNode {
  if (isLiteral(expr)) return { kind: 'literal', value: expr };
  if (Array.isArray(expr)) {
    if (!expr.every(isLiteral)) throw new NotShowable(['列表中只能是固定值', 'A list may hold fixed values only']);
    return { kind: 'list', items: [...expr] };
  }
  if (!isObj(expr)) throw new NotShowable(['无法识别的表达式', 'An expression it cannot read']);
  const keys = Object.keys(expr);
  if (keys.length !== 1) throw new NotShowable(['表达式的每一步只能有一种运算', 'Each step of an expression is one operation']);
  const op = keys[0]!;
  const args = expr[op];
  if (op === 'var') {
    if (typeof args !== 'string') throw new NotShowable(['带默认值的取值', 'A value with a default']);
    return { kind: 'var', name: args };
  }
  const zero = orZeroName(expr);
  if (zero !== undefined) return { kind: 'var', name: zero, orZero: true };
  const column = op === 'reduce' ? sumColumn(expr) : undefined;
  if (column) return column;
  if (!OPERATIONS[op]) throw new NotShowable(['表达式中有不支持的运算', 'The expression uses an operation it does not know']);
  if (Array.isArray(args)) return { kind: 'op', op, args: args.map(parseExpr) };
  return { kind: 'op', op, args: [parseExpr(args)], single: true };
}

/** The JSON Logic of a tree. */
export function formatExpr(node: ExprNode): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'list':
      return [...node.items];
    case 'var':
      return node.orZero ? { if: [{ var: node.name }, { var: node.name }, 0] } : { var: node.name };
    case 'sumColumn': {
      const cell = `current.${node.column}`;
      const value = node.orZero ? { if: [{ var: cell }, { var: cell }, 0] } : { var: cell };
      return { reduce: [{ var: node.table }, { '+': [{ var: 'accumulator' }, value] }, 0] };
    }
    case 'op':
      return { [node.op]: node.single && node.args.length === 1 ? formatExpr(node.args[0]!) : node.args.map(formatExpr) };
  }
}

/** A data pointer as a JSON Logic name (`/cases/filed` → `data.cases.filed`). */
export const dataVar = (pointer: string) => `data${pointer.split('/').join('.')}`;

/** A JSON Logic `data.` name as a data pointer (`data.cases.filed` → `/cases/filed`). */
export const varPointer = (name: string) => `/${name.split('.').slice(1).join('/')}`;
