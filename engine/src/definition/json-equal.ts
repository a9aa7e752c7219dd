import { canonicalJson } from './fingerprint.js';

/** Deep equality of JSON values (key order ignored). */
export function isDeepStrictEqualJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
