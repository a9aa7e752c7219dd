/**
 * A statistical table (rows × columns of figures) written in what the definition format has: a
 * section holding one sub-section per row, each with one integer field per column, laid out in
 * as many columns (`ui:options.columns`, at most 4 — the kit's form layout limit), the section
 * shown as a table (`ui:options.layout: "grid"`, with row, column and table totals). Each cell is
 * an ordinary figure: it rolls up, can be pre-filled, and is named `row › column` in roll-ups.
 */
import { addField } from './field-edits';
import { fieldNames } from './fields';
import { copy, ensureObj, uiPath, type Draft } from './paths';

/** The most columns the form lays out side by side. */
export const MAX_GRID_COLUMNS = 4;

/** Names from a text: one per line, trimmed, empty lines and repeats dropped. */
export function gridNames(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== ''))];
}

/** Adds a statistical table at the end of the form; returns the draft and the table section's schema pointer. */
export function addStatGrid(before: Draft, name: string, rows: readonly string[], columns: readonly string[]): { draft: Draft; pointer: string } {
  if (rows.length === 0 || columns.length === 0) throw new RangeError('a table needs rows and columns');
  if (columns.length > MAX_GRID_COLUMNS) throw new RangeError(`at most ${MAX_GRID_COLUMNS} columns`);
  const table = addField(before, '', 'section', fieldNames(before, '').length, name);
  let draft = table.draft;
  rows.forEach((rowTitle, r) => {
    const row = addField(draft, table.pointer, 'section', r, rowTitle);
    draft = row.draft;
    columns.forEach((columnTitle, c) => {
      draft = addField(draft, row.pointer, 'integer', c, columnTitle).draft;
    });
    draft = copy(draft);
    const ui = ensureObj(draft, ['ui', ...uiPath(row.pointer)]);
    ui['ui:options'] = { ...(ui['ui:options'] as object | undefined), columns: columns.length };
  });
  draft = copy(draft);
  const tableUi = ensureObj(draft, ['ui', ...uiPath(table.pointer)]);
  tableUi['ui:options'] = { ...(tableUi['ui:options'] as object | undefined), layout: 'grid', totals: true };
  return { draft, pointer: table.pointer };
}
