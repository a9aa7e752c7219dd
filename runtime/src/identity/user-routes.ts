/** Users: create (filed onboarding), list, read, decide filings, disable, enable, roles, passwords. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import type { TypedApp } from '../platform/http/typed-app.js';
import { caller } from '../platform/http/auth-plugin.js';
import { NoContentSchema, errors } from '../api/common.js';
import {
  CreateUserBodySchema,
  CreatedUserSchema,
  ListUsersQuerySchema,
  ReasonBodySchema,
  SetPasswordBodySchema,
  SetRolesBodySchema,
  UserListSchema,
  UserParamsSchema,
  UserSchema,
  UserChangeListSchema,
  UserChangeParamsSchema,
  UserChangeSchema,
  ListUserChangesQuerySchema,
  type UserView,
} from '../api/users.js';
import type { SessionUser } from './identity-store.js';

/** A decision on a user: who decides, on whom, why (reject and disable take a reason). */
type Decision = (caller: SessionUser, username: string, reason: string | undefined, requestId: string) => Promise<UserView>;

export default async function userRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  userFilingRoutes(api, ctx);
  userAccessRoutes(api, ctx);
  userChangeRoutes(api, ctx);
}

function userFilingRoutes(api: TypedApp, ctx: AppContext): void {
  api.post(
    '/api/users',
    {
      config: { permission: 'users.write' },
      schema: {
        tags: ['identity'],
        summary: 'Create a user: active when created from a unit above, pending (filed for approval) when created in the same unit',
        security: [{ bearer: [] }],
        body: CreateUserBodySchema,
        response: { 201: CreatedUserSchema, ...errors(404, 409, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await ctx.users.create(caller(request), request.body, request.id)),
  );

  api.get(
    '/api/users',
    {
      config: { permission: 'users.read' },
      schema: {
        tags: ['identity'],
        summary: "Users of the caller's subtree (or of a unit's subtree), by username",
        security: [{ bearer: [] }],
        querystring: ListUsersQuerySchema,
        response: { 200: UserListSchema, ...errors(404) },
      },
    },
    async (request) => {
      const q = request.query;
      return ctx.users.list(
        caller(request),
        {
          limit: q.limit,
          ...(q.unit ? { unit: q.unit } : {}),
          ...(q.status ? { status: q.status } : {}),
          ...(q.role ? { role: q.role } : {}),
          ...(q.cursor ? { after: q.cursor } : {}),
        },
        request.id,
      );
    },
  );

  api.get(
    '/api/users/:username',
    {
      config: { permission: 'users.read' },
      schema: { tags: ['identity'], summary: 'One user', security: [{ bearer: [] }], params: UserParamsSchema, response: { 200: UserSchema, ...errors(404) } },
    },
    async (request) => ctx.users.get(caller(request), request.params.username, request.id),
  );

  const decision = (action: 'approve' | 'reject' | 'disable' | 'enable', summary: string, decide: Decision) =>
    api.post(
      `/api/users/:username/${action}`,
      {
        config: { permission: 'users.write' },
        // The body (a reason) is optional: a bodiless POST validates as {}.
        preValidation: async (request) => {
          request.body ??= {};
        },
        schema: {
          tags: ['identity'],
          summary,
          security: [{ bearer: [] }],
          params: UserParamsSchema,
          body: ReasonBodySchema,
          response: { 200: UserSchema, ...errors(403, 404, 409, 422) },
        },
      },
      async (request) => decide(caller(request), request.params.username, request.body.reason, request.id),
    );
  decision('approve', 'Approve a filed (pending) user: an administrator of a unit above', (user, u, _r, id) => ctx.users.approve(user, u, id));
  decision('reject', 'Reject a filed (pending) user: an administrator of a unit above', (user, u, r, id) => ctx.users.reject(user, u, r, id));
  decision('disable', "Disable a user; their sessions end at once on every instance", (user, u, r, id) => ctx.users.disable(user, u, r, id));
  decision('enable', 'Re-activate a disabled or rejected user: an administrator of a unit above', (user, u, _r, id) => ctx.users.enable(user, u, id));
}

function userAccessRoutes(api: TypedApp, ctx: AppContext): void {
  api.put(
    '/api/users/:username/roles',
    {
      config: { permission: 'users.write' },
      schema: {
        tags: ['identity'],
        summary: "Replace a user's roles: from a unit above at once on every instance (200); in the user's own unit filed for approval from above (202, the filed change)",
        security: [{ bearer: [] }],
        params: UserParamsSchema,
        body: SetRolesBodySchema,
        response: { 200: UserSchema, 202: UserChangeSchema, ...errors(404, 422) },
      },
    },
    async (request, reply) => {
      const outcome = await ctx.users.setRoles(caller(request), request.params.username, request.body.roles, request.id);
      return 'filed' in outcome ? reply.status(202).send(outcome.filed) : reply.status(200).send(outcome.user);
    },
  );

  api.post(
    '/api/users/:username/password',
    {
      config: { permission: 'users.write' },
      schema: {
        tags: ['identity'],
        summary: "Set a user's password: from a unit above at once, their sessions end (204); in the user's own unit filed for approval from above (202, the filed change)",
        security: [{ bearer: [] }],
        params: UserParamsSchema,
        body: SetPasswordBodySchema,
        response: { 202: UserChangeSchema, 204: NoContentSchema, ...errors(404, 422) },
      },
    },
    async (request, reply) => {
      const filed = await ctx.users.resetPassword(caller(request), request.params.username, request.body.password, request.id);
      return filed ? reply.status(202).send(filed) : reply.status(204).send();
    },
  );
}

/** The filing queue of access changes (报备): list, read, approve or reject from above. */
function userChangeRoutes(api: TypedApp, ctx: AppContext): void {
  api.get(
    '/api/user-changes',
    {
      config: { permission: 'users.read' },
      schema: {
        tags: ['identity'],
        summary: 'Filed changes (password resets, role grants) of users in the caller’s subtree, newest first (default: pending)',
        security: [{ bearer: [] }],
        querystring: ListUserChangesQuerySchema,
        response: { 200: UserChangeListSchema },
      },
    },
    async (request) => ctx.userChanges.list(caller(request), request.query),
  );
  api.get(
    '/api/user-changes/:id',
    {
      config: { permission: 'users.read' },
      schema: { tags: ['identity'], summary: 'One filed change', security: [{ bearer: [] }], params: UserChangeParamsSchema, response: { 200: UserChangeSchema, ...errors(404) } },
    },
    async (request) => ctx.userChanges.get(caller(request), request.params.id, request.id),
  );
  api.post(
    '/api/user-changes/:id/approve',
    {
      config: { permission: 'users.write' },
      schema: {
        tags: ['identity'],
        summary: 'Approve a filed change from a unit above: it is applied now (a new password ends the user’s sessions)',
        security: [{ bearer: [] }],
        params: UserChangeParamsSchema,
        response: { 200: UserChangeSchema, ...errors(403, 404, 409) },
      },
    },
    async (request) => ctx.userChanges.approve(caller(request), request.params.id, request.id),
  );
  api.post(
    '/api/user-changes/:id/reject',
    {
      config: { permission: 'users.write' },
      schema: {
        tags: ['identity'],
        summary: 'Reject a filed change from a unit above, with a reason (kept and audited)',
        security: [{ bearer: [] }],
        params: UserChangeParamsSchema,
        body: ReasonBodySchema,
        response: { 200: UserChangeSchema, ...errors(403, 404, 409, 422) },
      },
    },
    async (request) => ctx.userChanges.reject(caller(request), request.params.id, request.body.reason?.trim() || null, request.id),
  );
}
