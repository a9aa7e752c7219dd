/** The JSON Schema 2020-12 vocabulary, by where each keyword keeps its subschemas. */

/** Keywords whose value is a map of name → subschema. */
export const SCHEMA_MAP_KEYWORDS = ['$defs', 'properties', 'patternProperties', 'dependentSchemas'] as const;

/** Keywords whose value is one subschema. */
export const SCHEMA_KEYWORDS = [
  'additionalProperties',
  'propertyNames',
  'items',
  'contains',
  'if',
  'then',
  'else',
  'not',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
] as const;

/** Keywords whose value is an array of subschemas. */
export const SCHEMA_ARRAY_KEYWORDS = ['prefixItems', 'allOf', 'anyOf', 'oneOf'] as const;

/** Keywords whose value is not a schema. */
export const VALUE_KEYWORDS = [
  // core
  '$schema', '$id', '$ref', '$anchor', '$dynamicRef', '$dynamicAnchor', '$comment',
  // validation
  'type', 'const', 'enum', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum',
  'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'maxContains', 'minContains',
  'maxProperties', 'minProperties', 'required', 'dependentRequired',
  // meta-data
  'title', 'description', 'default', 'deprecated', 'readOnly', 'writeOnly', 'examples',
  // format and content
  'format', 'contentEncoding', 'contentMediaType',
  // OpenAPI's discriminator, kept as an annotation: it tells either-or errors which branch the data aims at
  'discriminator',
] as const;

/** Every keyword a record schema may use. Anything else is refused at publish. */
export const KNOWN_KEYWORDS: ReadonlySet<string> = new Set<string>([
  ...SCHEMA_MAP_KEYWORDS,
  ...SCHEMA_KEYWORDS,
  ...SCHEMA_ARRAY_KEYWORDS,
  ...VALUE_KEYWORDS,
]);

export const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

/** How a record schema names a shared code list: {"$ref": "codelist:<key>"}. */
export const CODELIST_SCHEME = 'codelist:';
