/**
 * Module definitions and their immutable published versions, in one place: through the Module
 * and ModuleVersion models, but for the registry's join of each module with its latest version.
 */
import { fn, type Transaction } from 'sequelize';
import { DefinitionError, FormworkError, problem, type ModuleDefinition } from '../../../engine/src/index.js';
import { execute, selectOne, selectRows, type SqlTarget } from '../platform/db/sql.js';
import { moduleModels } from './module-models.js';
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

export async function loadLatestVersions(sequelize: SqlTarget): Promise<PublishedVersion[]> {
  const rows = await selectRows<VersionRow>(
    sequelize,
    `SELECT v.key, v.version, v.definition, v.published_by, v.published_at
       FROM modules m JOIN module_versions v ON v.key = m.key AND v.version = m.latest_version
      ORDER BY m.key`,
  );
  return rows.map(toVersion);
}

export async function loadLatestVersion(sequelize: SqlTarget, key: string): Promise<PublishedVersion | undefined> {
  const row = await selectOne<VersionRow>(
    sequelize,
    `SELECT v.key, v.version, v.definition, v.published_by, v.published_at
       FROM modules m JOIN module_versions v ON v.key = m.key AND v.version = m.latest_version
      WHERE m.key = $1`,
    [key],
  );
  return row && toVersion(row);
}

export async function loadVersion(sequelize: SqlTarget, key: string, version: number): Promise<PublishedVersion | undefined> {
  const row = await moduleModels(sequelize).ModuleVersion.findOne({
    attributes: ['key', 'version', 'definition', 'publishedBy', 'publishedAt'],
    where: { key, version },
    raw: true,
  });
  return row ? { key: row.key, version: row.version, definition: row.definition, publishedBy: row.publishedBy, publishedAt: new Date(row.publishedAt).toISOString() } : undefined;
}

export type { VersionSummary } from '../api/modules.js';

export async function listVersions(sequelize: SqlTarget, key: string): Promise<VersionSummary[]> {
  const rows = await moduleModels(sequelize).ModuleVersion.findAll({
    attributes: ['version', 'publishedBy', 'publishedAt'],
    where: { key },
    order: [['version', 'ASC']],
    raw: true,
  });
  return rows.map((r) => ({ version: r.version, publishedBy: r.publishedBy, publishedAt: new Date(r.publishedAt).toISOString() }));
}

/**
 * Inserts the next version of a module inside the caller's transaction and announces it
 * (NOTIFY is delivered on commit, so no instance hears of a version that was rolled back).
 * The module row is locked, so concurrent publications get consecutive versions.
 */
export async function insertNextVersion(
  sequelize: SqlTarget,
  args: { definition: ModuleDefinition; sha256: string; publishedBy: string; expectedVersion?: number },
  transaction: Transaction,
): Promise<number> {
  const { definition } = args;
  const { Module, ModuleVersion } = moduleModels(sequelize);
  await Module.bulkCreate([{ key: definition.key, kind: definition.kind, title: definition.title }], { ignoreDuplicates: true, transaction });
  const current = await Module.findOne({ attributes: ['latestVersion', 'kind'], where: { key: definition.key }, lock: transaction.LOCK.UPDATE, transaction, raw: true });
  const latest = current!.latestVersion;
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
  await ModuleVersion.create(
    { key: definition.key, version: next, definition: { ...definition, version: next }, sha256: args.sha256, publishedBy: args.publishedBy },
    { transaction, returning: false },
  );
  await Module.update({ latestVersion: next, title: definition.title, updatedAt: fn('now') }, { where: { key: definition.key }, transaction });
  await execute(sequelize, 'SELECT pg_notify($1, $2)', [PUBLISH_CHANNEL, JSON.stringify({ key: definition.key, version: next })], transaction);
  return next;
}
