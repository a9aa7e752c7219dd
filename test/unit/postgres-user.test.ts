/**
 * The `postgres` system user a root process runs the embedded PostgreSQL as: found, created
 * when missing, or a clear error. The commands are recorded, not run.
 */
import { describe, expect, it } from 'vitest';
import { ensurePostgresUser, type RunCommand } from '../../runtime/src/platform/db/postgres-user.js';

/** A fake machine: which commands succeed, and a log of what was run. */
function machine(succeeds: (command: string) => boolean): { run: RunCommand; ran: string[] } {
  const ran: string[] = [];
  const run: RunCommand = async (file, args) => {
    const command = [file, ...args].join(' ');
    ran.push(command);
    if (!succeeds(command)) throw new Error(`${file}: failed`);
    return command === 'id -u postgres' ? '101\n' : command === 'id -g postgres' ? '104\n' : '';
  };
  return { run, ran };
}

describe('the postgres system user', () => {
  it('is used as it is when it exists', async () => {
    const { run, ran } = machine(() => true);
    expect(await ensurePostgresUser(run)).toEqual({ uid: 101, gid: 104, created: false });
    expect(ran).toEqual(['id -u postgres', 'id -u postgres', 'id -g postgres']);
  });

  it('is created as a system account without login or home when missing', async () => {
    let exists = false;
    const { run, ran } = machine((c) => (c.startsWith('useradd ') ? (exists = true) : c.startsWith('id ') && exists));
    expect(await ensurePostgresUser(run)).toEqual({ uid: 101, gid: 104, created: true });
    expect(ran).toContain('useradd --system --user-group --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin postgres');
  });

  it('joins a leftover postgres group instead of failing to create it again', async () => {
    let exists = false;
    const { run, ran } = machine((c) => (c.startsWith('useradd ') ? (exists = true) : c.startsWith('getent ') || exists));
    expect((await ensurePostgresUser(run)).created).toBe(true);
    expect(ran.find((c) => c.startsWith('useradd '))).toMatch(/^useradd --system --gid postgres /);
  });

  it('says what to do when it cannot be created', async () => {
    const { run } = machine((c) => c.startsWith('getent '));
    const failure = ensurePostgresUser(run);
    await expect(failure).rejects.toThrow(/must run as the "postgres" system user.*creating it failed: useradd: failed/);
    await expect(failure).rejects.toThrow(/useradd --system --user-group postgres.*DATABASE_URL/);
  });
});
