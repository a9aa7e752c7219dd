/** Signing in and out, the signed-in user and their preferences and password, the permission table. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isFormworkError } from '../../../engine/src/index.js';
import type { AppContext } from '../context.js';
import type { TypedApp } from '../platform/http/typed-app.js';
import { caller } from '../platform/http/auth-plugin.js';
import { PERMISSIONS, ROLES } from './permissions.js';
import { NoContentSchema, errors } from '../api/common.js';
import { ChangePasswordBodySchema, LoginBodySchema, LoginResultSchema, MeSchema, PermissionTableSchema, PreferencesSchema } from '../api/auth.js';

/** The username a login body names, for the rate limit's key (the body is not validated yet). */
function loginName(request: FastifyRequest): string {
  const body: unknown = request.body;
  return body !== null && typeof body === 'object' && 'username' in body ? String(body.username) : '';
}

export default async function authRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  sessionRoutes(api, ctx);
  accountRoutes(api, ctx);
}

function sessionRoutes(api: TypedApp, ctx: AppContext): void {
  api.post(
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
          keyGenerator: (request) => `${request.ip}|${loginName(request)}`,
        },
      },
      // A sign-in refused before it is tried (unreadable body, bad text) is audited like any refusal.
      onError: async (request, _reply, error) => {
        if (isFormworkError(error) && error.code.startsWith('FW_REQ_')) await ctx.auth.auditUnreadableLogin(error.code, request.id);
      },
      schema: {
        tags: ['identity'],
        summary: 'Sign in; returns a bearer token',
        body: LoginBodySchema,
        response: { 200: LoginResultSchema, ...errors(400, 401, 422, 429) },
      },
    },
    async (request) => {
      const { username, password } = request.body;
      return ctx.auth.login(username, password, request.id, request.ip);
    },
  );

  api.post(
    '/api/auth/logout',
    {
      schema: {
        tags: ['identity'],
        summary: 'End the session; the token stops working at once on every instance',
        security: [{ bearer: [] }],
        response: { 204: NoContentSchema, ...errors(401) },
      },
    },
    async (request, reply) => {
      await ctx.auth.logout(request.token!, caller(request), request.id);
      return reply.status(204).send();
    },
  );

  api.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['identity'],
        summary: 'The signed-in user, their unit and the permissions their roles give',
        security: [{ bearer: [] }],
        response: { 200: MeSchema, ...errors(401) },
      },
    },
    async (request) => ctx.users.me(caller(request)),
  );
}

function accountRoutes(api: TypedApp, ctx: AppContext): void {
  api.put(
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
    async (request) => ctx.users.setPreferences(caller(request), request.body, request.id),
  );

  api.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['identity'],
        summary: 'Change one’s own password (the current one is required); every session of the user ends',
        security: [{ bearer: [] }],
        body: ChangePasswordBodySchema,
        response: { 204: NoContentSchema, ...errors(401, 422) },
      },
    },
    async (request, reply) => {
      const { currentPassword, newPassword } = request.body;
      await ctx.users.changeOwnPassword(caller(request), currentPassword, newPassword, request.id);
      return reply.status(204).send();
    },
  );

  api.get(
    '/api/permissions',
    {
      config: { permission: 'permissions.read' },
      schema: {
        tags: ['identity'],
        summary: 'The roles and, for each permission, the roles that hold it',
        security: [{ bearer: [] }],
        response: { 200: PermissionTableSchema },
      },
    },
    async () => ({ roles: [...ROLES], permissions: Object.fromEntries(Object.entries(PERMISSIONS).map(([permission, roles]) => [permission, [...roles]])) }),
  );
}
