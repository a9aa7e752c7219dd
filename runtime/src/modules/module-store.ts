/** Module definitions and their immutable published versions: the SQL, in one place. */
import type { Sequelize } from 'sequelize';
import { DefinitionError, FormworkError, problem, type LocalizedText, type ModuleDefinition } from '../../../engine/src/index.js';
import { execute, selectOne, selectRows, type Tx } from '../platform/db/sql.js';
import type { VersionSummary } from '../api/modules.js';

/** The NOTIFY channel announcing publications to every instance. */
export const PUBLISH_CHANNEL = 'formwork_module_published';

export interface PublishedVersion {
  key: string;
  version: number;
  definition: ModuleDefinition;
  publishedBy: string;
  publishedAt: string;
}

interface VersionRow {
  key: string;
  version: number;
  definition: ModuleDefinition;
  published_by: string;
  published_at: Date;
}

const toVersion = (row: VersionRow): PublishedVersion => ({
  key: row.key,
  version: row.version,
  definition: row.definition,
  publishedBy: row.published_by,
  publishedAt: new Date(row.published_at).toISOString(),
});

export async function loadLatestVersions(sequelize: Sequelize): Promise<PublishedVersion[]> {
  const rows = await selectRows<VersionRow>(
    sequelize,
    `SELECT v.key, v.version, v.definition, v.published_by, v.published_at
       FROM modules m JOIN module_versions v ON v.key = m.key AND v.version = m.latest_version
      ORDER BY m.key`,
  );
  return rows.map(toVersion);
}

export async function loadLatestVersion(sequelize: Sequelize, key: string): Promise<PublishedVersion | undefined> {
  const row = await selectOne<VersionRow>(
    sequelize,
    `SELECT v.key, v.version, v.definition, v.published_by, v.published_at
       FROM modules m JOIN module_versions v ON v.key = m.key AND v.version = m.latest_version
      WHERE m.key = $1`,
    [key],
  );
  return row && toVersion(row);
}

export async function loadVersion(sequelize: Sequelize, key: string, version: number): Promise<PublishedVersion | undefined> {
  const row = await selectOne<VersionRow>(
    sequelize,
    'SELECT key, version, definition, published_by, published_at FROM module_versions WHERE key = $1 AND version = $2',
    [key, version],
  );
  return row && toVersion(row);
}

export type { VersionSummary } from '../api/modules.js';

export async function listVersions(sequelize: Sequelize, key: string): Promise<VersionSummary[]> {
  const rows = await selectRows<{ version: number; published_by: string; published_at: Date }>(
    sequelize,
    'SELECT version, published_by, published_at FROM module_versions WHERE key = $1 ORDER BY version',
    [key],
  );
  return rows.map((r) => ({ version: r.version, publishedBy: r.published_by, publishedAt: new Date(r.published_at).toISOString() }));
}

/**
 * Inserts the next version of a module inside the caller's transaction and announces it
 * (NOTIFY is delivered on commit, so no instance hears of a version that was rolled back).
 * The module row is locked, so concurrent publications get consecutive versions.
 */
export async function insertNextVersion(
  sequelize: Sequelize,
  args: { definition: ModuleDefinition; sha256: string; publishedBy: string; expectedVersion?: number },
  transaction: Tx,
): Promise<number> {
  const { definition } = args;
  await execute(
    sequelize,
    `INSERT INTO modules (key, kind, title) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING`,
    [definition.key, definition.kind, JSON.stringify(definition.title)],
    transaction,
  );
  const current = await selectOne<{ latest_version: number; kind: string }>(
    sequelize,
    'SELECT latest_version, kind FROM modules WHERE key = $1 FOR UPDATE',
    [definition.key],
    transaction,
  );
  const latest = current!.latest_version;
  const next = latest + 1;
  if (args.expectedVersion !== undefined && args.expectedVersion !== next) {
    throw new FormworkError('FW_DEF_VERSION_CONFLICT', { latest, next });
  }
  // A migration comes from a version that exists already.
  if (definition.migration && definition.migration.from > latest) {
    throw new DefinitionError([problem('/migration/from', 'FW_DEF_MIGRATION_FROM', { latest })]);
  }
  if (latest > 0 && current!.kind !== definition.kind) {
    throw new FormworkError('FW_DEF_KIND_CHANGED', { from: current!.kind, to: definition.kind });
  }
  const stored = { ...definition, version: next };
  await execute(
    sequelize,
    'INSERT INTO module_versions (key, version, definition, sha256, published_by) VALUES ($1, $2, $3, $4, $5)',
    [definition.key, next, JSON.stringify(stored), args.sha256, args.publishedBy],
    transaction,
  );
  await execute(
    sequelize,
    'UPDATE modules SET latest_version = $2, title = $3, updated_at = now() WHERE key = $1',
    [definition.key, next, JSON.stringify(definition.title satisfies LocalizedText)],
    transaction,
  );
  await execute(sequelize, 'SELECT pg_notify($1, $2)', [PUBLISH_CHANNEL, JSON.stringify({ key: definition.key, version: next })], transaction);
  return next;
}
