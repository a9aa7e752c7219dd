/** What a definition's schema says about its top-level fields, for lists, filters and charts. */
import type { CompiledModule } from './engine';

export interface FieldInfo {
  pointer: string;
  name: string;
  /** A closed list of values (enum, oneOf of consts, a code list). */
  options?: { value: string; label: string }[];
  date: boolean;
  long: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Top-level scalar fields in form order (`ui:order`), with their options when closed. */
export function topFields(compiled: CompiledModule, codelists: Record<string, unknown>): FieldInfo[] {
  const schema = compiled.definition.schema as Record<string, unknown>;
  const properties = isObject(schema.properties) ? schema.properties : {};
  const ui = (compiled.definition.ui ?? {}) as Record<string, unknown>;
  const order = Array.isArray(ui['ui:order']) ? (ui['ui:order'] as string[]).filter((n) => n in properties) : [];
  const names = [...order, ...Object.keys(properties).filter((n) => !order.includes(n))];
  const out: FieldInfo[] = [];
  for (const name of names) {
    let node = properties[name];
    if (isObject(node) && typeof node.$ref === 'string' && codelists[node.$ref]) node = { ...(codelists[node.$ref] as object), ...node };
    if (!isObject(node) || node.type === 'object' || node.type === 'array') continue;
    const uiNode = isObject(ui[name]) ? (ui[name] as Record<string, unknown>) : {};
    const pointer = `/${name}`;
    let options: FieldInfo['options'];
    if (Array.isArray(node.oneOf) && node.oneOf.every((o) => isObject(o) && 'const' in o)) {
      options = (node.oneOf as { const: unknown; title?: string }[]).map((o) => ({ value: String(o.const), label: o.title ?? String(o.const) }));
    } else if (Array.isArray(node.enum)) {
      options = node.enum.map((v) => ({ value: String(v), label: String(v) }));
    }
    out.push({
      pointer,
      name,
      ...(options ? { options } : {}),
      date: node.format === 'date' || node.format === 'date-time',
      long: uiNode['ui:widget'] === 'textarea' || (typeof node.maxLength === 'number' && node.maxLength > 200),
    });
  }
  return out;
}
