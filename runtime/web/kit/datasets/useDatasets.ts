/** The datasets the caller may export or import into (`GET /api/datasets`), each with its codebook. */
import { useEffect, useState } from 'react';
import { ApiError, get } from '../api';
import type { DatasetView } from '../contract';

/** The datasets (of one module when `module` is given); undefined while loading; [] when none or not allowed. */
export function useDatasets(allowed: boolean, module?: string): { datasets: DatasetView[] | undefined; error: string | undefined } {
  const [datasets, setDatasets] = useState<DatasetView[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!allowed) {
      setDatasets([]);
      return;
    }
    let live = true;
    setDatasets(undefined);
    get<DatasetView[]>('/api/datasets').then(
      (list) => live && setDatasets(module ? list.filter((d) => d.module === module) : list),
      (e: unknown) => {
        if (!live) return;
        setDatasets([]);
        setError(e instanceof ApiError ? e.message : String(e));
      },
    );
    return () => {
      live = false;
    };
  }, [allowed, module]);
  return { datasets, error };
}

/** The title of a dataset's own date: the column that exports it, the creation time, or words for "its date". */
export function dateFieldTitle(dataset: DatasetView, pick: (text: { 'zh-CN': string; en?: string }) => string, createdAt: string, fallback: string): string {
  if (dataset.dateField === '@createdAt') return createdAt;
  const column = dataset.columns.find((c) => c.source === dataset.dateField);
  return column ? pick(column.title) : fallback;
}

/** The workflow states a dataset exports, with their titles (from its @state column's codes). */
export function stateOptions(dataset: DatasetView, pick: (text: { 'zh-CN': string; en?: string }) => string): { value: string; label: string }[] {
  const column = dataset.columns.find((c) => c.source === '@state');
  const codes = column?.codes ?? [];
  return codes.filter((c) => !dataset.states || dataset.states.includes(String(c.code))).map((c) => ({ value: String(c.code), label: pick(c.title) }));
}
