/** The units table (migrations 0001, 0002) as a sequelize model. */
import { DataTypes, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Model } from 'sequelize';
import { perDatabase } from '../platform/db/models.js';
import type { UnitKind } from './unit-store.js';

export interface UnitEntity extends Model<InferAttributes<UnitEntity>, InferCreationAttributes<UnitEntity>> {
  /** From units_id_seq; the labels of `path` are unit ids. */
  id: number;
  code: string;
  name: string;
  parentCode: string | null;
  level: number;
  kind: UnitKind;
  /** An ltree of unit ids from the root ("1.4.17"); subtree queries are SQL (unit-store.ts). */
  path: string;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

/** The units model of a database. */
export const unitModel = perDatabase((sequelize) =>
  sequelize.define<UnitEntity>(
    'Unit',
    {
      id: { type: DataTypes.BIGINT, primaryKey: true },
      code: { type: DataTypes.TEXT, allowNull: false, unique: true },
      name: { type: DataTypes.TEXT, allowNull: false },
      parentCode: { type: DataTypes.TEXT },
      level: { type: DataTypes.INTEGER, allowNull: false },
      kind: { type: DataTypes.TEXT, allowNull: false },
      // ltree: sent as text, which PostgreSQL casts; read back as text.
      path: { type: DataTypes.TEXT, allowNull: false },
      // Set by the database (DEFAULT now()) on insert; by the store on update.
      createdAt: { type: DataTypes.DATE },
      updatedAt: { type: DataTypes.DATE },
    },
    { tableName: 'units' },
  ),
);

/** The columns a Unit is made of. */
export const UNIT_ATTRIBUTES = ['code', 'name', 'parentCode', 'level', 'kind', 'path'] as const;
