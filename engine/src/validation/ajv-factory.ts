import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020, options?: { mode?: 'fast' | 'full' }) => Ajv2020;

/** Formats a record schema may name; each is asserted on record data. */
export const KNOWN_FORMATS: ReadonlySet<string> = new Set([
  'date', 'time', 'date-time', 'iso-time', 'iso-date-time', 'duration',
  'uri', 'uri-reference', 'uri-template', 'url', 'email', 'hostname', 'ipv4', 'ipv6', 'regex', 'uuid',
  'json-pointer', 'json-pointer-uri-fragment', 'relative-json-pointer',
  'byte', 'int32', 'int64', 'float', 'double', 'password', 'binary',
]);

export type AjvMode =
  /**
   * Product mode: all errors, formats asserted, errors carry their schema. What strict mode
   * would refuse is decided by the schema policy instead (schema-policy.ts), at each keyword's
   * pointer: strict mode's own refusals are thrown messages at the schema root, and some of
   * them (an `if` without `then`, a property that also matches a pattern) refuse valid schemas.
   */
  | 'product'
  /** The JSON Schema 2020-12 defaults: unknown keywords ignored, format an annotation. */
  | 'conformance';

/** Creates an Ajv (draft 2020-12) configured for one purpose. Never loads anything remote. */
export function createAjv(mode: AjvMode, extra: Options = {}): Ajv2020 {
  const common: Options = {
    $data: false,
    // Only own properties count: `required: ["toString"]` is not met by Object.prototype.
    ownProperties: true,
    logger: false,
    unicodeRegExp: true,
    code: { optimize: true },
  };
  const options: Options =
    mode === 'product'
      ? {
          ...common,
          allErrors: true,
          verbose: true,
          messages: false,
          // Logged (to no logger), not thrown: the policy has refused what it must before ajv runs.
          strictSchema: 'log',
          allowMatchingProperties: true,
          strictNumbers: true,
          strictTypes: false,
          strictTuples: false,
          strictRequired: false,
          validateFormats: true,
          ...extra,
        }
      : { ...common, allErrors: false, strict: false, validateFormats: false, ...extra };
  const ajv = new Ajv2020(options);
  addFormats(ajv, { mode: 'full' });
  return ajv;
}
