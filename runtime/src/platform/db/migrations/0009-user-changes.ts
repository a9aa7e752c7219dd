/**
 * Filed changes of a user's access (报备): a password reset or a role grant asked by an
 * administrator of the user's own unit waits here until an administrator of a unit above
 * approves (it is applied then) or rejects it, with the reason kept.
 */
import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

export const up: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query(`
    CREATE TABLE user_changes (
      id            bigserial PRIMARY KEY,
      username      text NOT NULL REFERENCES users (username) ON UPDATE CASCADE,
      kind          text NOT NULL CHECK (kind IN ('password', 'roles')),
      -- the new password's hash (never the password) or the new roles
      password_hash text,
      roles         text[],
      status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
      requested_by  text NOT NULL,
      requested_at  timestamptz NOT NULL,
      decided_by    text,
      decided_at    timestamptz,
      reason        text,
      CHECK ((kind = 'password') = (password_hash IS NOT NULL)),
      CHECK ((kind = 'roles') = (roles IS NOT NULL))
    );
    CREATE INDEX user_changes_pending_idx ON user_changes (username) WHERE status = 'pending';
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query('DROP TABLE IF EXISTS user_changes');
};
