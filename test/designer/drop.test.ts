/** Where a drag in the builder lands: before a field, at a container's end, never into itself. */
import { describe, expect, it } from 'vitest';
import { dropAction } from '../../designer/src/model/drop';
import { addField } from '../../designer/src/model/field-edits';

let { draft } = addField({ key: 'drop', kind: 'record', schema: { type: 'object', properties: {} } }, '', 'text', 0, 'a');
({ draft } = addField(draft, '', 'text', 1, 'b'));
({ draft } = addField(draft, '', 'section', 2, 's'));
({ draft } = addField(draft, '/properties/s', 'text', 0, 'c'));

describe('dropping in the builder', () => {
  it('adds a palette kind before a field, or at the end of a container', () => {
    expect(dropAction(draft, { type: 'palette', kind: 'date' }, { type: 'field', pointer: '/properties/b' })).toEqual({ action: 'add', kind: 'date', container: '', index: 1 });
    expect(dropAction(draft, { type: 'palette', kind: 'date' }, { type: 'container', container: '/properties/s' })).toEqual({ action: 'add', kind: 'date', container: '/properties/s', index: 1 });
  });

  it('moves a field to the place of another, or into a section', () => {
    expect(dropAction(draft, { type: 'field', pointer: '/properties/a' }, { type: 'field', pointer: '/properties/s' })).toEqual({ action: 'move', pointer: '/properties/a', container: '', index: 2 });
    expect(dropAction(draft, { type: 'field', pointer: '/properties/a' }, { type: 'field', pointer: '/properties/s/properties/c' })).toEqual({ action: 'move', pointer: '/properties/a', container: '/properties/s', index: 0 });
    expect(dropAction(draft, { type: 'field', pointer: '/properties/s/properties/c' }, { type: 'container', container: '' })).toEqual({ action: 'move', pointer: '/properties/s/properties/c', container: '', index: 3 });
  });

  it('does nothing for a drop on itself, its own place, or inside itself', () => {
    expect(dropAction(draft, { type: 'field', pointer: '/properties/a' }, { type: 'field', pointer: '/properties/a' })).toBeUndefined();
    expect(dropAction(draft, { type: 'field', pointer: '/properties/s' }, { type: 'container', container: '/properties/s' })).toBeUndefined();
    expect(dropAction(draft, { type: 'field', pointer: '/properties/s' }, { type: 'field', pointer: '/properties/s/properties/c' })).toBeUndefined();
    expect(dropAction(draft, { type: 'field', pointer: '/properties/s' }, { type: 'container', container: '' })).toBeUndefined();
  });
});
