/** The fields part of a definition diff: every field of the record schema, at any depth, by data pointer. */
import { getAt, joinPointer } from '../pointer/json-pointer.js';
import { CODELIST_SCHEME } from '../validation/keywords.js';
import { isPlainObject } from '../validation/walk-schema.js';
import type { AddedRemovedChanged, FieldChange, FieldTitle } from './diff-definitions.js';
import { diffAttributes } from './diff-helpers.js';
import type { ModuleDefinition } from './generated/module-definition.js';

/** The schema attributes a field change reports, in order; `ui:` keys of the field follow, sorted. */
export const FIELD_ATTRIBUTES = [
  'title',
  'description',
  'type',
  'codelist',
  'required',
  'options',
  'format',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'default',
  'readOnly',
] as const;

type SchemaNode = Record<string, unknown> | boolean;

interface Candidate {
  node: SchemaNode;
  /** Schema pointer. */
  pointer: string;
  /**
   * Applies only under a condition: reached through anyOf / oneOf / then / else /
   * dependentSchemas, or declared inside such a branch. Its `required` makes nothing required,
   * and its attributes count only where no unconditional declaration has them.
   */
  conditional: boolean;
}

interface FieldRecord {
  pointer: string;
  schemaPointer: string;
  attributes: Map<string, unknown>;
}

/** Deepest data nesting followed: a schema deeper than any real form is not walked further. */
const MAX_FIELD_DEPTH = 64;

export function diffFields(before: ModuleDefinition | null, after: ModuleDefinition): AddedRemovedChanged<FieldChange> {
  const old = before ? collectFields(before) : new Map<string, FieldRecord>();
  const now = collectFields(after);
  const result: AddedRemovedChanged<FieldChange> = { added: [], removed: [], changed: [] };
  for (const [pointer, field] of now) {
    const previous = old.get(pointer);
    if (!previous) {
      result.added.push(fieldSummary(field));
      continue;
    }
    const changes = diffAttributes(previous.attributes, field.attributes, attributeOrder(previous.attributes, field.attributes));
    if (changes.length > 0) result.changed.push({ ...fieldSummary(field), changes });
  }
  for (const [pointer, field] of old) {
    if (!now.has(pointer)) result.removed.push(fieldSummary(field));
  }
  return result;
}

function fieldSummary(field: FieldRecord): FieldChange {
  const out: FieldChange = { pointer: field.pointer, schemaPointer: field.schemaPointer };
  const title = field.attributes.get('title') as FieldTitle | undefined;
  const type = field.attributes.get('type') as string | string[] | undefined;
  if (title !== undefined) out.title = title;
  if (type !== undefined) out.type = type;
  return out;
}

function attributeOrder(a: Map<string, unknown>, b: Map<string, unknown>): string[] {
  const ui = [...new Set([...a.keys(), ...b.keys()].filter((k) => k.startsWith('ui:')))].sort();
  return [...FIELD_ATTRIBUTES, ...ui];
}

/** Every field of a definition's record schema, in schema order, by data pointer. */
function collectFields(definition: ModuleDefinition): Map<string, FieldRecord> {
  const root = definition.schema as unknown;
  // A code list's schema is one value, not an object of fields.
  if (definition.kind === 'codelist' || !isPlainObject(root)) return new Map();
  const collector = new FieldCollector(root, (definition.i18n?.en ?? {}) as Record<string, string | undefined>);
  collector.visit([{ node: root, pointer: '', conditional: false }], '', definition.ui, new Set(), 0);
  return collector.fields;
}

/** A field's children as one visit finds them: their declarations, whether required, their UI. */
type Children = Map<string, { candidates: Candidate[]; required: boolean; ui: unknown }>;

/** Walks a record schema depth first, recording each field with its attributes. */
class FieldCollector {
  readonly fields = new Map<string, FieldRecord>();

  constructor(
    private readonly root: unknown,
    private readonly titlesEn: Record<string, string | undefined>,
  ) {}

  visit(candidates: Candidate[], dataPointer: string, ui: unknown, onPath: Set<unknown>, depth: number): void {
    const all = expand(this.root, candidates, true);
    if (depth >= MAX_FIELD_DEPTH || all.some((c) => onPath.has(c.node))) return;
    const path = new Set([...onPath, ...all.map((c) => c.node)]);
    const children = childrenOf(all, ui);
    for (const [segment, child] of children) {
      const pointer = joinPointer(dataPointer, segment);
      // What always applies speaks first; a declaration under a condition fills in the rest.
      const expanded = expand(this.root, child.candidates, false);
      const own = [...expanded.filter((c) => !c.conditional), ...expanded.filter((c) => c.conditional)];
      this.fields.set(pointer, { pointer, schemaPointer: child.candidates[0]!.pointer, attributes: this.describe(own, child.required, child.ui) });
      this.visit(child.candidates, pointer, child.ui, path, depth + 1);
    }
  }

  /** The attributes of a field from its declarations (and what they apply in place): the first that says wins. */
  private describe(own: Candidate[], required: boolean, ui: unknown): Map<string, unknown> {
    const attributes = new Map<string, unknown>();
    const first = (keyword: string): { value: unknown; pointer: string } | undefined => {
      for (const c of own) {
        if (isPlainObject(c.node) && c.node[keyword] !== undefined) return { value: c.node[keyword], pointer: c.pointer };
      }
      return undefined;
    };
    const title = first('title');
    const en = title ? this.titlesEn[title.pointer] : undefined;
    if (title !== undefined || en !== undefined) {
      const text: FieldTitle = {};
      if (typeof title?.value === 'string') text['zh-CN'] = title.value;
      if (en !== undefined) text.en = en;
      attributes.set('title', text);
    }
    const ref = first('$ref')?.value;
    if (typeof ref === 'string' && ref.startsWith(CODELIST_SCHEME)) attributes.set('codelist', ref.slice(CODELIST_SCHEME.length));
    attributes.set('required', required);
    const options = optionsOf(own);
    if (options !== undefined) attributes.set('options', options);
    for (const keyword of FIELD_ATTRIBUTES) {
      if (keyword === 'title' || keyword === 'codelist' || keyword === 'required' || keyword === 'options') continue;
      const found = first(keyword);
      if (found !== undefined) attributes.set(keyword, found.value);
    }
    if (isPlainObject(ui)) {
      for (const [key, value] of Object.entries(ui)) if (key.startsWith('ui:')) attributes.set(key, value);
    }
    return attributes;
  }
}

