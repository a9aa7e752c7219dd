/**
 * A long form split as its definition's `ui:layout` says: titled sections one below the other,
 * tabs, or steps taken in turn (with 上一步 / 下一步). A group whose fields are all hidden (by a
 * rule, by field access, or empty on a read-only record) is not shown at all; a tab or step
 * holding a problem is marked. Which group is open is kept in {@link FormLayoutContext}, so the
 * form's problem list can open the group of the field it jumps to.
 */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ObjectFieldTemplateProps } from '@rjsf/utils';
import { Badge, Button, Space, Steps, Tabs } from 'antd';
import type { FormLayout } from '../engine';
import { useI18n } from '../i18n';
import { groupFields, hasErrors } from './layout-model';

/** The open tab or step of a form's layout, shared with whatever jumps to a field. */
export interface FormLayoutState {
  active: string | undefined;
  setActive(key: string): void;
}

/** The open group (see the file header); without a provider a form keeps its own. */
export const FormLayoutContext = createContext<FormLayoutState | undefined>(undefined);

/** The open group held by the form around the layout. */
export function useFormLayoutState(): FormLayoutState {
  const [active, setActive] = useState<string>();
  return useMemo(() => ({ active, setActive }), [active]);
}

/** The root object's fields in the groups of `layout`. */
export function FormLayoutTemplate({ props, layout }: { props: ObjectFieldTemplateProps; layout: FormLayout }) {
  const { pick, t } = useI18n();
  const shared = useContext(FormLayoutContext);
  const own = useFormLayoutState();
  const state = shared ?? own;
  const byName = new Map(props.properties.map((p) => [p.name, p]));
  const groups = groupFields(layout, [...byName.keys()])
    .map((g) => ({ ...g, props: g.names.map((n) => byName.get(n)!) }))
    .filter((g) => g.props.some((p) => !p.hidden));
  const hiddenOnes = props.properties.filter((p) => p.hidden && !groups.some((g) => g.names.includes(p.name)));
  const errors = (props.errorSchema ?? {}) as Record<string, unknown>;
  const faulty = (names: string[]) => names.some((n) => hasErrors(errors[n]));
  const title = (g: (typeof groups)[number]) => (g.key === '' ? t('otherFields') : pick(g.title));
  const body = (g: (typeof groups)[number]): ReactNode => (
    <>
      {g.description && <div className="fw-field-help fw-group-help">{pick(g.description)}</div>}
      {g.props.map((p) => (
        <div key={p.name}>{p.content}</div>
      ))}
    </>
  );
  const tail = hiddenOnes.map((p) => <div key={p.name}>{p.content}</div>);

  if (layout.type === 'sections' || groups.length <= 1) {
    return (
      <fieldset id={props.fieldPathId.$id} className="fw-layout-sections">
        {groups.map((g) => (
          <section key={g.key} className="fw-layout-section" data-group={g.key} id={`fw-group-${g.key}`}>
            {(g.key !== '' || groups.length > 1) && <div className="fw-section-title">{title(g)}</div>}
            {body(g)}
          </section>
        ))}
        {tail}
      </fieldset>
    );
  }

  const keys = groups.map((g) => g.key);
  const current = state.active !== undefined && keys.includes(state.active) ? state.active : keys[0]!;
  // Every group stays rendered (hidden when not open), so each field keeps its place in the form.
  const panes = groups.map((g) => (
    <section key={g.key} className="fw-layout-section" data-group={g.key} id={`fw-group-${g.key}`} hidden={g.key !== current}>
      {body(g)}
    </section>
  ));
  if (layout.type === 'tabs') {
    return (
      <fieldset id={props.fieldPathId.$id} className="fw-layout-tabs">
        <Tabs
          activeKey={current}
          onChange={state.setActive}
          items={groups.map((g) => ({ key: g.key, label: faulty(g.names) ? <Badge dot offset={[6, 0]}>{title(g)}</Badge> : title(g) }))}
        />
        {panes}
        {tail}
      </fieldset>
    );
  }
  const index = keys.indexOf(current);
  return (
    <fieldset id={props.fieldPathId.$id} className="fw-layout-steps">
      <Steps
        size="small"
        current={index}
        onChange={(i) => state.setActive(keys[i]!)}
        items={groups.map((g, i) => ({ title: title(g), status: faulty(g.names) ? 'error' : i < index ? 'finish' : i === index ? 'process' : 'wait' }))}
        style={{ marginBottom: 16 }}
      />
      {panes}
      <Space style={{ marginTop: 4 }}>
        <Button disabled={index === 0} onClick={() => state.setActive(keys[index - 1]!)} data-testid="layout-prev">
          {t('prevStep')}
        </Button>
        <Button disabled={index === keys.length - 1} onClick={() => state.setActive(keys[index + 1]!)} data-testid="layout-next">
          {t('nextStep')}
        </Button>
      </Space>
      {tail}
    </fieldset>
  );
}
