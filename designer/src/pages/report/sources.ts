/** The record modules a pre-fill can read, and one module's fields and states, loaded once each. */
import { useEffect, useState } from 'react';
import { listModules, type ModuleSummary } from '../../../../runtime/web/kit/definitions';
import { latestModule } from '../../api';
import { readCodes } from '../../model/codes';
import type { Draft } from '../../model/paths';
import { prefillSource, type PrefillSource } from '../../model/report-settings';

const sources = new Map<string, Promise<PrefillSource | undefined>>();
const codes = new Map<string, Promise<{ value: string; title: string }[]>>();

/** The published record modules (kind `record`). */
export function useRecordModules(): ModuleSummary[] {
  const [modules, setModules] = useState<ModuleSummary[]>([]);
  useEffect(() => {
    void listModules().then((all) => setModules(all.filter((m) => m.kind === 'record')));
  }, []);
  return modules;
}

/** A published record module as a pre-fill source (undefined while loading or when it is not there). */
export function useSource(key: string | undefined): PrefillSource | undefined {
  const [loaded, setLoaded] = useState<{ key: string; source: PrefillSource | undefined }>();
  useEffect(() => {
    if (!key) return;
    if (!sources.has(key)) sources.set(key, latestModule(key).then((d) => prefillSource(d as unknown as Draft)).catch(() => undefined));
    let gone = false;
    void sources.get(key)!.then((source) => !gone && setLoaded({ key, source }));
    return () => {
      gone = true;
    };
  }, [key]);
  return loaded && loaded.key === key ? loaded.source : undefined;
}

/** The codes of a published code list, for a condition's value picker. */
export function useCodes(key: string | undefined): { value: string; title: string }[] {
  const [loaded, setLoaded] = useState<{ key: string; codes: { value: string; title: string }[] }>();
  useEffect(() => {
    if (!key) return;
    if (!codes.has(key)) codes.set(key, latestModule(key).then((d) => readCodes(d as unknown as Draft)).catch(() => []));
    let gone = false;
    void codes.get(key)!.then((list) => !gone && setLoaded({ key, codes: list }));
    return () => {
      gone = true;
    };
  }, [key]);
  return loaded && loaded.key === key ? loaded.codes : [];
}
