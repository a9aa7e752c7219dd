/**
 * Input every layer below can hold: PostgreSQL's text and jsonb refuse NUL characters and
 * unpaired surrogates, and deep nesting overflows recursive code (merge patch, fingerprints).
 * Parsed bodies, query strings and path parameters are checked here, once, with iterative
 * walks, and refused with the JSON Pointer of each offending string.
 */
import { escapeSegment, FormworkError, problem, type Problem } from '../../../../engine/src/index.js';

/** Deeper bodies are refused before any code walks them (definitions and data have lower limits of their own). */
export const MAX_BODY_DEPTH = 128;
/** At most this many problems are listed. */
const MAX_PROBLEMS = 20;

// A NUL, a high surrogate not followed by a low one, or a low one not preceded by a high one.
// eslint-disable-next-line no-control-regex -- finding NUL characters is the point
const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when PostgreSQL could not store the text. */
export function isBadText(text: string): boolean {
  return BAD_TEXT.test(text);
}

/** A pointer safe to echo back: bad characters shown as U+FFFD. */
// eslint-disable-next-line no-control-regex -- NUL characters are what is replaced
const printable = (pointer: string) => pointer.replace(/\u0000|[\ud800-\udfff]/g, '\ufffd');

/**
 * The problems of a parsed JSON body: over-deep nesting (one problem, at the first place it
 * happens) or bad text in any key or string. Iterative, so no nesting can overflow the stack.
 */
export function inspectBody(value: unknown, maxDepth = MAX_BODY_DEPTH): FormworkError | undefined {
  const problems: Problem[] = [];
  const stack: { value: unknown; pointer: string; depth: number }[] = [{ value, pointer: '', depth: 0 }];
  while (stack.length > 0 && problems.length < MAX_PROBLEMS) {
    const { value: node, pointer, depth } = stack.pop()!;
    if (typeof node === 'string') {
      if (isBadText(node)) problems.push(problem(printable(pointer), 'FW_REQ_BAD_TEXT'));
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (depth >= maxDepth) return new FormworkError('FW_REQ_TOO_DEEP', { limit: maxDepth }, [problem(printable(pointer), 'FW_REQ_TOO_DEEP', { limit: maxDepth })]);
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i -= 1) stack.push({ value: node[i], pointer: `${pointer}/${i}`, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(node);
    for (let i = keys.length - 1; i >= 0; i -= 1) {
      const key = keys[i]!;
      const child = `${pointer}/${escapeSegment(key)}`;
      if (isBadText(key)) problems.push(problem(printable(child), 'FW_REQ_BAD_TEXT'));
      stack.push({ value: (node as Record<string, unknown>)[key], pointer: child, depth: depth + 1 });
    }
  }
  return problems.length > 0 ? new FormworkError('FW_REQ_BAD_TEXT', {}, problems) : undefined;
}

/** Bad text in a query string or path parameters, each named `/query/<name>` or `/params/<name>`. */
export function inspectUrlParts(parts: { query?: unknown; params?: unknown }): FormworkError | undefined {
  const problems: Problem[] = [];
  for (const [part, values] of Object.entries(parts)) {
    if (!values || typeof values !== 'object') continue;
    for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
      const texts = Array.isArray(value) ? value : [value];
      if (isBadText(name) || texts.some((text) => typeof text === 'string' && isBadText(text))) {
        problems.push(problem(`/${part}/${printable(escapeSegment(name))}`, 'FW_REQ_BAD_TEXT'));
      }
    }
  }
  return problems.length > 0 ? new FormworkError('FW_REQ_BAD_TEXT', {}, problems) : undefined;
}

/** Bad text in a CSV body, at the line it is on (`/lines/<n>`, 1-based like an editor's). */
export function inspectCsvText(text: string): FormworkError | undefined {
  const match = BAD_TEXT.exec(text);
  if (!match) return undefined;
  const line = text.slice(0, match.index).split('\n').length;
  return new FormworkError('FW_REQ_BAD_TEXT', {}, [problem(`/lines/${line}`, 'FW_REQ_BAD_TEXT')]);
}
