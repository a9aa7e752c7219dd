/** The workflow editor's model: states and steps kept consistent, the layout, and the access matrix's cell edits. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileDefinition, type AccessLevel, type AccessRule, type Workflow } from '../../engine/src/index.js';
import { accessRows, matrix, moveRule, setCell, type Viewer } from '../../designer/src/model/access-matrix';
import { addState, addTransition, layoutStates, removeState, setInitial, updateState, updateTransition, workflowOf, withWorkflow } from '../../designer/src/model/workflow';
import type { Draft } from '../../designer/src/model/paths';

const shipped = (key: string) => JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../../definitions/modules/${key}/definition.json`), 'utf8')) as Draft;

describe('the workflow model', () => {
  it('gives a definition without a workflow its kind’s default, and edits it without touching the original', () => {
    const draft = { key: 'x', kind: 'record', schema: { type: 'object', properties: {} } } as Draft;
    expect(Object.keys(workflowOf(draft).states)).toEqual(['draft', 'submitted']);
    const next = withWorkflow(draft, (wf) => addState(wf, '待审核').workflow);
    expect(Object.keys((next.workflow as unknown as Workflow).states)).toEqual(['draft', 'submitted', 'daiShenHe']);
    expect(draft.workflow).toBeUndefined();
  });

  it('removes a state with the steps into it, forgets it in the steps and access rules out of it, and never removes the initial one', () => {
    const wf = workflowOf(shipped('discipline-case'));
    const without = removeState(wf, 'talking');
    expect(without.states.talking).toBeUndefined();
    expect(without.transitions!.some((t) => t.to === 'talking')).toBe(false);
    const verify = without.transitions!.find((t) => t.action === 'verify')!;
    expect(verify.from).toEqual(['awaitingDisposal', 'shelved']);
    expect(without.access!.every((r) => !r.states?.includes('talking'))).toBe(true);
    expect(without.access!.every((r) => r.states === undefined || r.states.length > 0)).toBe(true);
    expect(removeState(wf, wf.initial)).toBe(wf);
    // What is left still publishes.
    const definition = { ...shipped('discipline-case'), workflow: without };
    expect(() => compileDefinition(definition, { codelists: codelistsOf() })).not.toThrow();
  });

  it('makes a final state one nothing leaves, and keeps a single source as a string', () => {
    const { workflow, index } = addTransition(workflowOf(shipped('rectification-task')), 'verifying', 'rectifying', '再次整改');
    expect(workflow.transitions![index]).toMatchObject({ from: 'verifying', to: 'rectifying', roles: ['officer'] });
    const twoSources = updateTransition(workflow, index, (t) => ({ ...t, from: ['verifying', 'rectifying'] }));
    expect(twoSources.transitions![index]!.from).toEqual(['verifying', 'rectifying']);
    const finalVerifying = updateState(twoSources, 'verifying', (s) => ({ ...s, final: true, draft: true }));
    expect(finalVerifying.states.verifying).toMatchObject({ final: true });
    expect(finalVerifying.states.verifying!.draft).toBeUndefined();
    expect(finalVerifying.transitions!.some((t) => (Array.isArray(t.from) ? t.from : [t.from]).includes('verifying'))).toBe(false);
    expect(finalVerifying.transitions!.find((t) => t.action === workflow.transitions![index]!.action)!.from).toBe('rectifying');
    expect(setInitial(finalVerifying, 'verifying').initial).toBe('assigned');
  });

  it('lays states out left to right from the initial one, none on top of another', () => {
    const wf = workflowOf(shipped('discipline-case'));
    const at = layoutStates(wf);
    expect(Object.keys(at).sort()).toEqual(Object.keys(wf.states).sort());
    expect(at.registered!.x).toBeLessThan(at.awaitingDisposal!.x);
    expect(at.awaitingDisposal!.x).toBeLessThan(at.closed!.x);
    const spots = Object.values(at).map((p) => `${Math.round(p.x)},${Math.round(p.y)}`);
    expect(new Set(spots).size).toBe(spots.length);
  });
});

describe('the access matrix', () => {
  const clue = shipped('discipline-case');
  const wf = workflowOf(clue);
  const rows = accessRows(clue);
  const states = Object.keys(wf.states);
  const officer: Viewer = { role: 'officer', relation: 'own' };

  it('shows what the shipped rules decide: later stages hidden until reached, earlier ones read-only once past', () => {
    const grid = matrix(wf, rows, states, officer);
    expect(grid['/summary']).toMatchObject({ registered: 'edit', awaitingDisposal: 'read', closed: 'read' });
    expect(grid['/verificationReport']).toMatchObject({ registered: 'hidden', talking: 'hidden', verifying: 'edit', filed: 'read' });
    expect(grid['/disposal']).toMatchObject({ registered: 'hidden', talking: 'read' });
    expect(rows.map((r) => r.pointer)).toContain('/cadreName');
  });

  it('sets one cell for everyone, changing no other cell for any caller, and takes an edit back when set again', () => {
    const viewers: Viewer[] = ['officer', 'leader', 'auditor'].flatMap((role) => (['own', 'above', 'below'] as const).map((relation) => ({ role, relation })));
    const before = viewers.map((v) => matrix(wf, rows, states, v));
    const rules = setCell(wf, '/summary', 'talking', 'hidden', officer, { onlyRole: false, onlyUnit: false });
    const after = viewers.map((v) => matrix({ ...wf, access: rules }, rows, states, v));
    viewers.forEach((_, i) => {
      for (const row of rows) {
        for (const state of states) {
          const expected = row.pointer === '/summary' && state === 'talking' ? 'hidden' : before[i]![row.pointer]![state];
          expect(after[i]![row.pointer]![state], `${row.pointer} ${state}`).toBe(expected);
        }
      }
    });
    const again = setCell({ ...wf, access: rules }, '/summary', 'filed', 'hidden', officer, { onlyRole: false, onlyUnit: false });
    expect(again.length).toBe(rules.length);
    expect(again[0]!.states).toEqual(['talking', 'filed']);
    const back = setCell({ ...wf, access: again }, '/summary', 'talking', 'read', officer, { onlyRole: false, onlyUnit: false });
    expect(matrix({ ...wf, access: back }, rows, states, officer)['/summary']!.talking).toBe('read');
    expect(back.filter((r) => r.fields[0] === '/summary' && r.states?.includes('talking') && r.access === 'hidden')).toEqual([]);
  });

  it('for any rules and any cell edit, sets that cell for the callers in its scope and no other cell for anyone (property)', () => {
    const fields = ['/a', '/a/b', '/c'];
    const names = ['s1', 's2', 's3'];
    const levels: AccessLevel[] = ['edit', 'read', 'hidden'];
    const relations = ['own', 'above', 'below'] as const;
    const roles = ['officer', 'leader'];
    const rule = fc.record(
      {
        fields: fc.subarray(fields, { minLength: 1 }),
        access: fc.constantFrom(...levels),
        states: fc.subarray(names, { minLength: 1 }),
        roles: fc.subarray(roles, { minLength: 1 }),
        units: fc.subarray([...relations], { minLength: 1 }),
      },
      { requiredKeys: ['fields', 'access'] },
    ) as fc.Arbitrary<AccessRule>;
    const small: Workflow = { initial: 's1', states: { s1: { title: { 'zh-CN': '一' } }, s2: { title: { 'zh-CN': '二' } }, s3: { title: { 'zh-CN': '三' } } } };
    const grid = fields.map((pointer) => ({ pointer, title: pointer, depth: 0 }));
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 6 }), fc.constantFrom(...fields), fc.constantFrom(...names), fc.constantFrom(...levels), fc.constantFrom(...roles), fc.constantFrom(...relations), fc.boolean(), fc.boolean(), (access, field, state, level, role, relation, onlyRole, onlyUnit) => {
        const wf = { ...small, access };
        const viewer = { role, relation };
        const next = { ...small, access: setCell(wf, field, state, level, viewer, { onlyRole, onlyUnit }) };
        for (const r of roles) {
          for (const u of relations) {
            const was = matrix(wf, grid, names, { role: r, relation: u });
            const now = matrix(next, grid, names, { role: r, relation: u });
            const inScope = (!onlyRole || r === role) && (!onlyUnit || u === relation);
            for (const f of fields) {
              for (const s of names) {
                const covered = s === state && (f === field || f.startsWith(`${field}/`));
                expect(now[f]![s]).toBe(covered && inScope ? level : was[f]![s]);
              }
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('moves a rule up or down, and not past either end', () => {
    const rules = wf.access!;
    expect(moveRule(rules, 1, -1)[0]).toBe(rules[1]);
    expect(moveRule(rules, 0, -1)).toEqual(rules);
  });
});

function codelistsOf(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['cadre-grades', 'clue-sources', 'disciplines', 'disposal-ways', 'sanction-kinds']) {
    const definition = shipped(key) as { schema: unknown };
    out[`codelist:${key}`] = definition.schema;
  }
  return out;
}
