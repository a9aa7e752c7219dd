/** Every text of a definition in both languages: found where the definition keeps it, changed there. */
import { describe, expect, it } from 'vitest';
import { translationEntries } from '../../designer/src/model/translations';

const draft = {
  key: 'texts',
  kind: 'record',
  title: { 'zh-CN': '文本', en: 'Texts' },
  schema: {
    type: 'object',
    properties: {
      kind: { title: '类别', description: '选择一项', type: 'string', oneOf: [{ const: 'a', title: '甲' }, { const: 'b', title: '乙' }] },
      sec: { title: '分组', type: 'object', properties: { n: { title: '数量', type: 'integer' } } },
    },
  },
  i18n: { en: { '/properties/kind': 'Kind', '/properties/kind/oneOf/1': 'B' } },
  rules: [{ name: 'tooMany', conditions: { all: [] }, event: { type: 'error', params: { path: '/sec/n', message: { 'zh-CN': '太多了' } } } }],
  workflow: { initial: 'draft', states: { draft: { title: { 'zh-CN': '草稿', en: 'Draft' } } }, transitions: [] },
};

describe('translations', () => {
  it('lists every text with its English, missing ones empty', () => {
    const entries = translationEntries(draft);
    expect(entries.map((e) => [e.kind, e.where, e.zh, e.en])).toEqual([
      ['module', '', '文本', 'Texts'],
      ['label', '类别', '类别', 'Kind'],
      ['help', '类别', '选择一项', ''],
      ['option', '类别', '甲', ''],
      ['option', '类别', '乙', 'B'],
      ['label', '分组', '分组', ''],
      ['label', '分组 › 数量', '数量', ''],
      ['message', '分组 › 数量', '太多了', ''],
      ['state', 'draft', '草稿', 'Draft'],
    ]);
  });

  it('writes English where the engine and the form read it, and Chinese in place', () => {
    const entries = translationEntries(draft);
    const help = entries.find((e) => e.id === 'help:/properties/kind')!;
    const withHelp = help.set(draft, 'en', 'Choose one');
    expect((withHelp.i18n as { en: Record<string, string> }).en['/properties/kind/description']).toBe('Choose one');
    const message = entries.find((e) => e.kind === 'message')!;
    const translated = message.set(draft, 'en', 'Too many');
    expect((translated.rules as { event: { params: { message: object } } }[])[0]!.event.params.message).toEqual({ 'zh-CN': '太多了', en: 'Too many' });
    const label = entries.find((e) => e.id === 'label:/properties/sec/properties/n')!;
    expect(((label.set(draft, 'zh-CN', '件数').schema as { properties: { sec: { properties: { n: { title: string } } } } }).properties.sec.properties.n.title)).toBe('件数');
    expect(draft.schema.properties.sec.properties.n.title).toBe('数量');
  });
});
