/** The form's own properties when no field is selected: its columns, and the problems that concern no one field. */
import { Alert, Card, Form, Select, Typography } from 'antd';
import type { DraftProblem } from '../../../../runtime/web/kit/contract';
import { copy, ensureObj, isObj, type Draft } from '../../model/paths';
import { placeOf } from '../../model/problem-map';
import type { Change } from '../draft/useDraftEditor';
import { useBuilderWords } from './words';

/** The form properties panel. */
export function FormPropertiesPanel({ definition, edit, problems }: { definition: Draft; edit(change: Change, key?: string): void; problems: readonly DraftProblem[] }) {
  const { t } = useBuilderWords();
  const ui = isObj(definition.ui) ? definition.ui : {};
  const options = isObj(ui['ui:options']) ? (ui['ui:options'] as Record<string, unknown>) : {};
  const formProblems = problems.filter((p) => placeOf(definition, p.path).area === 'form');
  const setColumns = (n: number) => {
    const next = copy(definition);
    const root = ensureObj(next, ['ui']);
    const { columns: _columns, ...rest } = options;
    const value = n ? { ...rest, columns: n } : rest;
    if (Object.keys(value).length > 0) root['ui:options'] = value;
    else delete root['ui:options'];
    edit(next);
  };
  return (
    <Card size="small" title={t('formProperties')} data-testid="form-properties">
      <Typography.Paragraph type="secondary">{t('noSelection')}</Typography.Paragraph>
      {formProblems.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={formProblems.map((p) => p.message).join('；')} />}
      <Form layout="vertical" size="small">
        <Form.Item label={t('columns')}>
          <Select value={(options.columns as number | undefined) ?? 0} onChange={setColumns} options={[0, 1, 2, 3, 4].map((n) => ({ value: n, label: n === 0 ? t('columnsAuto') : String(n) }))} data-testid="form-columns" />
        </Form.Item>
      </Form>
    </Card>
  );
}
