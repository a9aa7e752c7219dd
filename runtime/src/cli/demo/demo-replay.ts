/**
 * What every step of the demo seed shares: a deterministic random generator, a clock the seed
 * sets back in time, and acting as the people of the unit that holds a record — through the
 * real services, so histories, notifications and deadlines are what real use would have left.
 */
import type { Database } from '../../platform/db/database.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import type { SessionUser } from '../../identity/identity-store.js';
import { findRecord } from '../../records/record-store.js';
import { selectRows } from '../../platform/db/sql.js';
import { createContext, type AppContext } from '../../context.js';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;

/** A small deterministic pseudo-random generator, so every demo is the same. */
export function prng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
  };
}

/** The demo's random generator. */
export type Random = ReturnType<typeof prng>;

/** A date as China writes it (UTC+8), e.g. '2026-03-31'. */
export const chinaDate = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);

/** A cadre of the demo organisation, whom cases, archives and findings are about. */
export interface Cadre {
  id: string;
  name: string;
  unit: string;
  position: string;
  grade: string;
}

/**
 * The replay of months of use: the services run on `clock`, which the steps move forward
 * (never past the real now); records are created and moved by the people of the demo units.
 */
export class DemoReplay {
  readonly ctx: AppContext;
  /** Records made so far, those the services make along the way (handed clues…) included. */
  records = 0;
  private time: number;
  private sessions = new Map<string, SessionUser>();

  constructor(
    readonly db: Database,
    jobs: JobQueue,
    /** The real now: the replay ends there. */
    readonly realNow: number,
    readonly rnd: Random,
  ) {
    this.time = realNow;
    this.ctx = createContext(db, { jobs, now: () => new Date(this.time) });
  }

  /** The replay's now, in milliseconds. */
  get clock(): number {
    return this.time;
  }

  /** Sets the clock to `t`, or to the real now if `t` is later. */
  at(t: number): void {
    this.time = Math.min(t, this.realNow);
  }

  /** Loads the sessions of every user (once they are created); returns how many there are. */
  async loadPeople(): Promise<number> {
    const rows = await selectRows<{ id: number; username: string; unit_code: string; roles: string[]; path: string; level: number }>(
      this.db.sequelize,
      'SELECT u.id, u.username, u.unit_code, u.roles, n.path::text AS path, n.level FROM users u JOIN units n ON n.code = u.unit_code',
    );
    this.sessions = new Map<string, SessionUser>(
      rows.map((r) => [r.username, { id: r.id, username: r.username, unitCode: r.unit_code, unitPath: r.path, unitLevel: r.level, roles: r.roles }]),
    );
    return this.sessions.size;
  }

  /** The demo user of a unit with a role (hq-officer, js0101-leader…). */
  person(unitCode: string, role: string): SessionUser {
    return this.sessions.get(unitCode === 'HQ' ? `hq-${role}` : `${unitCode.toLowerCase()}-${role}`)!;
  }

  /** Takes an action as the unit now holding the record, with a role the step allows. */
  async act(id: string, action: string, data: Record<string, unknown> = {}, comment?: string, unitCode?: string): Promise<void> {
    const { ctx } = this;
    const record = (await findRecord(this.db.sequelize, id))!;
    const compiled = await ctx.registry.compiled((await ctx.registry.getVersion(record.moduleKey, record.moduleVersion))!);
    const step = compiled.workflow.find(record.state, action)!;
    const role = step.roles.find((r) => ['officer', 'leader', 'admin'].includes(r))!;
    await ctx.records.act(this.person(record.assignedUnit, role), id, action, { data, ...(comment ? { comment } : {}), ...(unitCode ? { unitCode } : {}) }, undefined, 'demo-seed');
  }

  /** Creates a record as the unit's officer (or another role); returns its id. */
  async create(key: string, unitCode: string, data: Record<string, unknown>, role = 'officer'): Promise<string> {
    this.records += 1;
    return (await this.ctx.records.create(this.person(unitCode, role), key, { data }, { requestId: 'demo-seed' })).body.id;
  }
}
