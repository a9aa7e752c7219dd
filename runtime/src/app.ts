/**
 * Builds the fastify application of one instance (without listening): security headers,
 * request validation, auth, the error handler, OpenAPI and the routes.
 */
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import secureJson from 'secure-json-parse';
import { FormworkError } from '../../engine/src/index.js';
import type { TlsMode } from './config.js';
import type { AppContext } from './context.js';
import authPlugin from './platform/http/auth-plugin.js';
import errorHandler, { sendError } from './platform/http/error-handler.js';
import { inspectBody, inspectUrlParts } from './platform/http/input-guard.js';
import validationPlugin from './platform/http/validation.js';
import responseCheck from './platform/http/response-check.js';
import auditRoutes from './audit/audit-routes.js';
import authRoutes from './identity/auth-routes.js';
import healthRoutes from './platform/http/health-routes.js';
import metaRoutes from './modules/meta-routes.js';
import moduleRoutes from './modules/module-routes.js';
import draftRoutes from './drafts/draft-routes.js';
import recordRoutes from './records/record-routes.js';
import reportRoutes from './reports/report-routes.js';
import attachmentRoutes from './attachments/attachment-routes.js';
import inboxRoutes from './inbox/inbox-routes.js';
import statsRoutes from './records/stats-routes.js';
import qualityRoutes from './quality/quality-routes.js';
import datasetRoutes from './datasets/dataset-routes.js';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OpenApiDocumentSchema, SHARED_SCHEMAS } from './api/index.js';
import unitRoutes from './units/unit-routes.js';
import userRoutes from './identity/user-routes.js';

/** Where the built workspace app lives (`npm run build:web`; `npm start` builds it when stale). */
export const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');
/** Where the built designer app lives (built with the workspace), served at /designer/. */
export const DESIGNER_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../designer/dist');
/** The address prefix of the designer app. */
export const DESIGNER_PREFIX = '/designer/';

/** Default request body limit (publish allows more: see routes/modules.ts). */
export const BODY_LIMIT = 1024 * 1024;

/** One registered route, as the route table records it. */
export interface RouteEntry {
  method: string;
  url: string;
  public: boolean;
  /** The permission it requires (any one of several, when it names several). */
  permission: string | readonly string[] | undefined;
  /** Listed in the OpenAPI document. */
  documented: boolean;
  /** The statuses (`200`, `4xx` …) its schema declares an answer for. */
  responses: readonly string[];
  /** The query parameters its schema names. */
  query: readonly string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: readonly RouteEntry[];
  }
}

export interface AppOptions {
  /** A pino logger; without one the app logs nothing. */
  loggerInstance?: FastifyBaseLogger;
  /** Trust X-Forwarded-For (behind a reverse proxy). */
  trustProxy?: boolean;
  /**
   * When to send HSTS and `upgrade-insecure-requests`: `auto` (default) on requests that came
   * over HTTPS (X-Forwarded-Proto counts when trustProxy is on), `on` always, `off` never — so a
   * plain-HTTP intranet deployment is never told to switch to HTTPS it does not serve.
   */
  tls?: TlsMode;
  /** The built workspace app to serve at / (default WEB_ROOT). */
  webRoot?: string;
  /**
   * Answer 500 when the serializer would drop or alter part of a JSON answer (a field its
   * response schema lacks). For test instances: it parses every answer once more.
   */
  checkResponses?: boolean;
  /** The built designer app to serve at /designer/ (default DESIGNER_ROOT). */
  designerRoot?: string;
}

export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.loggerInstance ? { loggerInstance: options.loggerInstance } : { logger: false }),
    bodyLimit: BODY_LIMIT,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // A client's X-Request-Id is kept only when it is short and plain (it reaches logs and the audit log).
    requestIdHeader: false,
    genReqId: (request) => requestIdOf(request.headers['x-request-id']),
    trustProxy: options.trustProxy ?? false,
    ajv: { customOptions: { removeAdditional: false } },
    // Addresses the router cannot decode (bad percent-encoding, over-long parameters) get our error shape.
    frameworkErrors: (error, request, reply) => {
      const known = error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? new FormworkError('FW_REQ_BAD_URL') : new FormworkError('FW_REQ_INVALID');
      void sendError(request, reply, known);
    },
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  const webRoot = options.webRoot ?? WEB_ROOT;
  const serveWeb = existsSync(path.join(webRoot, 'index.html'));
  const designerRoot = options.designerRoot ?? DESIGNER_ROOT;
  const serveDesigner = existsSync(path.join(designerRoot, 'index.html'));
  await app.register(errorHandler, {
    bodyLimit: BODY_LIMIT,
    // Both apps route in the browser: any other page address gets its app, which routes it.
    // Pages of an app are the app; a missing file (an old asset after a deploy) stays a 404.
    fallback: (request, reply) => {
      if (request.method !== 'GET' || !isAppPage(request.url)) return undefined;
      if (isDesignerPage(request.url)) return serveDesigner ? reply.sendFile('index.html', designerRoot) : undefined;
      return serveWeb ? reply.sendFile('index.html', webRoot) : undefined;
    },
  });
  parseJsonSafely(app);
  keepRouteTable(app);
  await app.register(validationPlugin);
  if (options.checkResponses) await app.register(responseCheck);
  await registerProtection(app, ctx, options.tls ?? 'auto');
  await registerDocumentation(app);
  await registerFeatures(app, ctx);
  await registerWeb(app, serveWeb ? webRoot : undefined, serveDesigner ? designerRoot : undefined);
  return app;
}

