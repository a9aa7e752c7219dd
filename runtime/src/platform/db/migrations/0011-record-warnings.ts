/**
 * The rules' warnings each record was last written with (create, edit, workflow step,
 * migration), so the data-quality measures can count the warnings left open on handed-in
 * records in SQL. Records written before this migration carry none until their next write.
 */
import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

export const up: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query(`ALTER TABLE records ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]';`);
};

export const down: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query('ALTER TABLE records DROP COLUMN IF EXISTS warnings;');
};
