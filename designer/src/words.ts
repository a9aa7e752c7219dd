/**
 * The designer's shared words (the kit's come with them): the app, module kinds, field kinds,
 * saving, and what several pages say. A page adds its own table: `defineWords({ ...DESIGNER_WORDS, ...OWN })`.
 */
import { defineWords } from '../../runtime/web/kit/i18n';
import type { FieldKind } from './model/field-kinds';

export const DESIGNER_WORDS = {
  appName: ['模板设计', 'Form designer'],
  toWorkspace: ['工作平台', 'Workspace'],
  signOut: ['退出登录', 'Sign out'],
  noDesignRole: ['您没有模板设计权限', 'You do not hold the designer role'],
  noDesignRoleHint: ['模板设计由总部的模板设计人员负责。请返回工作平台，或联系管理员。', 'Templates are designed at headquarters. Go back to the workspace, or ask an administrator.'],
  catalogue: ['模板目录', 'Catalogue'],
  kindRecord: ['业务表单', 'Record form'],
  kindReport: ['统计报表', 'Report template'],
  kindCodelist: ['代码表', 'Code list'],
  version: ['版本', 'Version'],
  versionN: ['第 {n} 版', 'Version {n}'],
  notPublished: ['未发布', 'Not published'],
  draft: ['草稿', 'Draft'],
  back: ['返回', 'Back'],
  save: ['保存', 'Save'],
  close: ['关闭', 'Close'],
  add: ['添加', 'Add'],
  remove: ['移除', 'Remove'],
  edit: ['编辑', 'Edit'],
  undo: ['撤销', 'Undo'],
  redo: ['重做', 'Redo'],
  loading: ['正在加载…', 'Loading…'],
  titleZh: ['中文名称', 'Chinese name'],
  titleEn: ['英文名称', 'English name'],
  zh: ['中文', 'Chinese'],
  en: ['英文', 'English'],
  missingEn: ['缺英文', 'No English'],
  statusSaved: ['已自动保存', 'Saved'],
  statusPending: ['有修改，稍后自动保存', 'Unsaved changes'],
  statusSaving: ['正在保存…', 'Saving…'],
  statusConflict: ['保存冲突', 'Save conflict'],
  statusFailed: ['保存未成功，将在下次修改时重试', 'Not saved; retried on the next change'],
  by: ['{who} 于 {when}', '{who}, {when}'],
  systemUser: ['系统内置', 'Built in'],
  kind_text: ['单行文本', 'Text'],
  kind_textarea: ['多行文本', 'Long text'],
  kind_number: ['数字', 'Number'],
  kind_integer: ['整数', 'Integer'],
  kind_date: ['日期', 'Date'],
  kind_datetime: ['日期时间', 'Date and time'],
  kind_single: ['单选', 'Single choice'],
  kind_multiple: ['多选', 'Multiple choice'],
  kind_boolean: ['是/否', 'Yes / no'],
  kind_codelist: ['代码表选择', 'Code list choice'],
  kind_idNumber: ['身份证号', 'ID number'],
  kind_phone: ['电话号码', 'Phone'],
  kind_unit: ['单位', 'Unit'],
  kind_attachment: ['附件说明', 'Attachment'],
  kind_section: ['分组（区块）', 'Section'],
  kind_group: ['重复分组', 'Repeating group'],
  kind_table: ['重复表格', 'Repeating table'],
  kind_advanced: ['高级（JSON 编辑）', 'Advanced (JSON)'],
  required: ['必填', 'Required'],
  problemsCount: ['{n} 个问题', '{n} problems'],
} as const;

/** The designer's shared words hook. */
export const useDesignerWords = defineWords(DESIGNER_WORDS);

/** Who published or saved, as a reader sees it: the bundled modules' publisher `system` in words. */
export const whoText = (t: (word: 'systemUser') => string, username: string) => (username === 'system' ? t('systemUser') : username);

/** The word naming a field kind. */
export const kindWord = (kind: FieldKind) => `kind_${kind}` as const;
