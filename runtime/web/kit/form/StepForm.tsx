/** The fields one workflow step asks for, as a plain form (see {@link StepForm}). */
import { useMemo, useState } from 'react';
import Form from '@rjsf/antd';
import type { RJSFSchema } from '@rjsf/utils';
import { useI18n } from '../i18n';
import { errorSchema, type FieldProblem } from './form-schema';
import { TEMPLATES, translators, validator } from './rjsf';

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
