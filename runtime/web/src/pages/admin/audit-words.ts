/**
 * The audit log in words (no raw codes on a Chinese screen): action names and categories, targets,
 * the fields of an entry's details and their values. Pure; tested in test/web/admin-logic.test.ts.
 */

/** Audit actions by name, in Chinese and English (the filter's choices, and the log's column). */
export const AUDIT_ACTIONS: Readonly<Record<string, readonly [string, string]>> = {
  'auth.login': ['登录', 'Sign-in'],
  'auth.logout': ['退出登录', 'Sign-out'],
  'authz.refused': ['越权访问被拒绝', 'Access refused'],
  'user.create': ['新建用户', 'User created'],
  'user.approve': ['批准新用户', 'User approved'],
  'user.reject': ['驳回新用户', 'User rejected'],
  'user.disable': ['停用用户', 'User disabled'],
  'user.enable': ['启用用户', 'User enabled'],
  'user.roles': ['变更角色', 'Roles changed'],
  'user.password.reset': ['重置密码', 'Password reset'],
  'user.password.change': ['修改本人密码', 'Own password changed'],
  'user.preferences': ['修改个人设置', 'Preferences changed'],
  'user.change.file': ['报备访问变更', 'Access change filed'],
  'user.change.approve': ['批准报备事项', 'Filed change approved'],
  'user.change.reject': ['驳回报备事项', 'Filed change rejected'],
  'unit.create': ['新建单位', 'Unit created'],
  'unit.update': ['修改单位', 'Unit changed'],
  'unit.import': ['导入单位', 'Units imported'],
  'record.create': ['新建记录', 'Record created'],
  'record.update': ['修改记录', 'Record edited'],
  'record.transition': ['办理流程', 'Workflow step'],
  'record.read': ['查看记录', 'Record read'],
  'record.list': ['查询记录', 'Records listed'],
  'record.history': ['查看记录历史', 'History read'],
  'record.document': ['下载文书', 'Document downloaded'],
  'record.attach': ['上传附件', 'File attached'],
  'record.detach': ['删除附件', 'File removed'],
  'record.overdue': ['记录逾期', 'Record overdue'],
  'record.stats': ['查看统计', 'Statistics read'],
  'record.migrate': ['迁移记录版本', 'Records migrated'],
  'report.assign': ['下发报表', 'Report assigned'],
  'quality.read': ['查看数据质量', 'Data quality read'],
  'quality.nudges': ['开关数据质量周提醒', 'Weekly nudges switched'],
  'quality.records': ['查看数据质量明细', 'Records behind a quality figure read'],
  'module.publish': ['发布模板', 'Module published'],
  'draft.create': ['新建模板草稿', 'Draft started'],
  'draft.save': ['保存模板草稿', 'Draft saved'],
  'draft.publish': ['发布模板草稿', 'Draft published'],
  'draft.delete': ['删除模板草稿', 'Draft removed'],
  'system.bootstrap': ['系统初始化', 'System set up'],
  'demo.seed': ['生成演示数据', 'Demo seeded'],
};

/** Action categories (a prefix filter: `user.*` …), in Chinese and English. */
export const AUDIT_CATEGORIES: Readonly<Record<string, readonly [string, string]>> = {
  'auth.*': ['登录与退出', 'Sign-in and out'],
  'authz.*': ['越权访问', 'Refused access'],
  'user.*': ['用户与权限', 'Users and access'],
  'unit.*': ['组织机构', 'Units'],
  'record.*': ['业务记录', 'Records'],
  'report.*': ['统计报表', 'Reports'],
  'quality.*': ['数据质量', 'Data quality'],
  'module.*': ['模板发布', 'Modules'],
  'draft.*': ['模板设计', 'Drafts'],
};

/** An audit action's name in the language (its category's for an action the table lacks). */
export function actionName(action: string, locale: 'zh-CN' | 'en'): string {
  const i = locale === 'en' ? 1 : 0;
  const known = AUDIT_ACTIONS[action];
  if (known) return known[i];
  const category = AUDIT_CATEGORIES[`${action.split('.')[0]}.*`];
  return category ? `${category[i]}（${action}）` : action;
}

const TARGET_KINDS: Readonly<Record<string, readonly [string, string]>> = {
  user: ['用户', 'User'],
  unit: ['单位', 'Unit'],
  record: ['记录', 'Record'],
  module: ['模板', 'Module'],
  draft: ['模板草稿', 'Draft'],
  'user-change': ['报备事项', 'Filed change'],
  report: ['报表', 'Report'],
  notification: ['通知', 'Notification'],
  attachment: ['附件', 'Attachment'],
};

/** An audit target (`user:js0101-officer`, `record:<uuid>`) in words; long ids shortened. */
export function targetLabel(target: string | null, locale: 'zh-CN' | 'en', unitName: (code: string) => string = (c) => c): string {
  if (!target) return '';
  const at = target.indexOf(':');
  if (at < 0) return target;
  const kind = target.slice(0, at);
  const id = target.slice(at + 1);
  const name = TARGET_KINDS[kind]?.[locale === 'en' ? 1 : 0] ?? kind;
  const shown = kind === 'unit' ? unitName(id) : /^[0-9a-f-]{36}$/.test(id) ? `${id.slice(0, 8)}…` : id;
  return `${name} ${shown}`;
}

/** Names of the fields audit details carry, in Chinese and English. */
export const DETAIL_NAMES: Readonly<Record<string, readonly [string, string]>> = {
  reason: ['理由', 'Reason'],
  from: ['原状态', 'From'],
  to: ['新状态', 'To'],
  roles: ['角色', 'Roles'],
  before: ['变更前', 'Before'],
  after: ['变更后', 'After'],
  status: ['状态', 'Status'],
  unitCode: ['单位', 'Unit'],
  kind: ['类别', 'Kind'],
  change: ['报备事项编号', 'Filed change'],
  requestedBy: ['报备人', 'Filed by'],
  name: ['名称', 'Name'],
  parentCode: ['上级单位', 'Parent unit'],
  imported: ['导入数量', 'Imported'],
  key: ['模板', 'Module'],
  version: ['版本', 'Version'],
  action: ['动作', 'Action'],
  state: ['状态', 'State'],
  locale: ['语言', 'Language'],
};

/** An audit detail's value as text (lists joined, objects as compact JSON). */
export function detailText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(detailText).join('、');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}


const STATUS_NAMES: Readonly<Record<string, readonly [string, string]>> = {
  active: ['正常', 'Active'],
  pending: ['待审批', 'Pending'],
  disabled: ['已停用', 'Disabled'],
  rejected: ['未通过', 'Rejected'],
  approved: ['已批准', 'Approved'],
  withdrawn: ['已撤回', 'Withdrawn'],
};
const KIND_NAMES: Readonly<Record<string, readonly [string, string]>> = { password: ['重置密码', 'Password reset'], roles: ['变更角色', 'Role change'] };

/** An audit detail's value in words: statuses and kinds named, roles by `roleName`, the rest as text. */
export function detailValue(key: string, value: unknown, locale: 'zh-CN' | 'en', roleName: (role: string) => string): string {
  const i = locale === 'en' ? 1 : 0;
  if (['from', 'to', 'status'].includes(key) && typeof value === 'string') return STATUS_NAMES[value]?.[i] ?? value;
  if (key === 'kind' && typeof value === 'string') return KIND_NAMES[value]?.[i] ?? value;
  if (['roles', 'before', 'after'].includes(key) && Array.isArray(value)) return value.map((r) => roleName(String(r))).join('、');
  return detailText(value);
}
