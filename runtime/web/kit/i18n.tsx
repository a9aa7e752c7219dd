/** The workspace's words, in Chinese first and English second, and the current language. */
import { createContext, useContext, type ReactNode } from 'react';

export type Locale = 'zh-CN' | 'en';

const WORDS = {
  appName: ['纪检监察工作平台', 'Discipline inspection workspace'],
  signIn: ['登录', 'Sign in'],
  signOut: ['退出登录', 'Sign out'],
  username: ['用户名', 'Username'],
  password: ['密码', 'Password'],
  signInFailed: ['登录失败', 'Sign-in failed'],
  sessionExpired: ['登录已失效，请重新登录', 'Your session has ended; please sign in again'],
  language: ['English', '中文'],
  inbox: ['待办事项', 'Inbox'],
  dashboard: ['数据总览', 'Overview'],
  modules: ['业务办理', 'Business'],
  reports: ['统计报表', 'Reports'],
  tasks: ['待我办理', 'Awaiting me'],
  notifications: ['通知', 'Notifications'],
  markRead: ['标为已读', 'Mark read'],
  noTasks: ['暂无待办事项', 'Nothing awaits you'],
  noNotifications: ['暂无通知', 'No notifications'],
  overdue: ['已逾期', 'Overdue'],
  due: ['办理期限', 'Due'],
  state: ['状态', 'State'],
  unit: ['所属单位', 'Unit'],
  holder: ['办理单位', 'Held by'],
  updatedAt: ['更新时间', 'Updated'],
  createdAt: ['登记时间', 'Created'],
  newRecord: ['新建', 'New'],
  search: ['查询', 'Search'],
  reset: ['重置', 'Reset'],
  allStates: ['全部状态', 'All states'],
  mySubtree: ['本单位及下级', 'My unit and below'],
  dateRange: ['登记日期', 'Created between'],
  nextPage: ['下一页', 'Next'],
  prevPage: ['上一页', 'Previous'],
  open: ['查看', 'Open'],
  save: ['保存草稿', 'Save draft'],
  create: ['保存', 'Save'],
  saved: ['已保存', 'Saved'],
  cancel: ['取消', 'Cancel'],
  confirm: ['确定', 'Confirm'],
  comment: ['办理意见', 'Comment'],
  commentRequired: ['请填写办理意见', 'A comment is required'],
  handTo: ['交办单位', 'Hand to unit'],
  stepNeeds: ['此步骤需要填写以下内容', 'This step needs the following'],
  actionDone: ['已办理', 'Done'],
  history: ['办理记录', 'History'],
  attachments: ['附件', 'Attachments'],
  upload: ['上传附件', 'Upload'],
  noAttachments: ['暂无附件', 'No attachments'],
  delete: ['删除', 'Delete'],
  documents: ['文书', 'Documents'],
  linked: ['关联信息', 'Linked records'],
  computed: ['自动计算', 'Computed'],
  prefilled: ['系统预填', 'Pre-filled'],
  prefillSources: ['预填数据来源', 'Where pre-filled figures come from'],
  viewRecords: ['查看明细', 'Show records'],
  errorsFound: ['请修正以下问题后再提交', 'Please correct these problems'],
  warnings: ['提示', 'Warnings'],
  period: ['报告期', 'Period'],
  dueAt: ['截止时间', 'Due'],
  myReports: ['本单位填报', 'My reports'],
  progress: ['填报进度', 'Progress'],
  rollup: ['汇总', 'Roll-up'],
  assign: ['下发填报任务', 'Assign'],
  level: ['单位层级', 'Unit level'],
  assigned: ['应报', 'Assigned'],
  notStarted: ['未填报', 'Not started'],
  draft: ['填报中', 'Draft'],
  submitted: ['待审核', 'Submitted'],
  approved: ['已审核', 'Approved'],
  onTime: ['按时', 'On time'],
  late: ['逾期', 'Late'],
  pending: ['未到期', 'Not yet due'],
  reportingRate: ['上报率', 'Reporting rate'],
  onTimeRate: ['及时率', 'On-time rate'],
  approvalRate: ['审核率', 'Approval rate'],
  total: ['合计', 'Total'],
  own: ['本级', 'Own'],
  previous: ['上期', 'Previous'],
  change: ['增减', 'Change'],
  includeSubmitted: ['含待审核', 'Include submitted'],
  exportXlsx: ['导出 Excel', 'Export Excel'],
  item: ['项目', 'Item'],
  back: ['返回上级', 'Up'],
  noPeriods: ['尚未下发填报任务', 'Nothing assigned yet'],
  byState: ['按办理状态', 'By state'],
  byUnit: ['按单位', 'By unit'],
  byMonth: ['按月趋势', 'By month'],
  records: ['条', 'records'],
  module: ['业务模块', 'Module'],
  loading: ['加载中…', 'Loading…'],
  failed: ['操作未成功', 'That did not work'],
  notFound: ['未找到该记录，或您无权查看', 'Not found, or not yours to see'],
  roles: ['角色', 'Roles'],
  levels: ['第 {n} 级', 'Level {n}'],
  chart: ['图表', 'Chart'],
  field: ['指标', 'Figure'],
  reportsCount: ['报表数', 'Reports'],
  yes: ['是', 'Yes'],
  no: ['否', 'No'],
  empty: ['（未填写）', '(empty)'],
  newLinked: ['新建「{title}」', 'New "{title}"'],
  refresh: ['刷新', 'Refresh'],
} as const satisfies Record<string, readonly [string, string]>;

export type Word = keyof typeof WORDS;

export const ROLE_NAMES: Record<string, [string, string]> = {
  admin: ['系统管理员', 'Administrator'],
  designer: ['模板设计', 'Designer'],
  officer: ['经办人', 'Officer'],
  leader: ['审批领导', 'Leader'],
  auditor: ['审计', 'Auditor'],
  exporter: ['数据导出', 'Exporter'],
};

export interface I18n {
  locale: Locale;
  t(word: Word, params?: Record<string, string | number>): string;
  /** The text of a { zh-CN, en } pair in the current language. */
  pick(text: { 'zh-CN': string; en?: string } | undefined): string;
  setLocale(locale: Locale): void;
}

export function translate(locale: Locale, word: Word, params: Record<string, string | number> = {}): string {
  const text = WORDS[word][locale === 'en' ? 1 : 0];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] !== undefined ? String(params[name]) : whole));
}

export const I18nContext = createContext<I18n | null>(null);

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside the I18n provider');
  return value;
}

export function I18nProvider({ locale, setLocale, children }: { locale: Locale; setLocale: (l: Locale) => void; children: ReactNode }) {
  const value: I18n = {
    locale,
    t: (word, params) => translate(locale, word, params),
    pick: (text) => (text ? ((locale === 'en' ? text.en : undefined) ?? text['zh-CN']) : ''),
    setLocale,
  };
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
