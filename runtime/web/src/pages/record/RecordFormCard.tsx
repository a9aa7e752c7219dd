/** The record's form (see {@link RecordFormCard}). */
import { useMemo } from 'react';
import { Card } from 'antd';
import type { EvaluationContext } from '../../../kit/engine';
import { RecordForm } from '../../../kit/form/RecordForm';
import type { Loaded } from '../../../kit/definitions';
import { useRecordWords } from './words';
import type { RecordFormState } from './useRecordForm';

/** The record's form, its pre-filled figures marked (a refusal's problems are listed by the form itself). */
export function RecordFormCard({
  loaded,
  form,
  context,
  disabled,
  fieldAccess,
}: {
  loaded: Loaded;
  form: RecordFormState;
  context: EvaluationContext;
  disabled: boolean;
  fieldAccess?: Readonly<Record<string, 'read' | 'hidden'>>;
}) {
  const { t } = useRecordWords();
  const { compiled } = loaded;
  const systemFilled = useMemo(
    () => Object.fromEntries((compiled.report?.prefilled ?? []).map((e) => [e.pointer, t('prefilled')])),
    [compiled, t],
  );
  return (
    <Card size="small">
      <RecordForm
        key={form.formKey}
        compiled={compiled}
        codelists={loaded.codelists}
        initialData={form.data}
        context={context}
        disabled={disabled}
        serverProblems={form.problems}
        showRequired={form.showRequired}
        systemFilled={systemFilled}
        {...(fieldAccess ? { fieldAccess } : {})}
        onChange={form.onChange}
        onFailure={form.onFailure}
      />
    </Card>
  );
}
