/**
 * Builds the web apps — the workspace (runtime/web/dist) and the designer (designer/dist) — each
 * when it is missing or older than its sources: the app itself, the shared web kit, the engine it
 * compiles in, and the meta-model. `npm start` and the test setup call it; `npm run build:web`
 * forces a build of both. (The designer is named here by its folder, never imported: the web
 * layering keeps runtime/web from reaching into an app.)
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const designer = path.join(root, 'designer');
export const WEB_DIST = path.join(here, 'dist');
export const DESIGNER_DIST = path.join(designer, 'dist');

/** What every app is built from besides its own folder. */
const SHARED = [path.join(here, 'kit'), path.join(root, 'engine/src'), path.join(root, 'definitions/meta')];

/** One web app: where its Vite config is, where it builds to, and what it is built from. */
interface WebApp {
  name: string;
  config: string;
  dist: string;
  sources: string[];
}

const APPS: readonly WebApp[] = [
  {
    name: 'workspace (runtime/web)',
    config: path.join(here, 'vite.config.ts'),
    dist: WEB_DIST,
    sources: [path.join(here, 'src'), path.join(here, 'index.html'), path.join(here, 'vite.config.ts'), ...SHARED],
  },
  {
    name: 'designer (designer/)',
    config: path.join(designer, 'vite.config.ts'),
    dist: DESIGNER_DIST,
    sources: [path.join(designer, 'src'), path.join(designer, 'index.html'), path.join(designer, 'vite.config.ts'), ...SHARED],
  },
];

function newest(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((max, name) => Math.max(max, newest(path.join(entry, name))), stat.mtimeMs);
}

function isStale(app: WebApp): boolean {
  const index = path.join(app.dist, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return app.sources.some((s) => newest(s) > built);
}

/** Whether a built app is missing or older than something it is built from. */
export function webIsStale(): boolean {
  return APPS.some(isStale);
}

/** Builds each app that is stale (or every app, with force); true when anything was built. */
export async function buildWeb(options: { force?: boolean; log?: (m: string) => void } = {}): Promise<boolean> {
  const due = APPS.filter((app) => options.force || isStale(app));
  if (due.length === 0) return false;
  const { build } = await import('vite');
  // Always React's production build and JSX runtime, whoever calls: under vitest NODE_ENV is
  // `test`, and Vite and the React plugin would bundle the development ones (2–3× slower).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    for (const app of due) {
      options.log?.(`building the ${app.name} …`);
      await build({ configFile: app.config, mode: 'production', logLevel: 'warn' });
    }
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const built = await buildWeb({ force: process.argv.includes('--force'), log: console.log });
  console.log(built ? `web apps built in ${((Date.now() - started) / 1000).toFixed(1)} s` : 'web apps are up to date');
}
