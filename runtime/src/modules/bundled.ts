/**
 * The modules Formwork ships (definitions/modules/<key>/definition.json): published on a
 * server's first start — each one only while it is absent, so HQ's own later versions are never
 * overwritten. Code lists go first (modules reference them), then record modules — those whose
 * datasets name another module's records (`ref` columns) after the others —, reports last (they
 * pre-fill from record modules).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { refModules, type ModuleDefinition } from '../../../engine/src/index.js';
import type { AppContext } from '../context.js';

export const BUNDLED_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../definitions/modules');

export async function readBundled(dir = BUNDLED_DIR): Promise<ModuleDefinition[]> {
  const keys = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const definitions = await Promise.all(keys.map(async (key) => JSON.parse(await readFile(path.join(dir, key, 'definition.json'), 'utf8')) as ModuleDefinition));
  const rank = (d: ModuleDefinition) => ({ codelist: 0, record: 1, report: 3 })[d.kind] + (d.kind === 'record' && refModules(d).some((key) => key !== d.key) ? 1 : 0);
  return definitions.sort((a, b) => rank(a) - rank(b));
}

/** Publishes every bundled module that is not published yet; returns the keys published. */
export async function publishBundled(ctx: AppContext, dir = BUNDLED_DIR): Promise<string[]> {
  const published: string[] = [];
  for (const definition of await readBundled(dir)) {
    if (await ctx.registry.getLatest(definition.key)) continue;
    await ctx.modules.publish(definition.key, definition, { username: 'system', unitCode: null });
    published.push(definition.key);
  }
  return published;
}
