/**
 * Module definitions: publish (checked, tested, immutable version n+1, announced to every
 * instance), read, dry-run and TypeScript declarations.
 */
import { createHash } from 'node:crypto';
import {
  DefinitionError,
  FormworkError,
  canonicalJson,
  diffDefinitions,
  evaluate,
  problem,
  type EvaluationContext,
  type EvaluationResult,
  type ModuleDefinition,
  walkSchema,
  prefillSource,
  refModules,
  refTarget,
  CODELIST_SCHEME,
  type PrefillSource,
  type RefTarget,
  type Problem,
  type SchemaNote,
} from '../../../engine/src/index.js';
import type { Database } from '../platform/db/database.js';
import { appendAudit } from '../audit/audit-store.js';
import type { SessionUser } from '../identity/identity-store.js';
import type { Transaction } from 'sequelize';
import { insertNextVersion, type PublishedVersion } from './module-store.js';
import { checkDefinition, prefillModules, type CheckOutcome } from './definition-check.js';
import type { ModuleRegistry } from './module-registry.js';

export interface Actor {
  username: string;
  unitCode: string | null;
  requestId?: string;
}

export class ModuleService {
  private readonly typeCache = new Map<string, Promise<string>>();

  constructor(
    private readonly db: Database,
    private readonly registry: ModuleRegistry,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Every publication check of a definition, nothing written: meta-model, schema, safety,
   * meaning, the code lists it references (pinned to their latest versions), the modules its
   * pre-fill queries read, and its own test cases.
   */
  async check(body: unknown): Promise<CheckOutcome> {
    // Code lists referenced by the schema are pinned to their latest published versions.
    const pinned = await this.pinCodelists(body);
    const input = pinned ? { ...(body as object), codelists: pinned.versions } : body;
    const outcome = await checkDefinition(this.registry.compiler, input, pinned?.schemas, await this.prefillSources(body), await this.refTargets(body));
    if (!outcome.compiled) return outcome;
    const removed = await this.removedCodesInUse(outcome.compiled.definition as ModuleDefinition);
    return removed.length > 0 ? { ...outcome, problems: [...outcome.problems, ...removed] } : outcome;
  }

  /**
   * A code list's codes the latest version has and this one drops, while a published module
   * uses the list: records may hold them, so they must be retired (`deprecated`), not removed.
   */
  private async removedCodesInUse(definition: ModuleDefinition): Promise<Problem[]> {
    if (definition.kind !== 'codelist') return [];
    const latest = await this.registry.getLatest(definition.key);
    if (!latest) return [];
    const removed = diffDefinitions(latest.definition as ModuleDefinition, definition).other.codes.removed;
    if (removed.length === 0) return [];
    const uri = JSON.stringify(`${CODELIST_SCHEME}${definition.key}`);
    const users = this.registry
      .list()
      .filter((m) => m.key !== definition.key && JSON.stringify(m.definition.schema ?? null).includes(uri))
      .map((m) => m.key);
    if (users.length === 0) return [];
    return removed.map((c) => problem('/schema/oneOf', 'FW_DEF_CODE_REMOVED', { code: String(c.value), title: c.title ?? String(c.value), modules: users.join('、') }));
  }

  /**
   * Publishes a definition as the next version of `key`. Throws DefinitionError (422) or
   * FormworkError. `within` runs inside the publishing transaction (a draft removed with it).
   * `notes` are the draft-07 spellings the compile converted (what is published is 2020-12).
   */
  async publish(
    key: string,
    body: unknown,
    actor: Actor,
    within?: (tx: Transaction) => Promise<void>,
  ): Promise<{ key: string; version: number; notes: readonly SchemaNote[] }> {
    const given = body as Partial<ModuleDefinition> | null;
    if (given && typeof given === 'object' && typeof given.key === 'string' && given.key !== key) {
      throw new DefinitionError([problem('/key', 'FW_DEF_KEY_MISMATCH', { expected: key, actual: given.key })], 'FW_DEF_KEY_MISMATCH', {
        expected: key,
        actual: given.key,
      });
    }
    const outcome = await this.check(body);
    if (!outcome.compiled) throw new DefinitionError(outcome.problems);
    if (outcome.problems.length > 0) {
      if (outcome.testsFailed === 0) throw new DefinitionError(outcome.problems);
      throw new DefinitionError(outcome.problems, 'FW_DEF_TESTS_FAILED', { failed: outcome.testsFailed });
    }
    const definition = outcome.compiled.definition as ModuleDefinition;
    const expected = typeof given?.version === 'number' ? given.version : undefined;
    const { sequelize } = this.db;
    const version = await sequelize.transaction(async (tx) => {
      const next = await insertNextVersion(
        sequelize,
        {
          definition,
          sha256: createHash('sha256').update(canonicalJson(definition)).digest('hex'),
          publishedBy: actor.username,
          ...(expected !== undefined ? { expectedVersion: expected } : {}),
        },
        tx,
      );
      await appendAudit(
        sequelize,
        {
          actor: actor.username,
          unitCode: actor.unitCode,
          action: 'module.publish',
          target: `module:${key}@${next}`,
          outcome: 'ok',
          requestId: actor.requestId ?? null,
          details: { tests: outcome.testsRun },
        },
        tx,
      );
      if (within) await within(tx);
      return next;
    });
    this.registry.remember({
      key,
      version,
      definition: { ...definition, version },
      publishedBy: actor.username,
      publishedAt: this.now().toISOString(),
    });
    return { key, version, notes: outcome.compiled.notes };
  }

  /** The modules a report's pre-fill queries read, as published now. */
  private async prefillSources(body: unknown): Promise<Map<string, PrefillSource>> {
    const sources = new Map<string, PrefillSource>();
    for (const key of prefillModules(body)) {
      const latest = await this.registry.getLatest(key);
      if (latest) sources.set(key, prefillSource(await this.registry.compiled(latest)));
    }
    return sources;
  }

  /** The modules its datasets' `ref` columns name, as published now. */
  private async refTargets(body: unknown): Promise<Map<string, RefTarget>> {
    const targets = new Map<string, RefTarget>();
    for (const key of refModules(body)) {
      const latest = await this.registry.getLatest(key);
      if (latest) targets.set(key, refTarget(await this.registry.compiled(latest)));
    }
    return targets;
  }

  /** The latest version of each code list a definition's schema references (absent ones are left out: compile names them). */
  private async pinCodelists(body: unknown): Promise<{ versions: Record<string, number>; schemas: Record<string, unknown> } | undefined> {
    const schema = (body as { schema?: unknown } | null)?.schema;
    if (schema === null || typeof schema !== 'object') return undefined;
    const keys = new Set<string>();
    walkSchema(schema, ({ node }) => {
      const ref = typeof node === 'object' ? node.$ref : undefined;
      if (typeof ref === 'string' && ref.startsWith(CODELIST_SCHEME)) keys.add(ref.slice(CODELIST_SCHEME.length));
    });
    if (keys.size === 0) return undefined;
    const versions: Record<string, number> = {};
    for (const key of keys) {
      const latest = await this.registry.getLatest(key);
      if (latest?.definition.kind === 'codelist') versions[key] = latest.version;
    }
    return { versions, schemas: await this.registry.codelistSchemas(versions) };
  }

  async list(): Promise<PublishedVersion[]> {
    return this.registry.list();
  }

  async latest(key: string): Promise<PublishedVersion> {
    const found = await this.registry.getLatest(key);
    if (!found) throw new FormworkError('FW_MODULE_NOT_FOUND', { key });
    return found;
  }

  async version(key: string, version: number): Promise<PublishedVersion> {
    const found = await this.registry.getVersion(key, version);
    if (found) return found;
    await this.latest(key);
    throw new FormworkError('FW_VERSION_NOT_FOUND', { key, version });
  }

  /** Evaluates data against a version (default: the latest) without writing anything. */
  async dryRun(
    key: string,
    input: { data: unknown; context?: Record<string, unknown>; facts?: Record<string, unknown>; version?: number },
    user: SessionUser,
  ): Promise<EvaluationResult & { version: number }> {
    const published = input.version === undefined ? await this.latest(key) : await this.version(key, input.version);
    const compiled = await this.registry.compiled(published);
    const context: EvaluationContext = {
      now: this.now().toISOString(),
      user: { username: user.username, roles: user.roles },
      unit: { code: user.unitCode, level: user.unitLevel },
      state: compiled.workflow.initial,
      ...(input.context ?? {}),
    };
    const result = await evaluate(compiled, input.data, context, input.facts ? { facts: input.facts } : {});
    return { ...result, version: published.version };
  }

  /** TypeScript declarations of a version's record data (generated once per key + version). */
  async types(key: string, version?: number): Promise<{ version: number; source: string }> {
    const published = version === undefined ? await this.latest(key) : await this.version(key, version);
    const id = `${published.key}@${published.version}`;
    let source = this.typeCache.get(id);
    if (!source) {
      source = this.registry.codelistSchemas(published.definition.codelists ?? {}).then((codelists) => declarationsFor(published, codelists));
      this.typeCache.set(id, source);
      source.catch(() => this.typeCache.delete(id));
    }
    return { version: published.version, source: await source };
  }
}

/** `gift-register` → `GiftRegisterData`. */
export function typeNameFor(key: string): string {
  return key.split(/[-_]/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('') + 'Data';
}

/** `codelists`: the schemas of the code lists the version pins, by `codelist:<key>` reference. */
export async function declarationsFor(published: PublishedVersion, codelists: Readonly<Record<string, unknown>> = {}): Promise<string> {
  // Loaded on first use: the generator brings prettier, which the rest of the server never needs.
  const { compile: compileTypes } = await import('json-schema-to-typescript');
  const banner = `/**\n * Record data of module "${published.key}" version ${published.version}.\n * Generated by Formwork from the published definition; do not edit.\n */`;
  return compileTypes(titlesToDescriptions(inlineCodelists(published.definition.schema, codelists)) as Parameters<typeof compileTypes>[0], typeNameFor(published.key), {
    bannerComment: banner,
    format: true,
    // Published schemas hold no remote references; never let the generator fetch or read anything.
    $refOptions: { resolve: { external: false, file: false, http: false } },
    style: { singleQuote: true },
  });
}

/** Code list references replaced by the lists' own schemas (the generator resolves only local references). */
function inlineCodelists(schema: unknown, codelists: Readonly<Record<string, unknown>>): unknown {
  const copy = structuredClone(schema);
  walkSchema(copy, ({ node }) => {
    if (typeof node !== 'object' || typeof node.$ref !== 'string' || !node.$ref.startsWith(CODELIST_SCHEME)) return;
    const list = codelists[node.$ref];
    delete node.$ref;
    Object.assign(node, list && typeof list === 'object' ? { ...structuredClone(list), ...node } : { type: 'string' });
  });
  return copy;
}

/**
 * json-schema-to-typescript names types after titles, and Chinese titles are not identifiers;
 * keep each title as documentation instead (the first line of the description).
 */
function titlesToDescriptions(schema: unknown): unknown {
  const copy = structuredClone(schema);
  walkSchema(copy, ({ node }) => {
    if (typeof node !== 'object' || typeof node.title !== 'string') return;
    node.description = typeof node.description === 'string' ? `${node.title}\n\n${node.description}` : node.title;
    delete node.title;
  });
  return copy;
}
