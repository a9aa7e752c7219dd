/** Loading a record for the record page (see {@link useRecord}). */
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError, get } from '../../../kit/api';
import { loadModule, type Loaded } from '../../../kit/definitions';
import { listUnits, type UnitNode } from '../../../kit/units';
import type { AttachmentView as Attachment, HistoryView as HistoryEntry, RecordView } from '../../../kit/contract';
import { withFigures } from './record-data';
import { useRecordForm } from './useRecordForm';

/** A new record's initial data, from `?data=` (none when it is not JSON). */
function initialData(search: URLSearchParams): Record<string, unknown> {
  try {
    return JSON.parse(search.get('data') ?? '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * Record `id` — or, without one, a new record of module `newKey` — with the definition version
 * it was made under, its history and attachments, the units, and its form's state; `load` reads
 * it all again (and starts a fresh form), `error` says why it could not.
 */
export function useRecord(id: string | undefined, newKey: string | undefined) {
  const [search] = useSearchParams();
  const form = useRecordForm();
  const { reset } = form;
  const [record, setRecord] = useState<RecordView>();
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<string>();
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [units, setUnits] = useState<UnitNode[]>([]);

  const isNew = !id;
  const load = useCallback(async () => {
    setError(undefined);
    try {
      void listUnits().then(setUnits);
      if (isNew) {
        const module = await loadModule(newKey!);
        setLoaded(module);
        setRecord(undefined);
        reset(initialData(search));
      } else {
        const found = await get<RecordView>(`/api/records/${id}`);
        const module = await loadModule(found.key, found.moduleVersion);
        setLoaded(module);
        setRecord(found);
        reset(found.prefill ? withFigures(found.data, found.prefill) : found.data);
        void get<HistoryEntry[]>(`/api/records/${id}/history`).then(setHistory);
        void get<Attachment[]>(`/api/records/${id}/attachments`).then(setAttachments);
      }
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }, [id, isNew, newKey, search, reset]);
  useEffect(() => {
    void load();
  }, [load]);

  /** The attachments read again (after an upload or a removal). */
  const refreshAttachments = () => {
    if (record) void get<Attachment[]>(`/api/records/${record.id}/attachments`).then(setAttachments);
  };

  return { record, loaded, error, history, attachments, units, form, load, refreshAttachments };
}
