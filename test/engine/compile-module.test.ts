import { describe, expect, it } from 'vitest';
import { compileDefinition, compileModule, compileModuleStats, ModuleCompiler, qualitySettings } from '../../engine/src/index.js';
import { definition, pairs, refusal } from './helpers.js';

describe('compileModule: the meta-model', () => {
  it('accepts a definition with only key, kind, title and schema, and fills the defaults', () => {
    const compiled = compileDefinition({ key: 'plain', kind: 'record', title: { 'zh-CN': '简单表单' }, schema: { type: 'object' } });
    expect(compiled.definition.rules).toEqual([]);
    expect(compiled.definition.exports).toEqual([]);
    expect(compiled.definition.tests).toEqual([]);
    expect(compiled.workflow.initial).toBe('draft');
    expect(Object.keys(compiled.workflow.states)).toEqual(['draft', 'submitted']);
    expect(compiled.workflow.states.draft!.draft).toBe(true);
    expect(compiled.workflow.states.submitted!.final).toBe(true);
    expect(compiled.workflow.actionsFrom('draft', ['officer']).map((t) => t.action)).toEqual(['submit']);
    expect(compiled.workflow.actionsFrom('draft', ['auditor'])).toEqual([]);
  });

  it('reports every meta-model problem at its path inside the definition', () => {
    const problems = refusal({
      key: 'Bad Key',
      kind: 'form',
      schema: { type: 'object' },
      rules: [{ name: 'r1', conditions: { all: [{ fact: 'data', path: '/name', operator: 'like', value: 1 }] }, event: { type: 'explode', params: {} } }],
      extra: true,
    });
    expect(pairs(problems)).toEqual(
      expect.arrayContaining([
        '/key FW_VAL_PATTERN',
        '/kind FW_VAL_ENUM',
        '/title FW_VAL_REQUIRED',
        '/extra FW_VAL_ADDITIONAL_PROPERTY',
        '/rules/0/conditions/all/0/operator FW_VAL_ENUM',
        '/rules/0/event/type FW_VAL_ENUM',
      ]),
    );
    for (const p of problems) {
      expect(p.message['zh-CN']).not.toBe('');
      expect(p.message.en).not.toBe('');
    }
  });

  it('requires a report spec for report modules and refuses one on record modules', () => {
    expect(pairs(refusal(definition({ kind: 'report' })))).toContain('/report FW_VAL_REQUIRED');
    expect(pairs(refusal(definition({ report: { period: 'quarter', levels: [4] } })))).toContain('/report FW_DEF_REPORT_KIND');
  });
});

describe('compileModule: the record schema', () => {
  it('reports a misspelt type at /schema/properties/<field>/type', () => {
    const problems = refusal(definition({ schema: { type: 'object', properties: { name: { type: 'strng' } } } }));
    expect(pairs(problems)).toEqual(['/schema/properties/name/type FW_DEF_SCHEMA_VALUE']);
    expect(problems[0]!.message.en).toContain('string');
    expect(problems[0]!.message['zh-CN']).toContain('应为以下之一');
  });

  it('refuses unknown keywords, with the path of each', () => {
    const problems = refusal(
      definition({ schema: { type: 'object', properties: { name: { type: 'string', maxLenght: 3 }, tags: { type: 'array', items: { tpye: 'string' } } } } }),
    );
    expect(pairs(problems)).toEqual([
      '/schema/properties/name/maxLenght FW_DEF_UNKNOWN_KEYWORD',
      '/schema/properties/tags/items/tpye FW_DEF_UNKNOWN_KEYWORD',
    ]);
  });

  it('requires an object at the root', () => {
    expect(pairs(refusal(definition({ schema: { type: 'array' } })))).toContain('/schema FW_DEF_SCHEMA_ROOT');
  });

  it('refuses unknown formats and dialects other than 2020-12 and draft-04/06/07 (which are converted)', () => {
    const problems = refusal(
      definition({
        schema: { $schema: 'https://json-schema.org/draft/2019-09/schema', type: 'object', properties: { d: { type: 'string', format: 'chinese-date' } } },
      }),
    );
    expect(pairs(problems)).toEqual(['/schema/$schema FW_DEF_SCHEMA_DIALECT', '/schema/properties/d/format FW_DEF_UNKNOWN_FORMAT']);
  });
});

