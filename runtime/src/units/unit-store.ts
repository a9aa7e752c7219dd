/**
 * The unit tree: codes, names, kinds and an ltree `path` of unit ids, so "this unit and
 * everything below it" is one indexed predicate (`path <@ $1`). Lookups by code and plain
 * writes go through the Unit model; subtree queries and path rewrites are SQL.
 */
import { fn, type Transaction } from 'sequelize';
import { execute, selectRows, type SqlTarget, type Tx } from '../platform/db/sql.js';
import { UNIT_ATTRIBUTES, unitModel } from './unit-model.js';
import type { UnitKind } from '../api/units.js';

/** The kinds of unit: the API's vocabulary, declared with the contract. */
export { UNIT_KINDS, type UnitKind } from '../api/units.js';

export interface Unit {
  code: string;
  name: string;
  parentCode: string | null;
  level: number;
  kind: UnitKind;
  /** ltree of unit ids from the root, e.g. "1.4.17". */
  path: string;
}

interface UnitRow {
  code: string;
  name: string;
  parent_code: string | null;
  level: number;
  kind: UnitKind;
  path: string;
}

const COLUMNS = 'code, name, parent_code, level, kind, path::text AS path';
const toUnit = (r: UnitRow): Unit => ({ code: r.code, name: r.name, parentCode: r.parent_code, level: r.level, kind: r.kind, path: r.path });

export async function findUnit(sequelize: SqlTarget, code: string, tx?: Transaction): Promise<Unit | undefined> {
  const row = await unitModel(sequelize).findOne({ attributes: [...UNIT_ATTRIBUTES], where: { code }, transaction: tx ?? null, raw: true });
  return row ? pick(row) : undefined;
}

/** A Unit of what the model read (raw rows carry nothing else, but stay explicit). */
const pick = (u: Unit): Unit => ({ code: u.code, name: u.name, parentCode: u.parentCode, level: u.level, kind: u.kind, path: u.path });

/** Every unit at or below `path`, parents before children. */
/** The root unit (HQ), the one without a parent. */
export async function findRootUnit(sequelize: SqlTarget): Promise<Unit | undefined> {
  const row = await unitModel(sequelize).findOne({ attributes: [...UNIT_ATTRIBUTES], where: { parentCode: null }, raw: true });
  return row ? pick(row) : undefined;
}

export async function listSubtree(sequelize: SqlTarget, path: string): Promise<Unit[]> {
  const rows = await selectRows<UnitRow>(sequelize, `SELECT ${COLUMNS} FROM units WHERE path <@ $1::ltree ORDER BY level, code`, [path]);
  return rows.map(toUnit);
}

/** The units directly below `path`, by code. */
export async function listChildren(sequelize: SqlTarget, path: string): Promise<Unit[]> {
  const rows = await selectRows<UnitRow>(sequelize, `SELECT ${COLUMNS} FROM units WHERE path <@ $1::ltree AND nlevel(path) = nlevel($1::ltree) + 1 ORDER BY code`, [path]);
  return rows.map(toUnit);
}

export async function findUnits(sequelize: SqlTarget, codes: string[], tx?: Transaction): Promise<Unit[]> {
  if (codes.length === 0) return [];
  const rows = await unitModel(sequelize).findAll({ attributes: [...UNIT_ATTRIBUTES], where: { code: codes }, transaction: tx ?? null, raw: true });
  return rows.map(pick);
}

export interface NewUnit {
  code: string;
  name: string;
  kind: UnitKind;
  parent: Unit;
}

/** Inserts units whose parents exist or come earlier in the list, in one statement. */
export async function insertUnits(
  sequelize: SqlTarget,
  units: { code: string; name: string; kind: UnitKind; parentCode: string }[],
  tx: Transaction,
): Promise<Unit[]> {
  if (units.length === 0) return [];
  const ids = await selectRows<{ id: number }>(
    sequelize,
    "SELECT nextval('units_id_seq') AS id FROM generate_series(1, $1)",
    [units.length],
    tx,
  );
  const known = new Map((await findUnits(sequelize, [...new Set(units.map((u) => u.parentCode))], tx)).map((u) => [u.code, u]));
  const created: Unit[] = units.map((u, i) => {
    const parent = known.get(u.parentCode);
    if (!parent) throw new Error(`parent ${u.parentCode} of ${u.code} is neither stored nor earlier in the list`);
    const unit: Unit = { code: u.code, name: u.name, kind: u.kind, parentCode: u.parentCode, level: parent.level + 1, path: `${parent.path}.${ids[i]!.id}` };
    known.set(unit.code, unit);
    return unit;
  });
  // One INSERT for the lot (an import brings thousands); the model skips per-row validation.
  await unitModel(sequelize).bulkCreate(
    created.map((u, i) => ({ id: ids[i]!.id, ...u })),
    { transaction: tx, validate: false, returning: false },
  );
  return created;
}

export async function updateUnit(sequelize: SqlTarget, code: string, changes: { name?: string; kind?: UnitKind }, tx: Transaction): Promise<void> {
  await unitModel(sequelize).update(
    { ...(changes.name !== undefined ? { name: changes.name } : {}), ...(changes.kind !== undefined ? { kind: changes.kind } : {}), updatedAt: fn('now') },
    { where: { code }, transaction: tx },
  );
}

/**
 * Moves a unit and everything below it under a new parent: paths and levels of the whole
 * subtree change in one statement. Whatever is scoped by unit code follows automatically.
 */
export async function moveUnit(sequelize: SqlTarget, unit: Unit, newParent: Unit, tx: Transaction): Promise<number> {
  const depthChange = newParent.level + 1 - unit.level;
  await unitModel(sequelize).update({ parentCode: newParent.code, updatedAt: fn('now') }, { where: { code: unit.code }, transaction: tx });
  return execute(
    sequelize,
    `UPDATE units
        SET path = $2::ltree || subpath(path, nlevel($1::ltree) - 1),
            level = level + $3,
            updated_at = now()
      WHERE path <@ $1::ltree`,
    [unit.path, newParent.path, depthChange],
    tx,
  );
}

/** Locks the whole tree against concurrent moves and imports (they rewrite paths). */
export async function lockTree(sequelize: SqlTarget, tx: Tx): Promise<void> {
  await execute(sequelize, 'SELECT pg_advisory_xact_lock(7361093484)', [], tx);
}

/** The unit at `path` and every unit above it, root first. */
export async function ancestorsOf(sequelize: SqlTarget, path: string, tx?: Tx): Promise<Unit[]> {
  const rows = await selectRows<UnitRow>(sequelize, `SELECT ${COLUMNS} FROM units WHERE path @> $1::ltree ORDER BY level`, [path], tx);
  return rows.map(toUnit);
}
