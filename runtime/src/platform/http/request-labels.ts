/**
 * The names of the API's own request fields in words, for the messages a refused request gets
 * ("「单位代码」的格式不正确", not "「code」…"): by the field's property name, wherever it sits.
 * A name the table does not know stays as it is (an integrator reads the API's names).
 */
const LABELS: Readonly<Record<string, readonly [zh: string, en: string]>> = {
  code: ['单位代码', 'unit code'],
  name: ['名称', 'name'],
  parentCode: ['上级单位', 'parent unit'],
  unitCode: ['单位', 'unit'],
  unitCodes: ['单位', 'units'],
  unit: ['单位', 'unit'],
  username: ['用户名', 'user name'],
  password: ['密码', 'password'],
  displayName: ['姓名', 'display name'],
  roles: ['角色', 'roles'],
  reason: ['理由', 'reason'],
  comment: ['办理意见', 'comment'],
  level: ['单位层级', 'unit level'],
  dueAt: ['截止时间', 'due date'],
  period: ['报告期', 'period'],
  from: ['开始日期', 'from'],
  to: ['结束日期', 'to'],
  state: ['状态', 'state'],
  format: ['文件格式', 'file format'],
  labels: ['代码显示方式', 'labels'],
  limit: ['每页条数', 'page size'],
  cursor: ['翻页位置', 'cursor'],
  actor: ['操作人', 'actor'],
  module: ['业务模块', 'module'],
  locale: ['语言', 'language'],
  data: ['填报内容', 'data'],
  definition: ['模板定义', 'definition'],
};

/** A request field's name in each language, from the last name in its path (none for a list item or an unknown name). */
export function requestLabel(path: string): { 'zh-CN': string; en: string } | undefined {
  const last = path.split('/').filter((s) => s !== '' && !/^\d+$/.test(s)).pop();
  const label = last !== undefined ? LABELS[last] : undefined;
  return label ? { 'zh-CN': label[0], en: label[1] } : undefined;
}
