/**
 * draft-04/06/07 spellings of JSON Schema rewritten to their 2020-12 equivalents, each rewrite
 * reported as a note at its place in the result. Formwork validates JSON Schema 2020-12 only,
 * while most forms in the wild (react-jsonschema-form's among them) still spell draft-07: the
 * import of a form and the compile of a definition both read them through here, so the two
 * accept exactly the same schemas and nothing changes silently.
 *
 * Pure: the input is never changed and nothing in the result shares an object with it.
 */
import type { ErrorCode } from '../errors/codes.js';
import { problem, type Problem } from '../errors/problem.js';
import { compilePointer, escapeSegment, joinPointer, parsePointer, unescapeSegment } from '../pointer/json-pointer.js';
import { SCHEMA_ARRAY_KEYWORDS, SCHEMA_KEYWORDS, SCHEMA_MAP_KEYWORDS } from '../validation/keywords.js';
import { isPlainObject } from '../validation/walk-schema.js';
import type { LocalizedText } from './generated/module-definition.js';

/** The codes of the notes a conversion makes: what it rewrote, never an error. */
export const DRAFT07_NOTE_CODES = [
  'FW_IMPORT_SCHEMA_DIALECT',
  'FW_IMPORT_DEFINITIONS',
  'FW_IMPORT_REF',
  'FW_IMPORT_DEPENDENT_REQUIRED',
  'FW_IMPORT_DEPENDENT_SCHEMAS',
  'FW_IMPORT_PREFIX_ITEMS',
  'FW_IMPORT_ADDITIONAL_ITEMS',
  'FW_IMPORT_ID',
  'FW_IMPORT_ANCHOR',
  'FW_IMPORT_EXCLUSIVE_BOUND',
  'FW_IMPORT_KEYWORD_DROPPED',
  'FW_IMPORT_TRANSLATION_MOVED',
  'FW_IMPORT_ROOT_TYPE',
] as const satisfies readonly ErrorCode[];

/** A code of {@link DRAFT07_NOTE_CODES}. */
export type SchemaNoteCode = (typeof DRAFT07_NOTE_CODES)[number];

/** One rewrite. Shaped like a {@link Problem}, but it is not one. */
export interface SchemaNote {
  /** JSON Pointer into the RESULT: where the converted spelling now is, or the object a keyword was removed from. */
  path: string;
  code: SchemaNoteCode;
  message: Required<LocalizedText>;
  params?: Record<string, unknown>;
}

/** draft-04, -06 and -07 meta-schema URIs (http or https, with or without the empty fragment). */
const OLD_DIALECT = /^https?:\/\/json-schema\.org\/draft-0[467]\/schema#?$/;
/** A plain-name fragment: what draft-06/07 wrote as "$id": "#name" and 2020-12 as "$anchor". */
const ANCHOR_ID = /^#([A-Za-z_][-A-Za-z0-9._]*)$/;
/** The base URI of a schema without $id; never fetched, only used to resolve relative ids. */
const ROOT_BASE = 'https://formwork.invalid/imported-schema';

/** What {@link convertDefinitionSchema} returns. */
export interface DefinitionConversion<T> {
  /** The definition with its schema in 2020-12 spellings and its English titles moved along. */
  definition: T;
  notes: SchemaNote[];
  problems: Problem[];
}

/**
 * Converts a definition's `schema` (see {@link convertDraft07Schema}) and moves the keys of its
 * `i18n.en` (schema pointers) with what they name. Paths of notes and problems are inside the
 * definition ('/schema/…', '/i18n/en/…'). Every other member is kept as it is (not copied).
 */
