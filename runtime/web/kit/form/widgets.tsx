/**
 * The widgets every kit form uses besides the antd theme's: choices that hide deprecated
 * options from new values (see deprecated-options.ts), a unit picker (`ui:widget: "unit"`, a
 * unit code chosen from the caller's unit tree by name) and an attachment note
 * (`ui:widget: "attachment"`: JSON Schema has no file type, so the field holds a text — what is
 * attached — and the files themselves go to the record's attachments).
 */
import { useEffect, useState, type ComponentType } from 'react';
import { Widgets } from '@rjsf/antd';
import type { WidgetProps } from '@rjsf/utils';
import { Input, TreeSelect, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';
import { listUnits, unitTree, type UnitTreeNode } from '../units';
import { offeredOptions, type ChoiceOption } from './deprecated-options';

/** A choice widget of the theme, offering deprecated options only to values that hold them. */
function withoutDeprecated(Widget: ComponentType<WidgetProps>): ComponentType<WidgetProps> {
  return function ChoiceWidget(props: WidgetProps) {
    const { t } = useI18n();
    const options = props.options.enumOptions as ChoiceOption[] | undefined;
    if (!Array.isArray(options)) return <Widget {...props} />;
    const offered = offeredOptions(options, props.value, t('deprecatedMark'));
    return <Widget {...props} options={{ ...props.options, enumOptions: offered as typeof props.options.enumOptions }} />;
  };
}

/** A unit of the caller's tree, chosen by name; the value is its code. */
export function UnitWidget({ id, value, disabled, readonly, onChange, placeholder }: WidgetProps) {
  const [tree, setTree] = useState<UnitTreeNode[]>([]);
  useEffect(() => {
    void listUnits()
      .then((units) => setTree(unitTree(units)))
      .catch(() => undefined);
  }, []);
  return (
    <TreeSelect
      id={id}
      value={(value as string | undefined) || undefined}
      treeData={tree}
      disabled={disabled || readonly}
      placeholder={placeholder}
      showSearch
      treeNodeFilterProp="title"
      allowClear
      treeDefaultExpandAll
      style={{ width: '100%' }}
      onChange={(next: string | undefined) => onChange(next ?? undefined)}
    />
  );
}

/** What is attached, in words; the files go to the record's attachments. */
export function AttachmentWidget({ id, value, disabled, readonly, onChange, placeholder }: WidgetProps) {
  const { t } = useI18n();
  return (
    <>
      <Input id={id} prefix={<PaperClipOutlined />} value={(value as string | undefined) ?? ''} disabled={disabled || readonly} placeholder={placeholder} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('attachmentHint')}
      </Typography.Text>
    </>
  );
}

/** The widgets a kit form renders with. */
export const WIDGETS = {
  SelectWidget: withoutDeprecated(Widgets.SelectWidget as ComponentType<WidgetProps>),
  RadioWidget: withoutDeprecated(Widgets.RadioWidget as ComponentType<WidgetProps>),
  CheckboxesWidget: withoutDeprecated(Widgets.CheckboxesWidget as ComponentType<WidgetProps>),
  unit: UnitWidget,
  attachment: AttachmentWidget,
};
