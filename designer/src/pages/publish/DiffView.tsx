/**
 * What publishing changes (or what differs between two versions), as a designer reads it: fields
 * added, removed and changed (each attribute before → after), rules, workflow, report settings,
 * code list codes and the rest — by name and title, not by code.
 */
import type { ReactNode } from 'react';
import { Empty, Space, Tag, Typography } from 'antd';
import type { DiffAnswer } from '../../../../runtime/web/kit/contract';
import { rowOf, withoutRows } from '../../model/diff-entries';
import { usePublishWords } from './words';

type Change = { attribute: string; before?: unknown; after?: unknown };
type Entry = Record<string, unknown> & { changes?: Change[] };
type Words = ReturnType<typeof usePublishWords>;

const UI_WORDS: Record<string, Parameters<Words['t']>[0]> = {
  'ui:order': 'ui_order',
  'ui:layout': 'ui_layout',
  'ui:widget': 'ui_widget',
  'ui:placeholder': 'ui_placeholder',
  'ui:readonly': 'attr_readOnly',
  'ui:options': 'ui_options',
  'ui:help': 'attr_description',
};

const KNOWN_ATTRIBUTES = new Set(['title', 'description', 'type', 'codelist', 'required', 'options', 'format', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'default', 'readOnly', 'period', 'levels', 'deadline', 'submitBeforeEnd', 'approved', 'aggregate', 'prefill', 'conditions', 'event', 'priority', 'tests']);

/** An attribute's name in the language (ui: settings as "display"; unknown ones as they are). */
function attributeName(words: Words, attribute: string): string {
  const last = attribute.split('/').pop()!;
  if (KNOWN_ATTRIBUTES.has(last)) return words.t(`attr_${last}` as Parameters<Words['t']>[0]);
  if (last in UI_WORDS) return words.t(UI_WORDS[last]!);
  if (last.startsWith('ui:')) return words.t('attr_ui');
  return last;
}

/** A value as a reader sees it: texts and numbers as they are, yes/no, lists by their items, titles picked. */
function valueText(words: Words, value: unknown): string {
  if (value === undefined || value === null) return words.t('none');
  if (typeof value === 'boolean') return words.t(value ? 'yes' : 'no');
  if (typeof value === 'string') return ['string', 'number', 'integer', 'boolean', 'object', 'array'].includes(value) ? words.t(`type_${value}` as Parameters<Words['t']>[0]) : value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.length <= 8 ? value.map((v) => valueText(words, v)).join('、') : words.t('itemCount', { n: value.length });
  const object = value as Record<string, unknown>;
  if (typeof object['zh-CN'] === 'string') return words.pick(object as { 'zh-CN': string; en?: string });
  if ('const' in object) return String(object.title ?? object.const);
  return JSON.stringify(value);
}

