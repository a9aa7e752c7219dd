/**
 * Users (with their roles and preferences, columns of the users table) and sessions
 * (migrations 0001, 0002, 0005) as sequelize models.
 */
import { DataTypes, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Model, type NonAttribute } from 'sequelize';
import { perDatabase } from '../platform/db/models.js';
import { unitModel, type UnitEntity } from '../units/unit-model.js';
import type { Preferences, UserStatus } from './identity-store.js';

export interface UserEntity extends Model<InferAttributes<UserEntity>, InferCreationAttributes<UserEntity>> {
  id: CreationOptional<number>;
  username: string;
  displayName: string | null;
  passwordHash: string;
  unitCode: string;
  roles: string[];
  status: UserStatus;
  failedLogins: CreationOptional<number>;
  lockedUntil: CreationOptional<Date | null>;
  createdBy: string | null;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
  statusChangedBy: CreationOptional<string | null>;
  statusChangedAt: CreationOptional<Date | null>;
  statusReason: CreationOptional<string | null>;
  preferences: CreationOptional<Preferences>;
  /** The user's unit, when included. */
  unit?: NonAttribute<UnitEntity>;
}

/** An opaque bearer token's session, stored by the token's SHA-256 only. */
export interface SessionEntity extends Model<InferAttributes<SessionEntity>, InferCreationAttributes<SessionEntity>> {
  tokenHash: Buffer;
  userId: number;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** The identity models of a database: users (belonging to a unit) and sessions. */
export const identityModels = perDatabase((sequelize) => {
  const User = sequelize.define<UserEntity>(
    'User',
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      username: { type: DataTypes.TEXT, allowNull: false, unique: true },
      displayName: { type: DataTypes.TEXT },
      passwordHash: { type: DataTypes.TEXT, allowNull: false },
      unitCode: { type: DataTypes.TEXT, allowNull: false },
      roles: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: false },
      status: { type: DataTypes.TEXT, allowNull: false },
      // The database's defaults (0, NULL, now(), '{}') apply when these are not given.
      failedLogins: { type: DataTypes.INTEGER },
      lockedUntil: { type: DataTypes.DATE },
      createdBy: { type: DataTypes.TEXT },
      createdAt: { type: DataTypes.DATE },
      updatedAt: { type: DataTypes.DATE },
      statusChangedBy: { type: DataTypes.TEXT },
      statusChangedAt: { type: DataTypes.DATE },
      statusReason: { type: DataTypes.TEXT },
      preferences: { type: DataTypes.JSONB },
    },
    { tableName: 'users' },
  );
  const Session = sequelize.define<SessionEntity>(
    'Session',
    {
      tokenHash: { type: DataTypes.BLOB, primaryKey: true },
      userId: { type: DataTypes.BIGINT, allowNull: false },
      createdAt: { type: DataTypes.DATE, allowNull: false },
      lastSeenAt: { type: DataTypes.DATE, allowNull: false },
      expiresAt: { type: DataTypes.DATE, allowNull: false },
    },
    { tableName: 'sessions' },
  );
  User.belongsTo(unitModel(sequelize), { as: 'unit', foreignKey: 'unitCode', targetKey: 'code', constraints: false });
  return { User, Session };
});
