/** What an import is read as: a Formwork definition or an rjsf form (a vendored playground sample), or why not. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importBody, readImport } from '../../designer/src/model/import-input';

describe('reading an import', () => {
  it('reads an rjsf playground sample: schema, uiSchema, formData, its title', () => {
    const text = readFileSync(path.resolve(import.meta.dirname, '../conformance/rjsf-samples/schemaDependencies.json'), 'utf8');
    const read = readImport(text);
    expect(read).toMatchObject({ format: 'rjsf', title: 'Schema dependencies' });
    const body = importBody(read as Exclude<typeof read, { problem: string }>, 'deps', { 'zh-CN': '依赖' });
    expect(Object.keys(body).sort()).toEqual(['formData', 'key', 'schema', 'title', 'uiSchema']);
  });

  it('reads a Formwork definition by its kind, under the key and title given', () => {
    const read = readImport(JSON.stringify({ key: 'x', kind: 'record', title: { 'zh-CN': '原', en: 'Old' }, schema: { type: 'object' } }));
    expect(read).toMatchObject({ format: 'formwork', title: '原', key: 'x' });
    expect(importBody(read as Exclude<typeof read, { problem: string }>, 'y', { 'zh-CN': '新' })).toMatchObject({ key: 'y', title: { 'zh-CN': '新', en: 'Old' } });
  });

  it('says why a text is not a form', () => {
    expect(readImport('{ nope')).toMatchObject({ problem: 'json' });
    expect(readImport('[1]')).toEqual({ problem: 'schema' });
    expect(readImport('{"uiSchema": {}}')).toEqual({ problem: 'schema' });
  });
});