function Changes({ changes, words }: { changes?: Change[]; words: Words }) {
  if (!changes?.length) return null;
  return (
    <ul style={{ margin: '2px 0 6px', paddingLeft: 20 }}>
      {changes.map((c, i) => (
        <li key={i}>
          {attributeName(words, c.attribute)}：
          {c.attribute.endsWith('ui:order') ? (
            // The order of fields, by their keys: said in words, not listed as codes.
            words.t('reordered')
          ) : (
            <>
              <span className="dz-diff-removed">{valueText(words, c.before)}</span> → <span className="dz-diff-added">{valueText(words, c.after)}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** One list (added / removed / changed) of a part of the diff. */
function Part({ title, added, removed, changed, name, words }: { title: string; added: Entry[]; removed: Entry[]; changed: Entry[]; name(e: Entry): string; words: Words }) {
  if (added.length + removed.length + changed.length === 0) return null;
  const row = (entry: Entry, tag: ReactNode, i: number) => (
    <div key={i}>
      {tag} {name(entry)}
      <Changes changes={entry.changes} words={words} />
    </div>
  );
  return (
    <div style={{ marginBottom: 12 }} data-testid={`diff-${title}`}>
      <Typography.Title level={5}>{title}</Typography.Title>
      {added.map((e, i) => row(e, <Tag color="green">{words.t('added')}</Tag>, i))}
      {removed.map((e, i) => row(e, <Tag color="red">{words.t('removed')}</Tag>, i))}
      {changed.map((e, i) => row(e, <Tag color="blue">{words.t('changed')}</Tag>, i))}
    </div>
  );
}

/** How many codes of a code list a diff adds, removes, renames, deprecates or reinstates. */
const codeChanges = (diff: DiffAnswer) => {
  const c = diff.other.codes;
  return c.added.length + c.removed.length + c.retitled.length + c.deprecated.length + c.reinstated.length;
};

/** Whether a diff holds no change at all. */
export function diffIsEmpty(diff: DiffAnswer): boolean {
  const parts = [diff.fields, diff.rules, diff.workflow.states, diff.workflow.transitions, diff.report.fields];
  return (
    parts.every((p) => p.added.length + p.removed.length + p.changed.length === 0) &&
    diff.workflow.changes.length + diff.report.settings.length + diff.other.changes.length === 0 &&
    codeChanges(diff) === 0
  );
}

/** The diff (see the file header). */
export function DiffView({ diff, fieldTitle }: { diff: DiffAnswer; fieldTitle?(dataPointer: string): string | undefined }) {
  const words = usePublishWords();
  const { t, pick } = words;
  if (diffIsEmpty(diff)) return <Empty description={t('noChanges')} />;
  const title = (e: Entry) => {
    const text = e.title as { 'zh-CN'?: string; en?: string } | undefined;
    return text?.['zh-CN'] ? pick(text as { 'zh-CN': string }) : String(e.name ?? e.action ?? e.pointer ?? '');
  };
  const codes = diff.other.codes;
  // Fields by their full titles (sections they lie in) where the draft has them; a table's rows after their table.
  const fieldName = (e: Entry) => {
    const pointer = String(e.pointer ?? '');
    const table = rowOf(pointer);
    if (table !== undefined) return t('rowsOf', { table: fieldTitle?.(table) ?? table });
    return fieldTitle?.(pointer) ?? title(e);
  };
  const fields = { added: withoutRows(diff.fields.added as Entry[]), removed: withoutRows(diff.fields.removed as Entry[]), changed: diff.fields.changed as Entry[] };
  return (
    <div data-testid="diff">
      <Part title={t('fields')} {...fields} name={fieldName} words={words} />
      <Part title={t('rules')} {...(diff.rules as { added: Entry[]; removed: Entry[]; changed: Entry[] })} name={(e) => (e.description ? pick(e.description as { 'zh-CN': string }) : String(e.name))} words={words} />
      <Part title={t('states')} {...(diff.workflow.states as { added: Entry[]; removed: Entry[]; changed: Entry[] })} name={title} words={words} />
      <Part title={t('transitions')} {...(diff.workflow.transitions as { added: Entry[]; removed: Entry[]; changed: Entry[] })} name={title} words={words} />
      <Part title={t('report')} {...(diff.report.fields as { added: Entry[]; removed: Entry[]; changed: Entry[] })} name={(e) => fieldTitle?.(String(e.pointer)) ?? String(e.pointer)} words={words} />
      {diff.report.settings.length + diff.workflow.changes.length + diff.other.changes.length > 0 && (
        <div style={{ marginBottom: 12 }} data-testid="diff-other">
          <Typography.Title level={5}>{t('other')}</Typography.Title>
          <Changes changes={[...diff.report.settings, ...diff.workflow.changes, ...diff.other.changes]} words={words} />
        </div>
      )}
      {codeChanges(diff) > 0 && (
        <div data-testid="diff-codes">
          <Typography.Title level={5}>{t('codes')}</Typography.Title>
          <Space direction="vertical" size={2}>
            {codes.added.map((c, i) => <span key={`a${i}`}><Tag color="green">{t('added')}</Tag>{c.title ?? String(c.value)}</span>)}
            {codes.removed.map((c, i) => <span key={`r${i}`}><Tag color="red">{t('removed')}</Tag>{c.title ?? String(c.value)}</span>)}
            {codes.retitled.map((c, i) => <span key={`t${i}`}><Tag color="blue">{t('retitled')}</Tag>{c.before} → {c.after}</span>)}
            {codes.deprecated.map((c, i) => <span key={`d${i}`}><Tag color="orange">{t('codeDeprecated')}</Tag>{c.title ?? String(c.value)}</span>)}
            {codes.reinstated.map((c, i) => <span key={`i${i}`}><Tag color="cyan">{t('codeReinstated')}</Tag>{c.title ?? String(c.value)}</span>)}
          </Space>
        </div>
      )}
    </div>
  );
}
