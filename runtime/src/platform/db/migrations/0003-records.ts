/** Records, their history, idempotency keys and notifications. */
import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

export const up: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query(`
    CREATE TABLE records (
      id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      module_key       text NOT NULL,
      module_version   integer NOT NULL,
      -- The unit the record belongs to, and the unit that holds it now (hand-up, hand-down, routing).
      unit_code        text NOT NULL REFERENCES units (code) ON UPDATE CASCADE,
      assigned_unit    text NOT NULL REFERENCES units (code) ON UPDATE CASCADE,
      assigned_role    text,
      state            text NOT NULL,
      final            boolean NOT NULL DEFAULT false,
      -- Increments on every transition: deadline jobs belong to one stay in one state.
      state_seq        integer NOT NULL DEFAULT 1,
      state_entered_at timestamptz NOT NULL,
      awaiting_roles   text[] NOT NULL DEFAULT '{}',
      deadline_at      timestamptz,
      overdue_at       timestamptz,
      version          integer NOT NULL DEFAULT 1,
      data             jsonb NOT NULL,
      derived          jsonb NOT NULL DEFAULT '{}',
      created_by       text NOT NULL,
      created_at       timestamptz NOT NULL,
      updated_by       text NOT NULL,
      updated_at       timestamptz NOT NULL,
      FOREIGN KEY (module_key, module_version) REFERENCES module_versions (key, version)
    );
    CREATE INDEX records_list_idx ON records (module_key, created_at DESC, id DESC);
    CREATE INDEX records_unit_idx ON records (unit_code);
    CREATE INDEX records_inbox_idx ON records (assigned_unit, overdue_at, deadline_at) WHERE NOT final;
    CREATE INDEX records_data_idx ON records USING gin (data jsonb_path_ops);

    CREATE TABLE record_history (
      id          bigserial PRIMARY KEY,
      record_id   uuid NOT NULL REFERENCES records (id) ON DELETE CASCADE,
      at          timestamptz NOT NULL,
      actor       text,
      unit_code   text,
      kind        text NOT NULL CHECK (kind IN ('create', 'update', 'transition', 'route', 'overdue', 'remind', 'escalate', 'migrate')),
      action      text,
      from_state  text,
      to_state    text,
      comment     text,
      changes     jsonb NOT NULL DEFAULT '[]',
      details     jsonb NOT NULL DEFAULT '{}',
      -- Timed work (reminders, overdue) happens once per record and stay: a second attempt conflicts.
      job_key     text
    );
    CREATE INDEX record_history_record_idx ON record_history (record_id, id);
    CREATE UNIQUE INDEX record_history_job_idx ON record_history (record_id, job_key) WHERE job_key IS NOT NULL;

    -- A create with an Idempotency-Key is stored with its answer, in the same transaction.
    CREATE TABLE idempotency_keys (
      username     text NOT NULL,
      key          text NOT NULL,
      request_hash text NOT NULL,
      status       integer,
      response     jsonb,
      created_at   timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (username, key)
    );

    CREATE TABLE notifications (
      id          bigserial PRIMARY KEY,
      unit_code   text NOT NULL REFERENCES units (code) ON UPDATE CASCADE,
      -- Holders of any of these roles at the unit (NULL: everyone there).
      roles       text[],
      record_id   uuid REFERENCES records (id) ON DELETE CASCADE,
      kind        text NOT NULL,
      message     jsonb NOT NULL,
      created_at  timestamptz NOT NULL
    );
    CREATE INDEX notifications_unit_idx ON notifications (unit_code, id DESC);
    CREATE TABLE notification_reads (
      notification_id bigint NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
      username        text NOT NULL,
      read_at         timestamptz NOT NULL,
      PRIMARY KEY (notification_id, username)
    );
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query('DROP TABLE IF EXISTS notification_reads, notifications, idempotency_keys, record_history, records CASCADE;');
};
