/**
 * What a designer hands the import: a Formwork definition (it has a `kind`), or a form written
 * for react-jsonschema-form — its `schema` with an optional `uiSchema` and `formData`, as the
 * rjsf playground and most form builders save them. The server converts draft-07 spellings and
 * notes each conversion; here the text is only read and told apart.
 */
import { isObj, type Obj } from './paths';

/** A read import: its kind, a title to suggest, and what goes to the server. */
export type ImportInput =
  | { format: 'formwork'; title: string; key: string; body: Obj }
  | { format: 'rjsf'; title: string; schema: Obj; uiSchema?: Obj; formData?: unknown };

/** Why a text cannot be imported. */
export type ImportTextProblem = { problem: 'json'; message: string } | { problem: 'schema' };

/** Reads an import's text. */
export function readImport(text: string): ImportInput | ImportTextProblem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: 'json', message: (error as Error).message };
  }
  if (!isObj(value)) return { problem: 'schema' };
  if (typeof value.kind === 'string') {
    const title = isObj(value.title) && typeof value.title['zh-CN'] === 'string' ? value.title['zh-CN'] : '';
    return { format: 'formwork', title, key: typeof value.key === 'string' ? value.key : '', body: value };
  }
  const schema = isObj(value.schema) ? value.schema : undefined;
  if (!schema) return { problem: 'schema' };
  const title = typeof schema.title === 'string' ? schema.title : typeof value.title === 'string' ? value.title : typeof value.sample === 'string' ? value.sample : '';
  return {
    format: 'rjsf',
    title,
    schema,
    ...(isObj(value.uiSchema) ? { uiSchema: value.uiSchema } : {}),
    ...('formData' in value ? { formData: value.formData } : {}),
  };
}

/** The body `POST /api/drafts/import` takes for a read import, under the designer's key and titles. */
export function importBody(input: ImportInput, key: string, title: { 'zh-CN': string; en?: string }): Obj {
  if (input.format === 'formwork') return { ...input.body, key, title: { ...(isObj(input.body.title) ? input.body.title : {}), ...title } };
  return {
    key,
    title,
    schema: input.schema,
    ...(input.uiSchema ? { uiSchema: input.uiSchema } : {}),
    ...(input.formData !== undefined ? { formData: input.formData } : {}),
  };
}
