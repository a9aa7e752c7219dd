/**
 * Autosave of a draft: every change is saved a moment after the last one (debounced), one save
 * at a time, each with If-Match on the revision the server last answered. A save the server
 * refuses as stale (409: someone else saved) stops autosaving and reports a conflict; nothing is
 * lost — the edits stay in the editor until the designer chooses to reload the server's version
 * or to overwrite it with theirs.
 */

/** What the saver needs of the server: save a definition at a revision. */
export interface SaveTarget<T, A> {
  save(definition: T, revision: number): Promise<A>;
}

/** Where saving stands. */
export type SaveStatus = 'saved' | 'pending' | 'saving' | 'conflict' | 'failed';

/** What the saver tells the editor. */
export interface SaverEvents<T, A> {
  status(status: SaveStatus): void;
  /** A save went through: the new revision and the server's answer. */
  saved(answer: A & { revision: number }, definition: T): void;
  /** The server refused the save as stale (409). */
  conflict(): void;
  failed(error: unknown): void;
}

/** Whether an error is the server's "stale revision" answer. */
export type IsConflict = (error: unknown) => boolean;

/** Timers, injectable for tests. */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const browserTimers: Timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };

/** Saves a draft as it changes (see the file header). */
export class DraftSaver<T, A extends { revision: number }> {
  private latest: T;
  private savedValue: T;
  private timer: unknown;
  private inFlight = false;
  private stopped = false;

  constructor(
    private readonly target: SaveTarget<T, A>,
    private revision: number,
    initial: T,
    private readonly events: SaverEvents<T, A>,
    private readonly isConflict: IsConflict,
    private readonly delayMs = 800,
    private readonly timers: Timers = browserTimers,
  ) {
    this.latest = initial;
    this.savedValue = initial;
  }

  /** The revision the server last answered. */
  get currentRevision(): number {
    return this.revision;
  }

  /** Whether edits are waiting to be saved (or being saved). */
  get dirty(): boolean {
    return this.latest !== this.savedValue || this.inFlight;
  }

  /** The definition changed: save it after a moment of quiet. */
  change(definition: T): void {
    this.latest = definition;
    if (this.stopped) return;
    if (definition === this.savedValue && !this.inFlight) {
      this.timers.clear(this.timer);
      this.events.status('saved');
      return;
    }
    this.events.status('pending');
    this.timers.clear(this.timer);
    this.timer = this.timers.set(() => void this.flush(), this.delayMs);
  }

  /** Saves now whatever is waiting (after the save in flight, if any). */
  async flush(): Promise<void> {
    this.timers.clear(this.timer);
    if (this.stopped || this.inFlight || this.latest === this.savedValue) return;
    const sending = this.latest;
    this.inFlight = true;
    this.events.status('saving');
    try {
      const answer = await this.target.save(sending, this.revision);
      this.revision = answer.revision;
      this.savedValue = sending;
      this.inFlight = false;
      this.events.saved(answer, sending);
      if (this.latest !== this.savedValue) await this.flush();
      else this.events.status('saved');
    } catch (error) {
      this.inFlight = false;
      if (this.isConflict(error)) {
        this.stopped = true;
        this.events.status('conflict');
        this.events.conflict();
      } else {
        this.events.status('failed');
        this.events.failed(error);
        // Tried again on the next change.
      }
    }
  }

  /**
   * Carries on from the server's state after a conflict: `revision` is the server's, and
   * `definition` what the editor now holds (the server's version when reloaded, or the
   * designer's own to overwrite it with, which is saved at once).
   */
  resume(revision: number, definition: T, serverDefinition: T): void {
    this.revision = revision;
    this.savedValue = serverDefinition;
    this.latest = definition;
    this.stopped = false;
    if (definition !== serverDefinition) void this.flush();
    else this.events.status('saved');
  }

  /** Stops saving (the page closes). */
  dispose(): void {
    this.stopped = true;
    this.timers.clear(this.timer);
  }
}
