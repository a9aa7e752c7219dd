/**
 * First start: a root unit (HQ) and an `admin` user there holding every role. The password is
 * FORMWORK_ADMIN_PASSWORD, or a random one printed once.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../platform/db/database.js';
import { appendAudit } from '../audit/audit-store.js';
import { countUsers, insertRootUnit, insertUser } from './identity-store.js';
import { hashPassword } from './password.js';
import { ROLES } from './permissions.js';

export const ROOT_UNIT = { code: 'HQ', name: '总部' } as const;
export const BOOTSTRAP_ADMIN = 'admin';

export interface BootstrapResult {
  created: boolean;
  /** Set when the password was generated (to be shown once). */
  generatedPassword?: string;
}

export async function bootstrap(db: Database, adminPassword: string | undefined): Promise<BootstrapResult> {
  const { sequelize } = db;
  if ((await countUsers(sequelize)) > 0) return { created: false };
  const generated = adminPassword === undefined ? randomBytes(12).toString('base64url') + 'a1!' : undefined;
  const passwordHash = await hashPassword(adminPassword ?? generated!);
  // Two instances starting on an empty database: the unique username lets only one create it.
  const created = await sequelize.transaction(async (tx) => {
    await sequelize.query('SELECT pg_advisory_xact_lock(7361093483)', { transaction: tx });
    if ((await countUsers(sequelize, tx)) > 0) return false;
    await insertRootUnit(sequelize, ROOT_UNIT.code, ROOT_UNIT.name, tx);
    await insertUser(
      sequelize,
      { username: BOOTSTRAP_ADMIN, passwordHash, unitCode: ROOT_UNIT.code, roles: [...ROLES], status: 'active', createdBy: null },
      tx,
    );
    await appendAudit(
      sequelize,
      { actor: null, unitCode: ROOT_UNIT.code, action: 'system.bootstrap', target: `user:${BOOTSTRAP_ADMIN}`, outcome: 'ok' },
      tx,
    );
    return true;
  });
  return created ? { created, ...(generated ? { generatedPassword: generated } : {}) } : { created: false };
}
