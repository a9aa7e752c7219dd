/**
 * A rule's conditions with react-querybuilder and its antd controls: the subjects grouped (form
 * fields by label, context, facts, a formula), the operators that fit the chosen subject's type,
 * values picked from its options (codes, states, levels, roles by their titles), dates from a
 * calendar or compared with another date (today included), days counted from today, and/or
 * groups nested and negated.
 */
import { useMemo } from 'react';
import { Checkbox, DatePicker, Input, InputNumber, Radio, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { QueryBuilder, type Field, type FieldSelectorProps, type NotToggleProps, type RuleGroupType, type ValueEditorProps } from 'react-querybuilder';
import { AntDValueEditor, AntDValueSelector, QueryBuilderAntD, type AntDValueSelectorProps } from '@react-querybuilder/antd';
import 'react-querybuilder/dist/query-builder.css';
import { parseExpr, type ExprNode } from '../../model/rule-expression';
import { DAY_OPERATORS, FIELD_COMPARABLE, LIST_OPERATORS, operatorLabel, operatorsFor, UNARY_OPERATORS } from '../../model/rule-operators';
import type { Subject } from '../../model/rule-subjects';
import { ExpressionField } from './ExpressionField';
import { useRuleEnv } from './rule-env';
import { useRuleWords } from './words';

/** The value of one condition, by the subject's type and the operator. */
function RuleValueEditor(props: ValueEditorProps) {
  const { t } = useRuleWords();
  const env = useRuleEnv();
  const { field, operator, value, handleOnChange, valueSource, path } = props;
  const testId = `cond-value-${path.join('-')}`;
  if (UNARY_OPERATORS.has(operator)) return null;
  if (field === 'logic') return <ExpressionField value={(value as ExprNode | undefined) ?? parseExpr(true)} onChange={handleOnChange} testId={`cond-expr-${path.join('-')}`} />;
  if (valueSource === 'field') return <AntDValueEditor {...props} data-testid={testId} />;
  const subject = env.subjectMap.get(field);
  if (DAY_OPERATORS.has(operator)) {
    return (
      <Space.Compact>
        <InputNumber min={0} value={typeof value === 'number' ? value : Number(value) || undefined} onChange={(v) => handleOnChange(v ?? 0)} data-testid={testId} />
        <Space.Addon>{t('days')}</Space.Addon>
      </Space.Compact>
    );
  }
  if (subject?.type === 'boolean') {
    return <Radio.Group value={value} onChange={(e) => handleOnChange(e.target.value)} options={[{ value: true, label: t('yes') }, { value: false, label: t('no') }]} data-testid={testId} />;
  }
  if (subject?.options) {
    const multiple = LIST_OPERATORS.has(operator);
    return (
      <Select
        mode={multiple ? 'multiple' : undefined}
        value={multiple ? (Array.isArray(value) ? value : []) : value === '' ? undefined : value}
        onChange={handleOnChange}
        options={subject.options.map((o) => ({ value: o.value as string | number, label: o.label }))}
        showSearch
        optionFilterProp="label"
        placeholder={t('pick')}
        style={{ minWidth: 160 }}
        popupMatchSelectWidth={false}
        data-testid={testId}
      />
    );
  }
  if (subject?.type === 'date') {
    const day = typeof value === 'string' && value !== '' ? dayjs(value) : undefined;
    return <DatePicker value={day?.isValid() ? day : undefined} onChange={(_d, text) => handleOnChange(typeof text === 'string' ? text : '')} data-testid={testId} />;
  }
  if (subject?.type === 'number') return <InputNumber value={typeof value === 'number' ? value : value === '' ? undefined : Number(value)} onChange={(v) => handleOnChange(v ?? '')} data-testid={testId} />;
  if (LIST_OPERATORS.has(operator)) return <Select mode="tags" value={Array.isArray(value) ? value : []} onChange={handleOnChange} style={{ minWidth: 160 }} data-testid={testId} />;
  return <Input value={typeof value === 'string' ? value : String(value ?? '')} onChange={(e) => handleOnChange(e.target.value)} style={{ width: 180 }} data-testid={testId} />;
}

/** "Not" as a check box (the antd switch shows "=" when off). */
function NotToggle({ checked, handleOnChange, label, disabled }: NotToggleProps) {
  return (
    <Checkbox checked={checked === true} disabled={disabled} onChange={(e) => handleOnChange(e.target.checked)}>
      {label}
    </Checkbox>
  );
}

/** Pickers that can be searched by label. */
function SearchSelector(props: FieldSelectorProps) {
  return <AntDValueSelector {...(props as unknown as AntDValueSelectorProps)} showSearch optionFilterProp="label" popupMatchSelectWidth={false} style={{ minWidth: 140 }} />;
}

/** The query builder's fields: the subjects with their operators and comparable fields. */
function useFields(): { fields: { label: string; options: Field[] }[] } {
  const env = useRuleEnv();
  const { t } = useRuleWords();
  return useMemo(() => {
    const asField = (s: Subject): Field => ({
      name: s.id,
      label: s.label,
      datatype: s.type,
      operators: operatorsFor(s.type).map((op) => ({ name: op, value: op, label: operatorLabel(op, env.locale, s.type) })),
      defaultOperator: operatorsFor(s.type)[0],
      valueSources: (operator: string) =>
        FIELD_COMPARABLE.has(operator) && (s.type === 'date' || s.type === 'number')
          ? [
              { name: 'value', value: 'value', label: t('fixedValue') },
              { name: 'field', value: 'field', label: t('exprVar') },
            ]
          : [{ name: 'value', value: 'value', label: t('fixedValue') }],
      comparator: (other: Field) => other.datatype === s.type && other.name !== s.id,
    });
    const group = (label: string, subjects: Subject[]) => ({ label, options: subjects.map(asField) });
    return {
      fields: [
        group(t('subjectFields'), env.subjects.filter((s) => s.group === 'field' && s.type !== 'any')),
        group(t('subjectContext'), env.subjects.filter((s) => s.group === 'context')),
        ...(env.subjects.some((s) => s.group === 'fact') ? [group(t('subjectFacts'), env.subjects.filter((s) => s.group === 'fact'))] : []),
        { label: t('subjectLogic'), options: [{ name: 'logic', label: t('logicCondition'), operators: [{ name: 'holds', value: 'holds', label: operatorLabel('holds', env.locale) }], defaultOperator: 'holds', defaultValue: { kind: 'op', op: '>', args: [{ kind: 'literal', value: 0 }, { kind: 'literal', value: 0 }] } }] },
      ],
    };
  }, [env, t]);
}

/** The conditions of a rule. */
export function RuleConditionField({ query, onChange }: { query: RuleGroupType; onChange(next: RuleGroupType): void }) {
  const { t } = useRuleWords();
  const { fields } = useFields();
  const translations = useMemo(
    () => ({
      addRule: { label: `+ ${t('addCondition')}`, title: t('addCondition') },
      addGroup: { label: `+ ${t('addGroup')}`, title: t('addGroup') },
      removeRule: { label: '×', title: t('removeCondition') },
      removeGroup: { label: '×', title: t('removeCondition') },
      notToggle: { label: t('notToggle'), title: t('notToggle') },
      fields: { title: t('atField'), placeholderLabel: t('pick'), placeholderGroupLabel: t('pick') },
      operators: { title: t('eventType'), placeholderLabel: t('pick'), placeholderGroupLabel: t('pick') },
      combinators: { title: t('when') },
      valueSourceSelector: { title: t('value') },
    }),
    [t],
  );
  const combinators = useMemo(() => [{ name: 'and', value: 'and', label: t('combinatorAnd') }, { name: 'or', value: 'or', label: t('combinatorOr') }], [t]);
  return (
    <QueryBuilderAntD>
      <QueryBuilder
        fields={fields}
        query={query}
        onQueryChange={onChange}
        combinators={combinators}
        translations={translations}
        showNotToggle
        listsAsArrays
        resetOnFieldChange
        controlElements={{ valueEditor: RuleValueEditor, fieldSelector: SearchSelector, notToggle: NotToggle }}
        controlClassnames={{ queryBuilder: 'queryBuilder-branches dz-rule-query' }}
      />
    </QueryBuilderAntD>
  );
}
