/**
 * The unit tree: codes, names, kinds and an ltree `path` of unit ids, so "this unit and
 * everything below it" is one indexed predicate (`path <@ $1`). All its SQL is here.
 */
import type { Sequelize } from 'sequelize';
import { execute, selectOne, selectRows, type Tx } from '../platform/db/sql.js';
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

export async function findUnit(sequelize: Sequelize, code: string, tx?: Tx): Promise<Unit | undefined> {
  const row = await selectOne<UnitRow>(sequelize, `SELECT ${COLUMNS} FROM units WHERE code = $1`, [code], tx);
  return row && toUnit(row);
}

/** Every unit at or below `path`, parents before children. */
export async function listSubtree(sequelize: Sequelize, path: string): Promise<Unit[]> {
  const rows = await selectRows<UnitRow>(sequelize, `SELECT ${COLUMNS} FROM units WHERE path <@ $1::ltree ORDER BY level, code`, [path]);
  return rows.map(toUnit);
}

/** The units directly below `path`, by code. */
export async function listChildren(sequelize: Sequelize, path: string): Promise<Unit[]> {
  const rows = await selectRows<UnitRow>(sequelize, `SELECT ${COLUMNS} FROM units WHERE path <@ $1::ltree AND nlevel(path) = nlevel($1::ltree) + 1 ORDER BY code`, [path]);
  return rows.map(toUnit);
}

export async function findUnits(sequelize: Sequelize, codes: string[], tx?: Tx): Promise<Unit[]> {
  if (codes.length === 0) return [];
  const rows = await selectRows<UnitRow>(sequelize, `SELECT ${COLUMNS} FROM units WHERE code = ANY($1::text[])`, [codes], tx);
  return rows.map(toUnit);
}

export interface NewUnit {
  code: string;
  name: string;
  kind: UnitKind;
  parent: Unit;
}

/** Inserts units whose parents exist or come earlier in the list, in one statement. */
export async function insertUnits(
  sequelize: Sequelize,
  units: { code: string; name: string; kind: UnitKind; parentCode: string }[],
  tx: Tx,
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
  await execute(
    sequelize,
    `INSERT INTO units (id, code, name, parent_code, level, kind, path)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::ltree[])`,
    [
      ids.map((r) => r.id),
      created.map((u) => u.code),
      created.map((u) => u.name),
      created.map((u) => u.parentCode),
      created.map((u) => u.level),
      created.map((u) => u.kind),
      created.map((u) => u.path),
    ],
    tx,
  );
  return created;
}

export async function updateUnit(sequelize: Sequelize, code: string, changes: { name?: string; kind?: UnitKind }, tx: Tx): Promise<void> {
  await execute(
    sequelize,
    'UPDATE units SET name = COALESCE($2, name), kind = COALESCE($3, kind), updated_at = now() WHERE code = $1',
    [code, changes.name ?? null, changes.kind ?? null],
    tx,
  );
}

/**
 * Moves a unit and everything below it under a new parent: paths and levels of the whole
 * subtree change in one statement. Whatever is scoped by unit code follows automatically.
 */
export async function moveUnit(sequelize: Sequelize, unit: Unit, newParent: Unit, tx: Tx): Promise<number> {
  const depthChange = newParent.level + 1 - unit.level;
  await execute(sequelize, 'UPDATE units SET parent_code = $2, updated_at = now() WHERE code = $1', [unit.code, newParent.code], tx);
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
export async function lockTree(sequelize: Sequelize, tx: Tx): Promise<void> {
  await sequelize.query('SELECT pg_advisory_xact_lock(7361093484)', { transaction: tx ?? null });
}

/** The unit at `path` and every unit above it, root first. */
export async function ancestorsOf(sequelize: Sequelize, path: string, tx?: Tx): Promise<Unit[]> {
  const rows = await selectRows<UnitRow>(sequelize, `SELECT ${COLUMNS} FROM units WHERE path @> $1::ltree ORDER BY level`, [path], tx);
  return rows.map(toUnit);
}
