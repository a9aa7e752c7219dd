/**
 * The published code lists a draft can use: their names (for pickers) and, for the code lists a
 * draft references, their schemas (for the preview, compiled as the server will compile it).
 */
import { useEffect, useMemo, useState } from 'react';
import { CODELIST_SCHEME } from '../../runtime/web/kit/engine';
import { listModules, type ModuleSummary } from '../../runtime/web/kit/definitions';
import { latestModule } from './api';
import type { Draft } from './model/paths';

const schemas = new Map<string, Promise<unknown>>();

/** The published code lists (kind `codelist`). */
export function useCodelistSummaries(): ModuleSummary[] {
  const [lists, setLists] = useState<ModuleSummary[]>([]);
  useEffect(() => {
    void listModules().then((all) => setLists(all.filter((m) => m.kind === 'codelist')));
  }, []);
  return lists;
}

/** The keys of the code lists a definition references (`codelist:<key>`), sorted. */
export function referencedCodelists(definition: unknown): string[] {
  const found = new Set<string>();
  for (const match of JSON.stringify(definition ?? null).matchAll(/"codelist:([a-z][a-zA-Z0-9_-]*)"/g)) found.add(match[1]!);
  return [...found].sort();
}

/** The latest published schema of each code list a definition references, by `codelist:<key>`. */
export function useCodelistSchemas(definition: Draft | undefined): Record<string, unknown> | undefined {
  const keys = referencedCodelists(definition).join(',');
  const [loaded, setLoaded] = useState<{ keys: string; value: Record<string, unknown> }>();
  useEffect(() => {
    let gone = false;
    const list = keys === '' ? [] : keys.split(',');
    void Promise.all(
      list.map(async (key) => {
        if (!schemas.has(key)) schemas.set(key, latestModule(key).then((m) => m.schema).catch(() => undefined));
        return [`${CODELIST_SCHEME}${key}`, await schemas.get(key)] as const;
      }),
    ).then((entries) => {
      if (!gone) setLoaded({ keys, value: Object.fromEntries(entries.filter(([, schema]) => schema !== undefined)) });
    });
    return () => {
      gone = true;
    };
  }, [keys]);
  return useMemo(() => (loaded?.keys === keys ? loaded.value : undefined), [loaded, keys]);
}
