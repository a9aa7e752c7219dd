import type { LocalizedText } from '../definition/generated/module-definition.js';
import { CODES, type ErrorCode } from './codes.js';
import { formatText } from './localize.js';

/**
 * One problem found in data or in a definition: where (a JSON Pointer), what (a stable code),
 * and a message in every locale. Never a string to parse.
 */
export interface Problem {
  /** RFC 6901 JSON Pointer into the checked document ('' is the document itself). */
  path: string;
  /** Stable code: FW_… from the catalogue, or a rule author's own code. */
  code: string;
  message: Required<LocalizedText>;
  params?: Record<string, unknown>;
}

/** Builds a problem from a catalogue code and its params. */
export function problem(path: string, code: ErrorCode, params: Record<string, unknown> = {}): Problem {
  const result: Problem = { path, code, message: formatText(CODES[code], params) };
  if (Object.keys(params).length > 0) result.params = params;
  return result;
}

/** A problem localized to one locale: the shape of the HTTP API. */
export interface LocalizedProblem {
  path: string;
  code: string;
  message: string;
  params?: Record<string, unknown>;
}

export function localizeProblem(p: Problem, locale: 'zh-CN' | 'en'): LocalizedProblem {
  const out: LocalizedProblem = { path: p.path, code: p.code, message: p.message[locale] };
  if (p.params) out.params = p.params;
  return out;
}
