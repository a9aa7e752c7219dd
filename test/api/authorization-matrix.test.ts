/**
 * The authorisation matrix: every route of the route table × every role (and no session) ×
 * a target inside or outside the caller's subtree, each with its expected status. A route
 * without an entry here fails the test, and so does an entry for a route that is gone.
 * Every refused request must also leave the data as it was.
 *
 * The callers hold one role each at province P1; "inside" targets lie in P1's subtree (C11),
 * "outside" ones in the sibling province P2's (C21).
 */
import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAttachment } from '../../runtime/src/attachments/attachment-store.js';
import { insertUser, type UserStatus } from '../../runtime/src/identity/identity-store.js';
import type { Instance } from '../../runtime/src/server.js';
import { hashPassword } from '../../runtime/src/identity/password.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { dataFingerprint } from '../support/fingerprint.js';
import { call, createUser, login, seedOrganisation, startTestInstance } from '../support/instance.js';

type Role = 'admin' | 'designer' | 'officer' | 'leader' | 'auditor' | 'exporter';
type Side = 'inside' | 'outside';
const ROLES: Role[] = ['admin', 'designer', 'officer', 'leader', 'auditor', 'exporter'];
const EVERY_ROLE = ROLES;
const READERS: Role[] = ['officer', 'leader', 'auditor', 'exporter'];
const PASSWORD = 'Matrix-Passw0rd';

interface Case {
  /** Who may call it: 'public' (no session needed), or the roles allowed. */
  allowed: 'public' | readonly Role[];
  /** Status when allowed and the target is inside the caller's subtree. */
  ok: number;
  /** Status when allowed and the target is outside (default: 404 when scoped, else ok). */
  outside?: number;
  scoped?: boolean;
  /** The call ends the caller's session (sign out, password change). */
  endsSession?: boolean;
  /** Roles the service itself then requires of a caller inside (a workflow step's roles): others get 403. */
  actors?: readonly Role[];
  request(side: Side, n: number): InjectOptions | Promise<InjectOptions>;
}

const unitOf = (side: Side) => (side === 'inside' ? 'C11' : 'C21');
const targetOf = (side: Side) => (side === 'inside' ? 'c11-target' : 'c21-target');
let seq = 0;
let passwordHash: string;
let db: TestDatabase;
let instance: Instance;

/** A user made for one call, straight in the database, in the state the call needs. */
async function freshUser(side: Side, status: UserStatus): Promise<string> {
  const username = `fresh-${status}-${++seq}`;
  await insertUser(instance.db.sequelize, { username, passwordHash, unitCode: unitOf(side), roles: ['officer'], status, createdBy: 'matrix' });
  return username;
}

/** A role change filed for a fresh user at C11 (inside) or C21 (outside), waiting for approval. */
async function freshChange(side: Side): Promise<number> {
  const username = await freshUser(side, 'active');
  const [rows] = await instance.db.sequelize.query(
    "INSERT INTO user_changes (username, kind, roles, requested_by, requested_at) VALUES ($1, 'roles', '{officer,leader}', 'matrix', now()) RETURNING id",
    { bind: [username] },
  );
  return Number((rows as { id: string }[])[0]!.id);
}

