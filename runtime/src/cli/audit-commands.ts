/**
 * `formwork audit checkpoint` and `formwork audit verify`: sign the audit chains' heads now and
 * export the checkpoint (to keep where the database's administrators cannot reach), and verify
 * the log against the stored checkpoints and any exported ones.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import pino from 'pino';
import type { Config } from '../config.js';
import type { Checkpoint } from '../audit/audit-seal.js';
import { takeCheckpoint, verifyAuditChain } from '../audit/audit-store.js';
import { openConfiguredDatabase } from '../server.js';

export function auditCommands(program: Command, config: () => Config, finish: (code: number) => Promise<never>): void {
  const audit = program.command('audit').description('the audit log');

  audit
    .command('checkpoint')
    .description("sign every chain's head now; print the checkpoint (JSON), or append it to --out")
    .option('--out <file>', 'a file of checkpoints (JSON lines) to append to')
    .action(async (options: { out?: string }) => {
      const { db, embedded } = await openConfiguredDatabase(config(), pino({ level: 'warn' }));
      let checkpoint: Checkpoint | undefined;
      try {
        checkpoint = await takeCheckpoint(db.sequelize);
      } finally {
        await db.close();
        await embedded?.stop();
      }
      if (!checkpoint) {
        console.error('no audit key (FORMWORK_AUDIT_KEY): checkpoints cannot be signed');
        await finish(2);
        return;
      }
      const line = JSON.stringify(checkpoint);
      if (options.out) await writeFile(options.out, `${line}\n`, { flag: 'a' });
      console.log(line);
      await finish(0);
    });

  audit
    .command('verify')
    .description('walk every chain, seal and checkpoint; with --checkpoints, also against exported ones')
    .option('--checkpoints <file>', 'exported checkpoints (JSON lines, as `audit checkpoint --out` writes)')
    .action(async (options: { checkpoints?: string }) => {
      const external = options.checkpoints ? await readCheckpoints(options.checkpoints) : [];
      const { db, embedded } = await openConfiguredDatabase(config(), pino({ level: 'warn' }));
      try {
        const verdict = await verifyAuditChain(db.sequelize, { external });
        console.log(JSON.stringify(verdict));
        await db.close();
        await embedded?.stop();
        await finish(verdict.ok ? 0 : 1);
      } finally {
        await db.close().catch(() => undefined);
        await embedded?.stop().catch(() => undefined);
      }
    });
}

async function readCheckpoints(file: string): Promise<Checkpoint[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as Checkpoint;
      } catch {
        throw new Error(`${file}:${i + 1} is not a checkpoint (JSON)`);
      }
    });
}
