import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../context.js';
import { caller } from '../plugins/auth.js';
import { errors } from './schemas.js';

const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export default async function authRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post(
    '/api/auth/login',
    {
      config: { public: true },
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
}
