/**
 * A choice field's options (code, Chinese and English name, retired or not; added, removed,
 * reordered) or the code list it is bound to instead.
 */
import { Button, Checkbox, Form, Input, Select, Space, Tooltip } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { fieldTemplate } from '../../model/field-kinds';
import { bindCodelist, boundCodelist, optionsPointer, readOptions, writeOptions, type OptionRow } from '../../model/options';
import { copy, objAt, schemaOf } from '../../model/paths';
import { useCodelistSummaries } from '../../codelists';
import { problemProps, type FieldContext } from './field-context';
import { useBuilderWords } from './words';

/** Replaces a field's code list binding with options of its own. */
function ownOptions(context: FieldContext): void {
  const { draft, field, edit } = context;
  const next = copy(draft);
  const at = optionsPointer(next, field.pointer);
  const node = objAt(schemaOf(next), at)!;
  delete node.$ref;
  const template = fieldTemplate('single', '').schema;
  Object.assign(node, { type: template.type, oneOf: template.oneOf });
  edit(next);
}

/** The options editor of a choice field, or its code list. */
export function OptionsField(context: FieldContext) {
  const { draft, field, edit, problems } = context;
  const { t, pick } = useBuilderWords();
  const codelists = useCodelistSummaries();
  const bound = boundCodelist(draft, field.pointer);
  if (bound !== undefined || field.kind === 'codelist') {
    return (
      <Form.Item label={t('codelist')} {...problemProps(problems, 'codelist')}>
        <Select
          value={bound || undefined}
          placeholder={t('chooseCodelist')}
          options={codelists.map((c) => ({ value: c.key, label: pick(c.title) }))}
          onChange={(key: string) => edit(bindCodelist(draft, field.pointer, key))}
          data-testid="prop-codelist"
        />
        {field.kind !== 'codelist' && (
          <Button type="link" size="small" onClick={() => ownOptions(context)}>
            {t('useOptions')}
          </Button>
        )}
      </Form.Item>
    );
  }
  const at = optionsPointer(draft, field.pointer);
  const rows = readOptions(draft, at);
  const write = (next: OptionRow[], key?: string) => edit(writeOptions(draft, at, next), key);
  const change = (i: number, patch: Partial<OptionRow>, key: string) => write(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)), `option:${field.pointer}:${i}:${key}`);
  const move = (i: number, by: number) => {
    const next = [...rows];
    const [row] = next.splice(i, 1);
    next.splice(i + by, 0, row!);
    write(next);
  };
  const nextCode = () => String(rows.reduce((max, r) => Math.max(max, Number(r.value) || 0), 0) + 1).padStart(2, '0');
  return (
    <Form.Item label={t('options')} {...problemProps(problems, 'options')} extra={t('deprecatedHint')}>
      <Space direction="vertical" style={{ width: '100%' }} size={4} data-testid="prop-options">
        {rows.map((row, i) => (
          <Space.Compact key={i} style={{ width: '100%' }}>
            <Input style={{ width: '22%' }} value={row.value} placeholder={t('optionValue')} onChange={(e) => change(i, { value: e.target.value }, 'value')} />
            <Input style={{ width: '32%' }} value={row.title} placeholder={t('optionTitle')} onChange={(e) => change(i, { title: e.target.value }, 'title')} data-testid={`option-title-${i}`} />
            <Input style={{ width: '30%' }} value={row.en ?? ''} placeholder={t('optionEn')} onChange={(e) => change(i, { en: e.target.value || undefined }, 'en')} />
            <Tooltip title={t('deprecated')}>
              <Checkbox style={{ padding: '4px 6px' }} checked={row.deprecated === true} onChange={(e) => change(i, { deprecated: e.target.checked || undefined }, 'deprecated')} />
            </Tooltip>
            <Button icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} />
            <Button icon={<ArrowDownOutlined />} disabled={i === rows.length - 1} onClick={() => move(i, 1)} />
            <Button icon={<DeleteOutlined />} danger onClick={() => write(rows.filter((_, j) => j !== i))} />
          </Space.Compact>
        ))}
        <Space>
          <Button size="small" icon={<PlusOutlined />} onClick={() => write([...rows, { value: nextCode(), title: '' }])} data-testid="add-option">
            {t('addOption')}
          </Button>
          <Button size="small" type="link" onClick={() => codelists[0] && edit(bindCodelist(draft, field.pointer, codelists[0].key))}>
            {t('useCodelist')}
          </Button>
        </Space>
      </Space>
    </Form.Item>
  );
}
