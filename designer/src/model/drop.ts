/**
 * Where a drag in the builder lands: a palette kind dropped on a field goes in before it, on a
 * container at its end; a field dragged over another takes its place (moving the others along,
 * as a sortable list does), into another section or table too. A field never goes into itself.
 */
import type { FieldKind } from './field-kinds';
import { fieldNames } from './fields';
import { parentOf, type Draft } from './paths';

/** What is dragged: a kind from the palette, or a field of the form. */
export type DragItem = { type: 'palette'; kind: Exclude<FieldKind, 'advanced'> } | { type: 'field'; pointer: string };

/** What it is over: a field (in its container), or a container's own area (its end). */
export type DropSpot = { type: 'field'; pointer: string } | { type: 'container'; container: string };

/** What a drop does. */
export type DropAction =
  | { action: 'add'; kind: Exclude<FieldKind, 'advanced'>; container: string; index: number }
  | { action: 'move'; pointer: string; container: string; index: number };

/** The action of dropping `active` on `over`, or undefined when the drop does nothing. */
export function dropAction(draft: Draft, active: DragItem, over: DropSpot): DropAction | undefined {
  let container: string;
  let index: number;
  if (over.type === 'field') {
    ({ container } = parentOf(over.pointer));
    index = fieldNames(draft, container).indexOf(parentOf(over.pointer).name);
  } else {
    container = over.container;
    index = fieldNames(draft, container).length;
  }
  if (active.type === 'palette') return { action: 'add', kind: active.kind, container, index };
  if (over.type === 'field' && over.pointer === active.pointer) return undefined;
  if (container === active.pointer || container.startsWith(`${active.pointer}/`)) return undefined;
  const from = parentOf(active.pointer);
  if (from.container === container && over.type === 'container') index = fieldNames(draft, container).length - 1;
  if (from.container === container && fieldNames(draft, container).indexOf(from.name) === index) return undefined;
  return { action: 'move', pointer: active.pointer, container, index };
}
