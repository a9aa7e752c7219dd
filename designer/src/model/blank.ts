/** A new module from nothing: the least a definition of each kind needs, to be filled in the builder. */
import type { Draft } from './paths';

/** The kinds of module a designer starts. */
export type ModuleKind = 'record' | 'report' | 'codelist';

/** A new definition of a kind, with its key and titles. */
export function blankDefinition(kind: ModuleKind, key: string, title: { 'zh-CN': string; en?: string }): Draft {
  const base = { key, kind, title: { 'zh-CN': title['zh-CN'], ...(title.en ? { en: title.en } : {}) } };
  switch (kind) {
    case 'record':
      return { ...base, schema: { type: 'object', properties: {} }, ui: { 'ui:order': [] } };
    case 'report':
      // Filled monthly by counties, due 15 days after the month: the settings page changes it.
      return { ...base, schema: { type: 'object', properties: {} }, ui: { 'ui:order': [] }, report: { period: 'month', levels: [4], deadline: 'P15D' } };
    case 'codelist':
      return { ...base, schema: { type: 'string', oneOf: [{ const: '01', title: '第一项' }] } };
  }
}

/** A module key from a field-key-like text: lower case, `-` between words, within the key pattern. */
export function moduleKeyFrom(text: string): string {
  const key = text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return /^[a-z][a-z0-9_-]{1,63}$/.test(key) ? key : '';
}
