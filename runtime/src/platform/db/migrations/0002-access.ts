/** Filed onboarding (报备) and unit kinds: who changed a user's status, when and why. */
import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

export const up: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query(`
    ALTER TABLE units ADD CONSTRAINT units_kind_check
      CHECK (kind IN ('company', 'factory', 'discipline', 'inspection', 'other'));
    ALTER TABLE units ADD CONSTRAINT units_root_check CHECK ((parent_code IS NULL) = (level = 1));

    ALTER TABLE users
      ADD COLUMN status_changed_by text,
      ADD COLUMN status_changed_at timestamptz,
      ADD COLUMN status_reason     text;
    CREATE INDEX users_status_idx ON users (status) WHERE status = 'pending';
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query(`
    ALTER TABLE units DROP CONSTRAINT units_kind_check, DROP CONSTRAINT units_root_check;
    ALTER TABLE users DROP COLUMN status_changed_by, DROP COLUMN status_changed_at, DROP COLUMN status_reason;
  `);
};