describe('compileModule: meaning', () => {
  it('checks that rules, workflow and exports name existing fields, states and facts', () => {
    const problems = refusal(
      definition({
        rules: [
          { name: 'a', conditions: { all: [{ fact: 'data', path: '/nmae', operator: 'equal', value: 'x' }] }, event: { type: 'hide', params: { paths: ['/agee'] } } },
          { name: 'a', conditions: { any: [{ fact: 'openCases', operator: 'greaterThan', value: 0 }] }, event: { type: 'warning', params: { path: '/name', message: { 'zh-CN': '注意' } } } },
          { name: 'b', conditions: { not: { fact: 'context', path: '/weather', operator: 'equal', value: 'rain' } }, event: { type: 'set', params: { path: '/age', expr: { method: ['x', 'toString'] } } } },
        ],
        workflow: {
          initial: 'start',
          states: { draft: { title: { 'zh-CN': '草稿' } }, done: { title: { 'zh-CN': '完成' }, final: true, deadline: { at: '/name' } } },
          transitions: [
            { action: 'submit', title: { 'zh-CN': '提交' }, from: 'draft', to: 'closed', requires: ['/missing'] },
            { action: 'reopen', title: { 'zh-CN': '重开' }, from: ['done'], to: 'draft' },
            { action: 'submit', title: { 'zh-CN': '提交' }, from: 'draft', to: 'done' },
          ],
        },
        exports: [{ name: 'd', title: { 'zh-CN': '数据' }, columns: [{ code: 'A', source: '/name' }, { code: 'A', source: '/nope' }] }],
        i18n: { en: { '/properties/nobody': 'Nobody' } },
      }),
    );
    expect(pairs(problems).sort()).toEqual(
      [
        '/i18n/en/~1properties~1nobody FW_DEF_UNKNOWN_FIELD',
        '/rules/0/conditions/all/0/path FW_DEF_UNKNOWN_FIELD',
        '/rules/0/event/params/paths/0 FW_DEF_UNKNOWN_FIELD',
        '/rules/1/name FW_DEF_DUPLICATE',
        '/rules/1/conditions/any/0/fact FW_DEF_UNKNOWN_FACT',
        '/rules/2/conditions/not/path FW_DEF_UNKNOWN_CONTEXT',
        '/rules/2/event/params/expr/method FW_DEF_INVALID_EXPR',
        '/workflow/initial FW_DEF_UNKNOWN_STATE',
        '/workflow/states/done/deadline/at FW_DEF_NOT_A_DATE',
        '/workflow/transitions/0/to FW_DEF_UNKNOWN_STATE',
        '/workflow/transitions/0/requires/0 FW_DEF_UNKNOWN_FIELD',
        '/workflow/transitions/1/from/0 FW_DEF_FINAL_STATE_EXIT',
        '/workflow/transitions/2/action FW_DEF_DUPLICATE',
        '/exports/0/columns/1/code FW_DEF_DUPLICATE',
        '/exports/0/columns/1/source FW_DEF_UNKNOWN_FIELD',
      ].sort(),
    );
  });

  it('follows local $ref, allOf and array items when checking field paths', () => {
    const compiled = compileDefinition(
      definition({
        schema: {
          type: 'object',
          $defs: { person: { type: 'object', properties: { name: { type: 'string', title: '姓名' } } } },
          properties: {
            reporter: { $ref: '#/$defs/person' },
            people: { type: 'array', items: { $ref: '#/$defs/person' } },
          },
          allOf: [{ properties: { extra: { type: 'number' } } }],
        },
        rules: [
          {
            name: 'paths',
            conditions: {
              all: [
                { fact: 'data', path: '/reporter/name', operator: 'isNotEmpty', value: true },
                { fact: 'data', path: '/people/0/name', operator: 'isNotEmpty', value: true },
                { fact: 'data', path: '/extra', operator: 'greaterThan', value: 1 },
              ],
            },
            event: { type: 'warning', params: { path: '/people/0/name', message: { 'zh-CN': '提示' } } },
          },
        ],
      }),
    );
    expect(compiled.fieldLabel('/people/0/name')).toEqual({ 'zh-CN': '姓名', en: 'name' });
  });

  it('accepts facts declared in `facts` and the context paths the runtime supplies', () => {
    expect(() =>
      compileDefinition(
        definition({
          facts: { openCases: { provider: 'recordCount', params: { module: 'case' }, default: 0 } },
          rules: [
            {
              name: 'open',
              conditions: {
                all: [
                  { fact: 'openCases', operator: 'greaterThan', value: 0 },
                  { fact: 'context', path: '/unit/level', operator: 'greaterThanInclusive', value: 3 },
                ],
              },
              event: { type: 'route', params: { to: 'parent', role: 'leader' } },
            },
          ],
        }),
      ),
    ).not.toThrow();
  });
});

