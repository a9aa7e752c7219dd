/**
 * The frame of every field in a record form (see {@link FieldTemplate}). Shared by the workspace
 * and the designer's preview, so a field looks the same in both.
 */
import { getTemplate, getUiOptions, type FieldTemplateProps } from '@rjsf/utils';

/**
 * A light field frame: label, control, problems, help. antd's Form.Item measures its own layout
 * on every render (getComputedStyle, visibility checks), which on a 300-field form costs more
 * than everything else together; this frame only lays out.
 */
export function FieldTemplate(props: FieldTemplateProps) {
  const { children, displayLabel, rawErrors, rawHelp, rawDescription, hidden, id, label, required, registry, uiSchema, schema } = props;
  if (hidden) return <div className="rjsf-field-hidden">{children}</div>;
  const WrapIfAdditional = getTemplate('WrapIfAdditionalTemplate', registry, getUiOptions(uiSchema));
  // rjsf leaves out the errors component where a child shows the errors — an either-or field's
  // chosen branch — and hands rawErrors to both: shown here too, they appeared twice.
  const errors = props.errors === undefined ? [] : (rawErrors ?? []);
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
