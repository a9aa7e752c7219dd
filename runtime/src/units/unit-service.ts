/**
 * The unit tree: read one's subtree, create and rename units, move a subtree, import a tree
 * from CSV or JSON (all or nothing, every bad row named). Writes are audited.
 */
import { FormworkError, problem, type Problem } from '../../../engine/src/index.js';
import type { Database } from '../platform/db/database.js';
import { appendAudit } from '../audit/audit-store.js';
import { listUsers, type SessionUser, type UserView } from '../identity/identity-store.js';
import {
  findUnits,
  insertUnits,
  listSubtree,
  lockTree,
  moveUnit,
  updateUnit,
  UNIT_KINDS,
  type Unit,
  type UnitKind,
} from './unit-store.js';
import { pathBelow, pathWithin, type Access } from '../identity/access.js';
import { UNIT_CODE_PATTERN } from '../api/common.js';
import type { UnitView } from '../api/units.js';

/** A stored unit as the API shows it (without its path). */
export const view = (u: Unit): UnitView => ({ code: u.code, name: u.name, parentCode: u.parentCode, level: u.level, kind: u.kind });

const CODE = new RegExp(UNIT_CODE_PATTERN);

/** One row of an import, as given. */
export interface ImportRow {
  code?: unknown;
  name?: unknown;
  parentCode?: unknown;
  kind?: unknown;
}

/** Most rows one import may hold. */
export const MAX_IMPORT_ROWS = 20_000;

export class UnitService {
  constructor(
    private readonly db: Database,
    private readonly access: Access,
  ) {}

  /** The caller's unit and everything below it, parents first. */
  async tree(caller: SessionUser, rootCode?: string, requestId?: string): Promise<UnitView[]> {
    const root = rootCode ? await this.access.unit(caller, rootCode, requestId) : undefined;
    return (await listSubtree(this.db.sequelize, root?.path ?? caller.unitPath)).map(view);
  }

  async get(caller: SessionUser, code: string, requestId?: string): Promise<UnitView> {
    return view(await this.access.unit(caller, code, requestId));
  }

  async create(caller: SessionUser, input: { code: string; name: string; parentCode: string; kind?: UnitKind }, requestId: string): Promise<UnitView> {
    const { sequelize } = this.db;
    const parent = await this.access.unit(caller, input.parentCode, requestId);
    return sequelize.transaction(async (tx) => {
      await lockTree(sequelize, tx);
      if ((await findUnits(sequelize, [input.code], tx)).length > 0) throw new FormworkError('FW_UNIT_EXISTS', { code: input.code });
      const [created] = await insertUnits(sequelize, [{ code: input.code, name: input.name, kind: input.kind ?? 'company', parentCode: parent.code }], tx);
      await appendAudit(
        sequelize,
        { actor: caller.username, unitCode: caller.unitCode, action: 'unit.create', target: `unit:${input.code}`, outcome: 'ok', requestId, details: { parentCode: parent.code } },
        tx,
      );
      return view(created!);
    });
  }

  /** Renames, changes the kind of, or moves a unit strictly below the caller's own. */
  async update(caller: SessionUser, code: string, changes: { name?: string; kind?: UnitKind; parentCode?: string }, requestId: string): Promise<UnitView> {
    const { sequelize } = this.db;
    const unit = await this.access.unit(caller, code, requestId);
    if (!pathBelow(unit.path, caller.unitPath)) throw new FormworkError('FW_AUTH_FORBIDDEN');
    const newParent = changes.parentCode !== undefined && changes.parentCode !== unit.parentCode ? await this.access.unit(caller, changes.parentCode, requestId) : undefined;
    return sequelize.transaction(async (tx) => {
      await lockTree(sequelize, tx);
      const details: Record<string, unknown> = {};
      if (changes.name !== undefined || changes.kind !== undefined) {
        await updateUnit(sequelize, code, changes, tx);
        Object.assign(details, { name: changes.name, kind: changes.kind });
      }
      if (newParent) {
        // Re-read inside the lock: a concurrent move may have changed either path.
        const [current, target] = await Promise.all([
          findUnits(sequelize, [code], tx).then((u) => u[0]!),
          findUnits(sequelize, [newParent.code], tx).then((u) => u[0]!),
        ]);
        if (pathWithin(target.path, current.path)) throw new FormworkError('FW_UNIT_CYCLE', { code });
        const moved = await moveUnit(sequelize, current, target, tx);
        Object.assign(details, { from: current.parentCode, to: target.code, unitsMoved: moved });
      }
      await appendAudit(sequelize, { actor: caller.username, unitCode: caller.unitCode, action: 'unit.update', target: `unit:${code}`, outcome: 'ok', requestId, details }, tx);
      return view((await findUnits(sequelize, [code], tx))[0]!);
    });
  }

  /**
   * Imports units below existing ones in the caller's subtree. Rows may come in any order and
   * name parents given earlier, later or already stored. Either every row is valid and all are
   * inserted, or nothing is and every problem is named by row.
   */
  async import(caller: SessionUser, rows: ImportRow[], requestId: string, rowNumber: (index: number) => number): Promise<{ imported: number }> {
    const { sequelize } = this.db;
    return sequelize.transaction(async (tx) => {
      await lockTree(sequelize, tx);
      const problems: Problem[] = [];
      const at: RowProblem = (index, field, code, params) => {
        problems.push(problem(`/${index}/${field}`, code, { row: rowNumber(index), ...params }));
      };
      const { clean, firstRow } = readRows(rows, at, rowNumber);
      const stored = new Map(
        (await findUnits(sequelize, [...new Set([...clean.map((r) => r.code), ...clean.map((r) => r.parentCode)])], tx)).map((u) => [u.code, u]),
      );
      checkCodesAndParents(clean, firstRow, stored, caller.unitPath, at);
      const ordered = parentsFirst(clean, firstRow, at);
      if (problems.length > 0) {
        problems.sort((a, b) => Number(a.params?.row) - Number(b.params?.row));
        throw new FormworkError('FW_UNIT_IMPORT_INVALID', { count: problems.length }, problems);
      }
      await insertUnits(sequelize, ordered, tx);
      await appendAudit(
        sequelize,
        { actor: caller.username, unitCode: caller.unitCode, action: 'unit.import', target: `units:${ordered.length}`, outcome: 'ok', requestId, details: { imported: ordered.length } },
        tx,
      );
      return { imported: ordered.length };
    });
  }

