/** Units, users, sessions, module definitions and the audit log. */
import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

export const up: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query(`
    CREATE EXTENSION IF NOT EXISTS ltree;

    -- The unit tree. "This unit and everything below it" is one indexed predicate:
    -- path <@ (SELECT path FROM units WHERE code = $1). Labels are unit ids, so codes may hold any character.
    CREATE TABLE units (
      id          bigserial PRIMARY KEY,
      code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
      name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      parent_code text REFERENCES units (code) ON UPDATE CASCADE,
      level       integer NOT NULL CHECK (level >= 1),
      kind        text NOT NULL DEFAULT 'company',
      path        ltree NOT NULL,
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX units_path_gist ON units USING gist (path);
    CREATE INDEX units_parent_idx ON units (parent_code);

    CREATE TABLE users (
      id            bigserial PRIMARY KEY,
      username      text NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}$'),
      display_name  text,
      password_hash text NOT NULL,
      unit_code     text NOT NULL REFERENCES units (code) ON UPDATE CASCADE,
      roles         text[] NOT NULL DEFAULT '{}',
      status        text NOT NULL CHECK (status IN ('active', 'pending', 'disabled', 'rejected')),
      failed_logins integer NOT NULL DEFAULT 0,
      locked_until  timestamptz,
      created_by    text,
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX users_unit_idx ON users (unit_code);

    -- Opaque bearer tokens, stored only as SHA-256 hashes.
    CREATE TABLE sessions (
      token_hash   bytea PRIMARY KEY,
      user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at   timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at   timestamptz NOT NULL
    );
    CREATE INDEX sessions_user_idx ON sessions (user_id);

    CREATE TABLE modules (
      key            text PRIMARY KEY,
      kind           text NOT NULL CHECK (kind IN ('record', 'report', 'codelist')),
      title          jsonb NOT NULL,
      latest_version integer NOT NULL DEFAULT 0,
      created_at     timestamptz NOT NULL DEFAULT now(),
      updated_at     timestamptz NOT NULL DEFAULT now()
    );

    -- Published versions are immutable. The definition is json, not jsonb: jsonb reorders keys,
    -- and the order of a schema's properties is the order of the form's fields.
    CREATE TABLE module_versions (
      key          text NOT NULL REFERENCES modules (key),
      version      integer NOT NULL CHECK (version >= 1),
      definition   json NOT NULL,
      sha256       text NOT NULL,
      published_by text NOT NULL,
      published_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (key, version)
    );
    CREATE FUNCTION module_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'published module versions are immutable' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER module_versions_no_change BEFORE UPDATE OR DELETE ON module_versions
      FOR EACH ROW EXECUTE FUNCTION module_versions_immutable();

    -- The audit log: append-only, in 16 interleaved hash chains. Each entry carries the hash
    -- of the previous entry of its chain and its own content, so changing or removing any entry
    -- breaks its chain. Striping lets 16 writers append at once (a single chain would serialise
    -- every write of the system, commit included).
    CREATE TABLE audit_log (
      seq        bigserial PRIMARY KEY,
      chain      smallint NOT NULL,
      chain_pos  bigint NOT NULL,
      at         timestamptz NOT NULL DEFAULT clock_timestamp(),
      actor      text,
      unit_code  text,
      action     text NOT NULL,
      target     text,
      outcome    text NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed')),
      request_id text,
      details    jsonb NOT NULL DEFAULT '{}',
      prev_hash  text NOT NULL,
      hash       text NOT NULL,
      UNIQUE (chain, chain_pos)
    );
    CREATE INDEX audit_log_actor_idx ON audit_log (actor, seq);
    CREATE INDEX audit_log_action_idx ON audit_log (action, seq);
    -- Entries arrive in time order: a BRIN index serves time ranges at almost no write cost.
    CREATE INDEX audit_log_at_idx ON audit_log USING brin (at);
    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

    -- What an entry's hash covers, as canonical text (jsonb prints keys in one order).
    CREATE FUNCTION audit_content(seq bigint, chain smallint, chain_pos bigint, at timestamptz, actor text, unit_code text,
                                  action text, target text, outcome text, request_id text, details jsonb) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$
        SELECT jsonb_build_object(
          'seq', seq, 'chain', chain, 'pos', chain_pos, 'at', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          'actor', actor, 'unit', unit_code, 'action', action, 'target', target, 'outcome', outcome,
          'requestId', request_id, 'details', details)::text
      $$;
    CREATE FUNCTION audit_hash(prev text, content text) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$ SELECT encode(sha256(convert_to(prev || E'\\n' || content, 'UTF8')), 'hex') $$;

    -- Appends one entry in one round trip. The chain's lock gives the chain one order; each
    -- statement of the function sees what was committed before it took the lock.
    CREATE FUNCTION audit_append(p_actor text, p_unit text, p_action text, p_target text, p_outcome text,
                                 p_request text, p_details jsonb) RETURNS bigint
      LANGUAGE plpgsql AS $$
      DECLARE
        s bigint := nextval('audit_log_seq_seq');
        c smallint := s % 16;
        prev text;
        pos bigint;
        t timestamptz := clock_timestamp();
        d jsonb := coalesce(p_details, '{}');
      BEGIN
        PERFORM pg_advisory_xact_lock(7361093400 + c);
        SELECT hash, chain_pos INTO prev, pos FROM audit_log WHERE chain = c ORDER BY chain_pos DESC LIMIT 1;
        prev := coalesce(prev, 'formwork-audit-genesis-' || c);
        pos := coalesce(pos, 0) + 1;
        INSERT INTO audit_log (seq, chain, chain_pos, at, actor, unit_code, action, target, outcome, request_id, details, prev_hash, hash)
        VALUES (s, c, pos, t, p_actor, p_unit, p_action, p_target, p_outcome, p_request, d, prev,
                audit_hash(prev, audit_content(s, c, pos, t, p_actor, p_unit, p_action, p_target, p_outcome, p_request, d)));
        RETURN s;
      END $$;
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query(`
    DROP TABLE IF EXISTS audit_log, module_versions, modules, sessions, users, units CASCADE;
    DROP FUNCTION IF EXISTS audit_append, audit_hash, audit_content, audit_log_append_only, module_versions_immutable;
  `);
};
