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
  type UserView,
} from '../api/users.js';
import type { SessionUser } from './identity-store.js';

/** A decision on a user: who decides, on whom, why (reject and disable take a reason). */
type Decision = (caller: SessionUser, username: string, reason: string | undefined, requestId: string) => Promise<UserView>;

export default async function userRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  userFilingRoutes(api, ctx);
  userAccessRoutes(api, ctx);
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
        summary: "Replace a user's roles; effective at once on every instance",
        security: [{ bearer: [] }],
        params: UserParamsSchema,
        body: SetRolesBodySchema,
        response: { 200: UserSchema, ...errors(404, 422) },
      },
    },
    async (request) => ctx.users.setRoles(caller(request), request.params.username, request.body.roles, request.id),
  );

  api.post(
    '/api/users/:username/password',
    {
      config: { permission: 'users.write' },
      schema: {
        tags: ['identity'],
        summary: "Set a user's password (administrator); their sessions end",
        security: [{ bearer: [] }],
        params: UserParamsSchema,
        body: SetPasswordBodySchema,
        response: { 204: NoContentSchema, ...errors(404, 422) },
      },
    },
    async (request, reply) => {
      await ctx.users.resetPassword(caller(request), request.params.username, request.body.password, request.id);
      return reply.status(204).send();
    },
  );
}
