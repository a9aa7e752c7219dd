/**
 * One error handler: every error becomes `{ code, message, errors? }` with a stable FW_ code,
 * localized by Accept-Language. Unknown errors are logged and answered as FW_INTERNAL without
 * internals. The table below is the only place codes meet HTTP statuses.
 */
import type { ErrorObject } from 'ajv';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  FormworkError,
  localizeProblem,
  negotiateLocale,
  problemsFromAjv,
  type ErrorCode,
  type Problem,
} from '../../../../engine/src/index.js';
import type { ErrorBody } from '../../api/common.js';
import { requestLabel } from './request-labels.js';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  FW_DEF_INVALID: 422,
  FW_DEF_TOO_LARGE: 422,
  FW_DEF_TOO_DEEP: 422,
  FW_DEF_TOO_MANY_NODES: 422,
  FW_DEF_SCHEMA_ROOT: 422,
  FW_DEF_SCHEMA_INVALID: 422,
  FW_DEF_SCHEMA_VALUE: 422,
  FW_DEF_SCHEMA_DIALECT: 422,
  FW_DEF_UNKNOWN_KEYWORD: 422,
  FW_DEF_UNSUPPORTED_KEYWORD: 422,
  FW_DEF_REF_CYCLE: 422,
  FW_DEF_UNKNOWN_FORMAT: 422,
  FW_DEF_UNSAFE_PATTERN: 422,
  FW_DEF_INVALID_PATTERN: 422,
  FW_DEF_DATA_REF: 422,
  FW_DEF_REMOTE_REF: 422,
  FW_DEF_UNRESOLVED_REF: 422,
  FW_DEF_UNBOUNDED_UNIQUE: 422,
  FW_DEF_IGNORED_KEYWORD: 422,
  FW_DEF_CONTAINS_RANGE: 422,
  FW_DEF_EMPTY_ENUM: 422,
  FW_DEF_REF_BESIDE_ID: 422,
  FW_DEF_DISCRIMINATOR: 422,
  FW_DEF_RESERVED_NAME: 422,
  FW_DEF_UNEVALUATED_IF: 422,
  FW_DEF_UNEVALUATED_CONTAINS: 422,
  FW_DEF_UNEVALUATED_NESTED_ITEMS: 422,
  FW_DEF_UI_UNKNOWN_WIDGET: 422,
  FW_DEF_UI_WIDGET_TYPE: 422,
  FW_DEF_UI_UNKNOWN_FIELD: 422,
  FW_DEF_UI_ORDER: 422,
  FW_DEF_UI_ORDER_WILDCARD: 422,
  FW_DEF_UI_LAYOUT_PLACE: 422,
  FW_DEF_UI_LAYOUT_FIELD: 422,
  FW_DEF_UI_LAYOUT_DUPLICATE: 422,
  FW_DEF_UI_LAYOUT_OPTION: 422,
  FW_DEF_COMPILE: 422,
  FW_DEF_UNKNOWN_FIELD: 422,
  FW_DEF_UNKNOWN_STATE: 422,
  FW_DEF_UNKNOWN_FACT: 422,
  FW_DEF_UNKNOWN_CONTEXT: 422,
  FW_DEF_DUPLICATE: 422,
  FW_DEF_FINAL_STATE_EXIT: 422,
  FW_DEF_NOT_A_DATE: 422,
  FW_DEF_NOT_A_LIST: 422,
  FW_DEF_IMPORT_KEY: 422,
  FW_DEF_DATASET_REF_SOURCE: 422,
  FW_DEF_DATASET_REF_MODULE: 422,
  FW_DEF_DATASET_REF_KEY: 422,
  FW_DEF_DATASET_REF_LINK: 422,
  FW_DEF_SET_VALUE: 422,
  FW_DEF_NOT_A_NUMBER: 422,
  FW_DEF_UNKNOWN_CODELIST: 422,
  FW_DEF_INVALID_DURATION: 422,
  FW_DEF_MIGRATION_FROM: 422,
  FW_DEF_INVALID_EXPR: 422,
  FW_DEF_RULE_VALUE_REQUIRED: 422,
  FW_DEF_RULE_VALUE: 422,
  FW_DEF_OPERATOR_TYPE: 422,
  FW_DEF_RULE_REJECTED: 422,
  FW_DEF_TOO_COMPLEX: 422,
  FW_DEF_REPORT_KIND: 422,
  FW_DEF_REPORT_FIELD: 422,
  FW_DEF_PREFILL_SUM_FIELD: 422,
  FW_DEF_PREFILL_MODULE: 422,
  FW_DEF_PREFILL_UNKNOWN_FIELD: 422,
  FW_DEF_CODE_REMOVED: 422,
  FW_DEF_DUE_NOT_REPORT: 422,
  FW_DEF_LIST_PERIOD: 422,
  FW_DEF_LIST_COLUMN_REF: 422,
  FW_DEF_LIST_SORT: 422,
  FW_DEF_KEY_MISMATCH: 422,
  FW_DEF_VERSION_CONFLICT: 409,
  FW_DEF_KIND_CHANGED: 422,
  FW_DEF_TESTS_FAILED: 422,
  FW_DEF_TEST_CASE_FAILED: 422,
  // Import notes travel in a successful answer (200), never as an error of their own.
  FW_IMPORT_SCHEMA_DIALECT: 200,
  FW_IMPORT_DEFINITIONS: 200,
  FW_IMPORT_REF: 200,
  FW_IMPORT_DEPENDENT_REQUIRED: 200,
  FW_IMPORT_DEPENDENT_SCHEMAS: 200,
  FW_IMPORT_PREFIX_ITEMS: 200,
  FW_IMPORT_ADDITIONAL_ITEMS: 200,
  FW_IMPORT_ID: 200,
  FW_IMPORT_ANCHOR: 200,
  FW_IMPORT_EXCLUSIVE_BOUND: 200,
  FW_IMPORT_KEYWORD_DROPPED: 200,
  FW_IMPORT_ROOT_TYPE: 200,
  FW_IMPORT_TITLE_FROM_SCHEMA: 200,
  FW_IMPORT_EXAMPLE_TEST: 200,
  FW_IMPORT_EXAMPLE_SKIPPED: 200,
  FW_IMPORT_TRANSLATION_MOVED: 200,
  FW_IMPORT_VERSION: 200,
  FW_IMPORT_IGNORED_KEY: 200,
  FW_IMPORT_NOT_AN_OBJECT: 422,
  FW_IMPORT_TITLE: 422,
  FW_IMPORT_CONFLICT: 422,
  FW_VAL_REQUIRED: 422,
  FW_VAL_TYPE: 422,
  FW_VAL_ENUM: 422,
  FW_VAL_CONST: 422,
  FW_VAL_FORMAT: 422,
  FW_VAL_PATTERN: 422,
  FW_VAL_MIN_LENGTH: 422,
  FW_VAL_MAX_LENGTH: 422,
  FW_VAL_MINIMUM: 422,
  FW_VAL_MAXIMUM: 422,
  FW_VAL_EXCLUSIVE_MINIMUM: 422,
  FW_VAL_EXCLUSIVE_MAXIMUM: 422,
  FW_VAL_MULTIPLE_OF: 422,
  FW_VAL_MIN_ITEMS: 422,
  FW_VAL_MAX_ITEMS: 422,
  FW_VAL_UNIQUE_ITEMS: 422,
  FW_VAL_CONTAINS: 422,
  FW_VAL_MIN_PROPERTIES: 422,
  FW_VAL_MAX_PROPERTIES: 422,
  FW_VAL_ADDITIONAL_PROPERTY: 422,
  FW_VAL_ADDITIONAL_ITEMS: 422,
  FW_VAL_PROPERTY_NAME: 422,
  FW_VAL_DEPENDENT_REQUIRED: 422,
  FW_VAL_ONE_OF: 422,
  FW_VAL_ANY_OF: 422,
  FW_VAL_NOT: 422,
  FW_VAL_FALSE_SCHEMA: 422,
  FW_VAL_TOO_DEEP: 422,
  FW_VAL_INVALID: 422,
  FW_RULE_ERROR: 422,
  FW_RULE_WARNING: 422,
  // A warning in a successful answer, never an error of its own.
  FW_FACT_WITHHELD: 200,
  FW_REC_NOT_FOUND: 404,
  FW_REC_INVALID: 422,
  FW_REC_VERSION_CONFLICT: 409,
  FW_REC_IF_MATCH_REQUIRED: 428,
  FW_REC_NOT_EDITABLE: 409,
  FW_REC_FIELD_LOCKED: 403,
  FW_REC_IDEMPOTENCY_MISMATCH: 422,
  FW_REC_BAD_QUERY: 422,
  FW_REC_WRONG_KIND: 409,
  FW_REC_NO_DOCUMENT: 404,
  FW_REC_EMPTY: 422,
  FW_REC_NOT_WITHDRAWABLE: 409,
  FW_WF_CREATE_INVALID: 422,
  FW_WF_CREATE_UNIT: 422,
  FW_WF_ACTION_NOT_AVAILABLE: 409,
  FW_WF_CONDITION_NOT_MET: 409,
  FW_WF_ROLE_NOT_ALLOWED: 403,
  FW_WF_NOT_HOLDER: 403,
  FW_WF_COMMENT_REQUIRED: 422,
  FW_WF_NO_PARENT: 422,
  FW_WF_HANDOFF_TARGET: 422,
  FW_ATTACHMENT_NOT_FOUND: 404,
  FW_ATTACHMENT_EMPTY: 422,
  FW_ATTACHMENT_MISSING: 422,
  FW_ATTACHMENT_TOO_LARGE: 413,
  FW_ATTACHMENT_CLOSED: 409,
  FW_REPORT_NOT_REPORT: 409,
  FW_REPORT_PERIOD: 422,
  FW_REPORT_LEVEL: 422,
  FW_REPORT_UNIT_LEVEL: 422,
  FW_REPORT_TARGET: 422,
  FW_REPORT_NO_UNITS: 422,
  FW_REPORT_DUE: 422,
  FW_REPORT_NOT_PREFILLED: 422,
  FW_REPORT_PERIOD_OPEN: 409,
  FW_AUTH_REQUIRED: 401,
  FW_AUTH_INVALID_CREDENTIALS: 401,
  FW_AUTH_INVALID_TOKEN: 401,
  FW_AUTH_FORBIDDEN: 403,
  FW_AUTH_HQ_ONLY: 403,
  FW_UNIT_NOT_FOUND: 404,
  FW_UNIT_EXISTS: 409,
  FW_UNIT_CYCLE: 422,
  FW_UNIT_IMPORT_INVALID: 422,
  FW_UNIT_ROW_MISSING_PARENT: 422,
  FW_UNIT_ROW_DUPLICATE: 422,
  FW_UNIT_ROW_EXISTS: 422,
  FW_UNIT_ROW_CYCLE: 422,
  FW_UNIT_ROW_INVALID: 422,
  FW_USER_NOT_FOUND: 404,
  FW_USER_EXISTS: 409,
  FW_USER_WEAK_PASSWORD: 422,
  FW_USER_WRONG_PASSWORD: 422,
  FW_USER_PASSWORD_LOCKED: 429,
  FW_USER_CHANGE_NOT_FOUND: 404,
  FW_USER_CHANGE_DECIDED: 409,
  FW_USER_ROLE_NOT_ALLOWED: 422,
  FW_USER_STATE: 409,
  FW_USER_APPROVAL_FROM_ABOVE: 403,
  FW_USER_SELF: 422,
  FW_DATASET_NOT_FOUND: 404,
  FW_DATASET_PERIOD: 422,
  FW_DATASET_IMPORT_FORMAT: 422,
  FW_DATASET_IMPORT_COLUMN: 422,
  FW_DATASET_IMPORT_MAPPING: 422,
  FW_DATASET_IMPORT_TYPE: 422,
  FW_DATASET_IMPORT_CODE: 422,
  FW_DATASET_IMPORT_UNIT: 422,
  FW_DATASET_IMPORT_DUPLICATE_KEY: 422,
  FW_DATASET_IMPORT_KEY_UNKNOWN: 422,
  FW_DATASET_IMPORT_KEY_AMBIGUOUS: 422,
  FW_DATASET_IMPORT_REF_UNKNOWN: 422,
  FW_DATASET_IMPORT_REF_AMBIGUOUS: 422,
  FW_DATASET_JOB_NOT_FOUND: 404,
  FW_DATASET_JOB_NOT_READY: 409,
  FW_DATASET_JOB_EXPIRED: 410,
  FW_REQ_MALFORMED_JSON: 400,
  FW_REQ_MALFORMED_CSV: 400,
  FW_REQ_TOO_MANY_ROWS: 413,
  FW_REQ_BODY_TOO_LARGE: 413,
  FW_REQ_UNSUPPORTED_MEDIA_TYPE: 415,
  FW_REQ_INVALID: 422,
  FW_REQ_POISONED: 400,
  FW_REQ_BAD_URL: 400,
  FW_REQ_BAD_TEXT: 400,
  FW_REQ_TOO_DEEP: 400,
  FW_REQ_RATE_LIMITED: 429,
  FW_NOT_FOUND: 404,
  FW_MODULE_NOT_FOUND: 404,
  FW_VERSION_NOT_FOUND: 404,
  FW_DRAFT_NOT_FOUND: 404,
  FW_DRAFT_KEY: 422,
  FW_DRAFT_KEY_CHANGED: 422,
  FW_DRAFT_REVISION_CONFLICT: 409,
  FW_DRAFT_IF_MATCH_REQUIRED: 428,
  FW_DRAFT_MODULE_MOVED: 409,
  FW_INTERNAL: 500,
};

