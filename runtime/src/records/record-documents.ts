/**
 * Documents a record is downloaded as (a definition's `documents`): blocks of text with
 * placeholders — {/pointer} shows a field (a code by its title), {@today}, {@unitName},
 * {@recordId} — laid out as a DOCX.
 */
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { getAt, isEmptyValue, pick, type CompiledModule, type Locale } from '../../../engine/src/index.js';
import type { StoredRecord } from './record-store.js';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A field's value as people read it. */
function display(compiled: CompiledModule, pointer: string, value: unknown, locale: Locale): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => display(compiled, pointer, v, locale)).join(locale === 'en' ? ', ' : '、');
  if (typeof value === 'boolean') return locale === 'en' ? (value ? 'yes' : 'no') : value ? '是' : '否';
  if (typeof value === 'object') return '';
  return compiled.codeTitle(pointer, value) ?? String(value);
}

function chinaDate(now: Date, locale: Locale): string {
  const d = new Date(now.getTime() + 8 * 3_600_000);
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  return locale === 'en' ? d.toISOString().slice(0, 10) : `${y}年${m}月${day}日`;
}

export async function renderDocument(
  compiled: CompiledModule,
  record: StoredRecord,
  name: string,
  context: { locale: Locale; now: Date; unitName: string },
): Promise<{ filename: string; content: Buffer } | undefined> {
  const spec = (compiled.definition.documents ?? []).find((d) => d.name === name);
  if (!spec) return undefined;
  const fill = (text: string) =>
    text
      .replace(/\{(\/[^}]*)\}/g, (_m, pointer: string) => display(compiled, pointer, getAt(record.data, pointer), context.locale))
      .replace(/\{@today\}/g, chinaDate(context.now, context.locale))
      .replace(/\{@unitName\}/g, context.unitName)
      .replace(/\{@recordId\}/g, record.id);
  const paragraphs = spec.blocks
    .filter((block) => block.when === undefined || !isEmptyValue(getAt(record.data, block.when)))
    .map((block) => {
      const text = fill(pick(block.text, context.locale));
      const style = block.style ?? 'paragraph';
      return new Paragraph({
        alignment: style === 'title' ? AlignmentType.CENTER : style === 'signature' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        spacing: { after: style === 'title' ? 400 : 200, line: 360 },
        ...(style === 'paragraph' ? { indent: { firstLine: 480 } } : {}),
        children: [new TextRun({ text, bold: style === 'title' || style === 'heading', size: style === 'title' ? 36 : 28 })],
      });
    });
  const doc = new Document({
    creator: 'Formwork',
    title: pick(spec.title, context.locale),
    styles: { default: { document: { run: { font: { ascii: 'SimSun', eastAsia: 'SimSun', hAnsi: 'SimSun' }, size: 28 } } } },
    sections: [{ children: paragraphs }],
  });
  return { filename: `${pick(spec.title, context.locale)}.docx`, content: await Packer.toBuffer(doc) };
}
