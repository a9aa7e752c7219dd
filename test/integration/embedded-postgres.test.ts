/**
 * `formwork serve` with no DATABASE_URL, as a user runs `npm start`: an embedded PostgreSQL
 * that does not collide with the server on 5432, survives the Node process being killed, and
 * stops with the server. Runs the real CLI as a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];
let dataDir: string;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function serve(port: number): { child: ChildProcess; output: () => string } {
  // No demo data: this is about the database's life, and seeding would only slow each start.
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), FORMWORK_DATA_DIR: dataDir, LOG_LEVEL: 'warn', FORMWORK_DEMO: '0' };
  delete env.DATABASE_URL;
  delete env.FORMWORK_ADMIN_PASSWORD;
  const child = spawn(process.execPath, [path.join(root, 'bin/formwork.js'), 'serve'], { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let text = '';
  child.stdout!.on('data', (chunk) => (text += String(chunk)));
  child.stderr!.on('data', (chunk) => (text += String(chunk)));
  return { child, output: () => text };
}

async function healthy(port: number, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.status === 200) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no health within ${timeoutMs} ms:\n${output()}`);
}

const postmaster = () => readFileSync(path.join(dataDir, 'pg/postmaster.pid'), 'utf8').split('\n');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const exited = (child: ChildProcess) => new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  if (dataDir && existsSync(path.join(dataDir, 'pg/postmaster.pid'))) {
    const pid = Number(postmaster()[0]);
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

// The embedded server is what runs when DATABASE_URL is absent; the pass against the machine's
// PostgreSQL service (DATABASE_URL set) has nothing to add here.
describe.skipIf(inject('databaseMode') === 'service')('embedded PostgreSQL through `formwork serve`', () => {
  it('starts, survives a killed server process, and stops with the server', { timeout: 180_000 }, async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'formwork-serve-'));
    const port = await freePort();

    // First start: no admin password configured, so one is generated and printed once.
    const first = serve(port);
    await healthy(port, first.output);
    const printed = /password:\s+(\S+)/.exec(first.output());
    expect(printed, first.output()).not.toBeNull();
    const password = printed![1]!;
    const pgPort = Number(postmaster()[3]);
    expect(pgPort).not.toBe(5432);
    const orphan = Number(postmaster()[0]);

    // Killed without a chance to stop PostgreSQL: the cluster keeps running as an orphan.
    first.child.kill('SIGKILL');
    await exited(first.child);
    expect(alive(orphan)).toBe(true);

    // The next start recovers: it stops the orphan and starts its own server on the same data.
    const second = serve(port);
    await healthy(port, second.output);
    expect(alive(orphan)).toBe(false);
    expect(second.output()).not.toMatch(/password:/);
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);

    // A clean stop takes PostgreSQL down with it.
    const running = Number(postmaster()[0]);
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);
    const deadline = Date.now() + 15_000;
    while (alive(running) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(alive(running)).toBe(false);
    expect(existsSync(path.join(dataDir, 'pg/postmaster.pid'))).toBe(false);
  });
});
