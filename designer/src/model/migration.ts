/**
 * The migration a draft declares for the records of the version it revises, as the publish
 * dialog builds it: what the draft's changes do to existing records (fields removed, codes
 * removed, fields made required, types changed — read from the structural diff), the fields of
 * both versions to pick from (by title, with their options), operations said as sentences,
 * suggestions (a removed field's likely new place, a removed code's like-titled successor),
 * writing the `migration` block, and its tests run in the browser by the engine's own
 * `applyMigration` — the code the server runs over the records.
 */
import { applyMigration, canonicalJson, diffData, fieldOptions, type Migration, type MigrationOperation, type MigrationTest } from '../../../runtime/web/kit/engine';
import type { DiffAnswer } from '../../../runtime/web/kit/contract';
import { allFields, fullTitle } from './fields';
import { isObj, type Draft } from './paths';

/** A field of one version as the pickers offer it. */
export interface FieldChoice {
  /** Data pointer. */
  data: string;
  /** Its full title (sections it lies in included). */
  title: string;
  /** Its codes with titles (own options or its code list), when it has any. */
  options?: { value: unknown; title: string }[];
}

/** What the draft's changes do to records written under the version it revises. */
export type MigrationNeed =
  | { kind: 'removed'; data: string; title: string }
  | { kind: 'codesRemoved'; data: string; title: string; codes: { value: unknown; title: string }[] }
  | { kind: 'required'; data: string; title: string }
  | { kind: 'type'; data: string; title: string };

type Entry = Record<string, unknown> & { changes?: { attribute: string; before?: unknown; after?: unknown }[] };

const titleOf = (entry: Entry) => {
  const title = entry.title as { 'zh-CN'?: string } | undefined;
  return title?.['zh-CN'] ?? String(entry.pointer ?? '');
};
const inRows = (pointer: string) => pointer.split('/').includes('-');
const optionList = (value: unknown) => (Array.isArray(value) ? (value as { value: unknown; title?: string }[]) : []);

/**
 * The changes of a diff that leave existing records invalid or their data orphaned. A field
 * inside a removed section goes with it (moving the section moves it); rows of repeating tables
 * are not addressed one by one.
 */
export function migrationNeeds(diff: DiffAnswer): MigrationNeed[] {
  const needs: MigrationNeed[] = [];
  const removed = (diff.fields.removed as Entry[]).map((e) => String(e.pointer ?? '')).filter((p) => p !== '' && !inRows(p));
  for (const entry of diff.fields.removed as Entry[]) {
    const data = String(entry.pointer ?? '');
    if (data === '' || inRows(data) || removed.some((other) => other !== data && data.startsWith(`${other}/`))) continue;
    needs.push({ kind: 'removed', data, title: titleOf(entry) });
  }
  for (const entry of diff.fields.changed as Entry[]) {
    const data = String(entry.pointer ?? '');
    if (data === '' || inRows(data)) continue;
    const title = titleOf(entry);
    for (const change of entry.changes ?? []) {
      if (change.attribute === 'options') {
        const kept = new Set(optionList(change.after).map((o) => canonicalJson(o.value)));
        const codes = optionList(change.before)
          .filter((o) => !kept.has(canonicalJson(o.value)))
          .map((o) => ({ value: o.value, title: o.title ?? String(o.value) }));
        if (codes.length > 0) needs.push({ kind: 'codesRemoved', data, title, codes });
      } else if (change.attribute === 'required' && change.after === true) {
        needs.push({ kind: 'required', data, title });
      } else if (change.attribute === 'type') {
        needs.push({ kind: 'type', data, title });
      }
    }
  }
  return needs;
}

/** The fields of a definition a migration can address (not cells of repeating tables), by full title. */
export function fieldChoices(definition: Draft, codelists: Record<string, unknown> = {}): FieldChoice[] {
  return allFields(definition)
    .filter((f) => !inRows(f.data))
    .map((f) => {
      const options = fieldOptions(definition.schema, f.data, codelists).map((o) => ({ value: o.code as unknown, title: o.title ?? String(o.code) }));
      return { data: f.data, title: fullTitle(definition, f.pointer), ...(options.length > 0 ? { options } : {}) };
    });
}

/**
 * Where a removed field's data likely belongs now: a field the draft added with the same title,
 * else the only added field; undefined when it cannot be told.
 */
export function likelyTarget(need: { title: string }, before: readonly FieldChoice[], after: readonly FieldChoice[]): string | undefined {
  const old = new Set(before.map((f) => f.data));
  const added = after.filter((f) => !old.has(f.data));
  const leaf = (title: string) => title.split(' › ').pop();
  return (added.find((f) => leaf(f.title) === leaf(need.title)) ?? (added.length === 1 ? added[0] : undefined))?.data;
}

