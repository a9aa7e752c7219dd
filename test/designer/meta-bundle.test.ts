/** The meta-model bundled into one schema: every reference resolves inside it, and it judges definitions as the meta-model does. */
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { loadMetaSchema, referencedFiles } from '../../designer/src/model/meta-bundle';
import { META_SCHEMAS } from '../../runtime/web/kit/engine';

const byName = new Map(META_SCHEMAS.map((s) => [s.$id.split('/').pop()!, s as unknown as Record<string, unknown>]));

describe('the bundled meta-model', () => {
  it('brings in every file the module schema reaches and leaves no outside reference', async () => {
    const fetched: string[] = [];
    const bundled = await loadMetaSchema(async (name) => (fetched.push(name), byName.get(name)!));
    expect(fetched.sort()).toEqual([...byName.keys()].sort());
    expect(referencedFiles(bundled)).toEqual([]);
    for (const [, ref] of JSON.stringify(bundled).matchAll(/"\$ref":"([^"]*)"/g)) expect(ref).toMatch(/^#\//);
  });

  it('accepts a valid definition and refuses what the meta-model refuses', async () => {
    const bundled = await loadMetaSchema(async (name) => byName.get(name)!);
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const validate = ajv.compile(bundled);
    expect(validate({ key: 'ok-key', kind: 'record', title: { 'zh-CN': '好' }, schema: { type: 'object' }, rules: [{ name: 'r', conditions: { all: [] }, event: { type: 'hide', params: { paths: ['/a'] } } }] })).toBe(true);
    expect(validate({ key: 'ok-key', kind: 'record', title: { 'zh-CN': '好' }, schema: { type: 'object' }, rules: [{ name: 'r' }] })).toBe(false);
    expect(validate({ key: 'Bad', kind: 'record', title: { 'zh-CN': '坏' }, schema: {} })).toBe(false);
  });
});
