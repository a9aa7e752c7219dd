/**
 * Timed work on a PostgreSQL job queue (pg-boss): a job is created in the same transaction as
 * the write that needs it, and is fetched by exactly one worker however many instances run.
 * Handlers make their effects idempotent (see record-deadlines.ts), so a retried job never
 * acts twice.
 */
import PgBoss from 'pg-boss';
import type { Database } from '../db/database.js';
import type { Transaction } from 'sequelize';
import { borrow, giveBack, runSql } from '../db/sql.js';

export const DEADLINE_QUEUE = 'record-deadline';
/** Dataset exports run in the background (see datasets/export-jobs.ts). */
export const EXPORT_QUEUE = 'dataset-export';

/** Jobs one worker fetches at a time. */
const JOB_BATCH = 50;

/** How long a job waits to be run once due (a server down for weeks still runs it). */
const KEEP_AFTER_DUE_MS = 366 * 24 * 3600 * 1000;

/**
 * pg-boss keeps a job until its start time plus 14 days, then archives it unrun: a deadline
 * already weeks past when it is scheduled (a backdated due date, a report assigned late for an
 * old period) would be dropped. Jobs are kept a year after they are due, or after now.
 */
export const keepUntil = (startAfter: Date): Date => new Date(Math.max(startAfter.getTime(), Date.now()) + KEEP_AFTER_DUE_MS);

export interface JobQueueOptions {
  /** pg-boss runs every statement on this database's one pool (it opens no pool of its own). */
  db: Database;
  log: (message: string) => void;
  /** How often idle workers look for due jobs. */
  pollingIntervalSeconds?: number;
}

export class JobQueue {
  private readonly boss: PgBoss;
  private started = false;
  private readonly handlers = new Map<string, (data: Record<string, unknown>) => Promise<void>>();
  /** Jobs a worker fetches at once, per queue (JOB_BATCH unless work() said otherwise). */
  private readonly batchSizes = new Map<string, number>();
  private paused = 0;

  constructor(private readonly options: JobQueueOptions) {
    this.boss = new PgBoss({ db: { executeSql: (text, values) => this.executeSql(text, values) }, schema: 'pgboss', schedule: false, supervise: true });
    this.boss.on('error', (error: Error) => options.log(`job queue: ${error.message}`));
  }

  async start(): Promise<void> {
    await this.boss.start();
    // Instances starting together race to create the queue: one wins, the others may see a
    // unique violation or be chosen as a deadlock victim; they look again once the winner commits.
    for (const queue of [DEADLINE_QUEUE, EXPORT_QUEUE]) {
      for (let attempt = 1; !(await this.boss.getQueue(queue)); attempt++) {
        try {
          await this.boss.createQueue(queue);
        } catch (error) {
          if (attempt >= 10) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
        }
      }
    }
    this.started = true;
  }

  /**
   * Schedules jobs inside the caller's transaction, in one statement: they exist only if the
   * transaction commits.
   */
  async sendMany(tx: Transaction, queue: string, jobs: readonly { data: object; startAfter: Date }[]): Promise<void> {
    if (jobs.length === 0) return;
    const { db } = this.options;
    const options = { retryLimit: 5, retryDelay: 5, retryBackoff: true };
    // pg-boss inserts a batch with one statement; a few thousand rows per statement at most.
    for (let i = 0; i < jobs.length; i += 2_000) {
      await this.boss.insert(
        jobs.slice(i, i + 2_000).map((j) => ({ name: queue, data: j.data, startAfter: j.startAfter, keepUntil: keepUntil(j.startAfter), ...options })),
        { db: { executeSql: (text: string, values: unknown[]) => runSql(db, text, values, tx) } },
      );
    }
  }

  /** Handles jobs of a queue on this instance. */
  async work(queue: string, handler: (data: Record<string, unknown>) => Promise<void>, options: { batchSize?: number } = {}): Promise<void> {
    this.handlers.set(queue, handler);
    if (options.batchSize) this.batchSizes.set(queue, options.batchSize);
    if (this.paused === 0) await this.startWorker(queue, handler);
  }

  /**
   * Stops this instance's workers until resume() (nested calls count): the demo seed replays
   * months of use with its own clock, and a worker firing those months' deadlines meanwhile
   * would act on records the seed is still moving.
   */
  async pause(): Promise<void> {
    if (this.paused++ === 0) for (const queue of this.handlers.keys()) await this.boss.offWork(queue);
  }

  async resume(): Promise<void> {
    if (this.paused === 0) return;
    if (--this.paused === 0) for (const [queue, handler] of this.handlers) await this.startWorker(queue, handler);
  }

  private async startWorker(queue: string, handler: (data: Record<string, unknown>) => Promise<void>): Promise<void> {
    // pg-boss fetches once per polling interval: a batch per fetch, or a quarter's deadline for
    // thousands of units would escalate one unit a second. Every job of a batch is tried; if any
    // failed the batch is retried, which is safe because handlers are idempotent.
    await this.boss.work(queue, { batchSize: this.batchSizes.get(queue) ?? JOB_BATCH, pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 1 }, async (jobs) => {
      const failures: unknown[] = [];
      for (const job of jobs) {
        try {
          await handler(job.data as Record<string, unknown>);
        } catch (error) {
          failures.push(error);
        }
      }
      if (failures.length > 0) throw failures[0];
    });
  }

  /**
   * pg-boss's own statements (fetching, completing, maintenance), each on a connection borrowed
   * from the pool. Its maintenance commands are `BEGIN; …; COMMIT;` scripts: one that fails
   * midway leaves its transaction open, so it is rolled back before the connection goes back.
   */
  private async executeSql(text: string, values: unknown[] | undefined): Promise<{ rows: unknown[] }> {
    const { db } = this.options;
    const client = await borrow(db);
    let healthy = true;
    try {
      return await client.query(text, values);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => (healthy = false));
      throw error;
    } finally {
      await giveBack(db, client, healthy);
    }
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
