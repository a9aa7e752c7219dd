/**
 * The audit log sealed against database administrators: each entry's MAC (made by the
 * application with a key the database never sees), signed checkpoints of every chain's head,
 * and INSERT guarded, so rows go in only through audit_append, on their chain, linked and hashed.
 */
import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

export const up: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query(`
    ALTER TABLE audit_log ADD COLUMN mac text;

    CREATE TABLE audit_checkpoints (
      id       bigint PRIMARY KEY,
      at       timestamptz NOT NULL,
      -- [[chain, position, hash], …]: each chain's head when the checkpoint was taken
      heads    jsonb NOT NULL,
      prev_mac text,
      mac      text NOT NULL
    );
    CREATE TRIGGER audit_checkpoints_no_change BEFORE UPDATE OR DELETE ON audit_checkpoints
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

    DROP FUNCTION audit_append(text, text, text, text, text, text, jsonb);
    -- Appends one entry in one round trip, at the application's time and with its MAC.
    CREATE FUNCTION audit_append(p_actor text, p_unit text, p_action text, p_target text, p_outcome text,
                                 p_request text, p_details jsonb, p_at timestamptz, p_mac text) RETURNS bigint
      LANGUAGE plpgsql AS $$
      DECLARE
        s bigint := nextval('audit_log_seq_seq');
        c smallint := s % 16;
        prev text;
        pos bigint;
        d jsonb := coalesce(p_details, '{}');
      BEGIN
        PERFORM pg_advisory_xact_lock(7361093400 + c);
        SELECT hash, chain_pos INTO prev, pos FROM audit_log WHERE chain = c ORDER BY chain_pos DESC LIMIT 1;
        prev := coalesce(prev, 'formwork-audit-genesis-' || c);
        pos := coalesce(pos, 0) + 1;
        PERFORM set_config('formwork.audit_append', 'on', true);
        INSERT INTO audit_log (seq, chain, chain_pos, at, actor, unit_code, action, target, outcome, request_id, details, prev_hash, hash, mac)
        VALUES (s, c, pos, p_at, p_actor, p_unit, p_action, p_target, p_outcome, p_request, d, prev,
                audit_hash(prev, audit_content(s, c, pos, p_at, p_actor, p_unit, p_action, p_target, p_outcome, p_request, d)), p_mac);
        PERFORM set_config('formwork.audit_append', 'off', true);
        RETURN s;
      END $$;

    -- Only audit_append inserts, on the entry's own chain, after the chain's head, correctly hashed.
    CREATE FUNCTION audit_log_insert_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        head audit_log%ROWTYPE;
      BEGIN
        IF current_setting('formwork.audit_append', true) IS DISTINCT FROM 'on' THEN
          RAISE EXCEPTION 'audit entries are appended only through audit_append' USING ERRCODE = 'insufficient_privilege';
        END IF;
        SELECT * INTO head FROM audit_log WHERE chain = NEW.chain ORDER BY chain_pos DESC LIMIT 1;
        IF NEW.chain <> NEW.seq % 16
           OR NEW.chain_pos <> coalesce(head.chain_pos, 0) + 1
           OR NEW.prev_hash <> coalesce(head.hash, 'formwork-audit-genesis-' || NEW.chain)
           OR NEW.hash <> audit_hash(NEW.prev_hash, audit_content(NEW.seq, NEW.chain, NEW.chain_pos, NEW.at, NEW.actor, NEW.unit_code,
                                                                  NEW.action, NEW.target, NEW.outcome, NEW.request_id, NEW.details)) THEN
          RAISE EXCEPTION 'an audit entry must follow its chain''s head, correctly hashed' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$;
    CREATE TRIGGER audit_log_insert_guard BEFORE INSERT ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_insert_guard();
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query(`
    DROP TRIGGER IF EXISTS audit_log_insert_guard ON audit_log;
    DROP FUNCTION IF EXISTS audit_log_insert_guard();
    DROP FUNCTION IF EXISTS audit_append(text, text, text, text, text, text, jsonb, timestamptz, text);
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
    DROP TABLE IF EXISTS audit_checkpoints;
    ALTER TABLE audit_log DROP COLUMN IF EXISTS mac;
  `);
};
