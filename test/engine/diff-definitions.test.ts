/**
 * diffDefinitions: the shipped discipline-case module, edited the way a designer would, gives
 * exactly the expected diff; then each section on small definitions.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffDefinitions, type DefinitionDiff, type ModuleDefinition } from '../../engine/src/index.js';

const modules = path.resolve(import.meta.dirname, '../../definitions/modules');
const load = (key: string) => JSON.parse(readFileSync(path.join(modules, key, 'definition.json'), 'utf8')) as ModuleDefinition;

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A diff with nothing in it, to spread the expected sections over. */
function emptyDiff(): DefinitionDiff {
  const arc = () => ({ added: [], removed: [], changed: [] });
  return {
    fields: arc(),
    rules: arc(),
    workflow: { changes: [], states: arc(), transitions: arc() },
    report: { settings: [], fields: arc() },
    other: { changes: [], codes: { added: [], removed: [], retitled: [], deprecated: [], reinstated: [] } },
  };
}

function record(schema: Record<string, unknown>, extra: Record<string, unknown> = {}): ModuleDefinition {
  return { key: 'sample', kind: 'record', title: { 'zh-CN': '样例' }, schema, ...extra } as ModuleDefinition;
}

describe('diffDefinitions: the discipline-case module, edited', () => {
  const before = load('discipline-case');

  function edited(): ModuleDefinition {
    const after = structuredClone(before) as Loose;
    const properties = after.schema.properties;
    // A field added (nested, with a list), one removed, a title and an enum changed.
    properties.party = {
      title: '所在党组织',
      type: 'object',
      required: ['name'],
      properties: {
        name: { title: '党组织名称', type: 'string', maxLength: 100 },
        members: { title: '党员', type: 'array', items: { type: 'object', properties: { amount: { title: '金额', type: 'number', minimum: 0 } } } },
      },
    };
    delete properties.conclusion;
    after.ui['ui:order'] = after.ui['ui:order'].filter((name: string) => name !== 'conclusion').concat('party');
    delete after.i18n.en['/properties/conclusion'];
    properties.cadreName.title = '被反映人';
    properties.cadrePosition.enum = ['科员', '科长', '处长'];
    after.ui.cadrePosition = { 'ui:widget': 'radio' };
    // A rule removed, one added, one changed.
    after.rules = after.rules.filter((rule: Loose) => rule.name !== 'closedAfterReceived');
    after.rules.find((rule: Loose) => rule.name === 'reviewedAfterFiled').priority = 5;
    after.rules.push({
      name: 'partyNamed',
      conditions: { all: [{ fact: 'data', path: '/party', operator: 'isNotEmpty', value: true }] },
      event: { type: 'require', params: { paths: ['/party/name'] } },
    });
    // A state added; a transition's roles changed.
    after.workflow.states.archived = { title: { 'zh-CN': '已归档', en: 'Archived' }, final: true };
    after.workflow.transitions.find((t: Loose) => t.action === 'talk').roles = ['officer', 'leader'];
    return after as ModuleDefinition;
  }

  it('gives exactly the fields, rules, workflow and other changes', () => {
    const after = edited();
    expect(diffDefinitions(before, after)).toEqual({
      ...emptyDiff(),
      fields: {
        added: [
          { pointer: '/party', schemaPointer: '/properties/party', title: { 'zh-CN': '所在党组织' }, type: 'object' },
          { pointer: '/party/name', schemaPointer: '/properties/party/properties/name', title: { 'zh-CN': '党组织名称' }, type: 'string' },
          { pointer: '/party/members', schemaPointer: '/properties/party/properties/members', title: { 'zh-CN': '党员' }, type: 'array' },
          { pointer: '/party/members/-', schemaPointer: '/properties/party/properties/members/items', type: 'object' },
          { pointer: '/party/members/-/amount', schemaPointer: '/properties/party/properties/members/items/properties/amount', title: { 'zh-CN': '金额' }, type: 'number' },
        ],
        removed: [{ pointer: '/conclusion', schemaPointer: '/properties/conclusion', title: { 'zh-CN': '结论', en: 'Conclusion' }, type: 'string' }],
        changed: [
          {
            pointer: '/cadreName',
            schemaPointer: '/properties/cadreName',
            title: { 'zh-CN': '被反映人', en: 'Name of the cadre concerned' },
            type: 'string',
            changes: [
              {
                attribute: 'title',
                before: { 'zh-CN': '被反映人姓名', en: 'Name of the cadre concerned' },
                after: { 'zh-CN': '被反映人', en: 'Name of the cadre concerned' },
              },
            ],
          },
          {
            pointer: '/cadrePosition',
            schemaPointer: '/properties/cadrePosition',
            title: { 'zh-CN': '职务', en: 'Position' },
            type: 'string',
            changes: [
              { attribute: 'options', after: [{ value: '科员' }, { value: '科长' }, { value: '处长' }] },
              { attribute: 'ui:widget', after: 'radio' },
            ],
          },
        ],
      },
      rules: {
        added: [{ name: 'partyNamed' }],
        removed: [
          {
            name: 'closedAfterReceived',
            ...(before.rules!.find((r) => r.name === 'closedAfterReceived')!.description
              ? { description: before.rules!.find((r) => r.name === 'closedAfterReceived')!.description }
              : {}),
          },
        ],
        changed: [{ name: 'reviewedAfterFiled', changes: [{ attribute: 'priority', before: 1, after: 5 }] }],
      },
      workflow: {
        changes: [],
        states: { added: [{ name: 'archived', title: { 'zh-CN': '已归档', en: 'Archived' } }], removed: [], changed: [] },
        transitions: {
          added: [],
          removed: [],
          changed: [
            {
              from: 'awaitingDisposal',
              action: 'talk',
              title: { 'zh-CN': '谈话函询', en: 'Talk or inquire' },
              to: 'talking',
              changes: [{ attribute: 'roles', before: ['leader'], after: ['officer', 'leader'] }],
            },
          ],
        },
      },
      other: {
        changes: [{ attribute: 'ui:order', before: before.ui!['ui:order'], after: (after.ui as Loose)['ui:order'] }],
        codes: { added: [], removed: [], retitled: [], deprecated: [], reinstated: [] },
      },
    });
  });

  it('lists everything as added when nothing was published', () => {
    const diff = diffDefinitions(null, before);
    const properties = Object.keys(before.schema.properties as object);
    expect(diff.fields.added.map((f) => f.pointer)).toEqual(properties.map((name) => `/${name}`));
    expect(diff.fields.added[3]).toEqual({ pointer: '/cadreGrade', schemaPointer: '/properties/cadreGrade', title: { 'zh-CN': '干部层级', en: 'Cadre grade' } });
    expect(diff.fields.removed).toEqual([]);
    expect(diff.fields.changed).toEqual([]);
    expect(diff.rules.added.map((r) => r.name)).toEqual(before.rules!.map((r) => r.name));
    expect(diff.workflow.changes).toEqual([{ attribute: 'initial', after: 'registered' }]);
    expect(diff.workflow.states.added.map((s) => s.name)).toEqual(Object.keys(before.workflow!.states));
    // One entry per state a transition leaves: verify leaves three, conclude four, closeWithoutSanction two.
    expect(diff.workflow.transitions.added).toHaveLength(18);
    expect(diff.workflow.transitions.added.filter((t) => t.action === 'verify')).toEqual(
      ['awaitingDisposal', 'talking', 'shelved'].map((from) => ({ from, action: 'verify', title: { 'zh-CN': '初步核实', en: 'Verify' }, to: 'verifying' })),
    );
    expect(diff.other.changes.map((c) => c.attribute)).toEqual(['key', 'kind', 'title', 'description', 'ui:layout', 'ui:order', 'facts/openForCadre', 'exports/cases', 'exports/inspection-clues', 'links/finding', 'list', 'quality', 'tests']);
    expect(diff.other.changes.every((c) => !('before' in c))).toBe(true);
    expect(diff.other.changes.at(-1)).toEqual({ attribute: 'tests', after: before.tests!.length });
    expect(diff.report).toEqual(emptyDiff().report);
  });

  it('finds nothing between a definition and its copy, and changes neither', () => {
    const copy = structuredClone(before);
    const after = edited();
    const snapshot = JSON.stringify([before, after]);
    expect(diffDefinitions(before, copy)).toEqual(emptyDiff());
    expect(diffDefinitions(before, after)).toEqual(diffDefinitions(before, after));
    expect(JSON.stringify([before, after])).toBe(snapshot);
  });
});

