/**
 * Published definitions, fetched as the API serves them and compiled in the browser by the
 * same engine the server runs — so a module HQ publishes appears with no rebuild, and the form's
 * live rules give the answers the server will give.
 */
import type { CompiledModule, ModuleDefinition } from './engine';
import { get } from './api';
import { forgetUnits } from './units';

/** A published module as the menu lists it (`GET /api/modules`). */
export interface ModuleSummary {
  key: string;
  kind: 'record' | 'report' | 'codelist';
  title: { 'zh-CN': string; en?: string };
  latestVersion: number;
}

/** A published definition version as the API serves it. */
export interface Published extends ModuleDefinition {
  version: number;
}

/** A definition version ready to render: the definition, compiled, with its code lists. */
export interface Loaded {
  definition: Published;
  compiled: CompiledModule;
  /** The code list schemas the definition references, by URI (codelist:<key>). */
  codelists: Record<string, unknown>;
}

let modules: Promise<ModuleSummary[]> | undefined;
const versions = new Map<string, Promise<Loaded>>();

/** Every published module (fetched again after `refresh`). */
export function listModules(refresh = false): Promise<ModuleSummary[]> {
  if (!modules || refresh) modules = get<ModuleSummary[]>('/api/modules').catch((error: unknown) => {
    modules = undefined;
    throw error;
  });
  return modules;
}

/** A version of a module (the latest when none is given), compiled. */
export async function loadModule(key: string, version?: number): Promise<Loaded> {
  const v = version ?? (await get<Published>(`/api/modules/${key}`)).version;
  const id = `${key}@${v}`;
  let found = versions.get(id);
  if (!found) {
    found = (async () => {
      // The engine comes with the first definition loaded, not with the app's shell: the menu
      // (listModules) is all the shell needs from here, and the engine is large.
      const { compileDefinition, CODELIST_SCHEME } = await import('./engine');
      const definition = await get<Published>(`/api/modules/${key}/versions/${v}`);
      const codelists: Record<string, unknown> = {};
      for (const [list, listVersion] of Object.entries(definition.codelists ?? {})) {
        const published = await get<Published>(`/api/modules/${list}/versions/${listVersion}`);
        codelists[`${CODELIST_SCHEME}${list}`] = published.schema;
      }
      // Published definitions passed every check on the server (including recheck's ReDoS
      // analysis); the browser only compiles them.
      const compiled = compileDefinition(definition, { codelists, patternChecker: { check: () => ({ safe: true }) } });
      return { definition, compiled, codelists };
    })();
    found.catch(() => versions.delete(id));
    versions.set(id, found);
  }
  return found;
}

/** Forgets everything cached for the previous user (their modules and their unit tree). */
export function clearCaches(): void {
  modules = undefined;
  forgetUnits();
}
