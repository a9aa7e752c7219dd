/** Files attached to records (migration 0005) as a sequelize model; listings leave `content` out. */
import { DataTypes, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Model } from 'sequelize';
import { perDatabase } from '../platform/db/models.js';

export interface AttachmentEntity extends Model<InferAttributes<AttachmentEntity>, InferCreationAttributes<AttachmentEntity>> {
  id: CreationOptional<string>;
  recordId: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  /** The file itself (bytea): read only when a file is downloaded. */
  content: Buffer;
  uploadedBy: string;
  unitCode: string;
  uploadedAt: Date;
  /** A removed attachment stays, marked, for the record's history. */
  deletedBy: CreationOptional<string | null>;
  deletedAt: CreationOptional<Date | null>;
}

/** The attachments model of a database. */
export const attachmentModel = perDatabase((sequelize) =>
  sequelize.define<AttachmentEntity>(
    'Attachment',
    {
      // The database's default (gen_random_uuid()) would do as well; the model makes one so that
      // it knows the id without reading the row back.
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      recordId: { type: DataTypes.UUID, allowNull: false },
      filename: { type: DataTypes.TEXT, allowNull: false },
      contentType: { type: DataTypes.TEXT, allowNull: false },
      size: { type: DataTypes.INTEGER, allowNull: false },
      sha256: { type: DataTypes.TEXT, allowNull: false },
      content: { type: DataTypes.BLOB, allowNull: false },
      uploadedBy: { type: DataTypes.TEXT, allowNull: false },
      unitCode: { type: DataTypes.TEXT, allowNull: false },
      uploadedAt: { type: DataTypes.DATE, allowNull: false },
      deletedBy: { type: DataTypes.TEXT },
      deletedAt: { type: DataTypes.DATE },
    },
    { tableName: 'attachments' },
  ),
);

/** Everything but the content. */
export const ATTACHMENT_METADATA = ['id', 'recordId', 'filename', 'contentType', 'size', 'sha256', 'uploadedBy', 'unitCode', 'uploadedAt'] as const;
