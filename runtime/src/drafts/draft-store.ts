/**
 * Drafts of module definitions: a sequelize model of the `module_drafts` table (one per
 * database handle, so several instances in one process keep their own), and its queries.
 */
import { DataTypes, Op, type Model, type ModelStatic, type Sequelize, type Transaction } from 'sequelize';

/** A stored draft. */
export interface DraftAttributes {
  id: string;
  key: string;
  revision: number;
  definition: unknown;
  basedOnKey: string | null;
  basedOnVersion: number | null;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
}

type DraftCreation = Omit<DraftAttributes, 'id' | 'revision'>;
interface DraftInstance extends Model<DraftAttributes, DraftCreation>, DraftAttributes {}

const models = new WeakMap<Sequelize, ModelStatic<DraftInstance>>();

/** The draft model of a database handle (defined on first use). */
function drafts(sequelize: Sequelize): ModelStatic<DraftInstance> {
  let model = models.get(sequelize);
  if (!model) {
    model = sequelize.define<DraftInstance>(
      'module_drafts',
      {
        id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
        key: { type: DataTypes.TEXT, allowNull: false },
        revision: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
        // json, not jsonb: schema property order is form field order.
        definition: { type: DataTypes.JSON, allowNull: false },
        basedOnKey: { type: DataTypes.TEXT, allowNull: true },
        basedOnVersion: { type: DataTypes.INTEGER, allowNull: true },
        createdBy: { type: DataTypes.TEXT, allowNull: false },
        createdAt: { type: DataTypes.DATE, allowNull: false },
        updatedBy: { type: DataTypes.TEXT, allowNull: false },
        updatedAt: { type: DataTypes.DATE, allowNull: false },
      },
      { tableName: 'module_drafts', underscored: true, timestamps: false, freezeTableName: true },
    );
    models.set(sequelize, model);
  }
  return model;
}

const plain = (row: DraftInstance): DraftAttributes => row.get({ plain: true });

/** Stores a new draft (revision 1). */
export async function insertDraft(sequelize: Sequelize, draft: DraftCreation, transaction?: Transaction): Promise<DraftAttributes> {
  return plain(await drafts(sequelize).create(draft, { transaction }));
}

/** A draft by id (undefined when there is none). */
export async function findDraft(sequelize: Sequelize, id: string, transaction?: Transaction): Promise<DraftAttributes | undefined> {
  const row = await drafts(sequelize).findByPk(id, { transaction });
  return row ? plain(row) : undefined;
}

/** Drafts, most recently saved first; of one module key when given. */
export async function listDrafts(sequelize: Sequelize, key?: string): Promise<DraftAttributes[]> {
  const rows = await drafts(sequelize).findAll({ ...(key ? { where: { key } } : {}), order: [['updatedAt', 'DESC']], limit: 1000 });
  return rows.map(plain);
}

/**
 * Saves a draft if it is still at `revision` (optimistic concurrency): returns the new
 * revision, or undefined when someone else saved first (or it is gone).
 */
export async function saveDraft(
  sequelize: Sequelize,
  id: string,
  revision: number,
  change: { key: string; definition: unknown; updatedBy: string; updatedAt: Date },
  transaction?: Transaction,
): Promise<number | undefined> {
  const [count] = await drafts(sequelize).update(
    { ...change, revision: revision + 1 },
    { where: { id, revision: { [Op.eq]: revision } }, transaction },
  );
  return count === 1 ? revision + 1 : undefined;
}

/** Removes a draft; false when there was none. */
export async function deleteDraft(sequelize: Sequelize, id: string, transaction?: Transaction): Promise<boolean> {
  return (await drafts(sequelize).destroy({ where: { id }, transaction })) === 1;
}
