/**
 * importForm: reads a form written elsewhere into a module definition the designer can edit.
 * The input is either a Formwork definition (kept as it is, minus its version) or a form
 * written for react-jsonschema-form (`{ key, title, schema, uiSchema?, formData? }`).
 *
 * Formwork compiles JSON Schema 2020-12 only, and most forms in the wild (rjsf's playground
 * among them) still spell draft-04/06/07. Each such spelling is rewritten to its 2020-12
 * equivalent and reported as a note at its place in the RESULT, so the designer sees what moved
 * and nothing changes silently. What cannot be read is refused with problems (a 422).
 *
 * Pure: the input is never changed and nothing in the result shares an object with it.
 */
import moduleSchema from '../../../definitions/meta/module.schema.json' with { type: 'json' };
import type { ErrorCode } from '../errors/codes.js';
import { DefinitionError } from '../errors/formwork-error.js';
import { problem, type Problem } from '../errors/problem.js';
import { compilePointer, escapeSegment, joinPointer, parsePointer, unescapeSegment } from '../pointer/json-pointer.js';
import { SCHEMA_ARRAY_KEYWORDS, SCHEMA_KEYWORDS, SCHEMA_MAP_KEYWORDS } from '../validation/keywords.js';
import { isPlainObject } from '../validation/walk-schema.js';
import type { LocalizedText, ModuleDefinition, TestCase } from './generated/module-definition.js';

/** The codes an import reports as notes: conversions made, never errors. */
export const IMPORT_NOTE_CODES = [
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
  'FW_IMPORT_ROOT_TYPE',
  'FW_IMPORT_TITLE_FROM_SCHEMA',
  'FW_IMPORT_EXAMPLE_TEST',
  'FW_IMPORT_EXAMPLE_SKIPPED',
  'FW_IMPORT_TRANSLATION_MOVED',
  'FW_IMPORT_VERSION',
  'FW_IMPORT_IGNORED_KEY',
] as const satisfies readonly ErrorCode[];

/** A code of {@link IMPORT_NOTE_CODES}. */
export type ImportNoteCode = (typeof IMPORT_NOTE_CODES)[number];

/** One conversion an import made. Shaped like a {@link Problem}, but it is not one. */
export interface ImportNote {
  /**
   * JSON Pointer into the RESULT definition: where the converted spelling now is (e.g.
   * '/schema/$defs'), or the object a keyword was removed from ('' is the definition itself).
   */
  path: string;
  code: ImportNoteCode;
  message: Required<LocalizedText>;
  params?: Record<string, unknown>;
}

/** A definition as imported: a draft, so it carries no version (publishing assigns one). */
export type ImportedDefinition = Omit<ModuleDefinition, 'version'>;

/** What {@link importForm} returns. */
export interface ImportResult {
  definition: ImportedDefinition;
  /** Every conversion, in the order of the result document; notes about the definition as a whole (path '') last. */
  notes: ImportNote[];
}

/** A form written for react-jsonschema-form, with what a module needs besides. */
export interface RjsfFormInput {
  /** The module key, `^[a-z][a-z0-9_-]{1,63}$`. */
  key: string;
  /** A text (taken as the zh-CN title) or a localized title; default: the schema's title. */
  title?: string | LocalizedText;
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
  /** An example: it becomes the test {@link IMPORTED_EXAMPLE_TEST}, which expects it to be valid. */
  formData?: unknown;
}

/** The name of the test case an rjsf form's `formData` becomes. */
export const IMPORTED_EXAMPLE_TEST = 'imported example';

const KEY_PATTERN = moduleSchema.properties.key.pattern;
const RJSF_KEYS = new Set(['key', 'title', 'schema', 'uiSchema', 'formData']);
/** draft-04, -06 and -07 meta-schema URIs (http or https, with or without the empty fragment). */
const OLD_DIALECT = /^https?:\/\/json-schema\.org\/draft-0[467]\/schema#?$/;
/** A plain-name fragment: what draft-06/07 wrote as "$id": "#name" and 2020-12 as "$anchor". */
const ANCHOR_ID = /^#([A-Za-z_][-A-Za-z0-9._]*)$/;
/** The base URI of a schema without $id; never fetched, only used to resolve relative ids. */
const ROOT_BASE = 'https://formwork.invalid/imported-schema';

