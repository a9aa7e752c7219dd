/**
 * react-jsonschema-form asks for the locale's decimal separator on every render of every number
 * field by constructing an Intl.NumberFormat; on a 300-field form that alone costs tens of
 * milliseconds per render. Formatters are immutable, so equal requests share one instance.
 */
const Native = Intl.NumberFormat;
const cache = new Map<string, Intl.NumberFormat>();

function CachedNumberFormat(locales?: string | string[], options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = options === undefined ? String(locales ?? '') : JSON.stringify([locales ?? null, options]);
  let found = cache.get(key);
  if (!found) {
    found = new Native(locales, options);
    cache.set(key, found);
  }
  return found;
}
CachedNumberFormat.prototype = Native.prototype;
CachedNumberFormat.supportedLocalesOf = Native.supportedLocalesOf.bind(Native);

Intl.NumberFormat = CachedNumberFormat as unknown as typeof Intl.NumberFormat;
