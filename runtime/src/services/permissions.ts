/**
 * Who may do what: permissions are data, a table of action → roles, checked in one place
 * (the auth plugin, from each route's `config.permission`).
 */
import type { Role } from '../../../engine/src/index.js';

export const ROLES: readonly Role[] = ['admin', 'designer', 'officer', 'leader', 'auditor', 'exporter'];

/** Every action a route can require, with the roles that hold it. */
export const PERMISSIONS = {
  /** Read module definitions, their versions and types (every signed-in user: forms need them). */
  'modules.read': ['admin', 'designer', 'officer', 'leader', 'auditor', 'exporter'],
  /** Validate data against a module without writing. */
  'modules.dryRun': ['admin', 'designer', 'officer', 'leader', 'auditor', 'exporter'],
  /** Publish a new version of a module definition. */
  'modules.publish': ['designer'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function isAllowed(permission: Permission, roles: readonly string[]): boolean {
  return (PERMISSIONS[permission] as readonly string[]).some((role) => roles.includes(role));
}
