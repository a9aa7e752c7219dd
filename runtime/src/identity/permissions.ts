/**
 * Who may do what: permissions are data, a table of action → roles, checked in one place
 * (the auth plugin, from each route's `config.permission`).
 */
import type { Role } from '../../../engine/src/index.js';

/** Every role (the API's vocabulary, declared with the contract). */
export { ROLES } from '../api/users.js';

/** Every action a route can require, with the roles that hold it. */
export const PERMISSIONS = {
  /** See the unit tree of one's subtree (every role: forms and lists need it). */
  'units.read': ['admin', 'designer', 'officer', 'leader', 'auditor', 'exporter'],
  /** Create, rename, move and import units below one's own. */
  'units.write': ['admin'],
  /** See the users of one's subtree and each unit's designated administrators. */
  'users.read': ['admin', 'auditor'],
  /** Create users, change their roles and passwords, disable and enable them, decide filings. */
  'users.write': ['admin'],
  /** Read and verify the audit log of one's subtree. */
  'audit.read': ['admin', 'auditor'],
  /** Read records of one's subtree (and those handed to one's unit), their history. Not admins or designers: case data is a work secret. */
  'records.read': ['officer', 'leader', 'auditor', 'exporter'],
  /** Create records at one's unit or below. */
  'records.create': ['officer'],
  /** Edit records held by one's unit while they are drafts. */
  'records.write': ['officer', 'leader'],
  /** Assign a report period to units of one's subtree (statistics staff). */
  'reports.assign': ['officer', 'leader'],
  /** Take workflow actions; each transition names the roles it allows. */
  'records.act': ['admin', 'designer', 'officer', 'leader', 'auditor', 'exporter'],
  /** One's inbox and notifications. */
  'inbox.read': ['admin', 'designer', 'officer', 'leader', 'auditor', 'exporter'],
  /** See the table of roles and permissions. */
  'permissions.read': ['admin', 'designer', 'officer', 'leader', 'auditor', 'exporter'],
  /** Read module definitions, their versions and types (every signed-in user: forms need them). */
  'modules.read': ['admin', 'designer', 'officer', 'leader', 'auditor', 'exporter'],
  /** Validate data against a module without writing. */
  'modules.dryRun': ['admin', 'designer', 'officer', 'leader', 'auditor', 'exporter'],
  /** Publish a new version of a module definition. */
  'modules.publish': ['designer'],
  /** Move a module's records of earlier versions to a newer one through its migration (and only at headquarters). */
  'modules.migrate': ['designer'],
  /** See drafts of module definitions and check them. */
  'drafts.read': ['designer'],
  /** Start, save and withdraw drafts of module definitions. */
  'drafts.write': ['designer'],
  /** See adoption and data-quality measures of one's subtree (counts and sign-ins, no case data). */
  'quality.read': ['officer', 'leader', 'auditor'],
  /** List datasets, read their codebooks and export the rows of one's subtree. */
  'datasets.export': ['exporter'],
  /** Import a dataset file as new records (the module's creators: records.create). */
  'datasets.import': ['officer'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function isAllowed(permission: Permission, roles: readonly string[]): boolean {
  return (PERMISSIONS[permission] as readonly string[]).some((role) => roles.includes(role));
}

/**
 * Unit levels at which a role may be held (absent: any level). Designers edit the definitions
 * every unit uses, so by default only headquarters (level 1) holds the role.
 */
export const ROLE_LEVELS: Partial<Record<Role, readonly number[]>> = { designer: [1] };

/** The permissions a set of roles holds. */
export function permissionsOf(roles: readonly string[]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => isAllowed(p, roles));
}
