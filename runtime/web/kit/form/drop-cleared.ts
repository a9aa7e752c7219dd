/**
 * A cleared field is an absent field. Clearing a date with its × (or emptying some widgets)
 * makes rjsf hand back `null`, which a field whose type does not admit null would then refuse
 * ("应为文本") for ever; such nulls are removed, at any depth, before the data goes anywhere.
 * Pure: follows the render schema's properties, items and local `$ref`s.
 */
type Schema = Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * True when the schema lets the value be null (a null type, a null const or enum, or no type at
 * all); a choice of options (a code list's `oneOf` of consts) admits it only when an option does.
 */
function admitsNull(root: Schema, schema: unknown): boolean {
  if (!isObject(schema)) return true;
  if ('const' in schema) return schema.const === null;
  if (Array.isArray(schema.enum)) return schema.enum.includes(null);
  const type = schema.type;
  if (type === undefined) {
    const options = [schema.oneOf, schema.anyOf].find(Array.isArray) as unknown[] | undefined;
    if (options) return options.some((o) => admitsNull(root, resolve(root, o)));
    return !('properties' in schema) && !('items' in schema);
  }
  return type === 'null' || (Array.isArray(type) && type.includes('null'));
}

function resolve(root: Schema, schema: unknown): unknown {
  let node = schema;
  for (let i = 0; i < 16 && isObject(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#/'); i++) {
    node = node.$ref
      .slice(2)
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((n, k) => (isObject(n) ? n[k] : undefined), root);
  }
  return node;
}

/** The data without the nulls its schema does not admit; the same object when there are none. */
export function dropClearedNulls<T>(root: Schema, data: T): T {
  const walk = (value: unknown, schema: unknown): unknown => {
    const node = resolve(root, schema);
    if (Array.isArray(value)) {
      const items = isObject(node) ? node.items : undefined;
      let changed = false;
      const next = value.map((item, i) => {
        const itemSchema = Array.isArray(items) ? items[i] : items;
        const cleaned = walk(item, itemSchema);
        if (cleaned !== item) changed = true;
        return cleaned;
      });
      return changed ? next : value;
    }
    if (!isObject(value)) return value;
    const properties = isObject(node) && isObject(node.properties) ? node.properties : {};
    let next: Record<string, unknown> | undefined;
    for (const [key, child] of Object.entries(value)) {
      const childSchema = properties[key];
      if (child === null && childSchema !== undefined && !admitsNull(root, resolve(root, childSchema))) {
        next ??= { ...value };
        delete next[key];
        continue;
      }
      const cleaned = walk(child, childSchema);
      if (cleaned !== child) {
        next ??= { ...value };
        next[key] = cleaned;
      }
    }
    return next ?? value;
  };
  return walk(data, root) as T;
}
