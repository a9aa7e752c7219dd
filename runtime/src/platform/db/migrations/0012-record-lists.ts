/**
 * Lists a unit can work through: text search over each record's title fields, and drafts
 * withdrawn by their unit.
 *
 * `search_text` holds what a record's title fields say (written with the record, from its
 * module's `list.title`). It is indexed by its character trigrams with fw_grams, our own
 * function rather than pg_trgm's operator class: pg_trgm only takes trigrams from characters
 * the database's LC_CTYPE calls alphanumeric, and under the C locale (the embedded server's)
 * a Chinese text has none, so `%张三收%` could not use the index. fw_grams cuts any text into
 * every run of three characters, whatever the locale or script, on PostgreSQL 12 and later.
 *
 * `withdrawn_at`: a draft withdrawn by its unit stays, with its history and audit entries, but
 * is left out of every list, count and figure.
 */
import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

export const up: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query(`
    ALTER TABLE records ADD COLUMN search_text text, ADD COLUMN withdrawn_at timestamptz, ADD COLUMN withdrawn_by text;
    -- Every run of three characters of a text, lower-cased (ASCII), without repeats.
    CREATE FUNCTION fw_grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(array_agg(DISTINCT substr(s.l, i, 3)), '{}')
        FROM (SELECT lower(coalesce(t, '')) AS l) s, generate_series(1, char_length(s.l) - 2) i
    $$;
    CREATE INDEX records_search_idx ON records USING gin (fw_grams(search_text));
    -- Records written before titles were indexed, to be indexed at start (few, then none).
    CREATE INDEX records_unindexed_idx ON records (module_key) WHERE search_text IS NULL;
    ALTER TABLE record_history DROP CONSTRAINT record_history_kind_check;
    ALTER TABLE record_history ADD CONSTRAINT record_history_kind_check
      CHECK (kind IN ('create', 'update', 'transition', 'route', 'overdue', 'remind', 'escalate', 'migrate', 'attach', 'detach', 'withdraw'));
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query(`
    DELETE FROM record_history WHERE kind = 'withdraw';
    ALTER TABLE record_history DROP CONSTRAINT record_history_kind_check;
    ALTER TABLE record_history ADD CONSTRAINT record_history_kind_check
      CHECK (kind IN ('create', 'update', 'transition', 'route', 'overdue', 'remind', 'escalate', 'migrate', 'attach', 'detach'));
    DROP INDEX IF EXISTS records_unindexed_idx;
    DROP INDEX IF EXISTS records_search_idx;
    DROP FUNCTION IF EXISTS fw_grams(text);
    ALTER TABLE records DROP COLUMN IF EXISTS withdrawn_by, DROP COLUMN IF EXISTS withdrawn_at, DROP COLUMN IF EXISTS search_text;
  `);
};
