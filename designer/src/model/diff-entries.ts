/**
 * Field entries of a diff as a designer reads them: a repeating group's or table's row (`/rows/-`,
 * the array's items) is no field of its own, so it is left out when its table is in the same
 * list (added or removed with it), and otherwise named after its table.
 */

/** The data pointer of the table a row entry (`…/-`) belongs to, or undefined for other entries. */
export const rowOf = (pointer: string): string | undefined => (pointer.endsWith('/-') ? pointer.slice(0, -2) : undefined);

/** The entries without the rows of tables the same list holds. */
export function withoutRows<T extends Record<string, unknown>>(entries: readonly T[]): T[] {
  const pointers = new Set(entries.map((e) => String(e.pointer ?? '')));
  return entries.filter((e) => {
    const table = rowOf(String(e.pointer ?? ''));
    return table === undefined || !pointers.has(table);
  });
}
