/**
 * Drafts: module definitions being edited in the designer, kept on the server (autosaved, with
 * a revision for optimistic concurrency) until they are published or withdrawn.
 */
import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

export const up: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query(`
    CREATE TABLE module_drafts (
      id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      key              text NOT NULL,
      revision         integer NOT NULL DEFAULT 1,
      -- json, not jsonb: schema property order is form field order
      definition       json NOT NULL,
      based_on_key     text,
      based_on_version integer,
      created_by       text NOT NULL,
      created_at       timestamptz NOT NULL,
      updated_by       text NOT NULL,
      updated_at       timestamptz NOT NULL,
      CHECK ((based_on_key IS NULL) = (based_on_version IS NULL))
    );
    CREATE INDEX module_drafts_key_idx ON module_drafts (key, updated_at DESC);
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query('DROP TABLE IF EXISTS module_drafts');
};