export function convertDefinitionSchema<T extends Record<string, unknown>>(definition: T): DefinitionConversion<T> {
  if (!isPlainObject(definition.schema)) return { definition, notes: [], problems: [] };
  const conversion = convertDraft07Schema(definition.schema, '/schema');
  const notes = [...conversion.notes];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(definition)) {
    if (key === 'schema') put(out, key, conversion.schema);
    else if (key === 'i18n') put(out, key, moveTitles(value, conversion.movePointer, notes));
    else put(out, key, value);
  }
  return { definition: out as T, notes, problems: conversion.problems };
}

/**
 * A record schema's root with properties and no type, typed as the object it is: rjsf renders
 * such a root as an object (its getSchemaType), a record's root must say so, and saying it
 * changes nothing about the data a form makes. `path` is where the schema is ('/schema').
 */
export function typeRecordRoot(schema: Record<string, unknown>, path: string): { schema: Record<string, unknown>; note?: SchemaNote } {
  if (schema.type !== undefined || !isPlainObject(schema.properties)) return { schema };
  const typed: Record<string, unknown> = {};
  put(typed, 'type', 'object');
  for (const [key, value] of Object.entries(schema)) put(typed, key, value);
  return { schema: typed, note: note(`${path}/type`, 'FW_IMPORT_ROOT_TYPE') };
}

/** What {@link convertDraft07Schema} returns. */
export interface Draft07Conversion {
  /** A copy of the schema in 2020-12 spellings (the input is never changed). */
  schema: unknown;
  /** Every conversion, at its place in the converted schema, in document order. */
  notes: SchemaNote[];
  /** What cannot be converted (both spellings define the same name), at its place. */
  problems: Problem[];
  /** Where a place of the original schema is in the upgraded one (schema pointers). */
  movePointer(old: string): string | undefined;
}

interface PendingRef {
  holder: Record<string, unknown>;
  base: string;
  /** Schema pointer of the node holding the $ref, in the upgraded schema. */
  at: string;
  /** Index of the note reserved for it, so notes stay in document order. */
  slot: number;
}

/**
 * Rewrites draft-04/06/07 spellings to 2020-12 in a copy of `schema`; `prefix` (e.g. '/schema')
 * is put before every path. Two passes: the first converts keywords and records where each
 * subschema went; the second rewrites `$ref` fragments through that record, so a reference
 * reaches the same subschema whatever moved on its way. A schema already in 2020-12 spellings
 * comes back equal, with no notes.
 *
 * Converted, anywhere in the schema: `definitions` → `$defs` (with every `$ref` into them,
 * further segments included), `dependencies` → `dependentRequired` (lists) and
 * `dependentSchemas` (schemas), array `items` → `prefixItems` with `additionalItems` → `items`,
 * draft-04/06/07 `$schema` removed, `id` → `$id`, `"#name"` ids → `$anchor`, boolean
 * `exclusiveMaximum`/`exclusiveMinimum` → numbers.
 */
