/**
 * Starts one real PostgreSQL for the integration run: the embedded one (the default), or the
 * server named by DATABASE_URL. Test files each create their own database on it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../runtime/src/platform/db/embedded-postgres.js';
import { buildWeb } from '../../runtime/web/build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL of the server's maintenance database, where test databases are created. */
    adminDatabaseUrl: string;
    /** 'embedded' or 'service'. */
    databaseMode: string;
  }
}

let embedded: EmbeddedDatabase | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  // Instances serve the workspace the browser tests drive: built once here when stale.
  await buildWeb({ log: (m) => console.log(m) });
  const external = process.env.DATABASE_URL;
  if (external) {
    project.provide('adminDatabaseUrl', external);
    project.provide('databaseMode', 'service');
    return;
  }
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'formwork-test-pg-'));
  embedded = await startEmbeddedPostgres({ dataDir });
  project.provide('adminDatabaseUrl', embedded.adminUrl);
  project.provide('databaseMode', 'embedded');
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