/**
 * Imports a Formwork definition or a react-jsonschema-form form (see {@link RjsfFormInput}).
 * An input with `kind` is a Formwork definition; anything else is read as an rjsf form.
 *
 * Converted to 2020-12, anywhere in the schema: `definitions` → `$defs` (with every `$ref`
 * into them, further segments included), `dependencies` → `dependentRequired` (lists) and
 * `dependentSchemas` (schemas), array `items` → `prefixItems` with `additionalItems` → `items`,
 * draft-04/06/07 `$schema` removed, `id` → `$id`, `"#name"` ids → `$anchor`, boolean
 * `exclusiveMaximum`/`exclusiveMinimum` → numbers. A Formwork definition's `i18n.en` keys (schema
 * pointers) follow the schema. An rjsf form's `uiSchema` becomes `ui` and its `formData` a test
 * expecting the example to be valid.
 *
 * Only what is needed to read the input is checked (key, title, schema shape, an object root
 * for rjsf forms); everything else is `compileDefinition`'s job.
 *
 * @throws DefinitionError with every problem, at its path in the input, when it cannot be read.
 */
export function importForm(input: unknown): ImportResult {
  if (!isPlainObject(input)) throw new DefinitionError([problem('', 'FW_IMPORT_NOT_AN_OBJECT', { name: 'form' })]);
  let source: Record<string, unknown>;
  try {
    source = structuredClone(input);
  } catch {
    // Only values that JSON cannot carry (functions, symbols …) fail to clone.
    throw new DefinitionError([problem('', 'FW_IMPORT_NOT_AN_OBJECT', { name: 'form' })]);
  }
  return 'kind' in source ? importDefinition(source) : importRjsf(source);
}

function importDefinition(source: Record<string, unknown>): ImportResult {
  const problems = [...keyProblems(source.key), ...schemaShapeProblems(source.schema)];
  if (problems.length > 0) throw new DefinitionError(problems);

  const notes: ImportNote[] = [];
  const upgrade = upgradeSchema(source.schema, '/schema');
  if (upgrade.problems.length > 0) throw new DefinitionError(upgrade.problems);

  const definition: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'version') continue;
    if (key === 'schema') {
      put(definition, key, upgrade.schema);
      notes.push(...upgrade.notes);
    } else if (key === 'i18n') {
      put(definition, key, moveTitles(value, upgrade.movePointer, notes));
    } else {
      put(definition, key, value);
    }
  }
  if (source.version !== undefined) notes.push(note('', 'FW_IMPORT_VERSION', { version: source.version }));
  return { definition: definition as unknown as ImportedDefinition, notes };
}

function importRjsf(source: Record<string, unknown>): ImportResult {
  const problems = [...keyProblems(source.key), ...schemaShapeProblems(source.schema)];
  if (source.uiSchema !== undefined && !isPlainObject(source.uiSchema)) {
    problems.push(problem('/uiSchema', 'FW_IMPORT_NOT_AN_OBJECT', { name: 'uiSchema' }));
  }
  const notes: ImportNote[] = [];
  const schemaTitle = isPlainObject(source.schema) ? source.schema.title : undefined;
  const title = readTitle(source.title, schemaTitle, problems, notes);
  if (!isPlainObject(source.schema)) throw new DefinitionError(problems);

  const upgrade = upgradeSchema(source.schema, '/schema');
  problems.push(...upgrade.problems);
  let schema = upgrade.schema as Record<string, unknown>;
  // rjsf renders a root with properties and no type as an object (its getSchemaType); a
  // record's root must say so, and saying it changes nothing about the data the form makes.
  if (schema.type === undefined && isPlainObject(schema.properties)) {
    const typed: Record<string, unknown> = {};
    put(typed, 'type', 'object');
    for (const [key, value] of Object.entries(schema)) put(typed, key, value);
    schema = typed;
    notes.push(note('/schema/type', 'FW_IMPORT_ROOT_TYPE'));
  } else if (schema.type !== 'object') {
    // A list or a single value cannot be a record: records are objects of fields.
    problems.push(problem('/schema', 'FW_DEF_SCHEMA_ROOT'));
  }
  if (problems.length > 0) throw new DefinitionError(problems);
  notes.push(...upgrade.notes);

  const definition: Record<string, unknown> = { key: source.key, kind: 'record', title, schema };
  if (source.uiSchema !== undefined) definition.ui = source.uiSchema;
  if (source.formData !== undefined) {
    if (isPlainObject(source.formData) && Object.keys(source.formData).length > 0) {
      // `valid: true` and nothing else: the example must be accepted, whatever else it does.
      const test: TestCase = { name: IMPORTED_EXAMPLE_TEST, data: source.formData, expect: { valid: true } };
      definition.tests = [test];
      notes.push(note('/tests/0', 'FW_IMPORT_EXAMPLE_TEST', { name: IMPORTED_EXAMPLE_TEST }));
    } else {
      // An empty example asserts nothing worth a test; anything but an object cannot be valid
      // against an object root, so it would only make a test that always fails.
      notes.push(note('', 'FW_IMPORT_EXAMPLE_SKIPPED'));
    }
  }
  for (const key of Object.keys(source)) {
    if (!RJSF_KEYS.has(key)) notes.push(note('', 'FW_IMPORT_IGNORED_KEY', { key }));
  }
  return { definition: definition as unknown as ImportedDefinition, notes };
}

