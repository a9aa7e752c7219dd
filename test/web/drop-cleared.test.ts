/** A cleared field is an absent field: nulls a field's type does not admit are removed, at any depth. */
import { describe, expect, it } from 'vitest';
import { dropClearedNulls } from '../../runtime/web/kit/form/drop-cleared.js';

const schema = {
  type: 'object',
  properties: {
    filedOn: { type: 'string', format: 'date' },
    note: { type: ['string', 'null'] },
    nothing: { type: 'null' },
    party: { $ref: '#/definitions/party' },
    people: { type: 'array', items: { type: 'object', properties: { born: { type: 'string', format: 'date' }, name: { type: 'string' } } } },
    pair: { type: 'array', items: [{ type: 'integer' }, { type: 'string' }] },
    grade: { oneOf: [{ const: 'a', title: '甲' }, { const: 'b', title: '乙' }] },
    maybe: { anyOf: [{ const: 'a' }, { type: 'null' }] },
  },
  definitions: { party: { type: 'object', properties: { since: { type: 'string' } } } },
};

describe('dropClearedNulls', () => {
  it('removes a cleared date, at the top and inside objects, lists and references', () => {
    const data = { filedOn: null, party: { since: null }, people: [{ born: null, name: '张三' }, { name: '李四' }], pair: [null, 'x'] };
    expect(dropClearedNulls(schema, data)).toEqual({ party: {}, people: [{ name: '张三' }, { name: '李四' }], pair: [null, 'x'] });
  });

  it('removes a cleared choice of a code list, and keeps one whose options admit null', () => {
    expect(dropClearedNulls(schema, { grade: null, maybe: null, people: [{ born: '2026-01-02', name: null }] })).toEqual({ maybe: null, people: [{ born: '2026-01-02' }] });
  });

  it('keeps nulls a field admits, and the same object when nothing is cleared', () => {
    const data = { note: null, nothing: null, filedOn: '2026-01-02', unknown: null };
    expect(dropClearedNulls(schema, data)).toBe(data);
  });
});
