/**
 * Report periods: a report record belongs to one period (2026Q3 …) and is due at the time its
 * assignment set. One record per module, period and unit: assigning twice creates nothing new.
 */
import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

export const up: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query(`
    ALTER TABLE records
      ADD COLUMN period text,
      ADD COLUMN due_at timestamptz;
    CREATE UNIQUE INDEX records_period_idx ON records (module_key, period, unit_code) WHERE period IS NOT NULL;
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query('DROP INDEX IF EXISTS records_period_idx; ALTER TABLE records DROP COLUMN period, DROP COLUMN due_at;');
};
