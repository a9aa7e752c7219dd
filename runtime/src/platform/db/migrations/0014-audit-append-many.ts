/**
 * audit_append_many: a batch of audit entries appended in one call, each exactly as
 * audit_append appends one (its own sequence number, chain position, hash and MAC; the insert
 * guard checks every row as before). It takes all sixteen chain locks first, in chain order —
 * so two batches (two imports at once) can no longer deadlock on them — and reads each chain's
 * head once instead of once per entry.
 */
import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

export const up: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query(`
    CREATE FUNCTION audit_append_many(p_actor text[], p_unit text[], p_action text[], p_target text[], p_outcome text[],
                                      p_request text[], p_details jsonb[], p_at timestamptz[], p_mac text[]) RETURNS SETOF bigint
      LANGUAGE plpgsql AS $$
      DECLARE
        heads text[] := array_fill(NULL::text, ARRAY[16]);
        positions bigint[] := array_fill(0::bigint, ARRAY[16]);
        i integer;
        s bigint;
        c smallint;
        prev text;
        pos bigint;
        d jsonb;
      BEGIN
        FOR c IN 0 .. 15 LOOP
          PERFORM pg_advisory_xact_lock(7361093400 + c);
        END LOOP;
        FOR c IN 0 .. 15 LOOP
          SELECT hash, chain_pos INTO prev, pos FROM audit_log WHERE chain = c ORDER BY chain_pos DESC LIMIT 1;
          heads[c + 1] := coalesce(prev, 'formwork-audit-genesis-' || c);
          positions[c + 1] := coalesce(pos, 0);
        END LOOP;
        PERFORM set_config('formwork.audit_append', 'on', true);
        FOR i IN 1 .. coalesce(array_length(p_actor, 1), 0) LOOP
          s := nextval('audit_log_seq_seq');
          c := s % 16;
          d := coalesce(p_details[i], '{}');
          prev := heads[c + 1];
          pos := positions[c + 1] + 1;
          positions[c + 1] := pos;
          heads[c + 1] := audit_hash(prev, audit_content(s, c, pos, p_at[i], p_actor[i], p_unit[i], p_action[i], p_target[i], p_outcome[i], p_request[i], d));
          INSERT INTO audit_log (seq, chain, chain_pos, at, actor, unit_code, action, target, outcome, request_id, details, prev_hash, hash, mac)
          VALUES (s, c, pos, p_at[i], p_actor[i], p_unit[i], p_action[i], p_target[i], p_outcome[i], p_request[i], d, prev, heads[c + 1], p_mac[i]);
          RETURN NEXT s;
        END LOOP;
        PERFORM set_config('formwork.audit_append', 'off', true);
      END $$;
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query('DROP FUNCTION IF EXISTS audit_append_many(text[], text[], text[], text[], text[], text[], jsonb[], timestamptz[], text[])');
};