/** The one error shape (declared with the contract, as every route's error answers). */
export type { ErrorBody } from '../../api/common.js';

/** Sends a FormworkError in the one error shape. */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: FormworkError): FastifyReply {
  const locale = negotiateLocale(request.headers['accept-language']);
  const body: ErrorBody = { code: error.code, message: error.messages[locale] };
  if (error.problems.length > 0) body.errors = error.problems.map((p) => localizeProblem(p, locale));
  return reply.status(HTTP_STATUS[error.code]).send(body);
}

/** Translates fastify's own errors (parsing, limits, schema validation) into ours. */
export function translateFastifyError(error: FastifyError, bodyLimit: number): FormworkError | undefined {
  if (error.validation) {
    const part = error.validationContext ?? 'body';
    const problems: Problem[] = problemsFromAjv(error.validation as unknown as ErrorObject[], { useTitles: false, labelOf: requestLabel }).map((p) =>
      part === 'body' ? p : { ...p, params: { ...(p.params ?? {}), in: part } },
    );
    return new FormworkError('FW_REQ_INVALID', { in: part }, problems);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new FormworkError('FW_REQ_BODY_TOO_LARGE', { limit: bodyLimit });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new FormworkError('FW_REQ_UNSUPPORTED_MEDIA_TYPE', { contentType: 'unknown' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new FormworkError('FW_REQ_MALFORMED_JSON', { reason: 'empty body' });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new FormworkError('FW_REQ_MALFORMED_JSON', { reason: error.message });
    default:
      break;
  }
  if (error instanceof SyntaxError || error.name === 'SyntaxError') {
    if (/forbidden prototype property|constructor/i.test(error.message)) return new FormworkError('FW_REQ_POISONED');
    return new FormworkError('FW_REQ_MALFORMED_JSON', { reason: error.message });
  }
  if (error.statusCode === 429) return new FormworkError('FW_REQ_RATE_LIMITED');
  return undefined;
}

export default fp(
  async (app: FastifyInstance, options: { bodyLimit: number; fallback?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined }) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const known = error instanceof FormworkError ? error : translateFastifyError(error, options.bodyLimit);
      if (known) {
        if (HTTP_STATUS[known.code] >= 500) request.log.error({ err: error }, known.code);
        return sendError(request, reply, known);
      }
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
        request.log.info({ err: error }, 'client error');
        const locale = negotiateLocale(request.headers['accept-language']);
        const invalid = new FormworkError('FW_REQ_INVALID');
        return reply.status(error.statusCode).send({ code: invalid.code, message: invalid.messages[locale] } satisfies ErrorBody);
      }
      request.log.error({ err: error }, 'unexpected error');
      return sendError(request, reply, new FormworkError('FW_INTERNAL', { requestId: request.id }));
    });
    app.setNotFoundHandler((request, reply) => options.fallback?.(request, reply) ?? sendError(request, reply, new FormworkError('FW_NOT_FOUND')));
  },
  { name: 'formwork-errors' },
);