export function convertDraft07Schema(schema: unknown, prefix = ''): Draft07Conversion {
  const slots: (SchemaNote | undefined)[] = [];
  const problems: Problem[] = [];
  /** Old schema pointer → new schema pointer, for every subschema and every renamed container. */
  const moved = new Map<string, string>();
  /** Schema resources (the root and every subschema with an $id) by base URI. */
  const resources = new Map<string, { old: string; new: string }>();
  const refs: PendingRef[] = [];
  const addNote = (path: string, code: SchemaNoteCode, params: Record<string, unknown> = {}) => {
    slots.push(note(prefix + path, code, params));
  };

  const result = convert(schema, '', '', ROOT_BASE, true);
  for (const ref of refs) {
    const from = ref.holder.$ref as string;
    const to = rewriteRef(from, ref.base);
    if (to === undefined) continue;
    ref.holder.$ref = to;
    slots[ref.slot] = note(prefix + joinPointer(ref.at, '$ref'), 'FW_IMPORT_REF', { from, to });
  }
  return {
    schema: result,
    notes: slots.filter((n): n is SchemaNote => n !== undefined),
    problems,
    movePointer: (old) => {
      try {
        return movePath(parsePointer(old));
      } catch {
        return undefined;
      }
    },
  };

  function convert(node: unknown, oldAt: string, newAt: string, parentBase: string, root = false): unknown {
    moved.set(oldAt, newAt);
    if (!isPlainObject(node)) return node;
    const id = typeof node.$id === 'string' ? node.$id : typeof node.id === 'string' && node.$id === undefined ? node.id : undefined;
    const base = id !== undefined && !id.startsWith('#') ? resolveUri(id, parentBase) : parentBase;
    if (root || base !== parentBase) resources.set(base, { old: oldAt, new: newAt });

    // draft-04's boolean exclusive bounds consume their numeric sibling.
    const consumed = new Set<string>();
    for (const [exclusive, bound] of BOUNDS) {
      if (node[exclusive] === true && typeof node[bound] === 'number') consumed.add(bound);
    }
    const out: Record<string, unknown> = {};
    const child = (value: unknown, oldPath: (string | number)[], newPath: (string | number)[]) =>
      convert(value, joinPointer(oldAt, ...oldPath), joinPointer(newAt, ...newPath), base);
    const convertMap = (map: Record<string, unknown>, oldKey: string, newKey: string): [string, unknown][] =>
      Object.entries(map).map(([name, sub]) => [name, child(sub, [oldKey, name], [newKey, name])]);

    for (const [key, value] of Object.entries(node)) {
      if (consumed.has(key)) continue;
      switch (key) {
        case '$schema':
          if (typeof value === 'string' && OLD_DIALECT.test(value)) addNote(newAt, 'FW_IMPORT_SCHEMA_DIALECT', { dialect: value });
          else put(out, key, value);
          break;
        case 'id':
        case '$id':
          convertId(node, key, value, out, newAt);
          break;
        case 'definitions':
        case '$defs':
          if (!isPlainObject(value)) {
            put(out, key, value);
            break;
          }
          // Notes go before the subschemas' own, so they stay in document order.
          if (key === 'definitions') addNote(joinPointer(newAt, '$defs'), 'FW_IMPORT_DEFINITIONS');
          moved.set(joinPointer(oldAt, key), joinPointer(newAt, '$defs'));
          merge(out, '$defs', convertMap(value, key, '$defs'), newAt, 'definitions');
          break;
        case 'dependencies':
          if (isPlainObject(value)) convertDependencies(value, out, oldAt, newAt, convertMap);
          else put(out, key, value);
          break;
        case 'items':
          if (Array.isArray(value)) {
            if (node.prefixItems !== undefined) {
              // Two tuples cannot be merged.
              problems.push(problem(prefix + joinPointer(newAt, 'prefixItems'), 'FW_IMPORT_CONFLICT', { keyword: 'items', replacement: 'prefixItems', name: 'prefixItems' }));
              break;
            }
            addNote(joinPointer(newAt, 'prefixItems'), 'FW_IMPORT_PREFIX_ITEMS');
            moved.set(joinPointer(oldAt, key), joinPointer(newAt, 'prefixItems'));
            put(out, 'prefixItems', value.map((sub, i) => child(sub, [key, i], ['prefixItems', i])));
          } else {
            put(out, key, child(value, [key], [key]));
          }
          break;
        case 'additionalItems':
          // Only an array `items` gave it meaning; after the tuple it is 2020-12's `items`.
          if (Array.isArray(node.items)) {
            addNote(joinPointer(newAt, 'items'), 'FW_IMPORT_ADDITIONAL_ITEMS');
            put(out, 'items', child(value, [key], ['items']));
          } else {
            addNote(newAt, 'FW_IMPORT_KEYWORD_DROPPED', { keyword: key });
          }
          break;
        case 'exclusiveMaximum':
        case 'exclusiveMinimum': {
          const bound = key === 'exclusiveMaximum' ? 'maximum' : 'minimum';
          if (value === true && typeof node[bound] === 'number') {
            put(out, key, node[bound]);
            addNote(joinPointer(newAt, key), 'FW_IMPORT_EXCLUSIVE_BOUND', { keyword: key, bound, limit: node[bound] });
          } else if (typeof value === 'boolean') {
            // false, or true without a bound: no effect in draft-04 either.
            addNote(newAt, 'FW_IMPORT_KEYWORD_DROPPED', { keyword: key });
          } else {
            put(out, key, value);
          }
          break;
        }
        case '$ref':
          put(out, key, value);
          if (typeof value === 'string') {
            refs.push({ holder: out, base, at: newAt, slot: slots.length });
            slots.push(undefined);
          }
          break;
        case 'dependentRequired':
          if (isPlainObject(value)) merge(out, key, Object.entries(value), newAt, 'dependencies');
          else put(out, key, value);
          break;
        case 'dependentSchemas':
          if (isPlainObject(value)) merge(out, key, convertMap(value, key, key), newAt, 'dependencies');
          else put(out, key, value);
          break;
        default:
          if ((SCHEMA_MAP_KEYWORDS as readonly string[]).includes(key) && isPlainObject(value)) {
            put(out, key, entriesToObject(convertMap(value, key, key)));
          } else if ((SCHEMA_KEYWORDS as readonly string[]).includes(key)) {
            put(out, key, child(value, [key], [key]));
          } else if ((SCHEMA_ARRAY_KEYWORDS as readonly string[]).includes(key) && Array.isArray(value)) {
            put(out, key, value.map((sub, i) => child(sub, [key, i], [key, i])));
          } else {
            put(out, key, value);
          }
      }
    }
    return out;
  }

  function convertId(node: Record<string, unknown>, key: 'id' | '$id', value: unknown, out: Record<string, unknown>, newAt: string): void {
    // draft-04's `id` is only a keyword when it is a string and `$id` does not override it.
    if (typeof value !== 'string' || (key === 'id' && node.$id !== undefined)) {
      put(out, key, value);
      return;
    }
    const anchor = ANCHOR_ID.exec(value)?.[1];
    if (anchor !== undefined && node.$anchor === undefined) {
      put(out, '$anchor', anchor);
      addNote(joinPointer(newAt, '$anchor'), 'FW_IMPORT_ANCHOR', { keyword: key, anchor });
      return;
    }
    put(out, '$id', value);
    if (key === 'id') addNote(joinPointer(newAt, '$id'), 'FW_IMPORT_ID');
  }

  function convertDependencies(
    value: Record<string, unknown>,
    out: Record<string, unknown>,
    oldAt: string,
    newAt: string,
    convertMap: (map: Record<string, unknown>, oldKey: string, newKey: string) => [string, unknown][],
  ): void {
    const lists: [string, unknown][] = [];
    const schemas: Record<string, unknown> = {};
    for (const [name, dependency] of Object.entries(value)) {
      if (Array.isArray(dependency)) {
        lists.push([name, dependency]);
        moved.set(joinPointer(oldAt, 'dependencies', name), joinPointer(newAt, 'dependentRequired', name));
      } else {
        put(schemas, name, dependency);
      }
    }
    if (lists.length > 0) {
      addNote(joinPointer(newAt, 'dependentRequired'), 'FW_IMPORT_DEPENDENT_REQUIRED', { names: lists.map(([name]) => name) });
      merge(out, 'dependentRequired', lists, newAt, 'dependencies');
    }
    const names = Object.keys(schemas);
    if (names.length > 0) {
      addNote(joinPointer(newAt, 'dependentSchemas'), 'FW_IMPORT_DEPENDENT_SCHEMAS', { names });
      merge(out, 'dependentSchemas', convertMap(schemas, 'dependencies', 'dependentSchemas'), newAt, 'dependencies');
    }
  }

  /** Adds entries under `target`, merging with what the other spelling (`legacy`) put there. */
  function merge(out: Record<string, unknown>, target: string, entries: [string, unknown][], newAt: string, legacy: string): void {
    const existing = out[target];
    if (!isPlainObject(existing)) {
      put(out, target, entriesToObject(entries));
      return;
    }
    for (const [name, sub] of entries) {
      if (Object.prototype.hasOwnProperty.call(existing, name)) {
        problems.push(problem(prefix + joinPointer(newAt, target, name), 'FW_IMPORT_CONFLICT', { keyword: legacy, replacement: target, name }));
      } else {
        put(existing, name, sub);
      }
    }
  }

  /** The new place of an old schema path: its longest recorded prefix, moved, plus the rest. */
  function movePath(oldSegments: string[], floor = 0): string | undefined {
    for (let k = oldSegments.length; k >= floor; k--) {
      const hit = moved.get(compilePointer(oldSegments.slice(0, k)));
      if (hit !== undefined) return joinPointer(hit, ...oldSegments.slice(k));
    }
    return undefined;
  }

  /** The 2020-12 spelling of a reference, or undefined when it stays as it is. */
  function rewriteRef(ref: string, base: string): string | undefined {
    const hash = ref.indexOf('#');
    if (hash < 0 || ref[hash + 1] !== '/') return undefined;
    const uri = ref.slice(0, hash);
    // A pointer fragment is relative to the schema resource the reference names.
    const resource = resources.get(uri === '' ? base : resolveUri(uri, base));
    if (!resource) return undefined;
    const raw = ref.slice(hash + 2).split('/');
    let decoded: string[];
    try {
      decoded = raw.map((segment) => unescapeSegment(decodeURIComponent(segment)));
    } catch {
      return undefined;
    }
    const resourceOld = parsePointer(resource.old);
    const target = movePath([...resourceOld, ...decoded], resourceOld.length);
    if (target === undefined) return undefined;
    const relative = parsePointer(target).slice(parsePointer(resource.new).length);
    // Every conversion renames a keyword in place, so segments line up one for one; keep the
    // original spelling (percent-encoding included) of every segment that did not change.
    if (relative.length !== raw.length) return undefined;
    const rewritten = `${uri}#/${relative.map((segment, i) => (segment === decoded[i] ? raw[i] : escapeSegment(segment))).join('/')}`;
    return rewritten === ref ? undefined : rewritten;
  }
}

