/**
 * What a field accepts and how it shows: length, range or number of rows; the pattern; the
 * default; the placeholder; the widget; read-only; a section's columns.
 */
import dayjs from 'dayjs';
import { DatePicker, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { setFieldSchema, setFieldUi } from '../../model/field-edits';
import { isObj } from '../../model/paths';
import { problemProps, type FieldContext } from './field-context';
import { PatternField } from './PatternField';
import { useBuilderWords } from './words';

const TEXT_KINDS = new Set(['text', 'textarea', 'idNumber', 'phone', 'attachment']);
const NUMBER_KINDS = new Set(['number', 'integer']);
const ROW_KINDS = new Set(['group', 'table', 'multiple']);

/** Two number inputs for a pair of keywords (min/max …). */
function Bounds({ context, low, high }: { context: FieldContext; low: 'minLength' | 'minimum' | 'minItems'; high: 'maxLength' | 'maximum' | 'maxItems' }) {
  const { t } = useBuilderWords();
  const { draft, field, edit, problems } = context;
  const set = (keyword: string) => (value: number | null) => edit(setFieldSchema(draft, field.pointer, { [keyword]: value ?? undefined }), `${keyword}:${field.pointer}`);
  const integer = low !== 'minimum' || field.kind === 'integer';
  return (
    <Form.Item label={`${t(low)} / ${t(high)}`} {...problemProps(problems, low, high)}>
      <Space.Compact style={{ width: '100%' }}>
        <InputNumber style={{ width: '50%' }} value={field.schema[low] as number | undefined} precision={integer ? 0 : undefined} onChange={set(low)} data-testid={`prop-${low}`} />
        <InputNumber style={{ width: '50%' }} value={field.schema[high] as number | undefined} precision={integer ? 0 : undefined} onChange={set(high)} data-testid={`prop-${high}`} />
      </Space.Compact>
    </Form.Item>
  );
}

/** The default value, in the field's own kind of input. */
function DefaultField(context: FieldContext) {
  const { t } = useBuilderWords();
  const { draft, field, edit, problems } = context;
  const value = field.schema.default;
  const set = (next: unknown) => edit(setFieldSchema(draft, field.pointer, { default: next === '' || next === null ? undefined : next }), `default:${field.pointer}`);
  let input;
  if (NUMBER_KINDS.has(field.kind)) input = <InputNumber style={{ width: '100%' }} value={value as number | undefined} onChange={set} />;
  else if (field.kind === 'date') input = <DatePicker style={{ width: '100%' }} value={typeof value === 'string' ? dayjs(value) : null} onChange={(d) => set(d ? d.format('YYYY-MM-DD') : undefined)} />;
  else if (field.kind === 'boolean')
    input = (
      <Select allowClear value={value as boolean | undefined} onChange={set} options={[{ value: true, label: '是' }, { value: false, label: '否' }]} />
    );
  else if (field.kind === 'single' && Array.isArray(field.schema.oneOf))
    input = <Select allowClear value={value as string | undefined} onChange={set} options={(field.schema.oneOf as { const: string; title?: string }[]).map((o) => ({ value: o.const, label: o.title ?? o.const }))} />;
  else if (TEXT_KINDS.has(field.kind)) input = <Input value={(value as string | undefined) ?? ''} onChange={(e) => set(e.target.value)} />;
  else return null;
  return (
    <Form.Item label={t('defaultValue')} {...problemProps(problems, 'default')}>
      {input}
    </Form.Item>
  );
}

/** The widget choices of a kind (none: one way only). */
function widgetChoices(kind: string): { value: string; word: 'widgetSelect' | 'widgetRadio' | 'widgetCheckbox' | 'widgetCheckboxes' }[] {
  if (kind === 'single' || kind === 'codelist') return [{ value: 'select', word: 'widgetSelect' }, { value: 'radio', word: 'widgetRadio' }];
  if (kind === 'boolean') return [{ value: 'radio', word: 'widgetRadio' }, { value: 'checkbox', word: 'widgetCheckbox' }];
  if (kind === 'multiple') return [{ value: 'checkboxes', word: 'widgetCheckboxes' }, { value: 'select', word: 'widgetSelect' }];
  return [];
}

/** The section (see the file header). */
export function ConstraintsSection(context: FieldContext) {
  const { t } = useBuilderWords();
  const { draft, field, edit, problems } = context;
  const setUi = (patch: Record<string, unknown>, key?: string) => edit(setFieldUi(draft, field.pointer, patch), key);
  const widgets = widgetChoices(field.kind);
  const options = isObj(field.ui?.['ui:options']) ? (field.ui!['ui:options'] as Record<string, unknown>) : {};
  const setColumns = (n: number) => {
    const { columns: _columns, ...rest } = options;
    const next = n ? { ...rest, columns: n } : rest;
    setUi({ 'ui:options': Object.keys(next).length > 0 ? next : undefined });
  };
  return (
    <>
      {TEXT_KINDS.has(field.kind) && <Bounds context={context} low="minLength" high="maxLength" />}
      {NUMBER_KINDS.has(field.kind) && <Bounds context={context} low="minimum" high="maximum" />}
      {ROW_KINDS.has(field.kind) && <Bounds context={context} low="minItems" high="maxItems" />}
      {(field.kind === 'text' || field.kind === 'idNumber' || field.kind === 'phone') && <PatternField {...context} />}
      <DefaultField {...context} />
      {!['section', 'group', 'table', 'boolean', 'multiple'].includes(field.kind) && (
        <Form.Item label={t('placeholder')} {...problemProps(problems, 'ui:placeholder')}>
          <Input value={(field.ui?.['ui:placeholder'] as string | undefined) ?? ''} onChange={(e) => setUi({ 'ui:placeholder': e.target.value || undefined }, `placeholder:${field.pointer}`)} data-testid="prop-placeholder" />
        </Form.Item>
      )}
      {widgets.length > 0 && (
        <Form.Item label={t('widget')} {...problemProps(problems, 'ui:widget')}>
          <Select value={(field.ui?.['ui:widget'] as string | undefined) ?? widgets[0]!.value} onChange={(w: string) => setUi({ 'ui:widget': w === 'select' && field.kind !== 'multiple' ? undefined : w })} options={widgets.map((w) => ({ value: w.value, label: t(w.word) }))} />
        </Form.Item>
      )}
      {field.kind === 'section' && (
        <Form.Item label={t('columns')}>
          <Select value={(options.columns as number | undefined) ?? 0} onChange={setColumns} options={[0, 1, 2, 3, 4].map((n) => ({ value: n, label: n === 0 ? t('columnsAuto') : String(n) }))} data-testid="prop-columns" />
        </Form.Item>
      )}
      {!['section', 'group', 'table'].includes(field.kind) && (
        <Form.Item label={t('readOnly')} extra={t('readOnlyHint')} {...problemProps(problems, 'ui:readonly', 'readOnly')}>
          <Switch checked={field.ui?.['ui:readonly'] === true} onChange={(on) => setUi({ 'ui:readonly': on || undefined })} data-testid="prop-readonly" />
        </Form.Item>
      )}
    </>
  );
}
