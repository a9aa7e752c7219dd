/**
 * This instance's view of published modules: the latest version of each, compiled on demand
 * (once per key + version). Publications on any instance reach it through LISTEN/NOTIFY;
 * after a lost connection it reloads everything.
 */
import type { Sequelize } from 'sequelize';
import { CODELIST_SCHEME, type CompiledModule, type ModuleCompiler } from '../../../engine/src/index.js';
import {
  loadLatestVersion,
  loadLatestVersions,
  loadVersion,
  type PublishedVersion,
} from './module-store.js';

export class ModuleRegistry {
  private readonly latest = new Map<string, PublishedVersion>();

  constructor(
    private readonly sequelize: Sequelize,
    readonly compiler: ModuleCompiler,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Replaces the whole view with what the database holds. */
  async reload(): Promise<void> {
    const versions = await loadLatestVersions(this.sequelize);
    this.latest.clear();
    for (const v of versions) this.latest.set(v.key, v);
  }

  /** A NOTIFY payload `{ key, version }` from any instance. */
  async onPublished(payload: string): Promise<void> {
    let message: { key?: unknown; version?: unknown };
    try {
      message = JSON.parse(payload) as typeof message;
    } catch {
      this.log(`ignoring malformed publish notification: ${payload}`);
      return;
    }
    if (typeof message.key !== 'string' || typeof message.version !== 'number') return;
    if ((this.latest.get(message.key)?.version ?? 0) >= message.version) return;
    const version = await loadVersion(this.sequelize, message.key, message.version);
    if (version) this.remember(version);
  }

  /** Records a version this instance knows of, if it is newer than the one held. */
  remember(version: PublishedVersion): void {
    const held = this.latest.get(version.key);
    if (!held || held.version < version.version) this.latest.set(version.key, version);
  }

  list(): PublishedVersion[] {
    return [...this.latest.values()].sort((a, b) => a.key.localeCompare(b.key));
  }

  /** The latest version of a module; asks the database when this instance has not heard of it. */
  async getLatest(key: string): Promise<PublishedVersion | undefined> {
    const held = this.latest.get(key);
    if (held) return held;
    const loaded = await loadLatestVersion(this.sequelize, key);
    if (loaded) this.remember(loaded);
    return loaded;
  }

  async getVersion(key: string, version: number): Promise<PublishedVersion | undefined> {
    const held = this.latest.get(key);
    if (held?.version === version) return held;
    return loadVersion(this.sequelize, key, version);
  }

  /**
   * The compiled module of a published version (compiled once, then cached), with the code
   * list versions it was published against.
   */
  async compiled(version: PublishedVersion): Promise<CompiledModule> {
    const pinned = version.definition.codelists;
    if (!pinned || Object.keys(pinned).length === 0) return this.compiler.compile(version.definition);
    return this.compiler.compile(version.definition, await this.codelistSchemas(pinned));
  }

  /** The schemas of code list versions, by the URI modules reference them with. */
  async codelistSchemas(pinned: Readonly<Record<string, number | undefined>>): Promise<Record<string, unknown>> {
    const schemas: Record<string, unknown> = {};
    for (const [key, version] of Object.entries(pinned)) {
      if (version === undefined) continue;
      const list = await this.getVersion(key, version);
      if (list) schemas[`${CODELIST_SCHEME}${key}`] = list.definition.schema;
    }
    return schemas;
  }
}
