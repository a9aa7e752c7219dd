import { CODES, type ErrorCode } from './codes.js';
import { formatText } from './localize.js';
import type { Problem } from './problem.js';

/**
 * An error with a stable code, localized messages and (for validation) every problem at its
 * JSON Pointer. Callers match on `code`, never on message text.
 */
export class FormworkError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, unknown>;
  readonly problems: Problem[];
  readonly messages: { 'zh-CN': string; en: string };

  constructor(code: ErrorCode, params: Record<string, unknown> = {}, problems: Problem[] = []) {
    const messages = formatText(CODES[code], params);
    super(messages.en);
    this.name = 'FormworkError';
    this.code = code;
    this.params = params;
    this.problems = problems;
    this.messages = messages;
  }
}

/** A definition refused at compile/publish, with every problem at its path inside the definition. */
export class DefinitionError extends FormworkError {
  constructor(problems: Problem[], code: ErrorCode = 'FW_DEF_INVALID', params: Record<string, unknown> = {}) {
    super(code, params, problems);
    this.name = 'DefinitionError';
  }
}

export function isFormworkError(error: unknown): error is FormworkError {
  return error instanceof FormworkError;
}
