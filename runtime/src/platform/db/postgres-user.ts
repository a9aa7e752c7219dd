/**
 * PostgreSQL refuses to run as root, so a root process runs the embedded server as the
 * `postgres` system user, created here when the machine has none.
 */
import { execFile } from 'node:child_process';

/** Runs a program; resolves with its stdout, rejects (with its stderr in the message) when it fails. */
export type RunCommand = (file: string, args: string[]) => Promise<string>;

const runCommand: RunCommand = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, args, (error, stdout, stderr) => {
      if (error) reject(new Error(String(stderr).trim() || error.message));
      else resolve(String(stdout));
    });
  });

/** The `postgres` user's ids, and whether it was created just now. */
export interface PostgresUser {
  uid: number;
  gid: number;
  created: boolean;
}

/**
 * Makes sure the `postgres` user exists. A missing one is created as a system account that
 * cannot log in and has no home folder — what Debian's own PostgreSQL package makes, minus the
 * home. Throws, saying what to do, when it cannot.
 */
export async function ensurePostgresUser(run: RunCommand = runCommand): Promise<PostgresUser> {
  let created = false;
  if (!(await succeeds(run('id', ['-u', 'postgres'])))) {
    // `--user-group` fails when a `postgres` group is left over, e.g. from a removed package.
    const group = (await succeeds(run('getent', ['group', 'postgres']))) ? ['--gid', 'postgres'] : ['--user-group'];
    try {
      await run('useradd', ['--system', ...group, '--home-dir', '/nonexistent', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    } catch (error) {
      throw new Error(
        'Running as root, the embedded PostgreSQL must run as the "postgres" system user (PostgreSQL refuses to run as root), ' +
          `and this machine has none; creating it failed: ${(error as Error).message}. ` +
          'Create it (useradd --system --user-group postgres), run Formwork as a normal user, or set DATABASE_URL.',
      );
    }
    created = true;
  }
  const uid = Number((await run('id', ['-u', 'postgres'])).trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('Could not read the user and group ids of the "postgres" user');
  return { uid, gid, created };
}

async function succeeds(promise: Promise<unknown>): Promise<boolean> {
  return promise.then(
    () => true,
    () => false,
  );
}
