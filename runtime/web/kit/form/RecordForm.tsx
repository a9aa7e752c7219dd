/**
 * A record's form, rendered by react-jsonschema-form (antd theme) from the record's definition
 * version, with the module's rules running live in the browser through the engine: hidden
 * fields hide, fields become required, computed values update as you type, and problems land on
 * their fields — the server's own 422 problems too. Nothing here knows any module.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Form from '@rjsf/antd';
import type { ErrorSchema, UiSchema } from '@rjsf/utils';
import { Alert } from 'antd';
import { evaluate, withToday, type CompiledModule, type EvaluationContext } from '../engine';
import { ErrorBoundary } from '../ErrorBoundary';
import { useI18n } from '../i18n';
import { errorSchema, formSchema, formUiSchema, getAt, withTableLayouts, type FieldProblem } from './form-schema';
import { withEitherOrChoices } from './either-or';
import { dropClearedNulls } from './drop-cleared';
import { keepTuples, tuplePointers } from './keep-tuples';
import { renderSchema } from './render-schema';
import { TEMPLATES, translators, validator, WIDGETS } from './rjsf';
import { FormLayoutContext, useFormLayoutState } from './FormLayoutTemplate';
import { fieldId, formLayoutOf, groupOfPointer } from './layout-model';
import { ProblemBanner } from './ProblemBanner';
import './form.css';

export type { FieldProblem };

/** What a {@link RecordForm} renders and reports back. */
export interface RecordFormProps {
  compiled: CompiledModule;
  codelists: Record<string, unknown>;
  /** The record's data when the form opens. */
  initialData: Record<string, unknown>;
  /** The state whose rules apply (the record's, or the initial state of a new record). */
  context: EvaluationContext;
  disabled?: boolean;
  /**
   * Problems the server answered with (422), shown on their fields until the data changes there;
   * while any problem stands after one, a banner above the form lists them (ProblemBanner).
   */
  serverProblems?: readonly FieldProblem[];
  /** Show "required" problems while typing (after a save or action was refused for them). */
  showRequired?: boolean;
  /** Pointers filled by the system (pre-filled report figures), read-only, with a note. */
  systemFilled?: Record<string, string>;
  /** Field access for the caller in this state (JSON Pointer, `*` for any row → read or hidden; the record's `fieldAccess`). */
  fieldAccess?: Readonly<Record<string, 'read' | 'hidden'>>;
  onChange(data: Record<string, unknown>): void;
  /** Told when the form cannot be rendered (its notice is shown instead). */
  onFailure?(error: Error): void;
}

/** The engine's answer for the data, as the form needs it. */
interface Live {
  problems: FieldProblem[];
  warnings: FieldProblem[];
  hidden: string[];
  required: string[];
  /** Whether the engine has answered for the data at least once. */
  checked: boolean;
}

