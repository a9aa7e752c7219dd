/**
 * How many distinct values an array's items can take, when the schema bounds it: a multi-select
 * checklist (an array of enum strings with `uniqueItems`) can never hold more unique items than
 * it has options, so its uniqueness check is bounded without a `maxItems`.
 */
import { indexSchemaRefs, type SchemaRefs } from './schema-refs.js';
import { isPlainObject } from './walk-schema.js';

/**
 * The most items an array with `uniqueItems` can hold, from its item schemas: the count of
 * allowed values (`enum`, `const`, a oneOf/anyOf of those, `type: boolean`), or the tuple's length
 * when no item may follow it. Undefined when unbounded. `externals` are the schemas referenced by
 * URI (code lists).
 */
export function uniqueItemsBound(node: Record<string, unknown>, pointer: string, refs: SchemaRefs, externals: Readonly<Record<string, unknown>> = {}): number | undefined {
  const prefix = Array.isArray(node.prefixItems) ? node.prefixItems : [];
  if (node.items === false) return prefix.length;
  const distinct = valuesOf(node.items, `${pointer}/items`, refs, externals, 0);
  return distinct === undefined ? undefined : prefix.length + distinct;
}

/** The number of distinct values a schema allows, when it is a finite list; undefined otherwise. */
function valuesOf(schema: unknown, at: string, refs: SchemaRefs, externals: Readonly<Record<string, unknown>>, depth: number): number | undefined {
  if (depth > 16) return undefined;
  if (schema === false) return 0;
  if (!isPlainObject(schema)) return undefined;
  if ('const' in schema) return 1;
  if (Array.isArray(schema.enum)) return schema.enum.length;
  if (schema.type === 'boolean') return 2;
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = schema[keyword];
    if (!Array.isArray(branches)) continue;
    let sum = 0;
    for (const [i, branch] of branches.entries()) {
      const n = valuesOf(branch, `${at}/${keyword}/${i}`, refs, externals, depth + 1);
      if (n === undefined) return undefined;
      sum += n;
    }
    return sum;
  }
  if (typeof schema.$ref === 'string') {
    const external = externals[schema.$ref];
    if (external !== undefined) return valuesOf(external, '', indexSchemaRefs(external), {}, depth + 1);
    const target = refs.resolve(schema.$ref, at);
    return target ? valuesOf(target.node, target.pointer, refs, externals, depth + 1) : undefined;
  }
  return undefined;
}
