/** The inbox (records awaiting the caller) and notifications. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { caller } from '../platform/http/auth-plugin.js';
import { NoContentSchema, errors } from '../api/common.js';
import { InboxQuerySchema, InboxSchema, NotificationParamsSchema } from '../api/inbox.js';

/** Registers `GET /api/inbox` and `POST /api/notifications/:id/read`. */
export default async function inboxRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/inbox',
    {
      config: { permission: 'inbox.read' },
      schema: {
        tags: ['records'],
        summary: 'Records awaiting an action by the caller’s unit and roles (overdue first), and notifications (unread first)',
        security: [{ bearer: [] }],
        querystring: InboxQuerySchema,
        response: { 200: InboxSchema },
      },
    },
    async (request) => ctx.inbox.inbox(caller(request), request.query.limit, request.headers['accept-language']),
  );

  api.post(
    '/api/notifications/:id/read',
    {
      config: { permission: 'inbox.read' },
      schema: {
        tags: ['records'],
        summary: 'Mark a notification read (for the caller)',
        security: [{ bearer: [] }],
        params: NotificationParamsSchema,
        response: { 204: NoContentSchema, ...errors(404) },
      },
    },
    async (request, reply) => {
      await ctx.inbox.markRead(caller(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
