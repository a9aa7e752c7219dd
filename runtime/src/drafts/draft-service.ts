/**
 * Drafts: definitions being edited in the designer. A draft is saved as often as the designer
 * types (autosave, If-Match on its revision so two designers never overwrite each other), may
 * be invalid while edited (its problems are listed), is checked like a publication, compared
 * with the version it revises, and published as the next version in one transaction that also
 * removes it. Every write is audited.
 */
import { DefinitionError, FormworkError, diffDefinitions, importForm, problem, localizeProblem, type Locale, type ModuleDefinition, type Problem } from '../../../engine/src/index.js';
import type { CheckAnswer, CreateDraftInput, DiffAnswer, DraftSummary, DraftView, FiguresAnswer, FiguresInput, SaveDraftAnswer } from '../api/drafts.js';
import { appendAudit } from '../audit/audit-store.js';
import type { Access } from '../identity/access.js';
import type { SessionUser } from '../identity/identity-store.js';
import type { ModuleRegistry } from '../modules/module-registry.js';
import type { ModuleService } from '../modules/module-service.js';
import type { Database } from '../platform/db/database.js';
import { computePrefill } from '../reports/report-prefill.js';
import { reportPeriod } from '../reports/report-templates.js';
import { deleteDraft, findDraft, insertDraft, listDrafts, saveDraft, type DraftAttributes } from './draft-store.js';

const KEY_PATTERN = /^[a-z][a-z0-9_-]{1,63}$/;

