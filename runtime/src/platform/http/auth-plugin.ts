/**
 * Authentication and authorisation for every route, decided here once: a route is public only
 * when it says `config.public`; otherwise it needs a valid bearer token, and the permission it
 * names in `config.permission` (see services/permissions.ts). Refusals are audited.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { FormworkError } from '../../../../engine/src/index.js';
import { appendAudit } from '../../audit/audit-store.js';
import type { SessionUser } from '../../identity/identity-store.js';
import type { AuthService, PendingTouch } from '../../identity/auth-service.js';
import { isAllowed, type Permission } from '../../identity/permissions.js';
import type { Database } from '../db/database.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a session (login, health, docs). */
    public?: boolean;
    /** The permission the caller must hold (or one of several); absent on a non-public route means any signed-in user. */
    permission?: Permission | readonly Permission[];
    /**
     * The route's own write marks the session as seen in its transaction (`request.sessionTouch`),
     * so the request commits once; when it writes nothing, the mark is made before the answer.
     */
    touchWithWrite?: boolean;
  }
  interface FastifyRequest {
    user: SessionUser | null;
    token: string | null;
    /** The session's "seen now" mark left to this request's write (routes with `touchWithWrite`). */
    sessionTouch: PendingTouch | null;
  }
}

/** The signed-in caller of a non-public route. */
export function caller(request: FastifyRequest): SessionUser {
  if (!request.user) throw new FormworkError('FW_AUTH_REQUIRED');
  return request.user;
}

export default fp(
  async (app: FastifyInstance, options: { auth: AuthService; db: Database }) => {
    app.decorateRequest('user', null);
    app.decorateRequest('token', null);
    app.decorateRequest('sessionTouch', null);
    app.addHook('onRequest', async (request) => {
      const config = request.routeOptions.config;
      // Unknown URLs fall through to the not-found handler, which reveals nothing.
      if (config.public || request.routeOptions.url === undefined) return;
      const header = request.headers.authorization;
      const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_-]{10,200})$/.exec(header.trim()) : null;
      if (!match) throw new FormworkError(header ? 'FW_AUTH_INVALID_TOKEN' : 'FW_AUTH_REQUIRED');
      if (config.touchWithWrite) {
        const { user, touch } = await options.auth.authenticateForWrite(match[1]!);
        request.user = user;
        request.sessionTouch = touch;
      } else {
        request.user = await options.auth.authenticate(match[1]!);
      }
      request.token = match[1]!;
      const needed = config.permission === undefined ? [] : typeof config.permission === 'string' ? [config.permission] : config.permission;
      if (needed.length > 0 && !needed.some((permission) => isAllowed(permission, request.user!.roles))) {
        await appendAudit(options.db.sequelize, {
          actor: request.user.username,
          unitCode: request.user.unitCode,
          action: 'authz.refused',
          target: `${request.method} ${request.routeOptions.url}`,
          outcome: 'refused',
          requestId: request.id,
          details: { permission: config.permission },
        });
        throw new FormworkError('FW_AUTH_FORBIDDEN');
      }
    });
    // Before any answer leaves (success or refusal), the session is marked as seen if the write did not.
    app.addHook('onSend', async (request) => {
      if (request.sessionTouch) await options.auth.finishTouch(request.sessionTouch);
    });
  },
  { name: 'formwork-auth' },
);
