/**
 * Export jobs: a large export runs on the job queue (pg-boss) and its file is kept in the
 * database in chunks of about 1 MB — any instance serves the download — until it expires.
 */
import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

export const up: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query(`
    CREATE TABLE export_jobs (
      id           uuid PRIMARY KEY,
      username     text NOT NULL,
      -- the requester's unit and scope when asked: the job exports what they could then
      unit_code    text NOT NULL,
      unit_path    ltree NOT NULL,
      unit_level   integer NOT NULL,
      dataset      text NOT NULL,
      query        jsonb NOT NULL,
      status       text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
      rows         integer NOT NULL DEFAULT 0,
      total        integer,
      filename     text,
      content_type text,
      bytes        bigint,
      error        text,
      created_at   timestamptz NOT NULL,
      finished_at  timestamptz,
      expires_at   timestamptz NOT NULL
    );
    CREATE INDEX export_jobs_by_user ON export_jobs (username, created_at DESC);
    CREATE INDEX export_jobs_expiry ON export_jobs (expires_at);
    CREATE TABLE export_job_chunks (
      job_id uuid NOT NULL REFERENCES export_jobs (id) ON DELETE CASCADE,
      seq    integer NOT NULL,
      data   bytea NOT NULL,
      PRIMARY KEY (job_id, seq)
    );
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query('DROP TABLE IF EXISTS export_job_chunks; DROP TABLE IF EXISTS export_jobs;');
};
