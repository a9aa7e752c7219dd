/**
 * A JSON Logic expression edited with pickers: each step is a value (a number, a text, a field by
 * its label, today, a named fact, a table row's cell), the total of a table's column, or an
 * operation (arithmetic, comparisons, and/or, if … then … else, days between two dates, a date
 * plus a period, the number of a table's rows …) whose parts are edited the same way.
 */
import { Button, Checkbox, Input, InputNumber, Select, Space } from 'antd';
import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { dataVar, varPointer, type ExprNode, type Literal } from '../../model/rule-expression';
import { OPERATIONS, operationLabel } from '../../model/rule-operations';
import { useRuleEnv } from './rule-env';
import { useRuleWords } from './words';

const VARIADIC = new Set(['+', '*', 'and', 'or', 'max', 'min', 'cat', 'if', '?:', 'merge']);
const GROUP_WORDS = { arithmetic: 'groupArithmetic', compare: 'groupCompare', logic: 'groupLogic', date: 'groupDate', rows: 'groupRows', text: 'groupText', other: 'groupOther' } as const;

/** The picker's key of a node's kind. */
function kindKey(node: ExprNode): string {
  if (node.kind === 'literal') return node.value === null ? 'null' : typeof node.value === 'number' ? 'number' : typeof node.value === 'boolean' ? 'bool' : 'text';
  if (node.kind === 'op') return `op:${node.op}`;
  return node.kind;
}

/** A new node of a kind, keeping what it can of the old one. */
function nodeOfKind(key: string, old: ExprNode, firstField: string | undefined, firstTable: { table: string; column: string } | undefined): ExprNode {
  if (key === 'number') return { kind: 'literal', value: 0 };
  if (key === 'text') return { kind: 'literal', value: '' };
  if (key === 'bool') return { kind: 'literal', value: true };
  if (key === 'null') return { kind: 'literal', value: null };
  if (key === 'list') return { kind: 'list', items: [] };
  if (key === 'var') return { kind: 'var', name: firstField ?? 'context.today' };
  if (key === 'sumColumn') return { kind: 'sumColumn', table: firstTable?.table ?? 'data', column: firstTable?.column ?? '', orZero: true };
  const op = key.slice(3);
  const arity = OPERATIONS[op]?.arity ?? 2;
  const kept = old.kind === 'op' ? old.args : [old];
  const args = Array.from({ length: arity }, (_, i) => kept[i] ?? ({ kind: 'literal', value: 0 } as ExprNode));
  return { kind: 'op', op, args };
}