export class DraftService {
  constructor(
    private readonly db: Database,
    private readonly registry: ModuleRegistry,
    private readonly modules: ModuleService,
    private readonly access: Access,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new draft: a definition as given, a copy of a published version to revise, or a copy under a new key. */
  async create(caller: SessionUser, input: CreateDraftInput, locale: Locale, requestId: string, notes?: Problem[]): Promise<DraftView> {
    let definition: Record<string, unknown>;
    let basedOn: { key: string; version: number } | null = null;
    if ('definition' in input) {
      definition = withoutVersion(input.definition);
      // An imported definition of a module that exists revises its latest version.
      const latest = notes && typeof definition.key === 'string' ? await this.registry.getLatest(definition.key) : undefined;
      if (latest) basedOn = { key: latest.key, version: latest.version };
    } else {
      const published = input.from.version === undefined ? await this.modules.latest(input.from.key) : await this.modules.version(input.from.key, input.from.version);
      definition = withoutVersion(structuredClone(published.definition) as unknown as Record<string, unknown>);
      if (input.key !== undefined && input.key !== published.key) {
        // A copy under a new key is a new module: it revises nothing.
        definition.key = input.key;
      } else {
        // A draft revises the latest version, even when it starts from an older one (a rollback:
        // publishing it makes the older content the next version).
        basedOn = { key: published.key, version: (await this.modules.latest(published.key)).version };
      }
    }
    const key = keyOf(definition);
    const at = this.now();
    const { sequelize } = this.db;
    const draft = await sequelize.transaction(async (tx) => {
      const row = await insertDraft(
        sequelize,
        { key, definition, basedOnKey: basedOn?.key ?? null, basedOnVersion: basedOn?.version ?? null, createdBy: caller.username, createdAt: at, updatedBy: caller.username, updatedAt: at },
        tx,
      );
      await this.audit(caller, 'draft.create', row, requestId, { basedOn, ...('from' in input ? { copiedFrom: input.from } : {}), ...(notes ? { imported: true } : {}) }, tx);
      return row;
    });
    return { ...(await this.view(draft, locale)), ...(notes ? { notes: notes.map((n) => localizeProblem(n, locale)) } : {}) };
  }

  /**
   * A draft from an imported form: a Formwork definition, or a form written for
   * react-jsonschema-form (draft-07 spellings converted to 2020-12, each conversion noted at its
   * path). 422 when it cannot be read as a form at all.
   */
  async importDraft(caller: SessionUser, body: Record<string, unknown>, locale: Locale, requestId: string): Promise<DraftView> {
    const { definition, notes } = importForm(body);
    return this.create(caller, { definition: definition as unknown as Record<string, unknown> }, locale, requestId, notes);
  }

  /** The structural differences of a draft from the version it revises (everything added for a new module). */
  async diff(id: string): Promise<DiffAnswer> {
    const draft = await this.find(id);
    const before = draft.basedOnKey !== null ? (await this.modules.version(draft.basedOnKey, draft.basedOnVersion!)).definition : null;
    const basedOn = draft.basedOnKey !== null ? { key: draft.basedOnKey, version: draft.basedOnVersion! } : null;
    return { basedOn, ...diffDefinitions(before, draft.definition as ModuleDefinition) };
  }

  /** Two published versions of a module compared (`to` defaults to the latest). */
  async compare(key: string, from: number, to: number | undefined): Promise<DiffAnswer> {
    const newer = to === undefined ? await this.modules.latest(key) : await this.modules.version(key, to);
    const older = await this.modules.version(key, from);
    return { basedOn: { key, version: older.version }, ...diffDefinitions(older.definition, newer.definition) };
  }

  /** Drafts, most recently saved first (of one module when `key` is given). */
  async list(key: string | undefined): Promise<DraftSummary[]> {
    return (await listDrafts(this.db.sequelize, key)).map(summary);
  }

  /** A draft with its definition and what publishing would refuse now. */
  async get(id: string, locale: Locale): Promise<DraftView> {
    return this.view(await this.find(id), locale);
  }

  /** Saves a draft at the revision the editor had (409 when someone saved since; 428 without one). */
  async save(caller: SessionUser, id: string, input: { definition: Record<string, unknown> }, ifMatch: string | undefined, locale: Locale, requestId: string): Promise<SaveDraftAnswer> {
    const draft = await this.find(id);
    if (ifMatch === undefined) throw new FormworkError('FW_DRAFT_IF_MATCH_REQUIRED');
    const given = Number(ifMatch.replace(/^W\//, '').replace(/"/g, '').trim());
    if (!Number.isInteger(given) || given !== draft.revision) throw new FormworkError('FW_DRAFT_REVISION_CONFLICT', { current: draft.revision });
    const definition = withoutVersion(input.definition);
    const key = keyOf(definition);
    if (draft.basedOnKey !== null && key !== draft.basedOnKey) {
      throw new FormworkError('FW_DRAFT_KEY_CHANGED', { key: draft.basedOnKey }, [problem('/definition/key', 'FW_DRAFT_KEY_CHANGED', { key: draft.basedOnKey })]);
    }
    const { sequelize } = this.db;
    const revision = await sequelize.transaction(async (tx) => {
      const next = await saveDraft(sequelize, id, draft.revision, { key, definition, updatedBy: caller.username, updatedAt: this.now() }, tx);
      if (next === undefined) {
        const current = await findDraft(sequelize, id, tx);
        if (!current) throw new FormworkError('FW_DRAFT_NOT_FOUND');
        throw new FormworkError('FW_DRAFT_REVISION_CONFLICT', { current: current.revision });
      }
      await this.audit(caller, 'draft.save', draft, requestId, { revision: next }, tx);
      return next;
    });
    return { revision, problems: (await this.problems(definition)).map((p) => localizeProblem(p, locale)) };
  }

  /** Withdraws a draft (204); nothing of it is kept but the audit entry. */
  async remove(caller: SessionUser, id: string, requestId: string): Promise<void> {
    const draft = await this.find(id);
    const { sequelize } = this.db;
    await sequelize.transaction(async (tx) => {
      if (!(await deleteDraft(sequelize, id, tx))) throw new FormworkError('FW_DRAFT_NOT_FOUND');
      await this.audit(caller, 'draft.delete', draft, requestId, { revision: draft.revision }, tx);
    });
  }

  /** Every publication check, tests included; nothing written. */
  async check(id: string, locale: Locale): Promise<CheckAnswer> {
    const draft = await this.find(id);
    const outcome = await this.modules.check(draft.definition);
    return {
      ok: outcome.compiled !== undefined && outcome.problems.length === 0,
      problems: outcome.problems.map((p) => localizeProblem(p, locale)),
      tests: outcome.tests.map((t) => ({ name: t.name, ok: t.passed, ...(t.passed ? {} : { diff: t.failures }) })),
    };
  }

  /**
   * The pre-filled figures a draft report template would give now for a unit's subtree and a
   * period, counted on the records in the database (nothing written): the designer sees what a
   * pre-fill query means before units see it.
   */
  async figures(caller: SessionUser, id: string, input: FiguresInput, requestId: string): Promise<FiguresAnswer> {
    const draft = await this.find(id);
    const unit = await this.access.unit(caller, input.unitCode, requestId);
    const outcome = await this.modules.check(draft.definition);
    if (!outcome.compiled) throw new DefinitionError(outcome.problems);
    const report = outcome.compiled.report;
    if (!report) throw new FormworkError('FW_REPORT_NOT_REPORT', { key: draft.key });
    const period = reportPeriod(report, input.period);
    const values = await computePrefill(this.db.sequelize, outcome.compiled, unit.path, period);
    return {
      unitCode: unit.code,
      period: period.key,
      figures: report.prefilled.map((entry) => ({ path: entry.pointer, label: entry.label, value: values[entry.pointer] ?? 0 })),
    };
  }

  /**
   * Publishes a draft as the next version of its module and removes it, in one transaction:
   * 409 when the module was published again since the draft was based on it (or, for a new
   * module, when the key is taken); 422 with every problem.
   */
  async publish(caller: SessionUser, id: string, requestId: string): Promise<{ key: string; version: number }> {
    const draft = await this.find(id);
    const latest = await this.registry.getLatest(draft.key);
    const base = draft.basedOnKey === draft.key ? (draft.basedOnVersion ?? 0) : 0;
    if ((latest?.version ?? 0) !== base) {
      throw new FormworkError('FW_DRAFT_MODULE_MOVED', { key: draft.key, latest: latest?.version ?? 0, base });
    }
    const definition = { ...(draft.definition as Record<string, unknown>), version: base + 1 };
    const { sequelize } = this.db;
    const { key, version } = await this.modules.publish(draft.key, definition, { username: caller.username, unitCode: caller.unitCode, requestId }, async (tx) => {
      if (!(await deleteDraft(sequelize, id, tx))) throw new FormworkError('FW_DRAFT_NOT_FOUND');
      await this.audit(caller, 'draft.publish', draft, requestId, { revision: draft.revision, version: base + 1 }, tx);
    });
    return { key, version };
  }

  /** The draft (404 when it is gone). */
  async find(id: string): Promise<DraftAttributes> {
    const draft = await findDraft(this.db.sequelize, id);
    if (!draft) throw new FormworkError('FW_DRAFT_NOT_FOUND');
    return draft;
  }

  /** What publishing would refuse now. */
  private async problems(definition: unknown): Promise<Problem[]> {
    return (await this.modules.check(definition)).problems;
  }

  private async view(draft: DraftAttributes, locale: Locale): Promise<DraftView> {
    return {
      ...summary(draft),
      definition: draft.definition as Record<string, unknown>,
      problems: (await this.problems(draft.definition)).map((p) => localizeProblem(p, locale)),
      createdBy: draft.createdBy,
      createdAt: draft.createdAt.toISOString(),
    };
  }

  private audit(caller: SessionUser, action: string, draft: Pick<DraftAttributes, 'id' | 'key'>, requestId: string, details: Record<string, unknown>, tx: Parameters<typeof appendAudit>[2]): Promise<void> {
    return appendAudit(
      this.db.sequelize,
      { actor: caller.username, unitCode: caller.unitCode, action, target: `draft:${draft.id}`, outcome: 'ok', requestId, details: { key: draft.key, ...details } },
      tx,
    );
  }
}

/** The module key a draft is saved under: it must be a valid key even while the rest is unfinished. */
function keyOf(definition: Record<string, unknown>): string {
  const key = definition.key;
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) throw new FormworkError('FW_DRAFT_KEY', {}, [problem('/definition/key', 'FW_DRAFT_KEY')]);
  return key;
}

/** A fetched definition carries its version; a draft never does (publishing assigns it). */
function withoutVersion(definition: Record<string, unknown>): Record<string, unknown> {
  const { version: _ignored, ...rest } = definition;
  return rest;
}

function summary(draft: DraftAttributes): DraftSummary {
  const definition = draft.definition as Partial<ModuleDefinition> | null;
  const title = definition?.title && typeof definition.title === 'object' && typeof definition.title['zh-CN'] === 'string' ? definition.title : null;
  return {
    id: draft.id,
    key: draft.key,
    revision: draft.revision,
    basedOn: draft.basedOnKey !== null && draft.basedOnVersion !== null ? { key: draft.basedOnKey, version: draft.basedOnVersion } : null,
    title: title ? { 'zh-CN': title['zh-CN'], ...(typeof title.en === 'string' ? { en: title.en } : {}) } : null,
    kind: typeof definition?.kind === 'string' ? definition.kind : null,
    updatedBy: draft.updatedBy,
    updatedAt: draft.updatedAt.toISOString(),
  };
}
