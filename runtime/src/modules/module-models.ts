/** Modules and their immutable published versions (migration 0001) as sequelize models. */
import { DataTypes, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Model } from 'sequelize';
import type { LocalizedText, ModuleDefinition } from '../../../engine/src/index.js';
import { perDatabase } from '../platform/db/models.js';

export interface ModuleEntity extends Model<InferAttributes<ModuleEntity>, InferCreationAttributes<ModuleEntity>> {
  key: string;
  kind: ModuleDefinition['kind'];
  title: LocalizedText;
  /** 0 until the first version is published. */
  latestVersion: CreationOptional<number>;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

/** A published version: never updated or deleted (a trigger refuses both). */
export interface ModuleVersionEntity extends Model<InferAttributes<ModuleVersionEntity>, InferCreationAttributes<ModuleVersionEntity>> {
  key: string;
  version: number;
  definition: ModuleDefinition;
  sha256: string;
  publishedBy: string;
  publishedAt: CreationOptional<Date>;
}

/** The module models of a database. */
export const moduleModels = perDatabase((sequelize) => {
  const Module = sequelize.define<ModuleEntity>(
    'Module',
    {
      key: { type: DataTypes.TEXT, primaryKey: true },
      kind: { type: DataTypes.TEXT, allowNull: false },
      title: { type: DataTypes.JSONB, allowNull: false },
      latestVersion: { type: DataTypes.INTEGER },
      createdAt: { type: DataTypes.DATE },
      updatedAt: { type: DataTypes.DATE },
    },
    { tableName: 'modules' },
  );
  const ModuleVersion = sequelize.define<ModuleVersionEntity>(
    'ModuleVersion',
    {
      key: { type: DataTypes.TEXT, primaryKey: true },
      version: { type: DataTypes.INTEGER, primaryKey: true },
      // json, not jsonb: jsonb reorders keys, and a schema's property order is its form's field order.
      definition: { type: DataTypes.JSON, allowNull: false },
      sha256: { type: DataTypes.TEXT, allowNull: false },
      publishedBy: { type: DataTypes.TEXT, allowNull: false },
      publishedAt: { type: DataTypes.DATE },
    },
    { tableName: 'module_versions' },
  );
  return { Module, ModuleVersion };
});
