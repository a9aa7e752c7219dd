/**
 * A figure's pre-fill from pickers: the source module, count or sum (and the summed field), the
 * date that must fall in the period, conditions on the source's fields (their values picked from
 * the field's options or code list), the states counted, and the scope.
 */
import { useEffect, useState } from 'react';
import { Button, Form, Input, Radio, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { OPERATORS, conditionValue, newPrefill, type ConditionOperator, type Prefill, type SourceField } from '../../model/report-settings';
import { useCodes, useRecordModules, useSource } from './sources';
import { useReportWords } from './words';

type Condition = NonNullable<Prefill['where']>[number];

/** A condition's value: a picker for choices, yes/no for booleans, else a text. */
function ConditionValue({ field, condition, onChange }: { field: SourceField | undefined; condition: Condition; onChange(value: unknown): void }) {
  const { t } = useReportWords();
  const codes = useCodes(field?.codelist);
  const many = condition.operator === 'in' || condition.operator === 'notIn';
  const options = field?.boolean ? [{ value: true, title: t('yes') }, { value: false, title: t('no') }] : field?.codelist ? codes : field?.options;
  if (options) {
    const value = many ? (Array.isArray(condition.value) ? condition.value : []) : Array.isArray(condition.value) ? condition.value[0] : condition.value;
    return (
      <Select
        mode={many ? 'multiple' : undefined}
        value={value as string}
        onChange={onChange}
        options={options.map((o) => ({ value: o.value as string, label: o.title }))}
        style={{ minWidth: 160, flex: 1 }}
        placeholder={t('conditionValue')}
        data-testid="prefill-condition-value"
      />
    );
  }
  return <ConditionText key={`${condition.path} ${many}`} field={field} condition={condition} many={many} onChange={onChange} />;
}

/** A typed condition value, kept as typed (a list separated by 、 or commas) and read as the field holds it. */
function ConditionText({ field, condition, many, onChange }: { field: SourceField | undefined; condition: Condition; many: boolean; onChange(value: unknown): void }) {
  const { t } = useReportWords();
  const [text, setText] = useState(() => (Array.isArray(condition.value) ? condition.value.join('、') : condition.value === undefined ? '' : String(condition.value)));
  return (
    <Input
      value={text}
      placeholder={t('conditionValue')}
      style={{ minWidth: 160, flex: 1 }}
      onChange={(e) => {
        setText(e.target.value);
        onChange(conditionValue(e.target.value, field, many));
      }}
    />
  );
}

/** The pre-fill editor of one figure. */
export function PrefillEditor({ prefill, onChange }: { prefill: Prefill; onChange(next: Prefill): void }) {
  const { t, pick } = useReportWords();
  const modules = useRecordModules();
  const source = useSource(prefill.module || undefined);
  const fieldOptions = (list: SourceField[] | undefined) => (list ?? []).map((f) => ({ value: f.pointer, label: f.title }));
  const where = prefill.where ?? [];
  const setWhere = (next: Condition[]) => onChange({ ...prefill, where: next });
  const setCondition = (i: number, patch: Partial<Condition>) => setWhere(where.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  // A module just chosen: count by its first date once its fields are known.
  const firstDate = source?.dates[0]?.pointer;
  useEffect(() => {
    if (prefill.module && prefill.dateField === '' && firstDate) onChange({ ...prefill, dateField: firstDate });
  }, [prefill, firstDate, onChange]);

  return (
    <Form layout="vertical" size="small" data-testid="prefill-editor">
      <Form.Item label={t('sourceModule')}>
        <Select
          value={prefill.module || undefined}
          placeholder={t('chooseModule')}
          showSearch
          optionFilterProp="label"
          onChange={(module: string) => onChange({ ...newPrefill(module, { dates: [], numbers: [], conditions: [], states: [] }), scope: prefill.scope })}
          options={modules.map((m) => ({ value: m.key, label: pick(m.title) }))}
          data-testid="prefill-module"
        />
      </Form.Item>
      {prefill.module && (
        <>
          <Form.Item label={t('dateField')}>
            <Select value={prefill.dateField || undefined} onChange={(dateField: string) => onChange({ ...prefill, dateField })} options={fieldOptions(source?.dates)} data-testid="prefill-date" />
          </Form.Item>
          <Form.Item label={t('op')}>
            <Radio.Group value={prefill.op} onChange={(e) => onChange({ ...prefill, op: e.target.value as Prefill['op'] })} data-testid="prefill-op">
              <Radio value="count">{t('op_count')}</Radio>
              <Radio value="sum">{t('op_sum')}</Radio>
            </Radio.Group>
          </Form.Item>
          {prefill.op === 'sum' && (
            <Form.Item label={t('sumField')}>
              <Select value={prefill.field} onChange={(field: string) => onChange({ ...prefill, field })} options={fieldOptions(source?.numbers)} data-testid="prefill-sum-field" />
            </Form.Item>
          )}
          <Form.Item label={t('conditions')}>
            <Space direction="vertical" style={{ width: '100%' }} size={4}>
              {where.map((c, i) => (
                <div key={i} style={{ display: 'flex', gap: 4, flexWrap: 'wrap' }} data-testid={`prefill-condition-${i}`}>
                  <Select
                    value={c.path || undefined}
                    placeholder={t('conditionField')}
                    style={{ minWidth: 160, flex: 1 }}
                    onChange={(path: string) => setCondition(i, { path, value: c.operator === 'in' || c.operator === 'notIn' ? [] : '' })}
                    options={fieldOptions(source?.conditions)}
                    data-testid="prefill-condition-field"
                  />
                  <Select<ConditionOperator>
                    value={c.operator}
                    style={{ width: 100 }}
                    onChange={(operator) => setCondition(i, { operator, value: operator === 'in' || operator === 'notIn' ? (Array.isArray(c.value) ? c.value : c.value === '' ? [] : [c.value]) : Array.isArray(c.value) ? c.value[0] ?? '' : c.value })}
                    options={OPERATORS.map((o) => ({ value: o, label: t(`op_${o}`) }))}
                  />
                  <ConditionValue field={source?.conditions.find((f) => f.pointer === c.path)} condition={c} onChange={(value) => setCondition(i, { value })} />
                  <Button icon={<DeleteOutlined />} onClick={() => setWhere(where.filter((_, j) => j !== i))} aria-label={t('remove')} />
                </div>
              ))}
              <Button size="small" icon={<PlusOutlined />} onClick={() => setWhere([...where, { path: '', operator: 'equal', value: '' }])} data-testid="prefill-add-condition">
                {t('addCondition')}
              </Button>
            </Space>
          </Form.Item>
          <Form.Item label={t('states')}>
            <Select
              mode="multiple"
              allowClear
              value={prefill.states ?? []}
              placeholder={t('statesAll')}
              onChange={(states: string[]) => onChange({ ...prefill, states })}
              options={(source?.states ?? []).map((s) => ({ value: s.name, label: pick(s.title) }))}
              data-testid="prefill-states"
            />
          </Form.Item>
          <Form.Item label={t('scope')}>
            <Radio.Group value={prefill.scope ?? 'subtree'} onChange={(e) => onChange({ ...prefill, scope: e.target.value as 'subtree' | 'unit' })} data-testid="prefill-scope">
              <Radio value="subtree">{t('scope_subtree')}</Radio>
              <Radio value="unit">{t('scope_unit')}</Radio>
            </Radio.Group>
          </Form.Item>
        </>
      )}
    </Form>
  );
}