/** The problems of a module key: the same path and codes as the meta-model's. */
function keyProblems(key: unknown): Problem[] {
  if (key === undefined) return [problem('/key', 'FW_VAL_REQUIRED', { label: 'key' })];
  if (typeof key !== 'string' || !new RegExp(KEY_PATTERN, 'u').test(key)) {
    return [problem('/key', 'FW_VAL_PATTERN', { label: 'key', pattern: KEY_PATTERN })];
  }
  return [];
}

function schemaShapeProblems(schema: unknown): Problem[] {
  if (schema === undefined) return [problem('/schema', 'FW_VAL_REQUIRED', { label: 'schema' })];
  if (!isPlainObject(schema)) return [problem('/schema', 'FW_IMPORT_NOT_AN_OBJECT', { name: 'schema' })];
  return [];
}

/** An rjsf form's title: a text (zh-CN, the primary locale) or {zh-CN, en}; else the schema's. */
function readTitle(title: unknown, schemaTitle: unknown, problems: Problem[], notes: ImportNote[]): LocalizedText | undefined {
  if (typeof title === 'string' && title.trim() !== '') return { 'zh-CN': title };
  if (isPlainObject(title) && typeof title['zh-CN'] === 'string' && title['zh-CN'] !== '' && (title.en === undefined || typeof title.en === 'string')) {
    return title.en === undefined ? { 'zh-CN': title['zh-CN'] } : { 'zh-CN': title['zh-CN'], en: title.en };
  }
  if (title === undefined && typeof schemaTitle === 'string' && schemaTitle.trim() !== '') {
    notes.push(note('/title', 'FW_IMPORT_TITLE_FROM_SCHEMA'));
    return { 'zh-CN': schemaTitle };
  }
  problems.push(title === undefined ? problem('/title', 'FW_VAL_REQUIRED', { label: 'title' }) : problem('/title', 'FW_IMPORT_TITLE'));
  return undefined;
}

/** A definition's English titles are keyed by schema pointer: they move with the schema. */
function moveTitles(i18n: unknown, movePointer: (old: string) => string | undefined, notes: ImportNote[]): unknown {
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

interface SchemaUpgrade {
  schema: unknown;
  notes: ImportNote[];
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
 * reaches the same subschema whatever moved on its way.
 */
function upgradeSchema(schema: unknown, prefix: string): SchemaUpgrade {
  const slots: (ImportNote | undefined)[] = [];
  const problems: Problem[] = [];
  /** Old schema pointer → new schema pointer, for every subschema and every renamed container. */
  const moved = new Map<string, string>();
  /** Schema resources (the root and every subschema with an $id) by base URI. */
  const resources = new Map<string, { old: string; new: string }>();
  const refs: PendingRef[] = [];
  const addNote = (path: string, code: ImportNoteCode, params: Record<string, unknown> = {}) => {
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
    notes: slots.filter((n): n is ImportNote => n !== undefined),
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

function note(path: string, code: ImportNoteCode, params: Record<string, unknown> = {}): ImportNote {
  return { ...problem(path, code, params), code };
}

/** Sets an own property, even one named `__proto__` (plain assignment would set the prototype). */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function entriesToObject(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) put(out, key, value);
  return out;
}
