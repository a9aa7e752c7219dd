import type { Locale } from '../errors/localize.js';

const TYPE_NAMES: Record<string, { 'zh-CN': string; en: string }> = {
  string: { 'zh-CN': '文本', en: 'a string' },
  number: { 'zh-CN': '数字', en: 'a number' },
  integer: { 'zh-CN': '整数', en: 'an integer' },
  boolean: { 'zh-CN': '是/否', en: 'true or false' },
  object: { 'zh-CN': '对象', en: 'an object' },
  array: { 'zh-CN': '列表', en: 'a list' },
  null: { 'zh-CN': '空值', en: 'null' },
};

const FORMAT_NAMES: Record<string, { 'zh-CN': string; en: string }> = {
  date: { 'zh-CN': '日期，如 2026-01-31', en: 'date such as 2026-01-31' },
  'date-time': { 'zh-CN': '日期时间，如 2026-01-31T09:30:00+08:00', en: 'date-time such as 2026-01-31T09:30:00+08:00' },
  time: { 'zh-CN': '时间，如 09:30:00+08:00', en: 'time such as 09:30:00+08:00' },
  email: { 'zh-CN': '电子邮箱地址', en: 'email address' },
  uri: { 'zh-CN': '网址', en: 'URI' },
  url: { 'zh-CN': '网址', en: 'URL' },
  uuid: { 'zh-CN': 'UUID', en: 'UUID' },
  duration: { 'zh-CN': '时长，如 P15D', en: 'duration such as P15D' },
  ipv4: { 'zh-CN': 'IPv4 地址', en: 'IPv4 address' },
  ipv6: { 'zh-CN': 'IPv6 地址', en: 'IPv6 address' },
  hostname: { 'zh-CN': '主机名', en: 'host name' },
};

/** Human names of JSON types (`string` → 文本 / a string), joined with "or". */
export function typeName(type: unknown): { 'zh-CN': string; en: string } {
  const types = (Array.isArray(type) ? type : [type]).map(String);
  const names = types.map((t) => TYPE_NAMES[t] ?? { 'zh-CN': t, en: t });
  return { 'zh-CN': names.map((n) => n['zh-CN']).join('或'), en: names.map((n) => n.en).join(' or ') };
}

export function formatName(format: string): { 'zh-CN': string; en: string } {
  return FORMAT_NAMES[format] ?? { 'zh-CN': format, en: format };
}

/** The label of a data location when its schema has no title: the property name, or "item n". */
export function fallbackLabel(segment: string | undefined, locale: Locale): string {
  if (segment === undefined) return locale === 'en' ? 'record' : '记录';
  if (/^(0|[1-9][0-9]*)$/.test(segment)) {
    const n = Number(segment) + 1;
    return locale === 'en' ? `item ${n}` : `第 ${n} 项`;
  }
  return segment;
}

/** A schema's own title, if it has a non-empty one. */
export function titleOf(schema: Record<string, unknown> | undefined): string | undefined {
  return typeof schema?.title === 'string' && schema.title !== '' ? schema.title : undefined;
}

/** A title written in Latin script serves English as well; a Chinese one does not. */
export function englishTitleOf(schema: Record<string, unknown> | undefined): string | undefined {
  const title = titleOf(schema);
  return title !== undefined && !/[\u3400-\u9fff]/.test(title) ? title : undefined;
}
