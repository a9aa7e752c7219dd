/**
 * What each ajv keyword adds to a Formwork problem: the params the problem keeps and the words
 * its message needs in each locale. One small function per keyword, as ajv keeps one keyword per
 * file; a keyword not listed here adds nothing.
 */
import type { ErrorObject } from 'ajv';
import { escapeSegment } from '../pointer/json-pointer.js';
import { englishTitleOf, formatName, titleOf, typeName } from './labels.js';

/** One ajv error, as the per-keyword functions read it. */
export interface KeywordError {
  readonly error: ErrorObject;
  /** ajv's params of the error. */
  readonly params: Readonly<Record<string, unknown>>;
  /** The schema node the keyword sits in ('/properties/a'). */
  readonly schemaPointer: string;
  /** The property the keyword is about, for keywords about one (see childPropertyOf). */
  readonly childProperty: string | undefined;
  /** English titles of fields keyed by schema pointer (the definition's `i18n.en`). */
  readonly titlesEn: Readonly<Record<string, string>>;
}

/** A keyword's params, and the words of its message in each locale. */
export interface KeywordDetails {
  readonly params: Record<string, unknown>;
  readonly 'zh-CN'?: Record<string, unknown>;
  readonly en?: Record<string, unknown>;
}

type Describe = (e: KeywordError) => KeywordDetails;

/** The ajv param naming the property a keyword is about: the problem's path ends at it. */
const CHILD_PROPERTY_PARAMS: ReadonlyMap<string, string> = new Map([
  ['required', 'missingProperty'],
  ['dependentRequired', 'missingProperty'],
  ['additionalProperties', 'additionalProperty'],
  ['unevaluatedProperties', 'unevaluatedProperty'],
  ['propertyNames', 'propertyName'],
  ['discriminator', 'tag'],
]);

/** The property a keyword about one property names (a missing or an unknown one…), if any. */
export function childPropertyOf(error: ErrorObject): string | undefined {
  const param = CHILD_PROPERTY_PARAMS.get(error.keyword);
  return param === undefined ? undefined : ((error.params as Record<string, unknown>)[param] as string);
}

const type: Describe = ({ params }) => {
  const names = typeName(params.type);
  return { params: { type: params.type }, 'zh-CN': { typeName: names['zh-CN'] }, en: { typeName: names.en } };
};

const format: Describe = ({ params }) => {
  const names = formatName(String(params.format));
  return { params: { format: params.format }, 'zh-CN': { formatName: names['zh-CN'] }, en: { formatName: names.en } };
};

const discriminator: Describe = ({ params }) => ({ params: { value: params.tagValue }, 'zh-CN': { allowed: '' }, en: { allowed: '' } });

const enumeration: Describe = ({ params }) => {
  const allowed = (params.allowedValues as unknown[]) ?? [];
  const labels = (params.allowedTitles as string[] | undefined) ?? allowed.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  const shown = allowed.length <= 12 ? labels : undefined;
  return {
    params: { allowedValues: allowed },
    'zh-CN': { allowed: shown ? `（可选：${shown.join('、')}）` : '' },
    en: { allowed: shown ? ` (allowed: ${shown.join(', ')})` : '' },
  };
};

const constant: Describe = ({ params }) => ({ params: { allowedValue: params.allowedValue } });

const limit: Describe = ({ params }) => ({ params: { limit: params.limit } });

const multipleOf: Describe = ({ params }) => ({ params: { multipleOf: params.multipleOf } });

// ajv counts from 0; people count from 1.
const uniqueItems: Describe = ({ params }) => ({ params: { i: Number(params.i) + 1, j: Number(params.j) + 1 } });

const additionalProperty: Describe = ({ childProperty }) => ({ params: { property: childProperty } });

const propertyNames: Describe = ({ childProperty }) => ({ params: { propertyName: childProperty } });

const dependentRequired: Describe = ({ error, params, schemaPointer, titlesEn }) => {
  const dependsOn = String(params.property);
  const properties = ((error.parentSchema as Record<string, unknown> | undefined)?.properties ?? {}) as Record<
    string,
    Record<string, unknown> | undefined
  >;
  const depPointer = `${schemaPointer}/properties/${escapeSegment(dependsOn)}`;
  return {
    params: { dependsOn },
    'zh-CN': { dependsOn: titleOf(properties[dependsOn]) ?? dependsOn },
    en: { dependsOn: titlesEn[depPointer] ?? englishTitleOf(properties[dependsOn]) ?? dependsOn },
  };
};

const pattern: Describe = ({ params }) => ({ params: { pattern: params.pattern } });

const LIMIT_KEYWORDS = ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'items'];

const DESCRIBE: ReadonlyMap<string, Describe> = new Map<string, Describe>([
  ['type', type],
  ['format', format],
  ['discriminator', discriminator],
  ['enum', enumeration],
  ['const', constant],
  ...LIMIT_KEYWORDS.map((keyword): [string, Describe] => [keyword, limit]),
  ['multipleOf', multipleOf],
  ['uniqueItems', uniqueItems],
  ['additionalProperties', additionalProperty],
  ['unevaluatedProperties', additionalProperty],
  ['propertyNames', propertyNames],
  ['dependentRequired', dependentRequired],
  ['pattern', pattern],
]);

/** The params and message words of an ajv error's keyword (none for a keyword not listed). */
export function keywordDetails(e: KeywordError): KeywordDetails {
  return DESCRIBE.get(e.error.keyword)?.(e) ?? { params: {} };
}
