/**
 * Failed sign-ins by client address: one password tried over many usernames is throttled as a
 * whole (each account also locks on its own). A fixed window per address, shared by instances.
 */
import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

export const up: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query(`
    CREATE TABLE login_failures (
      address      text PRIMARY KEY,
      window_start timestamptz NOT NULL,
      failures     integer NOT NULL
    );
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context }) => {
  await context.sequelize.query('DROP TABLE IF EXISTS login_failures');
};
