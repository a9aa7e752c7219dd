/**
 * An object shown as a statistical table (`ui:options.layout: "grid"`): one line per row — its
 * title, then its figures side by side — instead of one field under another. When every row
 * holds the same figures (the designer's "rows × columns"), one header names the columns and,
 * with `ui:options.totals`, each row, each column and the table are totalled (shown, not
 * stored); otherwise each figure carries its own small label. Wide tables scroll sideways.
 */
import type { ObjectFieldTemplateProps } from '@rjsf/utils';
import { getUiOptions } from '@rjsf/utils';
import type { CSSProperties } from 'react';
import { useI18n } from '../i18n';
import { gridShape, gridTotals } from './layout-model';

// Every line lays out the same columns — row titles up to 180 px, so tables one under another
// line up, the figures sharing the rest — and a row's figures line up under them (form.css);
// narrower than the figures' least, the table scrolls.
const columnsOf = (width: number, totals: boolean): CSSProperties =>
  ({ '--fw-grid-columns': `minmax(120px, 180px) repeat(${width + (totals ? 1 : 0)}, minmax(80px, 1fr))`, '--fw-grid-width': width }) as CSSProperties;
const leastWidth = (width: number, totals: boolean) => 128 + (width + (totals ? 1 : 0)) * 88;

const shown = (n: number | undefined) => (n === undefined ? '' : String(n));

/** The table (see the file header). */
export function GridTemplate(props: ObjectFieldTemplateProps) {
  const { t } = useI18n();
  const options = getUiOptions(props.uiSchema);
  const shape = gridShape(props.schema, props.uiSchema);
  const totals = Boolean(options.totals) && shape.columns !== undefined;
  const sums = totals ? gridTotals(shape, props.formData) : undefined;
  const byName = new Map(props.properties.map((p) => [p.name, p]));
  const visible = shape.rows.filter((r) => byName.get(r.name) && !byName.get(r.name)!.hidden);
  const total = t('tableTotal');
  return (
    <fieldset id={props.fieldPathId.$id} className="fw-grid" style={columnsOf(shape.width, totals)} data-grid={shape.columns ? 'matrix' : 'rows'}>
      {props.title && <div className="fw-section-title">{props.title}</div>}
      <div className="fw-table-scroll">
        <div className="fw-grid-table" role="table" style={{ minWidth: leastWidth(shape.width, totals) }}>
          {shape.columns && (
            <div className="fw-grid-line fw-grid-head" role="row">
              <div role="columnheader" />
              {shape.columns.map((c) => (
                <div key={c.name} role="columnheader">
                  {c.title}
                </div>
              ))}
              {totals && <div role="columnheader">{total}</div>}
            </div>
          )}
          {visible.map((row) => {
            const i = shape.rows.indexOf(row);
            return (
              <div key={row.name} className="fw-grid-line" role="row" data-row={row.name}>
                <div className="fw-grid-rowhead" role="rowheader">
                  {row.title}
                </div>
                <div className="fw-grid-cells" style={{ gridColumn: `span ${shape.width}` }}>
                  {byName.get(row.name)!.content}
                </div>
                {totals && (
                  <div className="fw-grid-total" data-total={row.name}>
                    {shown(sums!.rows[i])}
                  </div>
                )}
              </div>
            );
          })}
          {totals && (
            <div className="fw-grid-line fw-grid-foot" role="row">
              <div className="fw-grid-rowhead" role="rowheader">
                {total}
              </div>
              {sums!.columns.map((n, c) => (
                <div key={shape.columns![c]!.name} className="fw-grid-total">
                  {shown(n)}
                </div>
              ))}
              <div className="fw-grid-total" data-total="all">
                {shown(sums!.all)}
              </div>
            </div>
          )}
        </div>
      </div>
      {props.properties.filter((p) => p.hidden).map((p) => p.content)}
    </fieldset>
  );
}

/** A row of a table: its figures side by side, in the table's columns. */
export function GridRowTemplate(props: ObjectFieldTemplateProps) {
  const visible = props.properties.filter((p) => !p.hidden);
  return (
    <div className="fw-grid-row">
      {visible.map((p) => (
        <div key={p.name} className="fw-grid-cell">
          {p.content}
        </div>
      ))}
      {props.properties.filter((p) => p.hidden).map((p) => p.content)}
    </div>
  );
}
