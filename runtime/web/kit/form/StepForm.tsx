/** The fields one workflow step asks for, as a plain form (see {@link StepForm}). */
import { useMemo, useState } from 'react';
import Form from '@rjsf/antd';
import type { RJSFSchema } from '@rjsf/utils';
import { ErrorBoundary } from '../ErrorBoundary';
import { useI18n } from '../i18n';
import { errorSchema, type FieldProblem } from './form-schema';
import { TEMPLATES, translators, validator, WIDGETS } from './rjsf';
import './form.css';

/** What a {@link StepForm} renders and reports back. */
export interface StepFormProps {
  schema: RJSFSchema;
  problems: readonly FieldProblem[];
  onChange(data: Record<string, unknown>): void;
}

function StepFormInner({ schema, problems, onChange }: StepFormProps) {
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
      widgets={WIDGETS}
      onChange={(event) => {
        const next = event.formData as Record<string, unknown>;
        setData(next);
        onChange(next);
      }}
    />
  );
}

/**
 * A plain form of a given schema (no rules): the fields one workflow step asks for. Like the
 * record form, it shows a notice in its place when the browser cannot render the schema.
 */
export function StepForm(props: StepFormProps) {
  return (
    <ErrorBoundary kind="form" resetKey={props.schema}>
      <StepFormInner {...props} />
    </ErrorBoundary>
  );
}