describe('compileModule: the cache', () => {
  it('compiles once per key and version; a second call is a cache hit', () => {
    const published = { ...definition({ key: 'cached-module' }), version: 3 };
    const before = compileModuleStats();
    const first = compileModule(published);
    const second = compileModule(structuredClone(published));
    const after = compileModuleStats();
    expect(second).toBe(first);
    expect(after.misses - before.misses).toBe(1);
    expect(after.hits - before.hits).toBe(1);
  });

  it('never serves a different definition under the same key and version', () => {
    const compiler = new ModuleCompiler();
    const a = compiler.compile({ ...definition(), version: 1 });
    const b = compiler.compile({ ...definition({ title: { 'zh-CN': '另一个' } }), version: 1 });
    expect(b).not.toBe(a);
    expect(b.definition.title['zh-CN']).toBe('另一个');
  });

  it('does not cache unpublished definitions (no version)', () => {
    const compiler = new ModuleCompiler();
    compiler.compile(definition());
    compiler.compile(definition());
    expect(compiler.stats()).toMatchObject({ hits: 0, misses: 2, size: 0 });
  });
});

describe('compileModule: code lists, links, documents and linked creation', () => {
  const codelist = { type: 'string', oneOf: [{ const: 'a', title: '甲' }, { const: 'b', title: '乙' }] };

  it('compiles a code list reference only when the code list is supplied, and then names codes by title', () => {
    const def = definition({ schema: { type: 'object', properties: { kind: { title: '类别', $ref: 'codelist:kinds' } } } });
    expect(pairs(refusal(def))).toEqual(['/schema/properties/kind/$ref FW_DEF_UNKNOWN_CODELIST']);
    const compiled = compileDefinition(def, { codelists: { 'codelist:kinds': codelist } });
    expect(compiled.codeTitle('/kind', 'b')).toBe('乙');
    expect(compiled.codeTitle('/kind', 'z')).toBeUndefined();
  });

  it('a code list definition has a value schema, not an object', () => {
    expect(() => compileDefinition({ key: 'kinds', kind: 'codelist', title: { 'zh-CN': '类别' }, schema: codelist })).not.toThrow();
  });

  it('checks links, documents and create events against the schema', () => {
    const problems = refusal(
      definition({
        links: [
          { name: 'cases', title: { 'zh-CN': '案件' }, module: 'case', where: { '/person': { fromData: '/nobody' } } },
          { name: 'cases', title: { 'zh-CN': '案件' }, module: 'case' },
        ],
        documents: [{ name: 'letter', title: { 'zh-CN': '函' }, blocks: [{ text: { 'zh-CN': '{/name}，你好。{/missing}' }, when: '/gone' }] }],
        rules: [
          {
            name: 'make',
            conditions: { all: [{ fact: 'context', path: '/state', operator: 'equal', value: 'x' }] },
            event: { type: 'create', params: { module: 'case', link: '/caseId', data: { '/person': { var: 'data.nme' }, '/n': { var: 'facts.undeclared' } } } },
          },
        ],
      }),
    );
    expect(pairs(problems).sort()).toEqual(
      [
        '/links/0/where/~1person/fromData FW_DEF_UNKNOWN_FIELD',
        '/links/1/name FW_DEF_DUPLICATE',
        '/documents/0/blocks/0/text/zh-CN FW_DEF_UNKNOWN_FIELD',
        '/documents/0/blocks/0/when FW_DEF_UNKNOWN_FIELD',
        '/rules/0/event/params/link FW_DEF_UNKNOWN_FIELD',
        '/rules/0/event/params/data/~1person/var FW_DEF_UNKNOWN_FIELD',
        '/rules/0/event/params/data/~1n/var FW_DEF_UNKNOWN_FACT',
      ].sort(),
    );
  });
});

