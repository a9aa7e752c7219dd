/**
 * Weekly data-quality nudges: each unit's leaders are told once a week of the unit's overdue
 * records and stale drafts. A unit and week is claimed by one row here, in the statement that
 * writes the notification, so however many instances sweep, each unit hears once a week.
 */
import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

export const up: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query(`
    ALTER TABLE units ADD COLUMN quality_nudges boolean NOT NULL DEFAULT true;
    CREATE TABLE quality_nudges (
      unit_code text NOT NULL REFERENCES units (code) ON UPDATE CASCADE,
      -- ISO week of the China-time day, e.g. 2026-W26
      week      text NOT NULL,
      sent_at   timestamptz NOT NULL,
      PRIMARY KEY (unit_code, week)
    );
    -- A text as a date, or NULL when it is not one (pg_input_is_valid needs PostgreSQL 16; this
    -- runs on 12 and later): the quality measures read matters' dates out of record data.
    CREATE FUNCTION fw_try_date(t text) RETURNS date LANGUAGE plpgsql IMMUTABLE AS $$
    BEGIN
      IF t IS NULL OR t !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN RETURN NULL; END IF;
      RETURN t::date;
    EXCEPTION WHEN others THEN
      RETURN NULL;
    END $$;
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query('DROP FUNCTION IF EXISTS fw_try_date(text); DROP TABLE IF EXISTS quality_nudges; ALTER TABLE units DROP COLUMN IF EXISTS quality_nudges;');
};
