/** Choice options and code list bindings: written as oneOf const/title, English titles at their positions, deprecated kept valid. */
import { describe, expect, it } from 'vitest';
import { addField } from '../../designer/src/model/field-edits';
import { bindCodelist, boundCodelist, optionsPointer, readOptions, writeOptions } from '../../designer/src/model/options';
import { compileDefinition, evaluate } from '../../runtime/web/kit/engine';

const start = () => addField({ key: 'opts', kind: 'record', title: { 'zh-CN': '选项' }, schema: { type: 'object', properties: {} } }, '', 'multiple', 0, '方式');

describe('options', () => {
  it('writes options with English titles by position and a bound on a multiple choice', () => {
    const { draft, pointer } = start();
    const at = optionsPointer(draft, pointer);
    expect(at).toBe('/properties/fangShi/items');
    const written = writeOptions(draft, at, [
      { value: 'talk', title: '谈话', en: 'Talk' },
      { value: 'verify', title: '核实' },
      { value: 'close', title: '了结', en: 'Close', deprecated: true },
    ]);
    expect(readOptions(written, at)).toEqual([
      { value: 'talk', title: '谈话', en: 'Talk' },
      { value: 'verify', title: '核实' },
      { value: 'close', title: '了结', en: 'Close', deprecated: true },
    ]);
    expect((written.i18n as { en: object }).en).toEqual({ '/properties/fangShi/items/oneOf/0': 'Talk', '/properties/fangShi/items/oneOf/2': 'Close' });
    expect((written.schema as { properties: { fangShi: { maxItems: number } } }).properties.fangShi.maxItems).toBe(3);
    const reordered = writeOptions(written, at, readOptions(written, at).reverse());
    expect((reordered.i18n as { en: object }).en).toEqual({ '/properties/fangShi/items/oneOf/0': 'Close', '/properties/fangShi/items/oneOf/2': 'Talk' });
  });

  it('keeps a deprecated code valid for records that hold it', async () => {
    const { draft, pointer } = start();
    const written = writeOptions(draft, optionsPointer(draft, pointer), [
      { value: 'a', title: '甲' },
      { value: 'b', title: '乙', deprecated: true },
    ]);
    const compiled = compileDefinition(written);
    expect((await evaluate(compiled, { fangShi: ['b'] }, {})).errors).toEqual([]);
  });

  it('binds a field to a code list instead', () => {
    const { draft, pointer } = start();
    const bound = bindCodelist(draft, pointer, 'disciplines');
    expect(boundCodelist(bound, pointer)).toBe('disciplines');
    expect((bound.schema as { properties: { fangShi: { items: object } } }).properties.fangShi.items).toEqual({ $ref: 'codelist:disciplines' });
  });
});
