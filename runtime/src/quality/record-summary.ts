/** A record in a line of text, for lists that span modules (the records behind a quality figure). */
import type { CompiledModule } from '../../../engine/src/index.js';

/** Longest value shown; longer ones are cut with an ellipsis. */
const MAX_LENGTH = 40;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The record's first filled-in top-level fields in form order (`ui:order`), as record lists show
 * their first columns: text, numbers and dates, code values by their titles; nested sections,
 * lists, long texts, yes/no fields and moments (date-times) are left out. At most `count` values.
 */
export function recordSummary(compiled: CompiledModule, data: Record<string, unknown>, count = 3): string {
  const schema = compiled.definition.schema as Record<string, unknown>;
  const properties = isObject(schema.properties) ? schema.properties : {};
  const ui = isObject(compiled.definition.ui) ? compiled.definition.ui : {};
  const order = Array.isArray(ui['ui:order']) ? (ui['ui:order'] as unknown[]).filter((n): n is string => typeof n === 'string' && n in properties) : [];
  const names = [...order, ...Object.keys(properties).filter((n) => !order.includes(n))];
  const values: string[] = [];
  for (const name of names) {
    if (values.length >= count) break;
    const value = data[name];
    if (value === undefined || value === null || value === '' || typeof value === 'object' || typeof value === 'boolean') continue;
    const pointer = `/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    const type = compiled.fieldType(pointer);
    const uiNode = isObject(ui[name]) ? ui[name] : {};
    const node = properties[name];
    const long = uiNode['ui:widget'] === 'textarea' || (isObject(node) && typeof node.maxLength === 'number' && node.maxLength > 200);
    if (long || type?.format === 'date-time') continue;
    const text = compiled.codeTitle(pointer, value) ?? String(value);
    values.push(text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH)}…` : text);
  }
  return values.join(' · ');
}
