/** The record form's state (see {@link useRecordForm}). */
import { useCallback, useState } from 'react';
import type { FieldProblem } from '../../../kit/form/RecordForm';

/**
 * The record form's state: the data as edited, the form's generation (a new one remounts it),
 * the problems shown on its fields, whether required fields are flagged, and whether the browser
 * failed to render it (a form nobody could see is not offered for saving).
 */
export function useRecordForm() {
  const [data, setData] = useState<Record<string, unknown>>({});
  const [formKey, setFormKey] = useState(0);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [showRequired, setShowRequired] = useState(false);
  const [formFailed, setFormFailed] = useState(false);

  /** A fresh form over `initial`: no problems, required fields not yet flagged. */
  const reset = useCallback((initial: Record<string, unknown>) => {
    setData(initial);
    setProblems([]);
    setFormFailed(false);
    setShowRequired(false);
    setFormKey((k) => k + 1);
  }, []);
  /** The problems a refusal named, on their fields (a missing required field flags all of them). */
  const showProblems = useCallback((found: FieldProblem[]) => {
    setProblems(found);
    if (found.some((p) => p.code === 'FW_VAL_REQUIRED')) setShowRequired(true);
  }, []);
  const onChange = useCallback((next: Record<string, unknown>) => setData(next), []);
  const onFailure = useCallback(() => setFormFailed(true), []);

  return { data, formKey, problems, showRequired, formFailed, reset, showProblems, onChange, onFailure };
}

/** The record form's state, as {@link useRecordForm} keeps it. */
export type RecordFormState = ReturnType<typeof useRecordForm>;
