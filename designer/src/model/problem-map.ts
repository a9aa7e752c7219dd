/**
 * Where a problem belongs in the designer. The server names every problem by a JSON Pointer into
 * the definition (`/schema/properties/x/pattern`, `/ui/x/ui:widget`, `/i18n/en/~1properties~1x`,
 * `/report/fields/~1cases~1filed/prefill/module`, `/rules/3/event`); this turns it into the field
 * of the builder (its schema pointer) and the property of the property panel it concerns, or the
 * tab (settings, report, rules, workflow, tests, codes) that edits it.
 */
import { parsePointer } from '../../../runtime/web/kit/engine';
import { isObj, objAt, schemaOf, schemaPointerOf, type Draft } from './paths';

/** The tabs and areas a problem may concern. */
export type ProblemArea = 'field' | 'form' | 'settings' | 'report' | 'rules' | 'workflow' | 'tests' | 'codes' | 'other';

/** Where a problem goes: an area, and within the builder a field and one of its properties. */
export interface ProblemPlace {
  area: ProblemArea;
  /** The field's schema pointer (area `field`, or `report` for a figure's setting). */
  field?: string;
  /** What of the field or area: a schema keyword (`pattern`, `maxLength` …), `options`, `codelist`, `required`, `en`, a `ui:` key, a report setting. */
  property?: string;
  /** Rules and tests: the position in their list. */
  index?: number;
}

const FIELD_PROPERTY: Record<string, string> = { oneOf: 'options', enum: 'options', $ref: 'codelist', exclusiveMinimum: 'minimum', exclusiveMaximum: 'maximum' };

/** A place in the record schema: the deepest field on the way, and what of it. */
function schemaPlace(draft: Draft, parts: string[]): ProblemPlace {
  const schema = schemaOf(draft);
  if (draft.kind === 'codelist') return { area: 'codes', ...(parts[0] === 'oneOf' && parts[1] !== undefined ? { index: Number(parts[1]) } : {}) };
  let at = '';
  let field: string | undefined;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const node = objAt(schema, at);
    if (part === 'properties' && parts[i + 1] !== undefined) {
      at += `/properties/${escape(parts[++i]!)}`;
      field = at;
      continue;
    }
    if (part === 'items' && isObj(node?.items) && isObj((node!.items as Record<string, unknown>).properties)) {
      at += '/items';
      continue;
    }
    if (part === 'required' && Array.isArray(node?.required)) {
      const name = (node!.required as unknown[])[Number(parts[i + 1])];
      return typeof name === 'string' ? { area: 'field', field: `${at}/properties/${escape(name)}`, property: 'required' } : { area: field ? 'field' : 'form', ...(field ? { field } : {}) };
    }
    const property = part === 'items' ? (parts[i + 1] === 'oneOf' ? 'options' : parts[i + 1] === '$ref' ? 'codelist' : 'items') : (FIELD_PROPERTY[part] ?? part);
    return field ? { area: 'field', field, property } : { area: 'form', property };
  }
  return field ? { area: 'field', field } : { area: 'form' };
}

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** A place in the uiSchema: the field whose entry it is, and the `ui:` key. */
function uiPlace(draft: Draft, parts: string[]): ProblemPlace {
  let at = '';
  for (const part of parts) {
    if (part.startsWith('ui:')) return at === '' ? { area: 'form', property: part } : { area: 'field', field: at, property: part };
    at += part === 'items' && isObj(objAt(schemaOf(draft), at)?.items) ? '/items' : `/properties/${escape(part)}`;
  }
  return at === '' ? { area: 'form' } : { area: 'field', field: at.replace(/\/items$/, '') };
}

/** An English text's place: the field (or option, or help) it translates. */
function englishPlace(draft: Draft, pointer: string): ProblemPlace {
  const parts = parsePointer(pointer);
  const option = parts.lastIndexOf('oneOf');
  const owner = option >= 0 ? parts.slice(0, option) : parts[parts.length - 1] === 'description' ? parts.slice(0, -1) : parts;
  const place = schemaPlace(draft, owner);
  const property = option >= 0 ? 'options' : parts[parts.length - 1] === 'description' ? 'enDescription' : 'en';
  return place.field ? { area: 'field', field: place.field, property } : { ...place, property };
}

/** Where a problem at a pointer into the definition belongs (see the file header). */
export function placeOf(draft: Draft, path: string): ProblemPlace {
  let parts: string[];
  try {
    parts = parsePointer(path);
  } catch {
    return { area: 'other' };
  }
  const [head, ...rest] = parts;
  switch (head) {
    case 'schema':
      return schemaPlace(draft, rest);
    case 'ui':
      return uiPlace(draft, rest);
    case 'i18n':
      return rest[0] === 'en' && rest[1] !== undefined ? englishPlace(draft, rest[1]) : { area: 'settings' };
    case 'report': {
      if (rest[0] === 'fields' && rest[1] !== undefined) {
        const field = schemaPointerOf(schemaOf(draft), rest[1]);
        return { area: 'report', ...(field ? { field } : {}), property: rest.slice(2).join('/') || 'fields' };
      }
      return { area: 'report', ...(rest[0] ? { property: rest[0] } : {}) };
    }
    case 'rules':
      return { area: 'rules', ...(rest[0] !== undefined ? { index: Number(rest[0]) } : {}) };
    case 'tests':
      return { area: 'tests', ...(rest[0] !== undefined ? { index: Number(rest[0]) } : {}) };
    case 'workflow':
      return { area: 'workflow' };
    case 'key':
    case 'title':
    case 'description':
    case 'kind':
    case 'definition':
      return { area: 'settings', property: head === 'definition' ? rest[0] ?? 'key' : head };
    default:
      return { area: 'other' };
  }
}

/** Problems by the field they concern (exact schema pointer). */
export function problemsByField<P extends { path: string }>(draft: Draft, problems: readonly P[]): Map<string, (P & { place: ProblemPlace })[]> {
  const out = new Map<string, (P & { place: ProblemPlace })[]>();
  for (const p of problems) {
    const place = placeOf(draft, p.path);
    if (place.field && place.area === 'field') out.set(place.field, [...(out.get(place.field) ?? []), { ...p, place }]);
  }
  return out;
}

/** The data pointer's field, for problems named by a data pointer (rules, report settings). */
export const fieldOfData = (draft: Draft, data: string) => schemaPointerOf(schemaOf(draft), data);