/** One expression (and, recursively, its parts). `rows`: the table whose rows `current` means here. */
export function ExpressionField({ value, onChange, rows, testId = 'expr' }: { value: ExprNode; onChange(next: ExprNode): void; rows?: string; testId?: string }) {
  const { t } = useRuleWords();
  const env = useRuleEnv();
  const plainFields = env.fields.filter((f) => !f.inRows && f.kind !== 'section');
  const tables = env.fields.filter((f) => f.kind === 'table' || f.kind === 'group');
  const columns = (table: string) => env.fields.filter((f) => f.data.startsWith(`${table}/-/`));
  const firstTable = tables.map((tb) => ({ table: dataVar(tb.data), column: columns(tb.data)[0]?.data.slice(tb.data.length + 3) ?? '' }))[0];

  const valueOptions = [
    { label: t('subjectFields'), options: plainFields.map((f) => ({ value: dataVar(f.data), label: f.label })) },
    { label: t('subjectContext'), options: env.subjects.filter((s) => s.group === 'context').map((s) => ({ value: `context${s.id.slice(8).split('/').join('.')}`, label: s.label })) },
    { label: t('subjectFacts'), options: env.subjects.filter((s) => s.group === 'fact').map((s) => ({ value: `facts.${s.id.slice(5).split('/').join('.')}`, label: s.label })) },
    ...(rows ? [{ label: t('exprRows'), options: columns(rows).map((c) => ({ value: `current.${c.data.slice(rows.length + 3).split('/').join('.')}`, label: c.label })) }] : []),
  ];

  const groups = new Map<string, { value: string; label: string }[]>();
  for (const [op, operation] of Object.entries(OPERATIONS)) {
    if (op === '?:' || op === '===' || op === '!==') continue;
    const list = groups.get(operation.group) ?? [];
    list.push({ value: `op:${op}`, label: operationLabel(op, env.locale) });
    groups.set(operation.group, list);
  }
  const kindOptions = [
    {
      label: t('groupValues'),
      options: [
        { value: 'var', label: t('exprVar') },
        { value: 'number', label: t('exprNumber') },
        { value: 'text', label: t('exprText') },
        { value: 'bool', label: t('exprBool') },
        { value: 'list', label: t('exprList') },
        { value: 'null', label: t('exprEmpty') },
        ...(tables.length > 0 ? [{ value: 'sumColumn', label: t('exprSumColumn') }] : []),
      ],
    },
    ...[...groups].map(([group, options]) => ({ label: t(GROUP_WORDS[group as keyof typeof GROUP_WORDS]), options })),
  ];
  // An operation written another way (=== for ==, ?: for if) keeps its own key in the picker.
  const current = kindKey(value);
  if (!kindOptions.some((g) => g.options.some((o) => o.value === current))) kindOptions.push({ label: t('groupOther'), options: [{ value: current, label: value.kind === 'op' ? operationLabel(value.op, env.locale) : current }] });

  const kindPicker = (
    <Select
      size="small"
      value={current}
      onChange={(key: string) => onChange(nodeOfKind(key, value, plainFields[0] ? dataVar(plainFields[0].data) : undefined, firstTable))}
      options={kindOptions}
      style={{ minWidth: 120 }}
      popupMatchSelectWidth={false}
      showSearch
      optionFilterProp="label"
      data-testid={`${testId}-kind`}
    />
  );

  let body: React.ReactNode = null;
  switch (value.kind) {
    case 'literal':
      if (typeof value.value === 'number') body = <InputNumber size="small" value={value.value} onChange={(v) => onChange({ kind: 'literal', value: typeof v === 'number' ? v : 0 })} data-testid={`${testId}-number`} />;
      else if (typeof value.value === 'boolean') body = <Select size="small" value={value.value ? 'yes' : 'no'} onChange={(v) => onChange({ kind: 'literal', value: v === 'yes' })} options={[{ value: 'yes', label: t('yes') }, { value: 'no', label: t('no') }]} />;
      else if (typeof value.value === 'string') body = <Input size="small" value={value.value} onChange={(e) => onChange({ kind: 'literal', value: e.target.value })} style={{ width: 160 }} data-testid={`${testId}-text`} />;
      break;
    case 'list':
      body = <Select size="small" mode="tags" value={value.items.map(String)} onChange={(items: string[]) => onChange({ kind: 'list', items: items as Literal[] })} style={{ minWidth: 160 }} />;
      break;
    case 'var':
      body = (
        <Space size={4}>
          <Select
            size="small"
            value={value.name}
            onChange={(name: string) => onChange({ ...value, name })}
            options={valueOptions}
            showSearch
            optionFilterProp="label"
            popupMatchSelectWidth={false}
            style={{ minWidth: 160 }}
            data-testid={`${testId}-var`}
          />
          <Checkbox checked={value.orZero === true} onChange={(e) => onChange(e.target.checked ? { ...value, orZero: true } : { kind: 'var', name: value.name })}>
            {t('exprOrZero')}
          </Checkbox>
        </Space>
      );
      break;
    case 'sumColumn': {
      const table = varPointer(value.table);
      body = (
        <Space size={4}>
          <Select size="small" value={table} onChange={(tb: string) => onChange({ ...value, table: dataVar(tb), column: columns(tb)[0]?.data.slice(tb.length + 3) ?? '' })} options={tables.map((tb) => ({ value: tb.data, label: tb.label }))} popupMatchSelectWidth={false} placeholder={t('table')} />
          <Select
            size="small"
            value={value.column}
            onChange={(column: string) => onChange({ ...value, column })}
            options={columns(table).map((c) => ({ value: c.data.slice(table.length + 3).split('/').join('.'), label: c.label }))}
            popupMatchSelectWidth={false}
            placeholder={t('column')}
          />
        </Space>
      );
      break;
    }
    case 'op': {
      const op = value.op;
      const iterating = ['map', 'filter', 'reduce', 'all', 'none', 'some'].includes(op);
      const first = value.args[0];
      const innerRows = iterating && first?.kind === 'var' && first.name.startsWith('data.') ? varPointer(first.name) : rows;
      const setArg = (i: number, next: ExprNode) => onChange({ ...value, args: value.args.map((a, j) => (j === i ? next : a)) });
      body = (
        <div className="dz-expr-args">
          {value.args.map((arg, i) => (
            <div key={i} className="dz-expr-arg">
              <ExpressionField value={arg} onChange={(next) => setArg(i, next)} rows={i > 0 ? innerRows : rows} testId={`${testId}-${i}`} />
              {VARIADIC.has(op) && value.args.length > (OPERATIONS[op]?.arity ?? 2) && (
                <Button size="small" type="text" icon={<CloseOutlined />} aria-label={t('remove')} onClick={() => onChange({ ...value, args: value.args.filter((_, j) => j !== i) })} />
              )}
            </div>
          ))}
          {VARIADIC.has(op) && (
            <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => onChange({ ...value, args: [...value.args, { kind: 'literal', value: 0 }] })} data-testid={`${testId}-add`}>
              {t('addItem')}
            </Button>
          )}
        </div>
      );
      break;
    }
  }
  return (
    <div className={`dz-expr dz-expr-${value.kind}`} data-testid={testId}>
      {kindPicker}
      {body}
    </div>
  );
}
