/**
 * A record's form, rendered by react-jsonschema-form (antd theme) from the record's definition
 * version, with the module's rules running live in the browser through the engine: hidden
 * fields hide, fields become required, computed values update as you type, and problems land on
 * their fields — the server's own 422 problems too. Nothing here knows any module.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Form from '@rjsf/antd';
import { customizeValidator } from '@rjsf/validator-ajv8';
import { englishStringTranslator, getTemplate, getUiOptions, TranslatableString, type ErrorSchema, type FieldTemplateProps, type RJSFSchema, type UiSchema } from '@rjsf/utils';
import Ajv2020 from 'ajv/dist/2020';
import { Alert } from 'antd';
import { evaluate, withToday, type CompiledModule, type EvaluationContext } from '../engine';
import { useI18n, type Locale } from '../i18n';

// rjsf only resolves schemas with it (the engine validates); JSON Schema 2020-12, formats unchecked here.
const validator = customizeValidator({ AjvClass: Ajv2020, ajvOptionsOverrides: { strict: false, validateFormats: false } });

export interface FieldProblem {
  path: string;
  code: string;
  message: string;
}

const ZH_STRINGS: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.ArrayItemTitle]: '第 %1 项',
  [TranslatableString.EmptyArray]: '暂无内容，请点击下方按钮添加。',
  [TranslatableString.YesLabel]: '是',
  [TranslatableString.NoLabel]: '否',
  [TranslatableString.CloseLabel]: '关闭',
  [TranslatableString.ErrorsLabel]: '错误',
  [TranslatableString.AddButton]: '添加',
  [TranslatableString.AddItemButton]: '添加一项',
  [TranslatableString.CopyButton]: '复制',
  [TranslatableString.MoveDownButton]: '下移',
  [TranslatableString.MoveUpButton]: '上移',
  [TranslatableString.RemoveButton]: '删除',
  [TranslatableString.NowLabel]: '现在',
  [TranslatableString.ClearLabel]: '清除',
  [TranslatableString.AriaDateLabel]: '选择日期',
  [TranslatableString.OptionalObjectAdd]: '填写此项',
  [TranslatableString.OptionalObjectRemove]: '不填此项',
  [TranslatableString.OptionalObjectEmptyMsg]: '未填写',
};

const translators: Record<Locale, (s: TranslatableString, params?: string[]) => string> = {
  en: englishStringTranslator,
  'zh-CN': (s, params) => {
    const text = ZH_STRINGS[s];
    return text ? text.replace(/%(\d)/g, (_, i: string) => params?.[Number(i) - 1] ?? '') : englishStringTranslator(s, params);
  },
};

/**
 * A light field frame: label, control, problems, help. antd's Form.Item measures its own layout
 * on every render (getComputedStyle, visibility checks), which on a 300-field form costs more
 * than everything else together; this frame only lays out.
 */
function FieldTemplate(props: FieldTemplateProps) {
  const { children, displayLabel, rawErrors, rawHelp, rawDescription, hidden, id, label, required, registry, uiSchema, schema } = props;
  if (hidden) return <div className="rjsf-field-hidden">{children}</div>;
  const WrapIfAdditional = getTemplate('WrapIfAdditionalTemplate', registry, getUiOptions(uiSchema));
  const errors = rawErrors ?? [];
  const container = schema.type === 'object' || schema.type === 'array';
  return (
    <WrapIfAdditional {...props}>
      <div className={`fw-field${errors.length > 0 ? ' fw-field-has-error' : ''}${container ? ' fw-field-group' : ''}`}>
        {displayLabel && label && (
          <label htmlFor={id} className={`fw-field-label${required ? ' fw-field-required' : ''}`}>
            {label}
          </label>
        )}
        {children}
        {errors.map((e) => (
          <div key={e} className="fw-field-error" role="alert">
            {e}
          </div>
        ))}
        {rawDescription && displayLabel && <div className="fw-field-help">{rawDescription}</div>}
        {rawHelp && <div className="fw-field-help">{rawHelp}</div>}
      </div>
    </WrapIfAdditional>
  );
}

