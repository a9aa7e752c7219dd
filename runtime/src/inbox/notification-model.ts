/**
 * Notifications and who has read them (migration 0003) as sequelize models, and the inbox's
 * writes through them. Notifications are written with the record write that causes them, in
 * the same statement batch, and listed with their record's module: that SQL stays with the
 * records' (records/record-store.ts).
 */
import { Op, DataTypes, type InferAttributes, type InferCreationAttributes, type Model, type CreationOptional } from 'sequelize';
import { perDatabase } from '../platform/db/models.js';
import type { SqlTarget } from '../platform/db/sql.js';

export interface NotificationEntity extends Model<InferAttributes<NotificationEntity>, InferCreationAttributes<NotificationEntity>> {
  id: CreationOptional<number>;
  unitCode: string;
  /** Holders of any of these roles at the unit; null: everyone there. */
  roles: string[] | null;
  recordId: string | null;
  kind: string;
  message: { 'zh-CN': string; en?: string };
  createdAt: Date;
}

export interface NotificationReadEntity extends Model<InferAttributes<NotificationReadEntity>, InferCreationAttributes<NotificationReadEntity>> {
  notificationId: number;
  username: string;
  readAt: Date;
}

/** The notification models of a database. */
export const notificationModels = perDatabase((sequelize) => {
  const Notification = sequelize.define<NotificationEntity>(
    'Notification',
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      unitCode: { type: DataTypes.TEXT, allowNull: false },
      roles: { type: DataTypes.ARRAY(DataTypes.TEXT) },
      recordId: { type: DataTypes.UUID },
      kind: { type: DataTypes.TEXT, allowNull: false },
      message: { type: DataTypes.JSONB, allowNull: false },
      createdAt: { type: DataTypes.DATE, allowNull: false },
    },
    { tableName: 'notifications' },
  );
  const NotificationRead = sequelize.define<NotificationReadEntity>(
    'NotificationRead',
    {
      notificationId: { type: DataTypes.BIGINT, primaryKey: true },
      username: { type: DataTypes.TEXT, primaryKey: true },
      readAt: { type: DataTypes.DATE, allowNull: false },
    },
    { tableName: 'notification_reads' },
  );
  return { Notification, NotificationRead };
});

/** Marks a notification read for a user, if it is addressed to them; false otherwise. */
export async function markNotificationRead(sequelize: SqlTarget, id: number, user: { username: string; unitCode: string; roles: string[] }, at: Date): Promise<boolean> {
  const { Notification, NotificationRead } = notificationModels(sequelize);
  const addressed = await Notification.count({
    where: { id, unitCode: user.unitCode, [Op.or]: [{ roles: null }, { roles: { [Op.overlap]: user.roles } }] },
  });
  if (addressed === 0) return false;
  // Read twice is read once.
  await NotificationRead.bulkCreate([{ notificationId: id, username: user.username, readAt: at }], { ignoreDuplicates: true });
  return true;
}
