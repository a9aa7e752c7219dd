/**
 * The kinds of field the palette offers, each a JSON Schema fragment (2020-12) and its uiSchema,
 * and how a schema node already in a definition is recognised as one of them. A node the
 * builder does not recognise is `advanced`: shown, moved and kept exactly as it is, edited in
 * the JSON view.
 */
import { CODELIST_SCHEME } from '../../../runtime/web/kit/engine';
import { isObj, type Obj } from './paths';

/** The palette, in the order it is shown. */
export const FIELD_KINDS = [
  'text',
  'textarea',
  'number',
  'integer',
  'date',
  'datetime',
  'single',
  'multiple',
  'boolean',
  'codelist',
  'idNumber',
  'phone',
  'unit',
  'attachment',
  'section',
  'group',
  'table',
] as const;

/** A kind of field the builder knows; `advanced` is anything else. */
export type FieldKind = (typeof FIELD_KINDS)[number] | 'advanced';

/** Mainland resident ID numbers (18 characters, the last a digit or X). */
export const ID_NUMBER_PATTERN = '^[1-9]\\d{5}(18|19|20)\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])\\d{3}[\\dXx]$';
/** Mobile numbers, or landlines with their area code. */
export const PHONE_PATTERN = '^(1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8})$';

/** A field's schema and uiSchema as the palette makes it. */
export interface FieldTemplate {
  schema: Obj;
  ui?: Obj;
}

/** Kinds whose field holds other fields (a section, or the rows of a group or table). */
export const isContainerKind = (kind: FieldKind): kind is 'section' | 'group' | 'table' => kind === 'section' || kind === 'group' || kind === 'table';

const defaultOptions = () => [
  { const: 'A', title: '选项一' },
  { const: 'B', title: '选项二' },
];

/** The schema and uiSchema of a new field of a kind (`codelist`: the list it is bound to). */
export function fieldTemplate(kind: Exclude<FieldKind, 'advanced'>, title: string, codelist = ''): FieldTemplate {
  const make = (schema: Obj, ui?: Obj): FieldTemplate => ({ schema: { title, ...schema }, ...(ui ? { ui } : {}) });
  switch (kind) {
    case 'text':
      return make({ type: 'string', maxLength: 200 });
    case 'textarea':
      return make({ type: 'string', maxLength: 2000 }, { 'ui:widget': 'textarea' });
    case 'number':
      return make({ type: 'number' });
    case 'integer':
      return make({ type: 'integer', minimum: 0 });
    case 'date':
      return make({ type: 'string', format: 'date' });
    case 'datetime':
      return make({ type: 'string', format: 'date-time' });
    case 'single':
      return make({ type: 'string', oneOf: defaultOptions() });
    case 'multiple':
      // uniqueItems needs maxItems (the safety policy): at most every option once.
      return make({ type: 'array', uniqueItems: true, maxItems: 2, items: { type: 'string', oneOf: defaultOptions() } }, { 'ui:widget': 'checkboxes' });
    case 'boolean':
      return make({ type: 'boolean' }, { 'ui:widget': 'radio' });
    case 'codelist':
      return make({ $ref: `${CODELIST_SCHEME}${codelist}` });
    case 'idNumber':
      return make({ type: 'string', pattern: ID_NUMBER_PATTERN, maxLength: 18 });
    case 'phone':
      return make({ type: 'string', pattern: PHONE_PATTERN, maxLength: 20 });
    case 'unit':
      return make({ type: 'string', maxLength: 64 }, { 'ui:widget': 'unit' });
    case 'attachment':
      return make({ type: 'string', maxLength: 500 }, { 'ui:widget': 'attachment' });
    case 'section':
      return make({ type: 'object', properties: {} }, { 'ui:order': [] });
    case 'group':
      return make({ type: 'array', maxItems: 200, items: { type: 'object', properties: {} } }, { items: { 'ui:order': [] } });
    case 'table':
      return make({ type: 'array', maxItems: 200, items: { type: 'object', properties: {} } }, { 'ui:options': { layout: 'table' }, items: { 'ui:order': [] } });
  }
}

/** Whether a node is `oneOf` of `const` + `title` options only (a closed list written out). */
export const isOptionList = (node: Obj) => Array.isArray(node.oneOf) && node.oneOf.length > 0 && node.oneOf.every((o) => isObj(o) && 'const' in o);

/** A code list reference's key (`codelist:<key>`), if the node is one. */
export const codelistOf = (node: unknown): string | undefined =>
  isObj(node) && typeof node.$ref === 'string' && node.$ref.startsWith(CODELIST_SCHEME) ? node.$ref.slice(CODELIST_SCHEME.length) : undefined;

function stringKind(node: Obj, widget: unknown): FieldKind {
  if (isOptionList(node)) return 'single';
  if (node.format === 'date') return 'date';
  if (node.format === 'date-time') return 'datetime';
  if (node.format !== undefined) return 'advanced';
  if (node.pattern === ID_NUMBER_PATTERN) return 'idNumber';
  if (node.pattern === PHONE_PATTERN) return 'phone';
  if (widget === 'unit') return 'unit';
  if (widget === 'attachment') return 'attachment';
  if (widget === 'textarea') return 'textarea';
  return 'text';
}

function arrayKind(node: Obj, ui: Obj | undefined): FieldKind {
  const items = node.items;
  if (!isObj(items)) return 'advanced';
  if (items.type === 'object' && isObj(items.properties)) return isObj(ui?.['ui:options']) && ui['ui:options'].layout === 'table' ? 'table' : 'group';
  if (node.uniqueItems === true && (isOptionList(items) || codelistOf(items) !== undefined)) return 'multiple';
  return 'advanced';
}

/** Combinators and references the builder leaves to the JSON view. */
const ADVANCED_KEYS = ['allOf', 'anyOf', 'if', 'then', 'else', 'not', 'dependentSchemas', 'patternProperties', 'prefixItems', '$defs'];

/** The kind of an existing schema node (with its uiSchema); `advanced` when the builder cannot edit it. */
export function kindOf(node: unknown, ui: Obj | undefined): FieldKind {
  if (!isObj(node)) return 'advanced';
  if (codelistOf(node) !== undefined) return 'codelist';
  if (typeof node.$ref === 'string' || ADVANCED_KEYS.some((k) => k in node)) return 'advanced';
  if ('oneOf' in node && !isOptionList(node)) return 'advanced';
  const widget = ui?.['ui:widget'];
  switch (node.type) {
    case 'string':
      return stringKind(node, widget);
    case 'number':
      return 'number';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'object':
      return isObj(node.properties) || node.properties === undefined ? 'section' : 'advanced';
    case 'array':
      return arrayKind(node, ui);
    default:
      return 'advanced';
  }
}

/** Where a container kind keeps its fields, below the field's own schema pointer. */
export function containerOf(pointer: string, kind: FieldKind): string | undefined {
  if (kind === 'section') return pointer;
  if (kind === 'group' || kind === 'table') return `${pointer}/items`;
  return undefined;
}
