/** Field access rules (engine/src/workflow/field-access.ts): order, matching, rows, changes and hiding. */
import { describe, expect, it } from 'vitest';
import { compileAccess, unitRelation, type AccessSite } from '../../engine/src/index.js';
import type { AccessRule } from '../../engine/src/index.js';

const env = { fieldExists: (p: string) => ['/a', '/a/b', '/a/c', '/rows', '/rows/0', '/rows/0/x', '/rows/0/y', '/n'].includes(p), states: { draft: {}, review: {} } };
const site = (over: Partial<AccessSite> = {}): AccessSite => ({ state: 'draft', roles: ['officer'], relation: 'own', ...over });
const compile = (rules: AccessRule[]) => {
  const { access, problems } = compileAccess(rules, env);
  expect(problems).toEqual([]);
  return access;
};

describe('field access', () => {
  it('is decided by the first rule naming the field or a section containing it whose state, role and unit match', () => {
    const access = compile([
      { fields: ['/a/b'], roles: ['leader'], access: 'edit' },
      { fields: ['/a'], states: ['review'], access: 'read' },
      { fields: ['/a/b'], units: ['above'], access: 'hidden' },
    ]);
    expect(access.levelOf('/a/b', site())).toBe('edit');
    expect(access.levelOf('/a/b', site({ relation: 'above' }))).toBe('hidden');
    expect(access.levelOf('/a/b', site({ state: 'review', relation: 'above' }))).toBe('read');
    expect(access.levelOf('/a/b', site({ state: 'review', roles: ['officer', 'leader'] }))).toBe('edit');
    expect(access.levelOf('/a/c', site({ state: 'review' }))).toBe('read');
    expect(access.levelOf('/n', site({ state: 'review' }))).toBe('edit');
    expect(access.restricted(site({ state: 'review' }))).toEqual({ '/a': 'read', '/a/b': 'read' });
    expect(compile([]).declared).toBe(false);
  });

  it('names each changed place it refuses, rows included, except what a step asks for', () => {
    const access = compile([
      { fields: ['/rows/*/x'], access: 'read' },
      { fields: ['/a/b'], access: 'hidden' },
    ]);
    const before = { rows: [{ x: 1, y: 1 }], a: { b: 'secret', c: 1 } };
    expect(access.locked(before, { rows: [{ x: 1, y: 2 }, { y: 3 }], a: { b: 'secret', c: 2 } }, site())).toEqual([]);
    expect(access.locked(before, { rows: [{ x: 2, y: 1 }, { x: 5 }], a: { c: 1 } }, site())).toEqual([
      { path: '/rows/0/x', access: 'read' },
      { path: '/rows/1/x', access: 'read' },
      { path: '/a/b', access: 'hidden' },
    ]);
    expect(access.locked(before, { rows: [{ x: 2 }], a: before.a }, site(), ['/rows'])).toEqual([]);
  });

  it('leaves hidden places out of a copy, every row of a table included, the original untouched', () => {
    const access = compile([{ fields: ['/rows/*/y', '/n'], access: 'hidden' }]);
    const data = { rows: [{ x: 1, y: 1 }, { x: 2, y: 2 }], n: 3, a: { b: 1 } };
    expect(access.withoutHidden(data, site())).toEqual({ rows: [{ x: 1 }, { x: 2 }], a: { b: 1 } });
    expect(data.n).toBe(3);
  });

  it('refuses rules naming fields or states the definition lacks, at their pointers', () => {
    const { problems } = compileAccess([{ fields: ['/a', '/zz', '/rows/*/q'], states: ['draft', 'gone'], access: 'read' }], env);
    expect(problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      '/workflow/access/0/fields/1 FW_DEF_UNKNOWN_FIELD',
      '/workflow/access/0/fields/2 FW_DEF_UNKNOWN_FIELD',
      '/workflow/access/0/states/1 FW_DEF_UNKNOWN_STATE',
    ]);
  });

  it('tells where a unit stands to a record’s own unit', () => {
    expect(unitRelation('HQ.P1.C11', 'HQ.P1.C11')).toBe('own');
    expect(unitRelation('HQ.P1', 'HQ.P1.C11')).toBe('above');
    expect(unitRelation('HQ.P1.C11.X111', 'HQ.P1.C11')).toBe('below');
    expect(unitRelation('HQ.P1.C1', 'HQ.P1.C11')).toBe('above');
  });
});