describe('diffDefinitions: fields', () => {
  it('follows nesting, tuples, local $refs and applicators; required only when unconditional', () => {
    const before = record({
      type: 'object',
      $defs: { money: { type: 'number', minimum: 0, title: '金额' } },
      required: ['a'],
      properties: {
        a: { type: 'string' },
        pair: { type: 'array', prefixItems: [{ type: 'string' }, { $ref: '#/$defs/money' }] },
        lines: { type: 'array', items: { type: 'object', properties: { amount: { $ref: '#/$defs/money' } } } },
      },
      allOf: [{ required: ['lines'] }],
      if: { properties: { a: { const: 'x' } } },
      then: { required: ['extra'], properties: { extra: { type: 'string' } } },
      oneOf: [{ properties: { choice: { type: 'string', oneOf: [{ const: 'y', title: '是' }, { const: 'n', title: '否' }] } } }],
    });
    const after = structuredClone(before) as Loose;
    after.schema.$defs.money.minimum = 1;
    after.schema.required = [];
    after.schema.allOf = [];
    after.schema.then.required = [];
    after.schema.then.properties.extra.format = 'date';
    after.schema.oneOf[0].properties.choice.oneOf[1].title = '不是';
    const diff = diffDefinitions(before, after as ModuleDefinition);
    expect(diffDefinitions(null, before).fields.added.map((f) => `${f.pointer} ${f.schemaPointer}`)).toEqual([
      '/a /properties/a',
      '/pair /properties/pair',
      '/pair/0 /properties/pair/prefixItems/0',
      '/pair/1 /properties/pair/prefixItems/1',
      '/lines /properties/lines',
      '/lines/- /properties/lines/items',
      '/lines/-/amount /properties/lines/items/properties/amount',
      '/choice /oneOf/0/properties/choice',
      '/extra /then/properties/extra',
    ]);
    expect(diff.fields.changed).toEqual([
      { pointer: '/a', schemaPointer: '/properties/a', type: 'string', changes: [{ attribute: 'required', before: true, after: false }] },
      { pointer: '/pair/1', schemaPointer: '/properties/pair/prefixItems/1', title: { 'zh-CN': '金额' }, type: 'number', changes: [{ attribute: 'minimum', before: 0, after: 1 }] },
      // Required through allOf, which always applies …
      { pointer: '/lines', schemaPointer: '/properties/lines', type: 'array', changes: [{ attribute: 'required', before: true, after: false }] },
      { pointer: '/lines/-/amount', schemaPointer: '/properties/lines/items/properties/amount', title: { 'zh-CN': '金额' }, type: 'number', changes: [{ attribute: 'minimum', before: 0, after: 1 }] },
      {
        pointer: '/choice',
        schemaPointer: '/oneOf/0/properties/choice',
        type: 'string',
        changes: [
          {
            attribute: 'options',
            before: [{ value: 'y', title: '是' }, { value: 'n', title: '否' }],
            after: [{ value: 'y', title: '是' }, { value: 'n', title: '不是' }],
          },
        ],
      },
      // … but not under then: only when a condition holds, so `required` did not change.
      { pointer: '/extra', schemaPointer: '/then/properties/extra', type: 'string', changes: [{ attribute: 'format', after: 'date' }] },
    ]);
  });

  it('reports the other schema attributes, the code list and the ui options of a field', () => {
    const before = record(
      { type: 'object', properties: { n: { type: 'integer', maximum: 9, default: 1 }, s: { $ref: 'codelist:grades', title: '等级' }, t: { type: 'string', pattern: '^a', readOnly: true } } },
      { ui: { n: { 'ui:widget': 'updown' }, t: { 'ui:help': '帮助' } }, i18n: { en: { '/properties/s': 'Grade' } } },
    );
    const after = record(
      { type: 'object', properties: { n: { type: ['integer', 'null'], maximum: 10 }, s: { $ref: 'codelist:ranks', title: '等级' }, t: { type: 'string', pattern: '^b' } } },
      { ui: { n: { 'ui:widget': 'range' }, t: { 'ui:help': '帮助', 'ui:placeholder': '…' } }, i18n: { en: { '/properties/s': 'Rank' } } },
    );
    expect(diffDefinitions(before, after).fields.changed).toEqual([
      {
        pointer: '/n',
        schemaPointer: '/properties/n',
        type: ['integer', 'null'],
        changes: [
          { attribute: 'type', before: 'integer', after: ['integer', 'null'] },
          { attribute: 'maximum', before: 9, after: 10 },
          { attribute: 'default', before: 1 },
          { attribute: 'ui:widget', before: 'updown', after: 'range' },
        ],
      },
      {
        pointer: '/s',
        schemaPointer: '/properties/s',
        title: { 'zh-CN': '等级', en: 'Rank' },
        changes: [
          { attribute: 'title', before: { 'zh-CN': '等级', en: 'Grade' }, after: { 'zh-CN': '等级', en: 'Rank' } },
          { attribute: 'codelist', before: 'grades', after: 'ranks' },
        ],
      },
      {
        pointer: '/t',
        schemaPointer: '/properties/t',
        type: 'string',
        changes: [
          { attribute: 'pattern', before: '^a', after: '^b' },
          { attribute: 'readOnly', before: true },
          { attribute: 'ui:placeholder', after: '…' },
        ],
      },
    ]);
  });

  it('stops at a recursive reference', () => {
    const tree = record({
      type: 'object',
      $defs: { node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } } } },
      properties: { root: { $ref: '#/$defs/node' } },
    });
    expect(diffDefinitions(null, tree).fields.added.map((f) => f.pointer)).toEqual(['/root', '/root/name', '/root/children', '/root/children/-']);
  });
});

