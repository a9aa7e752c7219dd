/**
 * `formwork seed --demo` (and `npm start` on an empty database): a living demo organisation —
 * HQ, 3 provinces, 2 cities each, 2 counties each, an administrator, officer and leader per unit
 * — and a few hundred records of the bundled modules in every state, some of them overdue. Every
 * record goes through the real services and workflows, on a clock set back in time, so
 * histories, notifications and deadlines are what real use would have left.
 */
import type { Database } from '../../platform/db/database.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { selectOne } from '../../platform/db/sql.js';
import { hashPassword } from '../../identity/password.js';
import { seedCases } from './demo-cases.js';
import { seedFeedback } from './demo-feedback.js';
import { seedInspection } from './demo-inspections.js';
import { seedArchive, seedOpinions } from './demo-integrity.js';
import { demoUnits, hireCadres, seedUnitsAndPeople } from './demo-organisation.js';
import { DemoReplay, prng } from './demo-replay.js';
import { seedReports } from './demo-reports.js';

export const DEMO_PASSWORD = 'Formwork-Demo-2026';

export interface SeedResult {
  units: number;
  users: number;
  records: number;
}

interface SeedOptions {
  log?: (m: string) => void;
  now?: () => Date;
  /** Also the quarterly reports (default true). */
  reports?: boolean;
}

/**
 * Seeds the demo into a database that holds only the bootstrap; undefined when it holds more.
 * This instance's deadline workers wait meanwhile: the seed replays months with its own clock,
 * and the deadlines of those months fall due (and are worked through) once it is done.
 */
export async function seedDemo(db: Database, jobs: JobQueue, options: SeedOptions = {}): Promise<SeedResult | undefined> {
  await jobs.pause();
  try {
    return await replay(db, jobs, options);
  } finally {
    await jobs.resume();
  }
}

/** The story, module by module; every step draws on the same random sequence, in this order. */
async function replay(db: Database, jobs: JobQueue, options: SeedOptions): Promise<SeedResult | undefined> {
  const count = await selectOne<{ n: number }>(db.sequelize, 'SELECT count(*)::int AS n FROM units');
  if ((count?.n ?? 0) > 1) return undefined;
  const realNow = (options.now ?? (() => new Date()))().getTime();
  const demo = new DemoReplay(db, jobs, realNow, prng(20260901));
  await demo.ctx.registry.reload();
  if (!(await demo.ctx.registry.getLatest('discipline-case'))) throw new Error('the demo needs the bundled modules published first');

  // --- The organisation and its people -----------------------------------------------------------
  const units = demoUnits();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await seedUnitsAndPeople(db.sequelize, units, passwordHash);
  const users = await demo.loadPeople();
  const counties = units.filter((u) => u.code.length === 6).map((u) => u.code);
  const cities = units.filter((u) => u.code.length === 4).map((u) => u.code);
  const cadres = hireCadres(units, demo.rnd);

  // --- The modules' stories ----------------------------------------------------------------------
  const caseCadres = await seedCases(demo, cadres, counties, cities);
  await seedArchive(demo, caseCadres, cadres);
  await seedOpinions(demo, caseCadres, cities);
  await seedInspection(demo, cadres);
  await seedFeedback(demo, counties);
  if (options.reports !== false && (await demo.ctx.registry.getLatest('enforcement-quarterly'))) await seedReports(demo);

  options.log?.(`demo seeded: ${units.length} units, ${users} users, ${demo.records} records`);
  return { units: units.length, users, records: demo.records };
}
