/** RFC 6901 JSON Pointers: the one way Formwork names a place in a document, end to end. */

export function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Splits a pointer into its unescaped segments ('' → []). Throws on a pointer not starting with '/'. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new TypeError(`Not a JSON Pointer: ${pointer}`);
  return pointer.slice(1).split('/').map(unescapeSegment);
}

export function compilePointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + escapeSegment(String(s))).join('');
}

/** Appends segments to a pointer. */
export function joinPointer(base: string, ...segments: (string | number)[]): string {
  return base + compilePointer(segments);
}

/** Whether `pointer` is `ancestor` or lies below it. */
export function isWithin(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(ancestor + '/');
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Reads the value at a pointer; undefined when any step is missing. Own properties only. */
export function getAt(document: unknown, pointer: string | readonly string[]): unknown {
  const segments = typeof pointer === 'string' ? parsePointer(pointer) : pointer;
  let current: unknown = document;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (current !== null && typeof current === 'object') {
      if (!hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Writes a value at a pointer, creating objects (or arrays for numeric segments) on the way.
 * Refuses prototype-polluting segments.
 */
export function setAt(document: Record<string, unknown>, pointer: string, value: unknown): void {
  const segments = parsePointer(pointer);
  if (segments.length === 0) throw new TypeError('Cannot set the document root');
  let current: Record<string, unknown> | unknown[] = document;
  segments.forEach((segment, i) => {
    if (FORBIDDEN.has(segment)) throw new TypeError(`Forbidden pointer segment: ${segment}`);
    const last = i === segments.length - 1;
    const container = current as Record<string, unknown>;
    if (last) {
      container[segment] = value;
      return;
    }
    let next = container[segment];
    if (next === null || typeof next !== 'object') {
      next = /^(0|[1-9][0-9]*)$/.test(segments[i + 1] ?? '') ? [] : {};
      container[segment] = next;
    }
    current = next as Record<string, unknown>;
  });
}

/** Whether a value counts as "not filled in": undefined, null, '', or an empty array. */
export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Whether data holds anything filled in, at any depth: a non-blank text, a number, a yes/no (a new form nobody touched holds nothing). */
export function hasContent(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.some(hasContent);
  if (typeof value === 'object') return Object.values(value).some(hasContent);
  return true;
}