  /** The designated administrators of a unit (visible to the unit's own administrators and those above). */
  async admins(caller: SessionUser, code: string, requestId?: string): Promise<UserView[]> {
    const unit = await this.access.unit(caller, code, requestId);
    const users = await listUsers(this.db.sequelize, { path: unit.path, unitCode: unit.code, role: 'admin', limit: 1_000 });
    return users.map(({ unitPath: _path, ...user }) => user);
  }
}

/** An import row, trimmed and checked. */
interface CleanRow {
  code: string;
  name: string;
  parentCode: string;
  kind: UnitKind;
}

/** Records a problem of the row at `index` (0-based), at one of its fields. */
type RowProblem = (index: number, field: string, code: Parameters<typeof problem>[1], params: Record<string, unknown>) => void;

/**
 * Trims every row and checks its fields and that its code is not given twice. Returns the valid
 * rows, and the index of the first row giving each well-formed code.
 */
function readRows(rows: readonly ImportRow[], at: RowProblem, rowNumber: (index: number) => number): { clean: CleanRow[]; firstRow: Map<string, number> } {
  const clean: CleanRow[] = [];
  const firstRow = new Map<string, number>();
  rows.forEach((raw, index) => {
    const code = typeof raw.code === 'string' ? raw.code.trim() : '';
    const name = typeof raw.name === 'string' ? raw.name.trim() : '';
    const parentCode = typeof raw.parentCode === 'string' ? raw.parentCode.trim() : '';
    const kind = (typeof raw.kind === 'string' && raw.kind.trim() !== '' ? raw.kind.trim() : 'company') as UnitKind;
    let ok = true;
    if (!CODE.test(code)) {
      at(index, 'code', 'FW_UNIT_ROW_INVALID', { message: code === '' ? 'code is required' : `code "${code}" must match ${UNIT_CODE_PATTERN}` });
      ok = false;
    }
    if (name === '' || name.length > 200) {
      at(index, 'name', 'FW_UNIT_ROW_INVALID', { message: 'name is required (at most 200 characters)' });
      ok = false;
    }
    if (parentCode === '') {
      at(index, 'parentCode', 'FW_UNIT_ROW_INVALID', { message: 'parentCode is required' });
      ok = false;
    }
    if (!UNIT_KINDS.includes(kind)) {
      at(index, 'kind', 'FW_UNIT_ROW_INVALID', { message: `kind must be one of ${UNIT_KINDS.join(', ')}` });
      ok = false;
    }
    if (ok && firstRow.has(code)) {
      at(index, 'code', 'FW_UNIT_ROW_DUPLICATE', { code, first: rowNumber(firstRow.get(code)!) });
      ok = false;
    }
    if (CODE.test(code) && !firstRow.has(code)) firstRow.set(code, index);
    if (ok) clean.push({ code, name, parentCode, kind });
  });
  return { clean, firstRow };
}

/** No row's code may be stored already; each row's parent is given in the import or stored in the caller's subtree. */
function checkCodesAndParents(
  clean: readonly CleanRow[],
  firstRow: ReadonlyMap<string, number>,
  stored: ReadonlyMap<string, Unit>,
  callerPath: string,
  at: RowProblem,
): void {
  const given = new Map(clean.map((r) => [r.code, r]));
  for (const r of clean) {
    const index = firstRow.get(r.code)!;
    if (stored.has(r.code)) at(index, 'code', 'FW_UNIT_ROW_EXISTS', { code: r.code });
    const parent = stored.get(r.parentCode);
    // A stored parent outside the caller's subtree is reported like a missing one.
    if (!given.has(r.parentCode) && (!parent || !pathWithin(parent.path, callerPath))) {
      at(index, 'parentCode', 'FW_UNIT_ROW_MISSING_PARENT', { parentCode: r.parentCode });
    }
  }
}

/** The rows with parents before children; what cannot be ordered is a cycle, reported on each of its rows. */
function parentsFirst(clean: readonly CleanRow[], firstRow: ReadonlyMap<string, number>, at: RowProblem): CleanRow[] {
  const given = new Map(clean.map((r) => [r.code, r]));
  const ordered: CleanRow[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  for (const r of clean) {
    const chain: string[] = [];
    let current: CleanRow | undefined = r;
    while (current && state.get(current.code) !== 'done') {
      if (state.get(current.code) === 'visiting') {
        const cycle = chain.slice(chain.indexOf(current.code));
        for (const code of cycle) {
          if (reported.has(code)) continue;
          reported.add(code);
          at(firstRow.get(code)!, 'parentCode', 'FW_UNIT_ROW_CYCLE', { cycle: [...cycle, current.code].join(' → ') });
        }
        break;
      }
      state.set(current.code, 'visiting');
      chain.push(current.code);
      current = given.get(current.parentCode);
    }
    for (const code of chain.reverse()) {
      if (state.get(code) !== 'visiting') continue;
      state.set(code, 'done');
      if (!reported.has(code)) ordered.push(given.get(code)!);
    }
  }
  return ordered;
}
