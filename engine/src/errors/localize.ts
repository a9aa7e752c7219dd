import type { LocalizedText } from '../definition/generated/module-definition.js';

/** The locales Formwork speaks; zh-CN is the primary one. */
export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** Replaces `{name}` placeholders with params (missing ones are left as they are). */
export function format(template: string, params: Record<string, unknown> = {}, locale: Locale = DEFAULT_LOCALE): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    if (isLocalizedText(value)) return pick(value, locale);
    return Array.isArray(value) ? value.join(', ') : String(value);
  });
}

/** A parameter given in each language ({ "zh-CN": …, en: … }) fills each message in its own. */
function isLocalizedText(value: unknown): value is LocalizedText {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { 'zh-CN'?: unknown })['zh-CN'] === 'string';
}

/** Formats a localized template into both locales. */
export function formatText(text: LocalizedText, params: Record<string, unknown> = {}): Required<LocalizedText> {
  return { 'zh-CN': format(text['zh-CN'], params, 'zh-CN'), en: format(text.en ?? text['zh-CN'], params, 'en') };
}

/** Picks the text of one locale, falling back to zh-CN. */
export function pick(text: LocalizedText | undefined, locale: Locale): string {
  if (!text) return '';
  return (locale === 'en' ? text.en : undefined) ?? text['zh-CN'];
}

/** Chooses a locale from an Accept-Language header: any English preference wins over the default only when it comes first. */
export function negotiateLocale(header: string | undefined | null): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((r) => r.trim()).find((r) => r.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
  }
  return DEFAULT_LOCALE;
}