const TEMPLATES = { FieldTemplate };

const segments = (pointer: string) => pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

/** A schema as rjsf sees it: code lists inlined, titles in the language, extra required fields added. */
export function formSchema(
  schema: unknown,
  codelists: Record<string, unknown>,
  titlesEn: Record<string, string> | undefined,
  locale: Locale,
  required: readonly string[] = [],
): RJSFSchema {
  const walk = (node: unknown, at: string): unknown => {
    if (Array.isArray(node)) return node.map((n, i) => walk(n, `${at}/${i}`));
    if (node === null || typeof node !== 'object') return node;
    const source = node as Record<string, unknown>;
    let out: Record<string, unknown> = {};
    if (typeof source.$ref === 'string' && codelists[source.$ref] !== undefined) {
      const { $ref: _ref, ...rest } = source;
      out = { ...(walk(codelists[source.$ref], at) as Record<string, unknown>), ...rest };
      for (const [k, v] of Object.entries(rest)) out[k] = walk(v, `${at}/${k}`);
    } else {
      for (const [k, v] of Object.entries(source)) out[k] = walk(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
    if (locale === 'en' && titlesEn?.[at] && typeof out.title === 'string') out.title = titlesEn[at];
    return out;
  };
  const root = walk(schema, '') as Record<string, unknown>;
  delete root.$schema;
  for (const pointer of required) {
    const parts = segments(pointer);
    let node: Record<string, unknown> | undefined = root;
    for (const part of parts.slice(0, -1)) node = (node?.properties as Record<string, Record<string, unknown>> | undefined)?.[part];
    const last = parts[parts.length - 1];
    if (node && last && node.properties) {
      const list = new Set((node.required as string[] | undefined) ?? []);
      list.add(last);
      node.required = [...list];
    }
  }
  return root as RJSFSchema;
}

/** uiSchema with hidden fields hidden and computed fields read-only. */
function formUiSchema(ui: unknown, hidden: readonly string[], readonlyPaths: readonly string[], notes: Record<string, string>): UiSchema {
  const out = structuredClone((ui ?? {}) as Record<string, unknown>);
  const at = (pointer: string) => {
    let node = out;
    for (const part of segments(pointer)) node = (node[part] ??= {}) as Record<string, unknown>;
    return node;
  };
  for (const pointer of readonlyPaths) {
    const node = at(pointer);
    node['ui:readonly'] = true;
    if (notes[pointer]) node['ui:help'] = notes[pointer];
  }
  for (const pointer of hidden) at(pointer)['ui:widget'] = 'hidden';
  out['ui:submitButtonOptions'] = { norender: true };
  return out as UiSchema;
}

/** Problems as rjsf's error schema (at their JSON Pointers); root problems are returned apart. */
export function errorSchema(problems: readonly FieldProblem[]): { schema: ErrorSchema; root: FieldProblem[] } {
  const schema: Record<string, unknown> = {};
  const root: FieldProblem[] = [];
  for (const p of problems) {
    const parts = segments(p.path);
    if (parts.length === 0) {
      root.push(p);
      continue;
    }
    let node = schema;
    for (const part of parts) node = (node[part] ??= {}) as Record<string, unknown>;
    const list = ((node.__errors as string[] | undefined) ??= []);
    if (!list.includes(p.message)) list.push(p.message);
  }
  return { schema: schema as ErrorSchema, root };
}

const setAt = (data: Record<string, unknown>, pointer: string, value: unknown) => {
  const parts = segments(pointer);
  let node = data;
  for (const part of parts.slice(0, -1)) {
    if (node[part] === null || typeof node[part] !== 'object') node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
};
const getAt = (data: unknown, pointer: string) => segments(pointer).reduce<unknown>((n, k) => (n !== null && typeof n === 'object' ? (n as Record<string, unknown>)[k] : undefined), data);

export interface RecordFormProps {
  compiled: CompiledModule;
  codelists: Record<string, unknown>;
  /** The record's data when the form opens. */
  initialData: Record<string, unknown>;
  /** The state whose rules apply (the record's, or the initial state of a new record). */
  context: EvaluationContext;
  disabled?: boolean;
  /** Problems the server answered with (422), shown on their fields until the data changes there. */
  serverProblems?: readonly FieldProblem[];
  /** Show "required" problems while typing (after a save or action was refused for them). */
  showRequired?: boolean;
  /** Pointers filled by the system (pre-filled report figures), read-only, with a note. */
  systemFilled?: Record<string, string>;
  onChange(data: Record<string, unknown>): void;
}

/** The engine's answer for the data, as the form needs it. */
interface Live {
  problems: FieldProblem[];
  warnings: FieldProblem[];
  hidden: string[];
  required: string[];
}

function RecordFormInner(props: RecordFormProps) {
  const { compiled, codelists, initialData, context, disabled, serverProblems, showRequired, systemFilled, onChange } = props;
  const { locale, pick } = useI18n();
  const [data, setData] = useState<Record<string, unknown>>(initialData);
  const [live, setLive] = useState<Live>({ problems: [], warnings: [], hidden: [], required: [] });
  const latest = useRef(data);
  // The data as it was when the server's problems arrived: a problem goes once its field changes.
  const answered = useRef<{ problems: readonly FieldProblem[] | undefined; data: Record<string, unknown> }>({ problems: undefined, data });
  if (answered.current.problems !== serverProblems) answered.current = { problems: serverProblems, data: latest.current };
  const timer = useRef<number | undefined>(undefined);
  const run = useRef(0);
  const definition = compiled.definition;

  // Fields the rules compute, read-only in the form.
  const computed = useMemo(() => (definition.rules ?? []).filter((r) => r.event.type === 'set').map((r) => (r.event.params as { path: string }).path), [definition]);
  const readonlyPaths = useMemo(() => [...new Set([...computed, ...Object.keys(systemFilled ?? {})])], [computed, systemFilled]);
  const notes = useMemo(() => ({ ...Object.fromEntries(computed.map((p) => [p, locale === 'en' ? 'Computed' : '自动计算'])), ...systemFilled }), [computed, systemFilled, locale]);

  const evaluateNow = useCallback(
    async (current: Record<string, unknown>) => {
      const id = ++run.current;
      const result = await evaluate(compiled, current, withToday({ ...context, now: new Date().toISOString() }));
      if (id !== run.current) return;
      const hidden = result.events.filter((e) => e.type === 'hide').flatMap((e) => (e.params as { paths: string[] }).paths);
      const required = result.events.filter((e) => e.type === 'require').flatMap((e) => (e.params as { paths: string[] }).paths);
      const text = (p: { message: { 'zh-CN': string; en?: string } }) => pick(p.message);
      const next: Live = {
        problems: result.errors.map((p) => ({ path: p.path, code: p.code, message: text(p) })),
        warnings: result.warnings.map((p) => ({ path: p.path, code: p.code, message: text(p) })),
        hidden,
        required,
      };
      setLive((before) => (JSON.stringify(before) === JSON.stringify(next) ? before : next));
      // Computed values flow back into the form.
      let changed = false;
      const withValues = structuredClone(current);
      for (const [pointer, value] of Object.entries(result.derived)) {
        if (JSON.stringify(getAt(withValues, pointer)) !== JSON.stringify(value)) {
          setAt(withValues, pointer, value);
          changed = true;
        }
      }
      if (changed && latest.current === current) {
        latest.current = withValues;
        setData(withValues);
        onChange(withValues);
      }
    },
    [compiled, context, onChange, pick],
  );

  useEffect(() => {
    void evaluateNow(latest.current);
    return () => window.clearTimeout(timer.current);
  }, [evaluateNow]);

  const handleChange = useCallback(
    (next: Record<string, unknown>) => {
      latest.current = next;
      setData(next);
      onChange(next);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void evaluateNow(next), 150);
    },
    [evaluateNow, onChange],
  );

  const schema = useMemo(
    () => formSchema(definition.schema, codelists, definition.i18n?.en as Record<string, string> | undefined, locale, live.required),
    [definition, codelists, locale, live.required],
  );
  // Read-only, a record shows what it holds: empty fields of later steps stay out of the way.
  const emptyWhenReadOnly = useMemo(() => {
    if (!disabled) return [];
    const properties = ((definition.schema as { properties?: Record<string, unknown> }).properties ?? {}) as Record<string, unknown>;
    return Object.keys(properties)
      .filter((name) => {
        const value = initialData[name];
        return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
      })
      .map((name) => `/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  }, [disabled, definition.schema, initialData]);
  const onFormChange = useCallback((event: { formData?: unknown }) => handleChange(event.formData as Record<string, unknown>), [handleChange]);
  const uiSchema = useMemo(
    () => formUiSchema(definition.ui, [...live.hidden, ...emptyWhenReadOnly], readonlyPaths, notes),
    [definition.ui, live.hidden, emptyWhenReadOnly, readonlyPaths, notes],
  );
  const shown = useMemo(() => {
    const problems = live.problems.filter((p) => showRequired || p.code !== 'FW_VAL_REQUIRED');
    // A server problem stays until the field it names is edited.
    const before = answered.current.data;
    const server = (serverProblems ?? []).filter(
      (p) => !problems.some((q) => q.path === p.path && q.code === p.code) && JSON.stringify(getAt(data, p.path)) === JSON.stringify(getAt(before, p.path)),
    );
    return errorSchema([...problems, ...server]);
  }, [live.problems, serverProblems, showRequired, data]);
  // The same errors keep the same object, so typing does not hand rjsf "new" errors each time.
  const stableErrors = useRef<{ json: string; value: ErrorSchema }>({ json: '', value: {} });
  const errorJson = JSON.stringify(shown.schema);
  if (stableErrors.current.json !== errorJson) stableErrors.current = { json: errorJson, value: shown.schema };

  return (
    <div className="record-form">
      {shown.root.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={shown.root.map((p) => p.message).join('；')} />}
      {live.warnings.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={live.warnings.map((w) => w.message).join('；')} data-testid="form-warnings" />
      )}
      <Form
        schema={schema}
        uiSchema={uiSchema}
        formData={data}
        validator={validator}
        noValidate
        showErrorList={false}
        experimental_defaultFormStateBehavior={{ constAsDefaults: 'never' }}
        extraErrors={stableErrors.current.value}
        disabled={disabled}
        translateString={translators[locale]}
        templates={TEMPLATES}
        onChange={onFormChange}
      />
    </div>
  );
}

export const RecordForm = memo(RecordFormInner);

/** A plain form of a given schema (no rules): the fields one workflow step asks for. */
export function StepForm({ schema, problems, onChange }: { schema: RJSFSchema; problems: readonly FieldProblem[]; onChange(data: Record<string, unknown>): void }) {
  const { locale } = useI18n();
  const [data, setData] = useState<Record<string, unknown>>({});
  const errors = useMemo(() => errorSchema(problems).schema, [problems]);
  return (
    <Form
      schema={schema}
      uiSchema={{ 'ui:submitButtonOptions': { norender: true } }}
      formData={data}
      validator={validator}
      noValidate
      showErrorList={false}
      extraErrors={errors}
      translateString={translators[locale]}
      templates={TEMPLATES}
      onChange={(event) => {
        const next = event.formData as Record<string, unknown>;
        setData(next);
        onChange(next);
      }}
    />
  );
}