describe('diffDefinitions: rules and workflow', () => {
  const rule = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    conditions: { all: [{ fact: 'data', path: '/a', operator: 'isNotEmpty', value: true }] },
    event: { type: 'warning', params: { path: '/a', message: { 'zh-CN': name } } },
    ...extra,
  });

  it('compares rules by name on conditions, event and the priority they run at', () => {
    const before = record({ type: 'object' }, { rules: [rule('same'), rule('implicit'), rule('events'), rule('gone')] });
    const after = record(
      { type: 'object' },
      {
        rules: [
          rule('new'),
          rule('same'),
          rule('implicit', { priority: 1 }),
          rule('events', { event: { type: 'set', params: { path: '/b', value: 1 } }, conditions: { any: [] } }),
        ],
      },
    );
    expect(diffDefinitions(before, after).rules).toEqual({
      added: [{ name: 'new' }],
      removed: [{ name: 'gone' }],
      changed: [
        {
          name: 'events',
          changes: [
            { attribute: 'conditions', before: rule('x').conditions, after: { any: [] } },
            { attribute: 'event', before: rule('events').event, after: { type: 'set', params: { path: '/b', value: 1 } } },
            // A set event runs first by default (100); the rule did not say otherwise.
            { attribute: 'priority', before: 1, after: 100 },
          ],
        },
      ],
    });
  });

  it('compares states as they take effect and transitions by the state they leave and their action', () => {
    const workflow = {
      initial: 'draft',
      states: { draft: { title: { 'zh-CN': '草稿' } }, review: { title: { 'zh-CN': '审核' }, deadline: { after: 'P5D' } }, done: { title: { 'zh-CN': '完成' }, final: true } },
      transitions: [
        { action: 'submit', title: { 'zh-CN': '提交' }, from: ['draft', 'review'], to: 'done', roles: ['officer', 'leader'], requires: ['/a', '/b'] },
        { action: 'send', title: { 'zh-CN': '送审' }, from: 'draft', to: 'review' },
      ],
    };
    const after = structuredClone(workflow) as Loose;
    after.initial = 'review';
    after.states.draft.draft = true;
    after.states.review.deadline = { after: 'P10D' };
    after.transitions[0].from = ['review'];
    after.transitions[0].roles = ['leader', 'officer'];
    after.transitions[0].requires = ['/b'];
    after.transitions[1].comment = 'required';
    const diff = diffDefinitions(record({ type: 'object' }, { workflow }), record({ type: 'object' }, { workflow: after }));
    expect(diff.workflow).toEqual({
      changes: [{ attribute: 'initial', before: 'draft', after: 'review' }],
      states: {
        added: [],
        removed: [],
        changed: [
          // draft is still a draft state (it was the initial one, now it says so); review became one by being initial.
          { name: 'review', title: { 'zh-CN': '审核' }, changes: [{ attribute: 'draft', before: false, after: true }, { attribute: 'deadline', before: { after: 'P5D' }, after: { after: 'P10D' } }] },
        ],
      },
      transitions: {
        added: [],
        removed: [{ from: 'draft', action: 'submit', title: { 'zh-CN': '提交' }, to: 'done' }],
        changed: [
          { from: 'review', action: 'submit', title: { 'zh-CN': '提交' }, to: 'done', changes: [{ attribute: 'requires', before: ['/a', '/b'], after: ['/b'] }] },
          { from: 'draft', action: 'send', title: { 'zh-CN': '送审' }, to: 'review', changes: [{ attribute: 'comment', after: 'required' }] },
        ],
      },
    });
  });

  it('reads a missing workflow as the default one', () => {
    const explicit = record({ type: 'object' }, { workflow: structuredClone(diffDefaultWorkflow()) });
    expect(diffDefinitions(record({ type: 'object' }), explicit).workflow).toEqual(emptyDiff().workflow);
  });
});

