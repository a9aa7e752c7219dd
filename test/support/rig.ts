/**
 * What a browser test file runs against: its own database, an instance with the shipped modules
 * published (and, when asked, the demo seeded) listening on a free port, and Chromium.
 */
import type { Browser } from 'playwright-core';
import type { Instance } from '../../runtime/src/server.js';
import { publishBundled } from '../../runtime/src/modules/bundled.js';
import { seedDemo } from '../../runtime/src/cli/demo/demo-seed.js';
import { launch } from './browser.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { startTestInstance } from './instance.js';

export interface Rig {
  db: TestDatabase;
  instance: Instance;
  browser: Browser;
  /** The instance's address, e.g. http://127.0.0.1:40123. */
  base: string;
}

/** Starts a rig: the shipped modules published, the demo seeded unless `demo: false`. */
export async function startRig(options: { demo?: boolean } = {}): Promise<Rig> {
  const db = await createTestDatabase();
  const instance = await startTestInstance(db.url);
  await publishBundled(instance.ctx);
  if (options.demo !== false) await seedDemo(instance.db, instance.jobs, {});
  const base = await instance.app.listen({ port: 0, host: '127.0.0.1' });
  return { db, instance, browser: await launch(), base };
}

/** Stops what a rig started (whatever of it did start). */
export async function stopRig(rig: Partial<Rig> | undefined): Promise<void> {
  await rig?.browser?.close();
  await rig?.instance?.stop();
  await rig?.db?.drop();
}
