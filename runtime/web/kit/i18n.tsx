/**
 * Words in Chinese first and English second, and the current language. The kit holds the
 * machinery and the words every app and page shares (the platform's vocabulary: state, unit,
 * period …, and the kit's own components); each feature keeps its own words next to its pages
 * in a table of its own, read through the hook `defineWords` makes for it:
 *
 *   const useInboxWords = defineWords({ tasks: ['待我办理', 'Awaiting me'] } as const);
 *   const { t } = useInboxWords(); t('tasks'); t('state'); // its own words and the kit's
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';

/** The languages of the UI: Chinese, and English on request. */
export type Locale = 'zh-CN' | 'en';

/** A table of words: each a Chinese text and its English, `{name}` marking a parameter. */
export type WordTable = Readonly<Record<string, readonly [zh: string, en: string]>>;

/** Values for a word's `{name}` parameters. */
export type WordParams = Record<string, string | number>;

/** The words of the platform every app uses, and those of the kit's own components. */
export const KIT_WORDS = {
  language: ['English', '中文'],
  state: ['状态', 'State'],
  unit: ['所属单位', 'Unit'],
  module: ['业务模块', 'Module'],
  period: ['报告期', 'Period'],
  due: ['办理期限', 'Due'],
  dueAt: ['截止时间', 'Due'],
  overdue: ['已逾期', 'Overdue'],
  createdAt: ['登记时间', 'Created'],
  updatedAt: ['更新时间', 'Updated'],
  open: ['查看', 'Open'],
  confirm: ['确定', 'Confirm'],
  cancel: ['取消', 'Cancel'],
  delete: ['删除', 'Delete'],
  failed: ['操作未成功', 'That did not work'],
  computed: ['自动计算', 'Computed'],
  deprecatedMark: ['（已停用）', ' (discontinued)'],
  attachmentHint: ['文件请在保存后于本记录的“附件”栏上传，此处填写附件名称或说明', "Upload the files in the record's attachments once saved; name or describe them here"],
  pageFailed: ['此页面暂时无法显示', 'This page cannot be shown'],
  formFailed: ['此表单暂时无法显示', 'This form cannot be shown'],
  pageFailedHint: [
    '页面出现错误，其他功能不受影响。可重新加载或返回；如仍无法显示，请联系管理员。',
    'Something went wrong on this page; the rest of the app still works. Reload or go back, and if it persists, tell an administrator.',
  ],
  formFailedHint: [
    '该表单的定义在浏览器中无法解析，其他功能不受影响。可重新加载或返回；如仍无法显示，请联系管理员。',
    'The browser cannot work with this form\'s definition; the rest of the app still works. Reload or go back, and if it persists, tell an administrator.',
  ],
  failedDetail: ['技术信息', 'Details'],
  reload: ['重新加载', 'Reload'],
  goBack: ['返回', 'Back'],
  pageLoading: ['加载中…', 'Loading…'],
  problemsTitle: ['请修正以下问题后再提交', 'Please correct these problems'],
  problemRow: ['第 {n} 项', 'row {n}'],
  otherFields: ['其他', 'Other'],
  prevStep: ['上一步', 'Previous'],
  nextStep: ['下一步', 'Next'],
  tableTotal: ['合计', 'Total'],
} as const satisfies WordTable;

/** A word of the kit's table. */
export type KitWord = keyof typeof KIT_WORDS;

/** Role names by role key (the roles are the platform's, the same in every app). */
export const ROLE_NAMES: Readonly<Record<string, readonly [string, string]>> = {
  admin: ['系统管理员', 'Administrator'],
  designer: ['模板设计', 'Designer'],
  officer: ['经办人', 'Officer'],
  leader: ['审批领导', 'Leader'],
  auditor: ['审计', 'Auditor'],
  exporter: ['数据导出', 'Exporter'],
};

/** A role's name in the language (the key itself for a role the table does not know). */
export function roleName(locale: Locale, role: string): string {
  return ROLE_NAMES[role]?.[locale === 'en' ? 1 : 0] ?? role;
}

/** Words and the language, as a component reads them; `W` is the words it may use. */
export interface I18n<W extends string = KitWord> {
  locale: Locale;
  t(word: W, params?: WordParams): string;
  /** The text of a { zh-CN, en } pair in the current language. */
  pick(text: { 'zh-CN': string; en?: string } | undefined): string;
  setLocale(locale: Locale): void;
}

/** A word of a table in the language, its `{name}` parameters filled in. */
export function translate(table: WordTable, locale: Locale, word: string, params: WordParams = {}): string {
  const text = table[word]?.[locale === 'en' ? 1 : 0] ?? word;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] !== undefined ? String(params[name]) : whole));
}

/** The text of a { zh-CN, en } pair in the language (Chinese when there is no English). */
export function pickText(locale: Locale, text: { 'zh-CN': string; en?: string } | undefined): string {
  return text ? ((locale === 'en' ? text.en : undefined) ?? text['zh-CN']) : '';
}

/** The current language and how to change it (read directly only by class components). */
export interface LocaleState {
  locale: Locale;
  setLocale(locale: Locale): void;
}

/** The language context; components use `useI18n` or a feature's words hook instead. */
export const LocaleContext = createContext<LocaleState | null>(null);

/**
 * A words hook for a feature's own table: its `t` knows the table's words and the kit's. A
 * feature cannot redefine a kit word (the type refuses it), so a word means one thing everywhere.
 * The `t` a component gets stays the same object while the language does (safe in effect deps).
 */
export function defineWords<T extends WordTable>(table: T & { readonly [K in KitWord]?: never }): () => I18n<KitWord | Extract<keyof T, string>> {
  const words: WordTable = { ...KIT_WORDS, ...table };
  return function useWords() {
    const state = useContext(LocaleContext);
    if (!state) throw new Error('words read outside the I18nProvider');
    const { locale, setLocale } = state;
    return useMemo(
      () => ({
        locale,
        setLocale,
        t: (word: string, params?: WordParams) => translate(words, locale, word, params),
        pick: (text: { 'zh-CN': string; en?: string } | undefined) => pickText(locale, text),
      }),
      [locale, setLocale],
    );
  };
}

/** The kit's words and the language (for components that need no words of their own). */
export const useI18n: () => I18n = defineWords({});

/** Provides the language the app chose (and how to change it) to everything below. */
export function I18nProvider({ locale, setLocale, children }: { locale: Locale; setLocale: (l: Locale) => void; children: ReactNode }) {
  const value = useMemo<LocaleState>(() => ({ locale, setLocale }), [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}
