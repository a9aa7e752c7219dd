/** "合计": a number field computed as the sum of other number fields (a set rule the builder writes and reads back). */
import { Form, Select } from 'antd';
import { copy } from '../../model/paths';
import { numberFields } from '../../model/fields';
import { putSumRule, sumRules } from '../../model/sum-rule';
import type { FieldContext } from './field-context';
import { useBuilderWords } from './words';

/** The sum's sources of a number field (empty: typed in by the filler). */
export function SumField({ draft, field, edit }: FieldContext) {
  const { t } = useBuilderWords();
  if (field.data.includes('/-/')) return null;
  const candidates = numberFields(draft).filter((f) => f.data !== field.data);
  const current = sumRules(draft).get(field.data)?.sources ?? [];
  const titleOf = (data: string) => candidates.find((c) => c.data === data)?.title ?? data;
  const set = (sources: string[]) => {
    const next = copy(draft);
    putSumRule(next, { target: field.data, sources }, { target: field.title, sources: sources.map(titleOf) });
    edit(next);
  };
  return (
    <Form.Item label={t('sumOf')} extra={t('sumHint')}>
      <Select mode="multiple" value={current} onChange={set} allowClear options={candidates.map((c) => ({ value: c.data, label: c.title }))} data-testid="prop-sum" />
    </Form.Item>
  );
}
