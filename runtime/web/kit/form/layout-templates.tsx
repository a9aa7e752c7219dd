/**
 * Layout the kit's forms add to the antd theme, from uiSchema options a designer sets:
 * `ui:layout` at the top splits the form into sections, tabs or steps (FormLayoutTemplate.tsx),
 * `ui:options.layout: "grid"` on an object shows it as a statistical table (GridTemplate.tsx),
 * `ui:options.columns` (1–4) on an object lays its fields out in that many columns, and
 * `ui:options.layout: "table"` on an array of objects shows its rows as a table — one header of
 * column titles, one line per row. Everything else renders as the theme does.
 */
import { Templates } from '@rjsf/antd';
import type { ArrayFieldTemplateProps, ObjectFieldTemplateProps, RJSFSchema } from '@rjsf/utils';
import { getUiOptions } from '@rjsf/utils';
import { Col, Row } from 'antd';
import type { ComponentType } from 'react';
import { FormLayoutTemplate } from './FormLayoutTemplate';
import { GridRowTemplate, GridTemplate } from './GridTemplate';
import { formLayoutOf } from './layout-model';

const ThemeObject = Templates.ObjectFieldTemplate as ComponentType<ObjectFieldTemplateProps>;
const ThemeArray = Templates.ArrayFieldTemplate as ComponentType<ArrayFieldTemplateProps>;

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The columns of a table's rows: the item properties in `ui:order`, with their titles. */
export function tableColumns(schema: RJSFSchema, itemsUi: unknown): { name: string; title: string; required: boolean }[] {
  const items = isNode(schema.items) ? schema.items : {};
  const properties = isNode(items.properties) ? items.properties : {};
  const required = Array.isArray(items.required) ? (items.required as string[]) : [];
  const names = Object.keys(properties);
  const order = isNode(itemsUi) && Array.isArray(itemsUi['ui:order']) ? (itemsUi['ui:order'] as string[]).filter((n) => names.includes(n)) : [];
  return [...order, ...names.filter((n) => !order.includes(n))].map((name) => {
    const node = properties[name];
    return { name, title: isNode(node) && typeof node.title === 'string' ? node.title : name, required: required.includes(name) };
  });
}

const gridOf = (n: number) => ({ display: 'grid', gridTemplateColumns: `repeat(${n}, minmax(120px, 1fr))`, columnGap: 12, alignItems: 'start' });

/** An object: in groups, as a statistical table or in columns when asked, as one table line when it is a table's row, else as the theme lays it out. */
export function ObjectFieldTemplate(props: ObjectFieldTemplateProps) {
  const options = getUiOptions(props.uiSchema);
  const layout = props.fieldPathId.$id === 'root' ? formLayoutOf(props.uiSchema) : undefined;
  if (layout) return <FormLayoutTemplate props={props} layout={layout} />;
  if (options.layout === 'grid') return <GridTemplate {...props} />;
  if (options.gridRow === true) return <GridRowTemplate {...props} />;
  const visible = props.properties.filter((p) => !p.hidden);
  if (options.tableRow === true) {
    return (
      <div className="fw-table-row" style={gridOf(Math.max(1, visible.length))}>
        {visible.map((p) => (
          <div key={p.name}>{p.content}</div>
        ))}
        {props.properties.filter((p) => p.hidden).map((p) => p.content)}
      </div>
    );
  }
  const columns = typeof options.columns === 'number' ? Math.min(4, Math.max(1, Math.round(options.columns))) : undefined;
  if (!columns) return <ThemeObject {...props} />;
  const span = (p: ObjectFieldTemplateProps['properties'][number]) => {
    const schema = (p.content.props as { schema?: RJSFSchema }).schema;
    return schema?.type === 'object' || schema?.type === 'array' ? 24 : 24 / columns;
  };
  return (
    <fieldset id={props.fieldPathId.$id}>
      {props.title && <div className="fw-section-title">{props.title}</div>}
      <Row gutter={16}>
        {visible.map((p) => (
          <Col key={p.name} xs={24} md={span(p)}>
            {p.content}
          </Col>
        ))}
      </Row>
      {props.properties.filter((p) => p.hidden).map((p) => p.content)}
    </fieldset>
  );
}

/** An array: a table of its rows when asked, else as the theme lays it out. */
export function ArrayFieldTemplate(props: ArrayFieldTemplateProps) {
  const options = getUiOptions(props.uiSchema);
  if (options.layout !== 'table') return <ThemeArray {...props} />;
  const columns = tableColumns(props.schema, props.uiSchema?.items);
  const { ButtonTemplates } = props.registry.templates;
  return (
    <fieldset className="fw-table-array" id={props.fieldPathId.$id}>
      {(options.title || props.title) && <div className="fw-section-title">{String(options.title || props.title)}</div>}
      <div className="fw-table-scroll">
        <Row gutter={24} wrap={false} className="fw-table-head">
          <Col flex="1">
            <div style={gridOf(Math.max(1, columns.length))}>
              {columns.map((c) => (
                <div key={c.name} className={c.required ? 'fw-field-required' : undefined}>
                  {c.title}
                </div>
              ))}
            </div>
          </Col>
          {!(props.disabled || props.readonly) && <Col flex="120px" />}
        </Row>
        {props.items}
      </div>
      {props.canAdd && (
        <Row justify="end" style={{ marginTop: 4 }}>
          <Col flex="120px">
            <ButtonTemplates.AddButton id={`${props.fieldPathId.$id}__add`} className="rjsf-array-item-add" disabled={props.disabled || props.readonly} onClick={props.onAddClick} uiSchema={props.uiSchema} registry={props.registry} />
          </Col>
        </Row>
      )}
    </fieldset>
  );
}