const BOUNDS = [
  ['exclusiveMaximum', 'maximum'],
  ['exclusiveMinimum', 'minimum'],
] as const;

function resolveUri(reference: string, base: string): string {
  try {
    return new URL(reference, base).href.replace(/#.*$/, '');
  } catch {
    return reference.replace(/#.*$/, '');
  }
}

/** A definition's English titles are keyed by schema pointer: they move with the schema. */
function moveTitles(i18n: unknown, movePointer: (old: string) => string | undefined, notes: SchemaNote[]): unknown {
  if (!isPlainObject(i18n) || !isPlainObject(i18n.en)) return i18n;
  const en: Record<string, unknown> = {};
  for (const [pointer, text] of Object.entries(i18n.en)) {
    const moved = pointer.startsWith('/') ? movePointer(pointer) : undefined;
    if (moved !== undefined && moved !== pointer) {
      put(en, moved, text);
      notes.push(note(joinPointer('/i18n/en', moved), 'FW_IMPORT_TRANSLATION_MOVED', { from: pointer, to: moved }));
    } else {
      put(en, pointer, text);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(i18n)) put(out, key, key === 'en' ? en : value);
  return out;
}

function note(path: string, code: SchemaNoteCode, params: Record<string, unknown> = {}): SchemaNote {
  return { ...problem(path, code, params), code };
}

/** Sets an own property, even one named `__proto__` (plain assignment would set the prototype). */
export function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function entriesToObject(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) put(out, key, value);
  return out;
}