describe('compileModule: transitions that set fields', () => {
  const workflow = (set: Record<string, unknown>) => ({
    initial: 'open',
    states: { open: { title: { 'zh-CN': '办理中' } }, talked: { title: { 'zh-CN': '已谈话' } } },
    transitions: [{ action: 'talk', title: { 'zh-CN': '谈话' }, from: 'open', to: 'talked', set }],
  });
  const withChoice = (set: Record<string, unknown>) =>
    definition({
      schema: { type: 'object', properties: { way: { type: 'string', title: '方式', oneOf: [{ const: 'talk', title: '谈话' }, { const: 'verify', title: '核实' }] }, name: { type: 'string' } } },
      workflow: workflow(set),
    });

  it('keeps what a step sets, for the runtime to apply', () => {
    const compiled = compileDefinition(withChoice({ '/way': 'talk', '/name': '张三' }));
    expect(compiled.workflow.find('open', 'talk')!.set).toEqual({ '/way': 'talk', '/name': '张三' });
  });

  it('refuses a step setting a field that does not exist, or a code the field does not allow, at its place', () => {
    const problems = refusal(withChoice({ '/nope': 'x', '/way': 'shelve' }));
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['/workflow/transitions/0/set/~1nope', 'FW_DEF_UNKNOWN_FIELD'],
      ['/workflow/transitions/0/set/~1way', 'FW_DEF_SET_VALUE'],
    ]);
    expect(problems[1]!.message['zh-CN']).toBe('步骤设置字段「/way」的值「shelve」不在允许的选项中（可选：talk、verify）');
  });
});

describe('compileModule: the quality block', () => {
  it('accepts a matter date that is a date field, and fills the defaults', () => {
    const compiled = compileDefinition(definition({ schema: { type: 'object', properties: { receivedOn: { type: 'string', format: 'date' } } }, quality: { matterDate: '/receivedOn' } }));
    expect(qualitySettings(compiled.definition)).toEqual({ matterDate: '/receivedOn', entryLimitDays: 7, staleDraftDays: 14 });
    expect(qualitySettings(compileDefinition(definition()).definition)).toEqual({ matterDate: null, entryLimitDays: 7, staleDraftDays: 14 });
  });

  it('refuses a matter date that does not exist or is not a date, at /quality/matterDate', () => {
    expect(pairs(refusal(definition({ quality: { matterDate: '/nowhere' } })))).toEqual(['/quality/matterDate FW_DEF_UNKNOWN_FIELD']);
    expect(pairs(refusal(definition({ quality: { matterDate: '/name' } })))).toEqual(['/quality/matterDate FW_DEF_NOT_A_DATE']);
    expect(pairs(refusal(definition({ quality: { entryLimitDays: -1, stale: 3 } })))).toEqual(expect.arrayContaining(['/quality/entryLimitDays FW_VAL_MINIMUM']));
  });
});
