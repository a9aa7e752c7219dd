/**
 * Builds the workspace (runtime/web/dist) when it is missing or older than its sources — the
 * web app, the shared web kit, the engine it compiles in, and the meta-model. `npm start` and
 * the test setup call it; `npm run build:web` forces a build.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
export const WEB_DIST = path.join(here, 'dist');
const SOURCES = [path.join(here, 'src'), path.join(here, 'kit'), path.join(here, 'index.html'), path.join(here, 'vite.config.ts'), path.join(root, 'engine/src'), path.join(root, 'definitions/meta')];

function newest(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((max, name) => Math.max(max, newest(path.join(entry, name))), stat.mtimeMs);
}

/** Whether the built app is missing or older than something it is built from. */
export function webIsStale(): boolean {
  const index = path.join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.some((s) => newest(s) > built);
}

/** Builds the app if it is stale (or always, with force). */
export async function buildWeb(options: { force?: boolean; log?: (m: string) => void } = {}): Promise<boolean> {
  if (!options.force && !webIsStale()) return false;
  options.log?.('building the workspace (runtime/web) …');
  const { build } = await import('vite');
  // Always React's production build and JSX runtime, whoever calls: under vitest NODE_ENV is
  // `test`, and Vite and the React plugin would bundle the development ones (2–3× slower).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(here, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const built = await buildWeb({ force: process.argv.includes('--force'), log: console.log });
  console.log(built ? `workspace built in ${((Date.now() - started) / 1000).toFixed(1)} s` : 'workspace is up to date');
}
