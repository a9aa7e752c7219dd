/**
 * Where the embedded PostgreSQL keeps its data. A normal user gets `./.formwork` in the project
 * folder. Root does too, unless the `postgres` user (PostgreSQL refuses to run as root, so the
 * embedded server runs as `postgres` then) cannot get there — a clone under `/root` (mode 700)
 * is the usual case; then each project folder gets its own folder under /var/lib/formwork, so
 * `npm install && npm start` works there too. FORMWORK_DATA_DIR always wins.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';

/** The data folder used unless FORMWORK_DATA_DIR says otherwise, relative to the project folder. */
export const DEFAULT_DATA_DIR = './.formwork';

/** Root's data folders for projects the `postgres` user cannot reach live below this one. */
export const ROOT_DATA_PARENT = '/var/lib/formwork';

/** A folder on the way to a data folder that the `postgres` user may not enter. */
export interface Blocked {
  folder: string;
  /** Its permission bits, e.g. 0o700. */
  mode: number;
}

/** What the data folder is chosen from; everything that is not pure is passed in. */
export interface DataDirInput {
  /** The process's user id (undefined where there is none, i.e. Windows). */
  uid: number | undefined;
  /** The project folder (the working directory). */
  cwd: string;
  env: Record<string, string | undefined>;
  /** The first folder above `dir` the `postgres` user cannot enter, if any (see {@link postgresBlockedAt}). */
  blockedAt: (dir: string) => Blocked | undefined;
}

/** The data folder and why it was chosen. */
export interface DataDirChoice {
  dataDir: string;
  /** `env`: FORMWORK_DATA_DIR; `default`: ./.formwork; `root`: the folder under /var/lib/formwork. */
  source: 'env' | 'default' | 'root';
  /** Why, in a sentence for the log. */
  reason: string;
}

/** Chooses the data folder; pure, so every case is a unit test. */
export function chooseDataDir({ uid, cwd, env, blockedAt }: DataDirInput): DataDirChoice {
  const projectDir = path.resolve(cwd);
  if (env.FORMWORK_DATA_DIR !== undefined) {
    // An explicit choice is never moved: if `postgres` cannot reach it, the start fails and says why.
    return { dataDir: path.resolve(projectDir, env.FORMWORK_DATA_DIR), source: 'env', reason: 'set by FORMWORK_DATA_DIR' };
  }
  const defaultDir = path.resolve(projectDir, DEFAULT_DATA_DIR);
  const fallback = rootDataDir(projectDir);
  const blocked = uid === 0 ? blockedAt(defaultDir) : undefined;
  // When the fallback is out of reach too (an unusual /var/lib), the default stays and the start
  // reports the folder that blocks it.
  if (!blocked || blockedAt(fallback)) {
    return { dataDir: defaultDir, source: 'default', reason: `the default ${DEFAULT_DATA_DIR} of the project folder ${projectDir}` };
  }
  return {
    dataDir: fallback,
    source: 'root',
    reason:
      `running as root, PostgreSQL runs as the "postgres" user, which cannot enter ${blocked.folder} ` +
      `(mode ${blocked.mode.toString(8)}) on the way to ${defaultDir}; this folder belongs to the project folder ${projectDir} ` +
      'and is used on every start from there (FORMWORK_DATA_DIR chooses another)',
  };
}

/**
 * Root's data folder for a project folder: the same one on every start (the demo data persists),
 * a different one for every other checkout (a hash of the whole path; the folder's name only
 * helps a reader).
 */
export function rootDataDir(projectDir: string): string {
  const resolved = path.resolve(projectDir);
  const hash = createHash('sha256').update(resolved).digest('hex').slice(0, 12);
  const name = path.basename(resolved).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40) || 'project';
  return path.join(ROOT_DATA_PARENT, `${name}-${hash}`);
}

/**
 * The first existing folder above `dir` that the `postgres` user may not enter, judged by the
 * "others may enter" bit: the user may not exist yet, so its groups are unknown. Folders that do
 * not exist yet are created enterable; `dir` itself is made enterable by the embedded start.
 */
export function postgresBlockedAt(dir: string): Blocked | undefined {
  let current = path.dirname(path.resolve(dir));
  while (true) {
    let mode: number | undefined;
    try {
      mode = statSync(current).mode & 0o777;
    } catch {
      mode = undefined;
    }
    if (mode !== undefined && (mode & 0o001) === 0) return { folder: current, mode };
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
