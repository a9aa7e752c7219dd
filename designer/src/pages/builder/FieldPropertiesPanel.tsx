/**
 * The selected field's properties: label in Chinese and English, key, kind, help, required, then
 * what it accepts (ConstraintsSection), its options or code list, a sum it computes — each with
 * the problems the server found at it. A field the builder cannot edit says so and is kept.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Popconfirm, Select, Switch } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { changeKind, removeField, renameField, setEnglish, setFieldSchema, setRequired } from '../../model/field-edits';
import { keyProblem, newFieldKey } from '../../model/field-keys';
import { FIELD_KINDS, isContainerKind, type FieldKind } from '../../model/field-kinds';
import { fieldNames } from '../../model/fields';
import { englishOf, parentOf } from '../../model/paths';
import { ruleConcerns } from '../../model/rule-list';
import { kindWord } from '../../words';
import { ConstraintsSection } from './ConstraintsSection';
import { problemProps, type FieldContext } from './field-context';
import { OptionsField } from './OptionsField';
import { SumField } from './SumField';
import { useBuilderWords } from './words';

/** Properties the panel shows an input for: other problems of the field are listed on top. */
const SHOWN = new Set(['title', 'en', 'description', 'enDescription', 'required', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'options', 'codelist', 'default', 'ui:placeholder', 'ui:widget', 'ui:readonly', 'readOnly']);

/** The key input: applied when it is valid and the designer leaves the input. */
function KeyField({ draft, field, edit, onMoved }: FieldContext) {
  const { t } = useBuilderWords();
  const [value, setValue] = useState(field.name);
  useEffect(() => setValue(field.name), [field.name]);
  const siblings = fieldNames(draft, parentOf(field.pointer).container).filter((n) => n !== field.name);
  const problem = value === field.name ? undefined : keyProblem(value, siblings);
  const apply = () => {
    if (value === field.name || problem) return setValue(field.name);
    const moved = renameField(draft, field.pointer, value);
    edit(moved.draft);
    onMoved(moved.pointer);
  };
  return (
    <Form.Item label={t('fieldKey')} extra={t('fieldKeyHint')} validateStatus={problem ? 'error' : undefined} help={problem ? t(problem === 'format' ? 'keyFormat' : 'keyTaken') : undefined}>
      <Input value={value} onChange={(e) => setValue(e.target.value.trim())} onBlur={apply} onPressEnter={apply} style={{ fontFamily: 'monospace' }} data-testid="prop-key" />
    </Form.Item>
  );
}

/** The property panel of one field. */
export function FieldPropertiesPanel(context: FieldContext & { onRemoved(): void; onShowRules?(field: string): void }) {
  const { t } = useBuilderWords();
  const { draft, field, edit, problems, onRemoved, onMoved, published, onShowRules } = context;
  const ruleCount = (Array.isArray(draft.rules) ? draft.rules : []).filter((r) => ruleConcerns(r, field.data)).length;
  const en = englishOf(draft);
  // A new field's key follows its label while it is still the key its label gave.
  const setTitle = (title: string) => {
    const titled = setFieldSchema(draft, field.pointer, { title: title || undefined });
    const siblings = fieldNames(draft, parentOf(field.pointer).container).filter((n) => n !== field.name);
    const follows = !published && field.name === newFieldKey(String(field.schema.title ?? ''), siblings);
    const key = newFieldKey(title, siblings);
    // One undo step for the typing, whatever the key becomes on the way.
    const step = `title:${parentOf(field.pointer).container}:${fieldNames(draft, parentOf(field.pointer).container).indexOf(field.name)}`;
    if (!follows || key === field.name) return edit(titled, step);
    const moved = renameField(titled, field.pointer, key);
    edit(moved.draft, step);
    onMoved(moved.pointer);
  };
  const set = (patch: Record<string, unknown>, key: string) => edit(setFieldSchema(draft, field.pointer, patch), `${key}:${field.pointer}`);
  const others = problems.filter((p) => !p.place.property || !SHOWN.has(p.place.property));
  const kinds = FIELD_KINDS.filter((k) => isContainerKind(k) === isContainerKind(field.kind));
  return (
    <Card
      size="small"
      title={t('properties')}
      data-testid="field-properties"
      extra={
        <Popconfirm title={t('deleteConfirm', { title: field.title })} onConfirm={() => (edit(removeField(draft, field.pointer)), onRemoved())}>
          <Button size="small" danger icon={<DeleteOutlined />} data-testid="delete-field">
            {t('deleteField')}
          </Button>
        </Popconfirm>
      }
    >
      {field.kind === 'advanced' && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('advancedHint')} />}
      {others.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t('fieldProblems')} description={others.map((p) => p.message).join('；')} data-testid="field-problem-list" />}
      <Form layout="vertical" size="small">
        <Form.Item label={t('label')} {...problemProps(problems, 'title')}>
          <Input value={typeof field.schema.title === 'string' ? field.schema.title : ''} onChange={(e) => setTitle(e.target.value)} data-testid="prop-title" />
        </Form.Item>
        <Form.Item label={t('labelEn')} {...problemProps(problems, 'en')}>
          <Input value={en[field.pointer] ?? ''} onChange={(e) => edit(setEnglish(draft, field.pointer, e.target.value), `en:${field.pointer}`)} data-testid="prop-title-en" />
        </Form.Item>
        <KeyField {...context} />
        {field.kind !== 'advanced' && (
          <Form.Item label={t('fieldKind')}>
            <Select<FieldKind> value={field.kind} onChange={(k) => edit(changeKind(draft, field.pointer, k as Exclude<FieldKind, 'advanced'>))} options={kinds.map((k) => ({ value: k, label: t(kindWord(k)) }))} data-testid="prop-kind" />
          </Form.Item>
        )}
        <Form.Item label={t('help')} {...problemProps(problems, 'description')}>
          <Input.TextArea rows={2} value={typeof field.schema.description === 'string' ? field.schema.description : ''} onChange={(e) => set({ description: e.target.value || undefined }, 'description')} data-testid="prop-help" />
        </Form.Item>
        {typeof field.schema.description === 'string' && (
          <Form.Item label={t('helpEn')} {...problemProps(problems, 'enDescription')}>
            <Input.TextArea rows={2} value={en[`${field.pointer}/description`] ?? ''} onChange={(e) => edit(setEnglish(draft, `${field.pointer}/description`, e.target.value), `enHelp:${field.pointer}`)} />
          </Form.Item>
        )}
        <Form.Item label={t('required')} {...problemProps(problems, 'required')}>
          <Switch checked={field.required} onChange={(on) => edit(setRequired(draft, field.pointer, on))} data-testid="prop-required" />
        </Form.Item>
        {(field.kind === 'single' || field.kind === 'multiple' || field.kind === 'codelist') && <OptionsField {...context} />}
        {field.kind !== 'advanced' && <ConstraintsSection {...context} />}
        {(field.kind === 'number' || field.kind === 'integer') && <SumField {...context} />}
        {onShowRules && (
          <Form.Item label={t('fieldRules')}>
            <Button size="small" onClick={() => onShowRules(field.data)} data-testid="prop-rules">
              {t('fieldRulesOpen', { n: ruleCount })}
            </Button>
          </Form.Item>
        )}
      </Form>
    </Card>
  );
}
