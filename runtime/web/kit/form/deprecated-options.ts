/**
 * Deprecated options (`"deprecated": true` on a `oneOf` option, the JSON Schema 2020-12
 * annotation): a code HQ retired stays valid — records that hold it keep it and show it — but
 * the form no longer offers it for a new value. Pure, no React.
 */

/** An option as react-jsonschema-form lists it (its schema is the `oneOf` entry). */
export interface ChoiceOption {
  value: unknown;
  label: string;
  schema?: unknown;
}

/** Whether an option is marked deprecated. */
export const isDeprecated = (option: ChoiceOption) =>
  option.schema !== null && typeof option.schema === 'object' && (option.schema as { deprecated?: unknown }).deprecated === true;

/**
 * The options to offer for a value: every live option, and a deprecated one only when the
 * value holds it (then labelled with `mark`, e.g. "（已停用）").
 */
export function offeredOptions<T extends ChoiceOption>(options: readonly T[], value: unknown, mark: string): T[] {
  if (!options.some(isDeprecated)) return [...options];
  const held = Array.isArray(value) ? value : [value];
  return options
    .filter((o) => !isDeprecated(o) || held.some((v) => v === o.value))
    .map((o) => (isDeprecated(o) ? { ...o, label: `${o.label}${mark}` } : o));
}
