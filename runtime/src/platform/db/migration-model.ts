/**
 * The table umzug records applied migrations in (formwork_migrations), as a sequelize model:
 * the definition umzug's SequelizeStorage would otherwise make itself.
 */
import { DataTypes, type InferAttributes, type InferCreationAttributes, type Model } from 'sequelize';
import { perDatabase } from './models.js';

export interface MigrationEntity extends Model<InferAttributes<MigrationEntity>, InferCreationAttributes<MigrationEntity>> {
  name: string;
}

/** The migrations model of a database. */
export const migrationModel = perDatabase((sequelize) =>
  sequelize.define<MigrationEntity>(
    'FormworkMigration',
    { name: { type: DataTypes.STRING, allowNull: false, unique: true, primaryKey: true, autoIncrement: false } },
    { tableName: 'formwork_migrations', timestamps: false },
  ),
);
