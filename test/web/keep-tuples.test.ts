/**
 * rjsf's sanitizer drops fixed-position lists on an edit elsewhere in a form with nested
 * conditions; keepTuples puts them back, and only them.
 */
import { describe, expect, it } from 'vitest';
import { keepTuples, tuplePointers } from '../../runtime/web/kit/form/keep-tuples';
import { renderSchema } from '../../runtime/web/kit/form/render-schema';

const person = { type: 'object', properties: { name: { type: 'string' }, pets: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }] } } };
const schema = renderSchema({
  type: 'object',
  $defs: { person },
  properties: {
    card: { type: 'number' },
    pair: { type: 'array', prefixItems: [{ $ref: '#/$defs/person' }], items: { $ref: '#/$defs/person' } },
    tags: { type: 'array', items: { type: 'string' } },
  },
  dependentSchemas: { card: { properties: { extra: { type: 'array', prefixItems: [{ type: 'string' }] } } } },
});

describe('tuplePointers', () => {
  it('finds fixed-position lists through references, items and dependent schemas', () => {
    expect(tuplePointers(schema).sort()).toEqual(['/extra', '/pair', '/pair/*/pets', '/pair/0/pets'].sort());
  });
});

describe('keepTuples', () => {
  const before = { card: 1, pair: [{ name: 'a', pets: ['cat', 2] }, { name: 'b' }], tags: ['x'], extra: ['e'] };

  it('puts back a fixed list rjsf dropped on an edit elsewhere, and keeps the edit', () => {
    const after = { card: 2, pair: undefined, tags: ['x'], extra: undefined };
    expect(keepTuples(tuplePointers(schema), before, after, 'root_card')).toEqual({ ...before, card: 2 });
  });

  it('puts back nested ones, and leaves alone what the edit was inside of, and any other list', () => {
    const after = { card: 1, pair: [{ name: 'a', pets: undefined }, { name: 'c' }], tags: undefined, extra: undefined };
    expect(keepTuples(tuplePointers(schema), before, after, 'root_extra_0')).toEqual({ card: 1, pair: [{ name: 'a', pets: ['cat', 2] }, { name: 'c' }], tags: undefined, extra: undefined });
  });

  it('returns the data as it is when nothing was dropped', () => {
    const after = { ...before, card: 3 };
    expect(keepTuples(tuplePointers(schema), before, after, 'root_card')).toBe(after);
  });
});
