/**
 * Where the embedded PostgreSQL keeps its data: ./.formwork, unless we are root and the
 * `postgres` user cannot get there (a clone under /root), or FORMWORK_DATA_DIR says otherwise.
 */
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../runtime/src/config.js';
import { chooseDataDir, postgresBlockedAt, rootDataDir, type Blocked } from '../../runtime/src/platform/db/data-dir.js';

/** A machine where /root is closed (mode 700) and everything else may be entered. */
const rootClosed = (dir: string): Blocked | undefined => (dir.startsWith('/root/') ? { folder: '/root', mode: 0o700 } : undefined);
const open = (): Blocked | undefined => undefined;

describe('choosing the data folder', () => {
  it('gives a normal user ./.formwork of the project folder, reachable or not', () => {
    expect(chooseDataDir({ uid: 1000, cwd: '/root/x/formwork', env: {}, blockedAt: rootClosed })).toEqual({
      dataDir: '/root/x/formwork/.formwork',
      source: 'default',
      reason: 'the default ./.formwork of the project folder /root/x/formwork',
    });
    // No user ids (Windows): PostgreSQL runs as whoever we are.
    expect(chooseDataDir({ uid: undefined, cwd: '/root/x/formwork', env: {}, blockedAt: rootClosed }).source).toBe('default');
  });

  it('gives root ./.formwork too when the postgres user can reach it', () => {
    expect(chooseDataDir({ uid: 0, cwd: '/srv/formwork', env: {}, blockedAt: rootClosed })).toMatchObject({
      dataDir: '/srv/formwork/.formwork',
      source: 'default',
    });
  });

  it('gives root a folder of its own under /var/lib/formwork when the postgres user cannot reach ./.formwork, and says why', () => {
    const choice = chooseDataDir({ uid: 0, cwd: '/root/x/formwork', env: {}, blockedAt: rootClosed });
    expect(choice.source).toBe('root');
    expect(choice.dataDir).toMatch(/^\/var\/lib\/formwork\/formwork-[0-9a-f]{12}$/);
    expect(choice.dataDir).toBe(rootDataDir('/root/x/formwork'));
    expect(choice.reason).toContain('cannot enter /root (mode 700)');
    expect(choice.reason).toContain('/root/x/formwork/.formwork');
    expect(choice.reason).toContain('FORMWORK_DATA_DIR');
  });

  it('keeps one folder per project folder: the same on every start, another for another checkout', () => {
    const choose = (cwd: string) => chooseDataDir({ uid: 0, cwd, env: {}, blockedAt: rootClosed }).dataDir;
    expect(choose('/root/x/formwork')).toBe(choose('/root/x/formwork'));
    expect(choose('/root/x/formwork/')).toBe(choose('/root/x/formwork'));
    // Same folder name, different place: different clusters.
    expect(choose('/root/y/formwork')).not.toBe(choose('/root/x/formwork'));
    // A name that is not a safe folder name is tidied; the hash still tells checkouts apart.
    expect(choose('/root/my forms')).toMatch(/^\/var\/lib\/formwork\/my_forms-[0-9a-f]{12}$/);
  });

  it('keeps FORMWORK_DATA_DIR as given (relative to the project folder), even where the postgres user cannot reach it', () => {
    expect(chooseDataDir({ uid: 0, cwd: '/root/x/formwork', env: { FORMWORK_DATA_DIR: 'data' }, blockedAt: rootClosed })).toEqual({
      dataDir: '/root/x/formwork/data',
      source: 'env',
      reason: 'set by FORMWORK_DATA_DIR',
    });
    expect(chooseDataDir({ uid: 1000, cwd: '/srv/fw', env: { FORMWORK_DATA_DIR: '/var/lib/fw' }, blockedAt: open }).dataDir).toBe('/var/lib/fw');
  });

  it('keeps ./.formwork when /var/lib/formwork is out of reach too, so the start names what blocks it', () => {
    const closed = (): Blocked => ({ folder: '/', mode: 0o700 });
    expect(chooseDataDir({ uid: 0, cwd: '/root/x/formwork', env: {}, blockedAt: closed })).toMatchObject({
      dataDir: '/root/x/formwork/.formwork',
      source: 'default',
    });
  });

  it('is what the configuration uses, so `serve` and every CLI command agree', () => {
    const config = loadConfig({}, '/root/x/formwork', { uid: 0, blockedAt: rootClosed });
    expect(config.dataDir).toBe(rootDataDir('/root/x/formwork'));
    expect(config.dataDirReason).toContain('cannot enter /root');
  });
});

describe('what the postgres user cannot enter', () => {
  let scratch: string | undefined;
  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('is the first existing folder above the data folder that others may not enter', async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'formwork-blocked-'));
    const closed = path.join(scratch, 'closed');
    const opened = path.join(scratch, 'open');
    await mkdir(path.join(closed, 'project'), { recursive: true });
    await mkdir(path.join(opened, 'project'), { recursive: true });
    await chmod(scratch, 0o711);
    await chmod(closed, 0o700);
    await chmod(opened, 0o755);
    expect(postgresBlockedAt(path.join(closed, 'project/.formwork'))).toEqual({ folder: closed, mode: 0o700 });
    expect(postgresBlockedAt(path.join(opened, 'project/.formwork'))).toBeUndefined();
    // Folders still to be made are made enterable; the data folder itself is opened at start.
    expect(postgresBlockedAt(path.join(opened, 'not/yet/.formwork'))).toBeUndefined();
    expect(postgresBlockedAt(closed)).toBeUndefined();
  });
});