/** For each removed code, the code of the new options with the same title, when there is one. */
export function likelyCodes(codes: readonly { value: unknown; title: string }[], options: readonly { value: unknown; title: string }[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const code of codes) {
    const match = options.find((o) => o.title === code.title);
    if (match) out[String(code.value)] = match.value;
  }
  return out;
}

/** The draft's migration, or a new one from `from` (the version it revises). */
export function readMigration(definition: Draft, from: number): Migration {
  const current = isObj(definition.migration) ? (definition.migration as unknown as Migration) : undefined;
  return { from, operations: [...(current?.operations ?? [])], ...(current?.states ? { states: current.states } : {}), tests: [...(current?.tests ?? [])] };
}

/**
 * The draft with its migration set (always `from` the version it revises); an empty migration
 * (no operation, no state renamed, no test) is removed.
 */
export function writeMigration(definition: Draft, migration: Migration): Draft {
  const { migration: _old, ...rest } = definition;
  const states = migration.states && Object.keys(migration.states).length > 0 ? migration.states : undefined;
  const empty = migration.operations.length === 0 && !states && (migration.tests ?? []).length === 0;
  if (empty) return rest;
  return { ...rest, migration: { from: migration.from, operations: migration.operations, ...(states ? { states } : {}), tests: migration.tests ?? [] } };
}

/** Adds an operation, replacing one that addresses the same field the same way. */
export function withOperation(migration: Migration, op: MigrationOperation): Migration {
  const same = (o: MigrationOperation) => o.op === op.op && (o.op === 'move' ? o.from === (op as typeof o).from : (o as { path: string }).path === (op as { path: string }).path);
  const at = migration.operations.findIndex(same);
  const operations = [...migration.operations];
  if (at >= 0) operations[at] = op;
  else operations.push(op);
  return { ...migration, operations };
}

/** The migration without its operation at `index`. */
export const withoutOperation = (migration: Migration, index: number): Migration => ({ ...migration, operations: migration.operations.filter((_, i) => i !== index) });

/** Titles by data pointer, for sentences: the draft's fields, then the published version's. */
export type TitleOf = (data: string) => string;

const valueText = (value: unknown, options?: FieldChoice['options']) => {
  const option = options?.find((o) => canonicalJson(o.value) === canonicalJson(value));
  if (option) return option.title;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '是' : '否';
  return JSON.stringify(value);
};

/** An operation as a Chinese sentence, fields and codes by their titles. */
export function operationSentence(op: MigrationOperation, before: readonly FieldChoice[], after: readonly FieldChoice[]): string {
  const find = (list: readonly FieldChoice[], data: string) => list.find((f) => f.data === data);
  const title = (data: string) => (find(after, data) ?? find(before, data))?.title ?? data;
  switch (op.op) {
    case 'move':
      return `把「${title(op.from)}」的内容移到「${title(op.to)}」`;
    case 'default':
      return `「${title(op.path)}」为空时填入「${valueText(op.value, find(after, op.path)?.options)}」`;
    case 'remove':
      return `删除「${title(op.path)}」的内容`;
    case 'map': {
      const old = find(before, op.path)?.options;
      const now = find(after, op.path)?.options;
      const pairs = Object.entries(op.values).map(([code, to]) => `${valueText(code, old)} → ${valueText(to, now)}`);
      return `「${title(op.path)}」的代码改为：${pairs.join('，')}`;
    }
  }
}

/** One migration test's outcome: passed, what the operations gave, and expected against got by field. */
export interface MigrationTestResult {
  name: string;
  passed: boolean;
  got: Record<string, unknown>;
  diff: { path: string; expected?: unknown; got?: unknown }[];
}

/** Runs the migration's tests as publishing does (the engine's applyMigration, compared as JSON). */
export function runMigrationTests(migration: Pick<Migration, 'operations' | 'tests'>): MigrationTestResult[] {
  return (migration.tests ?? []).map((test) => {
    const got = applyMigration(migration, test.before);
    const diff = diffData(test.after, got).map((c) => ({ path: c.path, ...(c.from !== undefined ? { expected: c.from } : {}), ...(c.to !== undefined ? { got: c.to } : {}) }));
    return { name: test.name, passed: canonicalJson(got) === canonicalJson(test.after), got, diff };
  });
}

/** A test whose expectation is what the operations give now (the designer then checks and edits it). */
export function testFromSample(migration: Pick<Migration, 'operations'>, name: string, before: Record<string, unknown>): MigrationTest {
  return { name, before, after: applyMigration(migration, before) };
}
