import type { ErrorObject } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { problem, type Problem } from '../errors/problem.js';
import { parsePointer } from '../pointer/json-pointer.js';
import { createAjv } from './ajv-factory.js';
import { DRAFT_2020_12 } from './keywords.js';

let metaAjv: Ajv2020 | undefined;

/**
 * Checks a record schema against the JSON Schema 2020-12 meta-schema and reports each bad
 * place once, at '/schema/…' (e.g. a misspelt type at /schema/properties/name/type).
 */
export function checkAgainstMetaSchema(schema: unknown, base: string): Problem[] {
  metaAjv ??= createAjv('conformance', { allErrors: true });
  const dialect = (schema as { $schema?: unknown } | null)?.$schema;
  // Another dialect is reported by the schema policy; there is no meta-schema to check against here.
  if (dialect !== undefined && String(dialect).replace(/#$/, '') !== DRAFT_2020_12) return [];
  let valid: boolean;
  try {
    valid = metaAjv.validateSchema(schema as object) === true;
  } catch (error) {
    return [problem(base, 'FW_DEF_SCHEMA_INVALID', { keyword: '$schema', message: (error as Error).message })];
  }
  if (valid) return [];
  return groupMetaErrors(metaAjv.errors ?? [], base);
}

function groupMetaErrors(errors: readonly ErrorObject[], base: string): Problem[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), e]);
  const problems: Problem[] = [];
  for (const [path, group] of byPath) {
    const keyword = parsePointer(path).pop() ?? '';
    const enumError = group.find((e) => e.keyword === 'enum');
    const specific = group.find((e) => !['anyOf', 'oneOf', 'if', 'allOf', '$ref', '$dynamicRef'].includes(e.keyword)) ?? group[0]!;
    if (enumError) {
      const allowed = (enumError.params as { allowedValues: unknown[] }).allowedValues;
      problems.push(problem(base + path, 'FW_DEF_SCHEMA_VALUE', { keyword, allowed: allowed.map(String) }));
    } else {
      problems.push(problem(base + path, 'FW_DEF_SCHEMA_INVALID', { keyword: specific.keyword, message: specific.message ?? specific.keyword }));
    }
  }
  return problems;
}
