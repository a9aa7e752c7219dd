/**
 * What the workspace needs: a user's preferences (the language, remembered per user) and files
 * attached to records, kept in PostgreSQL like everything else so every instance serves them.
 */
import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

export const up: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query(`
    ALTER TABLE users ADD COLUMN preferences jsonb NOT NULL DEFAULT '{}';

    CREATE TABLE attachments (
      id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      record_id    uuid NOT NULL REFERENCES records (id) ON DELETE CASCADE,
      filename     text NOT NULL,
      content_type text NOT NULL,
      size         integer NOT NULL,
      sha256       text NOT NULL,
      content      bytea NOT NULL,
      uploaded_by  text NOT NULL,
      unit_code    text NOT NULL,
      uploaded_at  timestamptz NOT NULL,
      deleted_by   text,
      deleted_at   timestamptz
    );
    CREATE INDEX attachments_record_idx ON attachments (record_id, uploaded_at) WHERE deleted_at IS NULL;

    -- Attaching and removing files are part of a record's history.
    ALTER TABLE record_history DROP CONSTRAINT record_history_kind_check;
    -- The files are gone with their table; their history entries would break the old check.
    DELETE FROM record_history WHERE kind IN ('attach', 'detach');
    ALTER TABLE record_history ADD CONSTRAINT record_history_kind_check
      CHECK (kind IN ('create', 'update', 'transition', 'route', 'overdue', 'remind', 'escalate', 'migrate', 'attach', 'detach'));
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query(`
    DROP TABLE IF EXISTS attachments;
    ALTER TABLE users DROP COLUMN preferences;
    ALTER TABLE record_history DROP CONSTRAINT record_history_kind_check;
    -- The files are gone with their table; their history entries would break the old check.
    DELETE FROM record_history WHERE kind IN ('attach', 'detach');
    ALTER TABLE record_history ADD CONSTRAINT record_history_kind_check
      CHECK (kind IN ('create', 'update', 'transition', 'route', 'overdue', 'remind', 'escalate', 'migrate'));
  `);
};
