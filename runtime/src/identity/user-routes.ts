/** Users: create (filed onboarding), list, read, decide filings, disable, enable, roles, passwords. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../context.js';
import { caller } from '../platform/http/auth-plugin.js';
import type { UserStatus } from './identity-store.js';
import { ROLES } from './permissions.js';
import { errors, UnitCodeSchema } from '../api/common.js';

const Username = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}$' });
const Role = Type.Union(ROLES.map((r) => Type.Literal(r)));
const Status = Type.Union(['active', 'pending', 'disabled', 'rejected'].map((s) => Type.Literal(s)));
export const UserSchema = Type.Object({
  username: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  unitCode: Type.String(),
  unitName: Type.String(),
  unitLevel: Type.Integer(),
  roles: Type.Array(Type.String()),
  status: Type.String(),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  statusChangedBy: Type.Union([Type.String(), Type.Null()]),
  statusChangedAt: Type.Union([Type.String(), Type.Null()]),
  statusReason: Type.Union([Type.String(), Type.Null()]),
});
const UserParams = Type.Object({ username: Username });
const Reason = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

export default async function userRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post(
    '/api/users',
    {
      config: { permission: 'users.write' },
      schema: {
        tags: ['identity'],
        summary: 'Create a user: active when created from a unit above, pending (filed for approval) when created in the same unit',
        security: [{ bearer: [] }],
        body: Type.Object(
          {
            username: Username,
            password: Type.String({ minLength: 1, maxLength: 256 }),
            unitCode: Type.String({ minLength: 1, maxLength: 64 }),
            roles: Type.Array(Role, { minItems: 1, maxItems: 6 }),
            displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ username: Type.String(), status: Type.String() }), ...errors(404, 409, 422) },
      },
    },
    async (request, reply) => {
      const body = request.body as { username: string; password: string; unitCode: string; roles: string[]; displayName?: string };
      return reply.status(201).send(await ctx.users.create(caller(request), body, request.id));
    },
  );

  app.get(
    '/api/users',
    {
      config: { permission: 'users.read' },
      schema: {
        tags: ['identity'],
        summary: "Users of the caller's subtree (or of a unit's subtree), by username",
        security: [{ bearer: [] }],
        querystring: Type.Object(
          {
            unit: Type.Optional(UnitCodeSchema),
            status: Type.Optional(Status),
            role: Type.Optional(Role),
            limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
            cursor: Type.Optional(Username),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(UserSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errors(404) },
      },
    },
    async (request) => {
      const q = request.query as { unit?: string; status?: UserStatus; role?: string; limit: number; cursor?: string };
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

  app.get(
    '/api/users/:username',
    {
      config: { permission: 'users.read' },
      schema: { tags: ['identity'], summary: 'One user', security: [{ bearer: [] }], params: UserParams, response: { 200: UserSchema, ...errors(404) } },
    },
    async (request) => ctx.users.get(caller(request), (request.params as { username: string }).username, request.id),
  );

  const decision = (
    action: 'approve' | 'reject' | 'disable' | 'enable',
    summary: string,
    run: (username: string, reason: string | undefined, request: { id: string }, user: ReturnType<typeof caller>) => Promise<unknown>,
  ) =>
    app.post(
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
          params: UserParams,
          body: Reason,
          response: { 200: UserSchema, ...errors(403, 404, 409, 422) },
        },
      },
      async (request) => {
        const { username } = request.params as { username: string };
        return run(username, (request.body as { reason?: string } | undefined)?.reason, request, caller(request));
      },
    );

  decision('approve', 'Approve a filed (pending) user: an administrator of a unit above', (u, _r, req, user) => ctx.users.approve(user, u, req.id));
  decision('reject', 'Reject a filed (pending) user: an administrator of a unit above', (u, r, req, user) => ctx.users.reject(user, u, r, req.id));
  decision('disable', "Disable a user; their sessions end at once on every instance", (u, r, req, user) => ctx.users.disable(user, u, r, req.id));
  decision('enable', 'Re-activate a disabled or rejected user: an administrator of a unit above', (u, _r, req, user) => ctx.users.enable(user, u, req.id));

  app.put(
    '/api/users/:username/roles',
    {
      config: { permission: 'users.write' },
      schema: {
        tags: ['identity'],
        summary: "Replace a user's roles; effective at once on every instance",
        security: [{ bearer: [] }],
        params: UserParams,
        body: Type.Object({ roles: Type.Array(Role, { minItems: 1, maxItems: 6 }) }, { additionalProperties: false }),
        response: { 200: UserSchema, ...errors(404, 422) },
      },
    },
    async (request) =>
      ctx.users.setRoles(caller(request), (request.params as { username: string }).username, (request.body as { roles: string[] }).roles, request.id),
  );

  app.post(
    '/api/users/:username/password',
    {
      config: { permission: 'users.write' },
      schema: {
        tags: ['identity'],
        summary: "Set a user's password (administrator); their sessions end",
        security: [{ bearer: [] }],
        params: UserParams,
        body: Type.Object({ password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errors(404, 422) },
      },
    },
    async (request, reply) => {
      await ctx.users.resetPassword(caller(request), (request.params as { username: string }).username, (request.body as { password: string }).password, request.id);
      return reply.status(204).send();
    },
  );
}