function RecordFormInner(props: RecordFormProps) {
  const { compiled, codelists, initialData, context, disabled, serverProblems, showRequired, systemFilled, fieldAccess, onChange } = props;
  const { locale, pick, t } = useI18n();
  const [data, setData] = useState<Record<string, unknown>>(initialData);
  const [live, setLive] = useState<Live>({ problems: [], warnings: [], hidden: [], required: [], checked: false });
  const latest = useRef(data);
  // The data as it was when the server's problems arrived: a problem goes once its field changes.
  const answered = useRef<{ problems: readonly FieldProblem[] | undefined; data: Record<string, unknown> }>({ problems: undefined, data });
  if (answered.current.problems !== serverProblems) answered.current = { problems: serverProblems, data: latest.current };
  const timer = useRef<number | undefined>(undefined);
  const run = useRef(0);
  const definition = compiled.definition;

  // Fields the rules compute, read-only in the form.
  const computed = useMemo(() => (definition.rules ?? []).filter((r) => r.event.type === 'set').map((r) => (r.event.params as { path: string }).path), [definition]);
  // Field access: a row's field (`*`) is the array's `items` in the uiSchema.
  const byAccess = useCallback(
    (level: 'read' | 'hidden') => Object.entries(fieldAccess ?? {}).filter(([, l]) => l === level).map(([pointer]) => pointer.replace(/\/\*(?=\/|$)/g, '/items')),
    [fieldAccess],
  );
  const readonlyPaths = useMemo(() => [...new Set([...computed, ...Object.keys(systemFilled ?? {}), ...byAccess('read')])], [computed, systemFilled, byAccess]);
  const hiddenByAccess = useMemo(() => byAccess('hidden'), [byAccess]);
  const notes = useMemo(() => ({ ...Object.fromEntries(computed.map((p) => [p, t('computed')])), ...systemFilled }), [computed, systemFilled, t]);

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
        checked: true,
      };
      setLive((before) => (JSON.stringify(before) === JSON.stringify(next) ? before : next));
      // Computed values flow back into the form: the engine returns the data with them applied.
      const changed = Object.entries(result.derived).some(([pointer, value]) => JSON.stringify(getAt(current, pointer)) !== JSON.stringify(value));
      if (changed && latest.current === current) {
        latest.current = result.data;
        setData(result.data);
        onChange(result.data);
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
    () => renderSchema(formSchema(definition.schema, codelists, definition.i18n?.en as Record<string, string> | undefined, locale, live.required)),
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
  // rjsf drops fixed-position lists on an edit elsewhere (see keep-tuples.ts): they are put back.
  const tuples = useMemo(() => tuplePointers(schema), [schema]);
  const onFormChange = useCallback(
    (event: { formData?: unknown }, id?: string) =>
      handleChange(dropClearedNulls(schema as Record<string, unknown>, keepTuples(tuples, latest.current, event.formData, id) as Record<string, unknown>)),
    [handleChange, tuples, schema],
  );
  const uiSchema = useMemo(
    () => withEitherOrChoices(schema, withTableLayouts(schema, formUiSchema(definition.ui, [...live.hidden, ...emptyWhenReadOnly, ...hiddenByAccess], readonlyPaths, notes) as Record<string, unknown>)) as UiSchema,
    [schema, definition.ui, live.hidden, emptyWhenReadOnly, hiddenByAccess, readonlyPaths, notes],
  );
  const standing = useMemo(() => {
    const problems = live.problems.filter((p) => showRequired || p.code !== 'FW_VAL_REQUIRED');
    // A server problem stays until the field it names is edited.
    const before = answered.current.data;
    const server = (serverProblems ?? []).filter(
      (p) => !problems.some((q) => q.path === p.path && q.code === p.code) && JSON.stringify(getAt(data, p.path)) === JSON.stringify(getAt(before, p.path)),
    );
    return [...problems, ...server];
  }, [live.problems, serverProblems, showRequired, data]);
  const shown = useMemo(() => errorSchema(standing), [standing]);
  // The banner: after a refusal, the problems standing now (none once each is fixed).
  const banner = (serverProblems ?? []).length > 0 ? standing : [];
  const layoutState = useFormLayoutState();
  const container = useRef<HTMLDivElement>(null);
  const jump = useCallback(
    (pointer: string) => {
      const group = groupOfPointer(formLayoutOf(definition.ui), pointer);
      if (group !== undefined) layoutState.setActive(group);
      // After the group is open: the field's control, else the nearest enclosing one.
      window.setTimeout(() => {
        const parts = pointer.split('/');
        for (let n = parts.length; n > 1; n--) {
          const found = container.current?.querySelector<HTMLElement>(`#${CSS.escape(fieldId(parts.slice(0, n).join('/')))}`);
          if (found) {
            found.scrollIntoView({ block: 'center' });
            found.focus({ preventScroll: true });
            return;
          }
        }
      }, 50);
    },
    [definition.ui, layoutState],
  );
  // The same errors keep the same object, so typing does not hand rjsf "new" errors each time.
  const stableErrors = useRef<{ json: string; value: ErrorSchema }>({ json: '', value: {} });
  const errorJson = JSON.stringify(shown.schema);
  if (stableErrors.current.json !== errorJson) stableErrors.current = { json: errorJson, value: shown.schema };

  return (
    // data-problems: the engine's verdict on the data as the form holds it (every error, required
    // ones included, `path code` a line), once it has answered — what the server would say.
    <div className="record-form" ref={container} data-problems={live.checked ? live.problems.map((p) => `${p.path} ${p.code}`).join('\n') : undefined}>
      <ProblemBanner compiled={compiled} problems={banner} onJump={jump} />
      {banner.length === 0 && shown.root.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={shown.root.map((p) => p.message).join('；')} />}
      {live.warnings.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={live.warnings.map((w) => w.message).join('；')} data-testid="form-warnings" />
      )}
      <FormLayoutContext.Provider value={layoutState}>
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
          widgets={WIDGETS}
          onChange={onFormChange}
        />
      </FormLayoutContext.Provider>
    </div>
  );
}

/**
 * A record's form (see the file header); re-renders only when its props change. A definition
 * the browser cannot render (rjsf cannot resolve every schema the server accepts) shows a notice
 * in the form's place instead of taking the page down.
 */
export const RecordForm = memo(function RecordForm(props: RecordFormProps) {
  return (
    <ErrorBoundary kind="form" resetKey={props.compiled} onError={props.onFailure}>
      <RecordFormInner {...props} />
    </ErrorBoundary>
  );
});