/** A client's request id when it is safe to keep (8–64 letters, digits, `.`, `_`, `:` or `-`), else a new UUID. */
export function requestIdOf(given: string | string[] | undefined): string {
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{8,64}$/.test(given) ? given : randomUUID();
}

/** Our own JSON parser, so that a prototype-poisoning body is told apart from malformed JSON. */
function parseJsonSafely(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      const parsed: unknown = secureJson.parse(body as string, { protoAction: 'error', constructorAction: 'error' });
      const refused = inspectBody(parsed);
      if (refused) done(refused, undefined);
      else done(null, parsed);
    } catch (error) {
      const poisoned = /forbidden prototype property/i.test((error as Error).message);
      done(new FormworkError(poisoned ? 'FW_REQ_POISONED' : 'FW_REQ_MALFORMED_JSON'), undefined);
    }
  });
  // Query strings and path parameters: text PostgreSQL could not hold is refused before validation.
  app.addHook('preValidation', async (request) => {
    const refused = inspectUrlParts({ query: request.query, params: request.params });
    if (refused) throw refused;
  });
}

/** The route table: every route as registered, the source of the OpenAPI and authorisation tests. */
function keepRouteTable(app: FastifyInstance): void {
  // The documentation UI is public, like the OpenAPI document it shows.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs') || !route.url.startsWith('/api')) route.config = { ...(route.config ?? {}), public: true };
  });
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { public?: boolean; permission?: string | readonly string[] };
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routeTable.push({
        method,
        url: route.url,
        public: config.public === true,
        permission: config.permission,
        documented: !(route.schema as { hide?: boolean } | undefined)?.hide && !route.url.startsWith('/api/docs'),
        responses: Object.keys(route.schema?.response ?? {}),
        query: Object.keys((route.schema?.querystring as { properties?: object } | undefined)?.properties ?? {}),
      });
    }
  });
}

/** Security headers and rate limits. */
async function registerProtection(app: FastifyInstance, ctx: AppContext, tls: TlsMode): Promise<void> {
  // The workspace compiles published definitions in the browser (ajv generates validator code),
  // so scripts may be evaluated; they still come only from this origin.
  await app.register(helmet, {
    global: true,
    hsts: false,
    contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-eval'"], 'worker-src': ["'self'", 'blob:'], 'upgrade-insecure-requests': null } },
  });
  app.addHook('onSend', async (request, reply) => {
    if (tls === 'off' || (tls === 'auto' && request.protocol !== 'https')) return;
    reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string') reply.header('content-security-policy', `${csp};upgrade-insecure-requests`);
  });
  // Per client address; the login route sets its own, stricter limit. 0 switches it off.
  await app.register(rateLimit, {
    global: ctx.limits.requestsPerMinute > 0,
    max: Math.max(1, ctx.limits.requestsPerMinute),
    timeWindow: '1 minute',
    errorResponseBuilder: () => new FormworkError('FW_REQ_RATE_LIMITED'),
  });
}

/** The contract's shared schemas, the OpenAPI document and its browsable UI. */
async function registerDocumentation(app: FastifyInstance): Promise<void> {
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Formwork API',
        version: '1',
        description:
          'Low-code forms, rules and workflows. Errors are `{ code, message, errors? }` with stable FW_ codes; ' +
          'validation problems carry JSON Pointer paths. Accept-Language: zh-CN (default) or en.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true, response: { 200: OpenApiDocumentSchema } } }, async () => app.swagger());
}

/** Sign-in, then every feature's routes. */
async function registerFeatures(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(authPlugin, { auth: ctx.auth, db: ctx.db });
  for (const routes of [healthRoutes, authRoutes, moduleRoutes, draftRoutes, metaRoutes, unitRoutes, userRoutes, auditRoutes, recordRoutes, inboxRoutes, reportRoutes, attachmentRoutes, statsRoutes, qualityRoutes, datasetRoutes]) {
    await app.register(routes, ctx);
  }
}

/**
 * The built apps: the designer under /designer/ (HQ's template designers) and the workspace at /
 * — hashed assets cached for good, the pages revalidated; without a workspace, / leads to the API docs.
 */
async function registerWeb(app: FastifyInstance, webRoot: string | undefined, designerRoot: string | undefined): Promise<void> {
  const setHeaders = (res: { setHeader(name: string, value: string): unknown }, file: string) =>
    res.setHeader('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (designerRoot) {
    await app.register(fastifyStatic, { root: designerRoot, prefix: DESIGNER_PREFIX, wildcard: true, index: ['index.html'], cacheControl: false, setHeaders, decorateReply: true });
    app.get('/designer', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => reply.redirect(DESIGNER_PREFIX));
  }
  if (!webRoot) {
    app.get('/', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => reply.redirect('/api/docs'));
    return;
  }
  await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: true, index: ['index.html'], cacheControl: false, setHeaders, decorateReply: !designerRoot });
}

/** A page address of an app: not the API, not an asset, not a file name. */
function isAppPage(url: string): boolean {
  const pathname = url.split('?')[0]!;
  return !pathname.startsWith('/api') && !pathname.startsWith('/assets/') && !pathname.startsWith(`${DESIGNER_PREFIX}assets/`) && !/\.[A-Za-z0-9]+$/.test(pathname);
}

/** A page address of the designer (`/designer/…`). */
function isDesignerPage(url: string): boolean {
  return url.split('?')[0]!.startsWith(DESIGNER_PREFIX);
}
