import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../context.js';
import { caller } from '../platform/http/auth-plugin.js';
import { PERMISSIONS, ROLES } from './permissions.js';
import { errors } from '../api/common.js';
import { UserSchema } from './user-routes.js';

const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

const PreferencesSchema = Type.Object({ locale: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])) }, { additionalProperties: false });

export default async function authRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post(
    '/api/auth/login',
    {
      config: {
        public: true,
        // Throttled per client address and username, on top of the account lock-out.
        rateLimit: {
          max: ctx.limits.loginPerMinute,
          timeWindow: '1 minute',
          // After body parsing, so the key can hold the username.
          hook: 'preValidation',
          keyGenerator: (request) => `${request.ip}|${String((request.body as { username?: unknown } | undefined)?.username ?? '')}`,
        },
      },
      schema: {
        tags: ['identity'],
        summary: 'Sign in; returns a bearer token',
        body: LoginBody,
        response: {
          200: Type.Object({
            token: Type.String(),
            user: Type.Object({ username: Type.String(), unitCode: Type.String(), roles: Type.Array(Type.String()) }),
          }),
          ...errors(400, 401, 422),
        },
      },
    },
    async (request) => {
      const { username, password } = request.body as { username: string; password: string };
      return ctx.auth.login(username, password, request.id);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        tags: ['identity'],
        summary: 'End the session; the token stops working at once on every instance',
        security: [{ bearer: [] }],
        response: { 204: Type.Null(), ...errors(401) },
      },
    },
    async (request, reply) => {
      await ctx.auth.logout(request.token!, caller(request), request.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['identity'],
        summary: 'The signed-in user, their unit and the permissions their roles give',
        security: [{ bearer: [] }],
        response: {
          200: Type.Object({ ...UserSchema.properties, permissions: Type.Array(Type.String()), preferences: PreferencesSchema }),
          ...errors(401),
        },
      },
    },
    async (request) => ctx.users.me(caller(request)),
  );

  app.put(
    '/api/auth/me/preferences',
    {
      schema: {
        tags: ['identity'],
        summary: 'Remember the caller’s own preferences (the workspace language), for every browser they sign in from',
        security: [{ bearer: [] }],
        body: PreferencesSchema,
        response: { 200: PreferencesSchema, ...errors(401, 422) },
      },
    },
    async (request) => ctx.users.setPreferences(caller(request), request.body as { locale?: 'zh-CN' | 'en' }, request.id),
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['identity'],
        summary: 'Change one’s own password (the current one is required); every session of the user ends',
        security: [{ bearer: [] }],
        body: Type.Object(
          { currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 1, maxLength: 256 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors(401, 422) },
      },
    },
    async (request, reply) => {
      const body = request.body as { currentPassword: string; newPassword: string };
      await ctx.users.changeOwnPassword(caller(request), body.currentPassword, body.newPassword, request.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/permissions',
    {
      config: { permission: 'permissions.read' },
      schema: {
        tags: ['identity'],
        summary: 'The roles and, for each permission, the roles that hold it',
        security: [{ bearer: [] }],
        response: { 200: Type.Object({ roles: Type.Array(Type.String()), permissions: Type.Record(Type.String(), Type.Array(Type.String())) }) },
      },
    },
    async () => ({ roles: ROLES, permissions: PERMISSIONS }),
  );
}
