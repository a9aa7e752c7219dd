/** What every part of the property panel gets: the draft, the field, how to edit, and the field's problems. */
import type { DraftProblem } from '../../../../runtime/web/kit/contract';
import type { FieldNode } from '../../model/fields';
import type { ProblemPlace } from '../../model/problem-map';
import type { Draft } from '../../model/paths';
import type { Change } from '../draft/useDraftEditor';

/** A problem placed on a field's property. */
export type PlacedProblem = DraftProblem & { place: ProblemPlace };

/** The property panel's view of one field. */
export interface FieldContext {
  draft: Draft;
  field: FieldNode;
  edit(change: Change, key?: string): void;
  problems: readonly PlacedProblem[];
  /** The field moved (renamed): select it at its new pointer. */
  onMoved(pointer: string): void;
  /** Whether the published version has this field (its key then stays as it is). */
  published: boolean;
}

/** The messages of the problems at one or more properties. */
export const messagesAt = (problems: readonly PlacedProblem[], ...properties: string[]) =>
  problems.filter((p) => p.place.property !== undefined && properties.includes(p.place.property)).map((p) => p.message);

/** antd Form.Item props showing problems at properties (none: no change). */
export function problemProps(problems: readonly PlacedProblem[], ...properties: string[]) {
  const messages = messagesAt(problems, ...properties);
  return messages.length > 0 ? { validateStatus: 'error' as const, help: <span data-testid={`problem-${properties[0]}`}>{messages.join('；')}</span> } : {};
}
