import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (the pure engine and helpers, and the web kit's parts that need no
 * browser; no database) and `integration` (API and PostgreSQL: an embedded server started once
 * per run, or DATABASE_URL; a fresh database per file).
 */
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['test/engine/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/web/**/*.test.{ts,tsx}', 'test/designer/**/*.test.{ts,tsx}', 'engine/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['test/api/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // expect.poll waits on a browser or a server shared with another test file on 2 cores:
          // its default second is too short under load.
          expect: { poll: { timeout: 15_000 } },
          // Files run in parallel, each against its own database; two workers suit 2 cores.
          maxWorkers: 2,
        },
      },
    ],
  },
});
