/**
 * Autosave: debounced, one save at a time with the revision the server last answered, edits
 * made during a save saved after it, a conflict stops saving until resolved (theirs or mine),
 * a failure is retried on the next change.
 */
import { describe, expect, it } from 'vitest';
import { DraftSaver, type SaveStatus, type Timers } from '../../designer/src/model/autosave';

class StaleError extends Error {}

/** Timers run by hand. */
function manualTimers(): Timers & { run(): void } {
  let pending: (() => void) | undefined;
  return {
    set: (fn) => {
      pending = fn;
      return fn;
    },
    clear: (h) => {
      if (h === pending) pending = undefined;
    },
    run: () => {
      const fn = pending;
      pending = undefined;
      fn?.();
    },
  };
}

function setup(server: { revision: number; fail?: 'stale' | 'down' }) {
  const timers = manualTimers();
  const calls: { definition: string; revision: number }[] = [];
  const statuses: SaveStatus[] = [];
  let release: (() => void) | undefined;
  let conflicts = 0;
  const saver = new DraftSaver<string, { revision: number }>(
    {
      async save(definition, revision) {
        calls.push({ definition, revision });
        await new Promise<void>((resolve) => (release = resolve));
        if (server.fail === 'stale') throw new StaleError();
        if (server.fail === 'down') throw new Error('down');
        if (revision !== server.revision) throw new StaleError();
        return { revision: ++server.revision };
      },
    },
    server.revision,
    'v0',
    { status: (s) => statuses.push(s), saved: () => undefined, conflict: () => conflicts++, failed: () => undefined },
    (e) => e instanceof StaleError,
    800,
    timers,
  );
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      release?.();
      release = undefined;
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { saver, timers, calls, statuses, settle, conflicts: () => conflicts };
}

describe('autosave', () => {
  it('saves the last of several quick changes once, with If-Match on the revision', async () => {
    const server = { revision: 3 };
    const { saver, timers, calls, statuses, settle } = setup(server);
    saver.change('v1');
    saver.change('v2');
    expect(saver.dirty).toBe(true);
    timers.run();
    await settle();
    expect(calls).toEqual([{ definition: 'v2', revision: 3 }]);
    expect(saver.currentRevision).toBe(4);
    expect(statuses.at(-1)).toBe('saved');
    expect(saver.dirty).toBe(false);
  });

  it('saves a change made while a save is in flight right after it, at the new revision', async () => {
    const server = { revision: 1 };
    const { saver, timers, calls, settle } = setup(server);
    saver.change('v1');
    timers.run();
    saver.change('v2');
    await settle();
    timers.run();
    await settle();
    expect(calls).toEqual([
      { definition: 'v1', revision: 1 },
      { definition: 'v2', revision: 2 },
    ]);
  });

  it('stops at a conflict, keeps the edit, and carries on after "keep mine" at the server revision', async () => {
    const server = { revision: 5 };
    const { saver, timers, calls, statuses, settle, conflicts } = setup(server);
    server.revision = 6; // someone else saved
    saver.change('mine');
    timers.run();
    await settle();
    expect(conflicts()).toBe(1);
    expect(statuses.at(-1)).toBe('conflict');
    saver.change('mine, more');
    timers.run();
    await settle();
    expect(calls).toHaveLength(1);
    saver.resume(6, 'mine, more', 'theirs');
    await settle();
    expect(calls.at(-1)).toEqual({ definition: 'mine, more', revision: 6 });
    expect(saver.currentRevision).toBe(7);
  });

  it('after "reload theirs" saves nothing until the next change', async () => {
    const server = { revision: 2, fail: 'stale' as const };
    const { saver, timers, calls, statuses, settle } = setup(server);
    saver.change('mine');
    timers.run();
    await settle();
    saver.resume(9, 'theirs', 'theirs');
    await settle();
    expect(calls).toHaveLength(1);
    expect(statuses.at(-1)).toBe('saved');
  });

  it('reports a failure and tries again on the next change', async () => {
    const server: { revision: number; fail?: 'down' } = { revision: 1, fail: 'down' };
    const { saver, timers, calls, statuses, settle } = setup(server);
    saver.change('v1');
    timers.run();
    await settle();
    expect(statuses.at(-1)).toBe('failed');
    delete server.fail;
    saver.change('v2');
    timers.run();
    await settle();
    expect(calls.map((c) => c.definition)).toEqual(['v1', 'v2']);
    expect(statuses.at(-1)).toBe('saved');
  });
});