const MATRIX: Record<string, Case> = {
  // The workspace app and its assets (the page itself routes in the browser).
  'GET /*': { allowed: 'public', ok: 200, request: () => ({ method: 'GET', url: '/inbox' }) },
  // The designer app (the page is public like the workspace's; its data needs the designer role).
  'GET /designer/*': { allowed: 'public', ok: 200, request: () => ({ method: 'GET', url: '/designer/drafts/00000000-0000-0000-0000-000000000000' }) },
  'GET /designer': { allowed: 'public', ok: 302, request: () => ({ method: 'GET', url: '/designer' }) },
  'GET /api/health': { allowed: 'public', ok: 200, request: () => ({ method: 'GET', url: '/api/health' }) },
  'GET /api/openapi.json': { allowed: 'public', ok: 200, request: () => ({ method: 'GET', url: '/api/openapi.json' }) },
  'GET /api/docs': { allowed: 'public', ok: 200, request: () => ({ method: 'GET', url: '/api/docs' }) },
  'GET /api/docs/static/index.html': { allowed: 'public', ok: 302, request: () => ({ method: 'GET', url: '/api/docs/static/index.html' }) },
  'GET /api/docs/static/swagger-initializer.js': { allowed: 'public', ok: 200, request: () => ({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' }) },
  'GET /api/docs/json': { allowed: 'public', ok: 200, request: () => ({ method: 'GET', url: '/api/docs/json' }) },
  'GET /api/docs/yaml': { allowed: 'public', ok: 200, request: () => ({ method: 'GET', url: '/api/docs/yaml' }) },
  'GET /api/docs/static/*': { allowed: 'public', ok: 200, request: () => ({ method: 'GET', url: '/api/docs/static/swagger-ui.css' }) },
  'GET /api/meta/:name': { allowed: 'public', ok: 200, request: () => ({ method: 'GET', url: '/api/meta/rules.schema.json' }) },
  'POST /api/auth/login': {
    allowed: 'public',
    ok: 200,
    request: () => ({ method: 'POST', url: '/api/auth/login', payload: { username: 'm-officer', password: PASSWORD } }),
  },
  'POST /api/auth/logout': { allowed: EVERY_ROLE, ok: 204, endsSession: true, request: () => ({ method: 'POST', url: '/api/auth/logout' }) },
  'GET /api/auth/me': { allowed: EVERY_ROLE, ok: 200, request: () => ({ method: 'GET', url: '/api/auth/me' }) },
  'POST /api/auth/password': {
    allowed: EVERY_ROLE,
    ok: 204,
    endsSession: true,
    request: () => ({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: PASSWORD, newPassword: PASSWORD } }),
  },
  'PUT /api/auth/me/preferences': { allowed: EVERY_ROLE, ok: 200, request: () => ({ method: 'PUT', url: '/api/auth/me/preferences', payload: { locale: 'zh-CN' } }) },
  'GET /api/permissions': { allowed: EVERY_ROLE, ok: 200, request: () => ({ method: 'GET', url: '/api/permissions' }) },

  'GET /api/modules': { allowed: EVERY_ROLE, ok: 200, request: () => ({ method: 'GET', url: '/api/modules' }) },
  'GET /api/modules/:key': { allowed: EVERY_ROLE, ok: 200, request: () => ({ method: 'GET', url: '/api/modules/matrix-form' }) },
  'GET /api/modules/:key/versions': { allowed: EVERY_ROLE, ok: 200, request: () => ({ method: 'GET', url: '/api/modules/matrix-form/versions' }) },
  'GET /api/modules/:key/versions/:n': { allowed: EVERY_ROLE, ok: 200, request: () => ({ method: 'GET', url: '/api/modules/matrix-form/versions/1' }) },
  'GET /api/modules/:key/types.d.ts': { allowed: EVERY_ROLE, ok: 200, request: () => ({ method: 'GET', url: '/api/modules/matrix-form/types.d.ts' }) },
  'POST /api/modules/:key/dry-run': {
    allowed: EVERY_ROLE,
    ok: 200,
    request: () => ({ method: 'POST', url: '/api/modules/matrix-form/dry-run', payload: { data: { note: '检查' } } }),
  },
  // Migrating touches every unit's records: designers at HQ only (the callers here are at P1: 403 FW_AUTH_HQ_ONLY).
  'POST /api/modules/:key/migrate': { allowed: ['designer'], ok: 403, request: () => ({ method: 'POST', url: '/api/modules/matrix-form/migrate', payload: { to: 2, dryRun: false } }) },
  'POST /api/modules/:key/versions': {
    allowed: ['designer'],
    ok: 201,
    request: (_side, n) => ({
      method: 'POST',
      url: `/api/modules/mx-${n}/versions`,
      payload: { key: `mx-${n}`, kind: 'record', title: { 'zh-CN': '矩阵' }, schema: { type: 'object' } },
    }),
  },
  // Drafts are definitions, not unit data: designers (held at HQ) see them all.
  'POST /api/drafts': { allowed: ['designer'], ok: 201, request: (_side, n) => ({ method: 'POST', url: '/api/drafts', payload: { definition: { key: `dx-${n}`, kind: 'record' } } }) },
  'POST /api/drafts/import': {
    allowed: ['designer'],
    ok: 201,
    request: (_side, n) => ({ method: 'POST', url: '/api/drafts/import', payload: { key: `di-${n}`, title: '导入', schema: { type: 'object', definitions: {} } } }),
  },
  'GET /api/drafts/:id/diff': { allowed: ['designer'], ok: 200, request: async () => ({ method: 'GET', url: `/api/drafts/${await freshDraft()}/diff` }) },
  'GET /api/modules/:key/diff': { allowed: ['designer'], ok: 200, request: () => ({ method: 'GET', url: '/api/modules/matrix-form/diff?from=1' }) },
  'GET /api/drafts': { allowed: ['designer'], ok: 200, request: () => ({ method: 'GET', url: '/api/drafts' }) },
  'GET /api/drafts/:id': { allowed: ['designer'], ok: 200, request: async () => ({ method: 'GET', url: `/api/drafts/${await freshDraft()}` }) },
  'PUT /api/drafts/:id': {
    allowed: ['designer'],
    ok: 200,
    request: async () => ({ method: 'PUT', url: `/api/drafts/${await freshDraft()}`, headers: { 'if-match': '1' }, payload: { definition: { key: 'matrix-form', title: { 'zh-CN': '改' } } } }),
  },
  'DELETE /api/drafts/:id': { allowed: ['designer'], ok: 204, request: async () => ({ method: 'DELETE', url: `/api/drafts/${await freshDraft()}` }) },
  'POST /api/drafts/:id/check': { allowed: ['designer'], ok: 200, request: async () => ({ method: 'POST', url: `/api/drafts/${await freshDraft()}/check` }) },
  'POST /api/drafts/:id/impact': { allowed: ['designer'], ok: 200, request: async () => ({ method: 'POST', url: `/api/drafts/${await freshDraft()}/impact` }) },
  'POST /api/drafts/:id/figures': {
    allowed: ['designer'],
    ok: 200,
    outside: 404,
    request: async (side) => ({
      method: 'POST',
      url: `/api/drafts/${await freshDraft({ key: 'matrix-report', kind: 'report', title: { 'zh-CN': '矩阵报表' }, schema: { type: 'object', properties: { notes: { type: 'integer' } } }, report: { period: 'month', levels: [3], fields: { '/notes': { prefill: { module: 'matrix-form', op: 'count', dateField: '/on' } } } } })}/figures`,
      payload: { unitCode: side === 'inside' ? 'C11' : 'C21', period: '2026-01' },
    }),
  },
  'POST /api/drafts/:id/publish': {
    allowed: ['designer'],
    ok: 201,
    request: async (_side, n) => ({ method: 'POST', url: `/api/drafts/${await freshDraft({ key: `dp-${n}`, kind: 'record', title: { 'zh-CN': '草稿' }, schema: { type: 'object' } })}/publish` }),
  },

  'GET /api/units': { allowed: EVERY_ROLE, ok: 200, scoped: true, request: (side) => ({ method: 'GET', url: `/api/units?root=${unitOf(side)}` }) },
  'GET /api/units/:code': { allowed: EVERY_ROLE, ok: 200, scoped: true, request: (side) => ({ method: 'GET', url: `/api/units/${unitOf(side)}` }) },
  'POST /api/units': {
    allowed: ['admin'],
    ok: 201,
    scoped: true,
    request: (side, n) => ({ method: 'POST', url: '/api/units', payload: { code: `MU${n}`, name: '矩阵单位', parentCode: unitOf(side) } }),
  },
  'PATCH /api/units/:code': {
    allowed: ['admin'],
    ok: 200,
    scoped: true,
    request: (side, n) => ({ method: 'PATCH', url: `/api/units/${unitOf(side)}`, payload: { name: `改名${n}` } }),
  },
  'POST /api/units/import': {
    allowed: ['admin'],
    ok: 201,
    // Import rows name their parents: one outside the subtree is a bad row, not a 404.
    outside: 422,
    request: (side, n) => ({ method: 'POST', url: '/api/units/import', payload: [{ code: `MI${n}`, name: '导入', parentCode: unitOf(side) }] }),
  },
  'GET /api/units/:code/admins': { allowed: ['admin', 'auditor'], ok: 200, scoped: true, request: (side) => ({ method: 'GET', url: `/api/units/${unitOf(side)}/admins` }) },

  'POST /api/users': {
    allowed: ['admin'],
    ok: 201,
    scoped: true,
    request: (side, n) => ({
      method: 'POST',
      url: '/api/users',
      payload: { username: `new-user-${n}`, password: PASSWORD, unitCode: unitOf(side), roles: ['officer'] },
    }),
  },
  'GET /api/users': { allowed: ['admin', 'auditor'], ok: 200, scoped: true, request: (side) => ({ method: 'GET', url: `/api/users?unit=${unitOf(side)}` }) },
  'GET /api/users/:username': { allowed: ['admin', 'auditor'], ok: 200, scoped: true, request: (side) => ({ method: 'GET', url: `/api/users/${targetOf(side)}` }) },
  'POST /api/users/:username/approve': {
    allowed: ['admin'],
    ok: 200,
    scoped: true,
    request: async (side) => ({ method: 'POST', url: `/api/users/${await freshUser(side, 'pending')}/approve` }),
  },
  'POST /api/users/:username/reject': {
    allowed: ['admin'],
    ok: 200,
    scoped: true,
    request: async (side) => ({ method: 'POST', url: `/api/users/${await freshUser(side, 'pending')}/reject`, payload: { reason: '不符合条件' } }),
  },
  'GET /api/user-changes': { allowed: ['admin', 'auditor'], ok: 200, request: () => ({ method: 'GET', url: '/api/user-changes' }) },
  'GET /api/user-changes/:id': { allowed: ['admin', 'auditor'], ok: 200, scoped: true, request: async (side) => ({ method: 'GET', url: `/api/user-changes/${await freshChange(side)}` }) },
  'POST /api/user-changes/:id/approve': {
    allowed: ['admin'],
    ok: 200,
    scoped: true,
    request: async (side) => ({ method: 'POST', url: `/api/user-changes/${await freshChange(side)}/approve` }),
  },
  'POST /api/user-changes/:id/reject': {
    allowed: ['admin'],
    ok: 200,
    scoped: true,
    request: async (side) => ({ method: 'POST', url: `/api/user-changes/${await freshChange(side)}/reject`, payload: { reason: '不符合条件' } }),
  },
  'POST /api/users/:username/disable': {
    allowed: ['admin'],
    ok: 200,
    scoped: true,
    request: async (side) => ({ method: 'POST', url: `/api/users/${await freshUser(side, 'active')}/disable` }),
  },
  'POST /api/users/:username/enable': {
    allowed: ['admin'],
    ok: 200,
    scoped: true,
    request: async (side) => ({ method: 'POST', url: `/api/users/${await freshUser(side, 'disabled')}/enable` }),
  },
  'PUT /api/users/:username/roles': {
    allowed: ['admin'],
    ok: 200,
    scoped: true,
    request: (side, n) => ({ method: 'PUT', url: `/api/users/${targetOf(side)}/roles`, payload: { roles: n % 2 ? ['officer'] : ['officer', 'leader'] } }),
  },
  'POST /api/users/:username/password': {
    allowed: ['admin'],
    ok: 204,
    scoped: true,
    request: (side) => ({ method: 'POST', url: `/api/users/${targetOf(side)}/password`, payload: { password: PASSWORD } }),
  },
  'GET /api/audit': { allowed: ['admin', 'auditor'], ok: 200, scoped: true, request: (side) => ({ method: 'GET', url: `/api/audit?unit=${unitOf(side)}&limit=5` }) },
  // The organisation-wide walk is HQ's (test/api/audit.test.ts): the callers here, at P1, get 403 whatever their role.
  'GET /api/audit/verify': { allowed: ['admin', 'auditor'], ok: 403, request: () => ({ method: 'GET', url: '/api/audit/verify' }) },

  'POST /api/modules/:key/records': {
    allowed: ['officer'],
    ok: 201,
    scoped: true,
    request: (side) => ({ method: 'POST', url: '/api/modules/matrix-form/records', payload: { data: { note: '新建' }, unitCode: unitOf(side) } }),
  },
  'GET /api/modules/:key/records': {
    allowed: READERS,
    ok: 200,
    scoped: true,
    request: (side) => ({ method: 'GET', url: `/api/modules/matrix-form/records?unit=${unitOf(side)}` }),
  },
  'GET /api/records/:id': {
    allowed: READERS,
    ok: 200,
    scoped: true,
    request: async (side) => ({ method: 'GET', url: `/api/records/${(await freshRecord(side)).id}` }),
  },
  'GET /api/records/:id/history': {
    allowed: READERS,
    ok: 200,
    scoped: true,
    request: async (side) => ({ method: 'GET', url: `/api/records/${(await freshRecord(side)).id}/history` }),
  },
  'GET /api/records/:id/documents/:name': {
    allowed: READERS,
    ok: 200,
    scoped: true,
    request: async (side) => ({ method: 'GET', url: `/api/records/${(await freshRecord(side)).id}/documents/sheet` }),
  },
  'PATCH /api/records/:id': {
    allowed: ['officer', 'leader'],
    ok: 200,
    scoped: true,
    request: async (side) => {
      const record = await freshRecord(side);
      return { method: 'PATCH', url: `/api/records/${record.id}`, headers: { 'if-match': String(record.version) }, payload: { data: { note: '修改' } } };
    },
  },
  'DELETE /api/records/:id': {
    allowed: ['officer', 'leader'],
    ok: 204,
    scoped: true,
    request: async (side) => {
      const record = await freshRecord(side);
      return { method: 'DELETE', url: `/api/records/${record.id}`, headers: { 'if-match': String(record.version) } };
    },
  },
  'POST /api/records/:id/actions/:action': {
    // Any role reaches the route; the default workflow's submit step is for officers.
    allowed: EVERY_ROLE,
    actors: ['officer'],
    ok: 200,
    scoped: true,
    request: async (side) => ({ method: 'POST', url: `/api/records/${(await freshRecord(side)).id}/actions/submit` }),
  },
  'POST /api/records/actions/:action': {
    // Each record is checked on its own: a refusal (outside: 404; a role the step does not allow: 403) is that record's result, not the answer's.
    allowed: EVERY_ROLE,
    ok: 200,
    request: async (side) => ({ method: 'POST', url: '/api/records/actions/submit', payload: { ids: [(await freshRecord(side)).id], comment: '批量' } }),
  },
  'POST /api/reports/:key/periods/:period/assign': {
    allowed: ['officer', 'leader'],
    ok: 201,
    scoped: true,
    request: (side, n) => ({ method: 'POST', url: `/api/reports/matrix-report/periods/${monthOf(n)}/assign`, payload: { unitCodes: [unitOf(side)], dueAt: FAR } }),
  },
  'GET /api/reports/:key/periods': { allowed: READERS, ok: 200, request: () => ({ method: 'GET', url: '/api/reports/matrix-report/periods' }) },
  'GET /api/reports/:key/periods/:period/status': {
    allowed: READERS,
    ok: 200,
    scoped: true,
    request: (side) => ({ method: 'GET', url: `/api/reports/matrix-report/periods/2026-01/status?unit=${unitOf(side)}` }),
  },
  'GET /api/reports/:key/periods/:period/rollup': {
    allowed: READERS,
    ok: 200,
    scoped: true,
    request: (side) => ({ method: 'GET', url: `/api/reports/matrix-report/periods/2026-01/rollup?unit=${unitOf(side)}` }),
  },
  'GET /api/records/:id/prefill': {
    allowed: READERS,
    ok: 200,
    scoped: true,
    request: async (side) => ({ method: 'GET', url: `/api/records/${await freshReport(side)}/prefill` }),
  },
  'GET /api/records/:id/prefill/records': {
    allowed: READERS,
    ok: 200,
    scoped: true,
    request: async (side) => ({ method: 'GET', url: `/api/records/${await freshReport(side)}/prefill/records?field=/notes` }),
  },
  'POST /api/records/:id/attachments': {
    allowed: ['officer', 'leader'],
    ok: 201,
    scoped: true,
    request: async (side) => ({ method: 'POST', url: `/api/records/${(await freshRecord(side)).id}/attachments`, ...multipartFile('证据.txt', '材料') }),
  },
  'GET /api/records/:id/attachments': {
    allowed: READERS,
    ok: 200,
    scoped: true,
    request: async (side) => ({ method: 'GET', url: `/api/records/${(await freshRecord(side)).id}/attachments` }),
  },
  'GET /api/records/:id/attachments/:attachmentId': {
    allowed: READERS,
    ok: 200,
    scoped: true,
    request: async (side) => {
      const { recordId, id } = await freshAttachment(side);
      return { method: 'GET', url: `/api/records/${recordId}/attachments/${id}` };
    },
  },
  'DELETE /api/records/:id/attachments/:attachmentId': {
    allowed: ['officer', 'leader'],
    ok: 204,
    scoped: true,
    request: async (side) => {
      const { recordId, id } = await freshAttachment(side);
      return { method: 'DELETE', url: `/api/records/${recordId}/attachments/${id}` };
    },
  },
  'GET /api/modules/:key/stats': {
    allowed: READERS,
    ok: 200,
    scoped: true,
    request: (side) => ({ method: 'GET', url: `/api/modules/matrix-form/stats?by=state&unit=${unitOf(side)}` }),
  },
  'GET /api/datasets': { allowed: ['exporter', 'officer'], ok: 200, request: () => ({ method: 'GET', url: '/api/datasets' }) },
  'GET /api/datasets/:name/codebook': { allowed: ['exporter', 'officer'], ok: 200, request: () => ({ method: 'GET', url: '/api/datasets/matrix-rows/codebook?format=xlsx' }) },
  'GET /api/quality': {
    allowed: ['officer', 'leader', 'auditor'],
    ok: 200,
    scoped: true,
    request: (side) => ({ method: 'GET', url: `/api/quality?period=2026-06&unit=${unitOf(side)}` }),
  },
  'GET /api/quality/records': {
    allowed: ['officer', 'leader', 'auditor'],
    ok: 200,
    scoped: true,
    request: (side) => ({ method: 'GET', url: `/api/quality/records?period=2026-06&measure=records&unit=${unitOf(side)}` }),
  },
  'GET /api/quality/trend': {
    allowed: ['officer', 'leader', 'auditor'],
    ok: 200,
    scoped: true,
    request: (side) => ({ method: 'GET', url: `/api/quality/trend?period=2026-06&unit=${unitOf(side)}` }),
  },
  'GET /api/quality/nudges/:code': {
    allowed: ['admin'],
    ok: 200,
    scoped: true,
    request: (side) => ({ method: 'GET', url: `/api/quality/nudges/${unitOf(side)}` }),
  },
  'PUT /api/quality/nudges/:code': {
    allowed: ['admin'],
    ok: 200,
    scoped: true,
    request: (side) => ({ method: 'PUT', url: `/api/quality/nudges/${unitOf(side)}`, payload: { enabled: true } }),
  },
  'GET /api/datasets/:name/schema.json': { allowed: ['exporter'], ok: 200, request: () => ({ method: 'GET', url: '/api/datasets/matrix-rows/schema.json' }) },
  'GET /api/datasets/:name': { allowed: ['exporter'], ok: 200, scoped: true, request: (side) => ({ method: 'GET', url: `/api/datasets/matrix-rows?format=csv&unit=${unitOf(side)}` }) },
  'POST /api/datasets/:name/import': {
    allowed: ['officer'],
    ok: 200,
    scoped: true,
    request: (side) => ({ method: 'POST', url: `/api/datasets/matrix-rows/import?unit=${unitOf(side)}`, payload: 'NOTE\r\n矩阵导入\r\n', headers: { 'content-type': 'text/csv' } }),
  },
  'POST /api/export-jobs': {
    allowed: ['exporter'],
    ok: 202,
    scoped: true,
    request: (side) => ({ method: 'POST', url: '/api/export-jobs', payload: { dataset: 'matrix-rows', query: { unit: unitOf(side) } } }),
  },
  'GET /api/export-jobs': { allowed: ['exporter'], ok: 200, request: () => ({ method: 'GET', url: '/api/export-jobs' }) },
  // Inside: a job of the exporter calling; outside: someone else's (never theirs to see).
  'GET /api/export-jobs/:id': { allowed: ['exporter'], ok: 200, scoped: true, request: async (side) => ({ method: 'GET', url: `/api/export-jobs/${await freshExportJob(side)}` }) },
  'GET /api/export-jobs/:id/file': { allowed: ['exporter'], ok: 200, scoped: true, request: async (side) => ({ method: 'GET', url: `/api/export-jobs/${await freshExportJob(side)}/file` }) },
  'GET /api/inbox': { allowed: EVERY_ROLE, ok: 200, request: () => ({ method: 'GET', url: '/api/inbox' }) },
  'POST /api/notifications/:id/read': {
    allowed: EVERY_ROLE,
    ok: 204,
    scoped: true,
    request: async (side) => ({ method: 'POST', url: `/api/notifications/${await freshNotification(side)}/read` }),
  },
};

function expectedStatus(entry: Case, caller: Role | 'anonymous', side: Side): number {
  const allowedAnswer = side === 'inside' ? entry.ok : (entry.outside ?? (entry.scoped ? 404 : entry.ok));
  if (entry.allowed === 'public') return allowedAnswer;
  if (caller === 'anonymous') return 401;
  if (!entry.allowed.includes(caller)) return 403;
  if (side === 'inside' && entry.actors && !entry.actors.includes(caller)) return 403;
  return allowedAnswer;
}

/** A draft record made for one call by the bootstrap admin, at P1 (the callers' unit) or C21. */
async function freshRecord(side: Side): Promise<{ id: string; version: number }> {
  const response = await call(instance, hqToken, {
    method: 'POST',
    url: '/api/modules/matrix-form/records',
    payload: { data: { note: '矩阵' }, unitCode: side === 'inside' ? 'P1' : 'C21' },
  });
  return response.json() as { id: string; version: number };
}

/** A draft made for one call by the bootstrap admin (a copy of matrix-form unless a definition is given). */
async function freshDraft(definition?: object): Promise<string> {
  const response = await call(instance, hqToken, { method: 'POST', url: '/api/drafts', payload: definition ? { definition } : { from: { key: 'matrix-form' } } });
  expect(response.statusCode, response.body).toBe(201);
  return (response.json() as { id: string }).id;
}

/** A multipart/form-data body holding one file. */
function multipartFile(filename: string, text: string): Pick<InjectOptions, 'payload' | 'headers'> {
  const boundary = 'matrixboundary';
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n${text}\r\n--${boundary}--\r\n`;
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A file attached to a fresh record at P1 (inside) or C21 (outside), written straight to the database. */
async function freshAttachment(side: Side): Promise<{ recordId: string; id: string }> {
  const record = await freshRecord(side);
  const stored = await insertAttachment(
    instance.db.sequelize,
    { recordId: record.id, filename: 'a.txt', contentType: 'text/plain', content: Buffer.from('x'), sha256: 'x', uploadedBy: 'admin', unitCode: 'HQ', at: new Date() },
    undefined,
  );
  return { recordId: record.id, id: stored.id };
}

/** Due far ahead: a past due date would let deadline workers change records while the matrix compares fingerprints. */
const FAR = '2099-12-31';
/** A month no other call used (2000-01 onwards), so each assignment creates its report. */
const monthOf = (n: number) => `${2000 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
let reportPeriod = 0;

/** A report record of C11 (inside) or C21 (outside), assigned for one call by the bootstrap admin. */
async function freshReport(side: Side): Promise<string> {
  const period = `${1990 + Math.floor(reportPeriod / 12)}-${String((reportPeriod++ % 12) + 1).padStart(2, '0')}`;
  const response = await call(instance, hqToken, { method: 'POST', url: `/api/reports/matrix-report/periods/${period}/assign`, payload: { unitCodes: [unitOf(side)], dueAt: FAR } });
  expect(response.statusCode, response.body).toBe(201);
  return (response.json() as { records: { id: string }[] }).records[0]!.id;
}

/** A finished export job of the matrix's exporter (inside) or of the bootstrap admin (outside), written straight to the database. */
async function freshExportJob(side: Side): Promise<string> {
  const id = randomUUID();
  await instance.db.sequelize.query(
    `INSERT INTO export_jobs (id, username, unit_code, unit_path, unit_level, dataset, query, status, rows, filename, content_type, bytes, created_at, finished_at, expires_at)
     SELECT $1, $2, code, path, level, 'matrix-rows', '{"format":"csv"}', 'done', 1, 'm.csv', 'text/csv', 1, now(), now(), now() + interval '1 day' FROM units WHERE code = 'P1'`,
    { bind: [id, side === 'inside' ? 'm-exporter' : 'admin'] },
  );
  await instance.db.sequelize.query("INSERT INTO export_job_chunks (job_id, seq, data) VALUES ($1, 0, 'x')", { bind: [id] });
  return id;
}

/** A notification addressed to everyone at P1 (inside) or C21 (outside). */
async function freshNotification(side: Side): Promise<number> {
  const [rows] = await instance.db.sequelize.query(
    "INSERT INTO notifications (unit_code, roles, kind, message, created_at) VALUES ($1, NULL, 'notify', '{\"zh-CN\": \"测试\"}', now()) RETURNING id",
    { bind: [side === 'inside' ? 'P1' : 'C21'] },
  );
  return (rows as { id: number }[])[0]!.id;
}


const tokens = new Map<Role, string>();
let hqToken: string;

beforeAll(async () => {
  db = await createTestDatabase();
  instance = await startTestInstance(db.url);
  passwordHash = await hashPassword(PASSWORD);
  const hq = await login(instance);
  hqToken = hq;
  await seedOrganisation(instance, hq);
  for (const role of ROLES) await createUser(instance, { username: `m-${role}`, roles: [role], unitCode: 'P1', password: PASSWORD });
  await createUser(instance, { username: 'c11-target', roles: ['officer'], unitCode: 'C11', password: PASSWORD });
  await createUser(instance, { username: 'c21-target', roles: ['officer'], unitCode: 'C21', password: PASSWORD });
  const published = await call(instance, hq, {
    method: 'POST',
    url: '/api/modules/matrix-form/versions',
    payload: {
      key: 'matrix-form',
      kind: 'record',
      title: { 'zh-CN': '矩阵表单' },
      schema: { type: 'object', properties: { note: { type: 'string' }, on: { type: 'string', format: 'date' } } },
      documents: [{ name: 'sheet', title: { 'zh-CN': '登记表' }, blocks: [{ text: { 'zh-CN': '备注：{/note}' } }] }],
      exports: [{ name: 'matrix-rows', title: { 'zh-CN': '矩阵明细' }, columns: [{ code: 'ID', source: '@id' }, { code: 'NOTE', source: '/note' }] }],
    },
  });
  expect(published.statusCode).toBe(201);
  const report = await call(instance, hq, {
    method: 'POST',
    url: '/api/modules/matrix-report/versions',
    payload: {
      key: 'matrix-report',
      kind: 'report',
      title: { 'zh-CN': '矩阵报表' },
      schema: { type: 'object', properties: { notes: { type: 'integer' } } },
      report: { period: 'month', levels: [3], fields: { '/notes': { prefill: { module: 'matrix-form', op: 'count', dateField: '/on' } } } },
    },
  });
  expect(report.statusCode, report.body).toBe(201);
  for (const role of ROLES) tokens.set(role, await login(instance, `m-${role}`, PASSWORD));
});
afterAll(async () => {
  await instance?.stop();
  await db?.drop();
});

describe('authorisation matrix', () => {
  it('has an entry for every route, and a route for every entry', () => {
    const routes = instance.app.routeTable.map((r) => `${r.method} ${r.url}`);
    expect(routes.filter((r) => !(r in MATRIX)), 'routes without a matrix entry').toEqual([]);
    expect(Object.keys(MATRIX).filter((k) => !routes.includes(k)), 'matrix entries without a route').toEqual([]);
  });

  // ~1,000 calls, each fingerprinting the database when refused.
  it('answers every route × role × side as expected, and refused calls write nothing', { timeout: 300_000 }, async () => {
    const mismatches: string[] = [];
    let n = 0;
    for (const route of instance.app.routeTable) {
      const key = `${route.method} ${route.url}`;
      const entry = MATRIX[key];
      if (!entry) continue;
      for (const caller of [...ROLES, 'anonymous' as const]) {
        for (const side of ['inside', 'outside'] as const) {
          n += 1;
          const options = await entry.request(side, n);
          const expected = expectedStatus(entry, caller, side);
          const before = expected >= 400 ? await dataFingerprint(instance) : '';
          const token = caller === 'anonymous' ? undefined : tokens.get(caller);
          const response = await call(instance, token, options);
          if (response.statusCode !== expected) {
            mismatches.push(`${key} as ${caller} (${side}): expected ${expected}, got ${response.statusCode} ${response.body.slice(0, 120)}`);
          }
          if (expected >= 400 && (await dataFingerprint(instance)) !== before) mismatches.push(`${key} as ${caller} (${side}) was refused but wrote data`);
          if (entry.endsSession && caller !== 'anonymous' && response.statusCode < 400) tokens.set(caller, await login(instance, `m-${caller}`, PASSWORD));
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(n).toBeGreaterThan(400);
  });
});
