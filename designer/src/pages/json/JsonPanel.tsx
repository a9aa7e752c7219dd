/**
 * The definition as JSON (CodeMirror 6, with completion, hover and validation from the
 * meta-model served at /api/meta), both ways: a valid edit here is the definition at once (the
 * builder shows it, undo takes it back), an edit there shows here; JSON that does not parse
 * stays in the editor with a message and is not applied.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import CodeMirror from '@uiw/react-codemirror';
import { jsonSchema } from 'codemirror-json-schema';
import { Alert, Card, Typography } from 'antd';
import { get } from '../../../../runtime/web/kit/api';
import { loadMetaSchema } from '../../model/meta-bundle';
import { isObj, type Draft, type Obj } from '../../model/paths';
import type { Change } from '../draft/useDraftEditor';
import { defineWords } from '../../../../runtime/web/kit/i18n';

const useJsonWords = defineWords({
  jsonHint: ['直接编辑模板定义的 JSON：输入时按元模型提示和校验；有效的修改立即生效，可撤销。', 'Edit the definition as JSON, completed and checked against the meta-model; valid edits apply at once and can be undone.'],
  jsonInvalid: ['JSON 格式有误，修改尚未应用：{message}', 'Not valid JSON; not applied: {message}'],
  jsonNotObject: ['模板定义应为一个 JSON 对象，修改尚未应用', 'A definition is a JSON object; not applied'],
} as const);

let meta: Promise<Obj> | undefined;
/** The bundled meta-model, fetched once. */
const metaSchema = () => (meta ??= loadMetaSchema((name) => get<Obj>(`/api/meta/${name}`)).catch((e: unknown) => ((meta = undefined), Promise.reject(e))));

const text = (definition: Draft) => JSON.stringify(definition, null, 2);

/** The JSON tab (see the file header). */
export default function JsonPanel({ definition, edit, readOnly }: { definition: Draft; edit(change: Change, key?: string): void; readOnly?: boolean }) {
  const { t } = useJsonWords();
  const [value, setValue] = useState(() => text(definition));
  const [error, setError] = useState<string>();
  const [schema, setSchema] = useState<Obj>();
  // The definition this editor last produced: any other one came from elsewhere and replaces the text.
  const mine = useRef<Draft>(definition);
  useEffect(() => {
    void metaSchema().then(setSchema).catch(() => undefined);
  }, []);
  useEffect(() => {
    if (definition === mine.current) return;
    mine.current = definition;
    setValue(text(definition));
    setError(undefined);
  }, [definition]);
  const extensions = useMemo(() => (schema ? jsonSchema(schema as Parameters<typeof jsonSchema>[0]) : jsonSchema()), [schema]);

  const onChange = (next: string) => {
    setValue(next);
    let parsed: unknown;
    try {
      parsed = JSON.parse(next);
    } catch (e) {
      setError(t('jsonInvalid', { message: (e as Error).message }));
      return;
    }
    if (!isObj(parsed)) return setError(t('jsonNotObject'));
    setError(undefined);
    mine.current = parsed;
    edit(parsed, 'json');
  };

  return (
    <Card size="small">
      <Typography.Paragraph type="secondary">{t('jsonHint')}</Typography.Paragraph>
      {error && <Alert type="warning" showIcon message={error} style={{ marginBottom: 8 }} data-testid="json-error" />}
      <div data-testid="json-editor">
        <CodeMirror value={value} height="70vh" extensions={extensions} onChange={onChange} readOnly={readOnly} basicSetup={{ foldGutter: true, lineNumbers: true }} />
      </div>
    </Card>
  );
}