/** The record default workflow, as the meta-model gives it. */
function diffDefaultWorkflow(): unknown {
  const meta = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../definitions/meta/module.schema.json'), 'utf8')) as Loose;
  return meta.properties.workflow.default;
}

describe('diffDefinitions: reports, code lists and the rest', () => {
  it('reports the report settings and field settings', () => {
    const before = load('enforcement-quarterly');
    const after = structuredClone(before) as Loose;
    after.report.levels = [4, 3];
    after.report.deadline = 'P20D';
    after.report.approved = ['approved'];
    after.report.submitBeforeEnd = true;
    const received = after.report.fields['/clues/received'];
    delete after.report.fields['/clues/received'];
    after.report.fields['/cases/filed'].aggregate = 'max';
    after.report.fields['/clues/disposedTotal'] = { aggregate: 'none' };
    const diff = diffDefinitions(before, after as ModuleDefinition);
    expect(diff.report).toEqual({
      settings: [
        { attribute: 'levels', before: [2, 3, 4], after: [4, 3] },
        { attribute: 'deadline', before: 'P15D', after: 'P20D' },
        { attribute: 'submitBeforeEnd', before: false, after: true },
        { attribute: 'approved', after: ['approved'] },
      ],
      fields: {
        added: [{ pointer: '/clues/disposedTotal', setting: { aggregate: 'none' } }],
        removed: [{ pointer: '/clues/received', setting: received }],
        changed: [{ pointer: '/cases/filed', changes: [{ attribute: 'aggregate', after: 'max' }] }],
      },
    });
    // The report's default workflow is compared, not the record one.
    expect(diff.workflow).toEqual(emptyDiff().workflow);
    expect(diffDefinitions(null, before).workflow.states.added.map((s) => s.name)).toContain('approved');
  });

  it('reports the codes of a code list added, removed and retitled', () => {
    const before = load('sanction-kinds');
    const after = structuredClone(before) as Loose;
    after.schema.oneOf = after.schema.oneOf.filter((c: Loose) => c.const !== 'admin-expulsion');
    after.schema.oneOf[0].title = '警告';
    after.schema.oneOf.push({ const: 'other', title: '其他' });
    const diff = diffDefinitions(before, after as ModuleDefinition);
    expect(diff.other.codes).toEqual({
      added: [{ value: 'other', title: '其他' }],
      removed: [{ value: 'admin-expulsion', title: '开除' }],
      retitled: [{ value: 'party-warning', before: '党内警告', after: '警告' }],
      deprecated: [],
      reinstated: [],
    });
    expect(diff.fields).toEqual(emptyDiff().fields);
    expect(diffDefinitions(null, before).other.codes.added).toHaveLength(11);
  });

  it('reports the codes of a code list deprecated and reinstated, a deprecated code not as removed', () => {
    const before = load('sanction-kinds') as Loose;
    before.schema.oneOf[1].deprecated = true;
    const after = structuredClone(before);
    after.schema.oneOf[0].deprecated = true;
    delete after.schema.oneOf[1].deprecated;
    const diff = diffDefinitions(before as ModuleDefinition, after as ModuleDefinition);
    expect(diff.other.codes).toEqual({
      added: [],
      removed: [],
      retitled: [],
      deprecated: [{ value: before.schema.oneOf[0].const, title: before.schema.oneOf[0].title }],
      reinstated: [{ value: before.schema.oneOf[1].const, title: before.schema.oneOf[1].title }],
    });
  });

  it('reports the rest by attribute: top-level keys, facts, root ui options, named lists and the test count', () => {
    const before = load('discipline-case') as Loose;
    const after = structuredClone(before);
    after.title = { 'zh-CN': '问题线索和案件', en: 'Clues and cases' };
    after.ui['ui:submitButtonOptions'] = { norender: true };
    after.facts.openForCadre.default = 1;
    after.exports[0].title = { 'zh-CN': '明细' };
    after.exports.push({ name: 'short', title: { 'zh-CN': '简表' }, columns: [{ code: 'ID', source: '@id' }] });
    after.links = [...before.links, { name: 'archive', title: { 'zh-CN': '档案' }, module: 'integrity-archive' }];
    after.tests = after.tests.slice(1);
    after.version = 7;
    after.migration = { from: 1 };
    const diff = diffDefinitions(before as ModuleDefinition, after as ModuleDefinition);
    expect(diff.other.changes).toEqual([
      { attribute: 'title', before: before.title, after: after.title },
      { attribute: 'ui:submitButtonOptions', after: { norender: true } },
      { attribute: 'facts/openForCadre', before: before.facts.openForCadre, after: after.facts.openForCadre },
      { attribute: 'exports/cases', before: before.exports[0], after: after.exports[0] },
      { attribute: 'exports/short', after: after.exports[2] },
      { attribute: 'links/archive', after: after.links[1] },
      { attribute: 'tests', before: before.tests.length, after: before.tests.length - 1 },
      { attribute: 'migration', after: { from: 1 } },
    ]);
  });
});
