/** Deeply nested data would make validation recurse too far; it is refused first. */
export const MAX_DATA_DEPTH = 64;

/** Whether arrays/objects nest deeper than `limit` (checked iteratively, never recursing). */
export function isTooDeep(data: unknown, limit = MAX_DATA_DEPTH): boolean {
  const stack: [unknown, number][] = [[data, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
