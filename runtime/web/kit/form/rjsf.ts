/**
 * How the kit sets up react-jsonschema-form: one validator, the Chinese of rjsf's own words, and
 * the field frame — the same for every form the kit renders.
 */
import { customizeValidator } from '@rjsf/validator-ajv8';
import { englishStringTranslator, TranslatableString } from '@rjsf/utils';
import type { Locale } from '../i18n';
import { MultiSchemaFieldTemplate } from './either-or';
import { FieldTemplate } from './FieldTemplate';
import { ArrayFieldTemplate, ObjectFieldTemplate } from './layout-templates';
export { WIDGETS } from './widgets';
// Every app that renders a kit form gets rjsf's number formatting made cheap (see the module).
import '../intl-cache';

/**
 * rjsf only decides what to show with it — which `if` branch, which `oneOf` option — on the
 * draft-07 rendering of the schema (see render-schema.ts), so it is ajv's draft-07 validator;
 * formats unchecked here. The data is validated by the engine, against the published 2020-12
 * schema, in the browser as on the server.
 */
export const validator = customizeValidator({ ajvOptionsOverrides: { strict: false, validateFormats: false } });

const ZH_STRINGS: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.ArrayItemTitle]: '第 %1 项',
  [TranslatableString.EmptyArray]: '暂无内容，请点击下方按钮添加。',
  [TranslatableString.YesLabel]: '是',
  [TranslatableString.NoLabel]: '否',
  [TranslatableString.CloseLabel]: '关闭',
  [TranslatableString.ErrorsLabel]: '错误',
  [TranslatableString.AddButton]: '添加',
  [TranslatableString.AddItemButton]: '添加一项',
  [TranslatableString.CopyButton]: '复制',
  [TranslatableString.MoveDownButton]: '下移',
  [TranslatableString.MoveUpButton]: '上移',
  [TranslatableString.RemoveButton]: '删除',
  [TranslatableString.NowLabel]: '现在',
  [TranslatableString.ClearLabel]: '清除',
  [TranslatableString.AriaDateLabel]: '选择日期',
  [TranslatableString.OptionalObjectAdd]: '填写此项',
  [TranslatableString.OptionalObjectRemove]: '不填此项',
  [TranslatableString.OptionalObjectEmptyMsg]: '未填写',
};

/** rjsf's own words (buttons, empty lists …) in each language. */
export const translators: Record<Locale, (s: TranslatableString, params?: string[]) => string> = {
  en: englishStringTranslator,
  'zh-CN': (s, params) => {
    const text = ZH_STRINGS[s];
    return text ? text.replace(/%(\d)/g, (_, i: string) => params?.[Number(i) - 1] ?? '') : englishStringTranslator(s, params);
  },
};

/** The templates every kit form uses. */
export const TEMPLATES = { FieldTemplate, ObjectFieldTemplate, ArrayFieldTemplate, MultiSchemaFieldTemplate };