/** The child fields the candidates of one field declare (properties, tuple positions, items), and which are required. */
function childrenOf(all: Candidate[], ui: unknown): Children {
  const children: Children = new Map();
  const childAt = (segment: string, uiNode: unknown) => {
    let entry = children.get(segment);
    if (!entry) children.set(segment, (entry = { candidates: [], required: false, ui: uiNode }));
    return entry;
  };
  for (const candidate of all) {
    const node = candidate.node;
    if (!isPlainObject(node)) continue;
    if (isPlainObject(node.properties)) {
      for (const [name, sub] of Object.entries(node.properties)) {
        const entry = childAt(name, isPlainObject(ui) ? ui[name] : undefined);
        entry.candidates.push({ node: sub as SchemaNode, pointer: joinPointer(candidate.pointer, 'properties', name), conditional: candidate.conditional });
      }
    }
    const uiItems = isPlainObject(ui) ? ui.items : undefined;
    if (Array.isArray(node.prefixItems)) {
      node.prefixItems.forEach((sub, i) => {
        const entry = childAt(String(i), Array.isArray(uiItems) ? uiItems[i] : uiItems);
        entry.candidates.push({ node: sub as SchemaNode, pointer: joinPointer(candidate.pointer, 'prefixItems', i), conditional: candidate.conditional });
      });
    }
    if (node.items !== undefined && node.items !== false) {
      const entry = childAt('-', Array.isArray(uiItems) ? undefined : uiItems);
      entry.candidates.push({ node: node.items as SchemaNode, pointer: joinPointer(candidate.pointer, 'items'), conditional: candidate.conditional });
    }
  }
  // Only an unconditional `required` makes a field required; it may name a property that
  // another candidate (an allOf branch, a $ref) declares, so it is read once all are known.
  for (const candidate of all) {
    if (!isPlainObject(candidate.node) || candidate.conditional || !Array.isArray(candidate.node.required)) continue;
    for (const name of candidate.node.required) {
      const entry = typeof name === 'string' ? children.get(name) : undefined;
      if (entry) entry.required = true;
    }
  }
  return children;
}

/** The values a field allows, with their titles: enum, const, or a oneOf / anyOf of consts. */
export function optionsOf(own: Candidate[]): { value: unknown; title?: string }[] | undefined {
  for (const { node } of own) {
    if (!isPlainObject(node)) continue;
    if (Array.isArray(node.enum)) return node.enum.map((value) => ({ value }));
    if (node.const !== undefined) return [{ value: node.const }];
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const list = node[keyword];
      if (Array.isArray(list) && list.length > 0 && list.every((o) => isPlainObject(o) && o.const !== undefined)) {
        return (list as Record<string, unknown>[]).map((o) => (typeof o.title === 'string' ? { value: o.const, title: o.title } : { value: o.const }));
      }
    }
  }
  return undefined;
}

/**
 * Candidates and what they apply in place, breadth first: local `$ref`s and allOf keep a
 * candidate's standing; anyOf, oneOf, then, else and dependentSchemas (in that order) make it
 * conditional and are followed only `withConditional`. Code list references are not followed
 * (their schemas are not here).
 */
function expand(root: unknown, start: Candidate[], withConditional: boolean): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<unknown>();
  const queue = [...start];
  while (queue.length > 0) {
    const candidate = queue.shift()!;
    if (seen.has(candidate.node)) continue;
    seen.add(candidate.node);
    out.push(candidate);
    const { node, pointer, conditional } = candidate;
    if (!isPlainObject(node)) continue;
    if (typeof node.$ref === 'string' && (node.$ref === '#' || node.$ref.startsWith('#/'))) {
      let target: string | undefined;
      try {
        target = decodeURIComponent(node.$ref.slice(1));
      } catch {
        target = undefined;
      }
      const resolved = target === undefined ? undefined : target === '' ? root : getAt(root, target);
      if (isPlainObject(resolved) || typeof resolved === 'boolean') queue.push({ node: resolved, pointer: target!, conditional });
    }
    if (Array.isArray(node.allOf)) node.allOf.forEach((sub, i) => queue.push({ node: sub as SchemaNode, pointer: joinPointer(pointer, 'allOf', i), conditional }));
    if (!withConditional) continue;
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      const list = node[keyword];
      if (Array.isArray(list)) list.forEach((sub, i) => queue.push({ node: sub as SchemaNode, pointer: joinPointer(pointer, keyword, i), conditional: true }));
    }
    for (const keyword of ['then', 'else'] as const) {
      if (node[keyword] !== undefined) queue.push({ node: node[keyword] as SchemaNode, pointer: joinPointer(pointer, keyword), conditional: true });
    }
    if (isPlainObject(node.dependentSchemas)) {
      for (const [name, sub] of Object.entries(node.dependentSchemas)) {
        queue.push({ node: sub as SchemaNode, pointer: joinPointer(pointer, 'dependentSchemas', name), conditional: true });
      }
    }
  }
  return out;
}
