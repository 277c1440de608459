import {
  type AppEnv,
  AppError,
  createModuleRouter,
  type Deps,
  operatorSession,
  problemResponse,
  rateLimit,
  requestContext,
  tenantRequest,
  toAppError,
  traceRequests,
} from '@dualcontrol/platform';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { docsRouter } from './docs-page.ts';
import { methodNotAllowedLookup } from './method-not-allowed.ts';
import { authRouter } from './routes/auth/auth.index.ts';
import { healthRouter } from './routes/health/health.ts';
import { peopleRouter } from './routes/people/people.index.ts';
import { platformRouter } from './routes/platform/platform.index.ts';
import { SCHOOL_UPLOADS, schoolRouter } from './routes/school/school.index.ts';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** JSON in, or nothing: anything else is a 415 problem before any handler runs. */
const jsonOnly = (isUpload: (method: string, path: string) => boolean) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (isUpload(c.req.method, c.req.path)) return next(); // multipart; its handler checks the type
    const hasBody = c.req.header('content-length') !== undefined && c.req.header('content-length') !== '0';
    const chunked = c.req.header('transfer-encoding') !== undefined;
    const type = c.req.header('content-type') ?? '';
    if (
      WITH_BODY.has(c.req.method) &&
      (hasBody || chunked) &&
      !/^application\/([\w.+-]+\+)?json\b/i.test(type)
    ) {
      throw new AppError('request.unsupported_media_type', {
        status: 415,
        title: 'Unsupported media type',
        detail: 'Send the request body as application/json.',
      });
    }
    return next();
  });

/**
 * The whole HTTP API: core routes plus every registered module's routes, each module's behind
 * its gate. Pure composition; the logic lives in packages and modules.
 */
export function createApp(deps: Deps) {
  const app = new OpenAPIHono<AppEnv>({ strict: false });
  // Module routers first: their upload operations are exempt from the JSON-only rule and the
  // global body limit below (each has its own limit, checked after the session).
  const moduleRouters = deps.registry.modules.flatMap((module) => {
    if (!module.routes) return [];
    const router = createModuleRouter(module.id);
    module.routes(router);
    return [router];
  });
  const uploads = [...moduleRouters.flatMap((r) => r.uploads), ...SCHOOL_UPLOADS];
  const isUpload = (method: string, path: string) =>
    uploads.some((u) => u.method === method && u.pattern.test(path));

  // First: every later middleware, statement and log line runs inside the request's span.
  if (deps.env.OTEL_EXPORTER_OTLP_ENDPOINT) app.use('*', traceRequests);
  if (deps.metrics) app.use('*', deps.metrics.middleware);
  app.use('*', requestContext(deps));
  const globalLimit = bodyLimit({
    maxSize: deps.env.BODY_LIMIT_BYTES,
    onError: () => {
      throw new AppError('request.too_large', {
        status: 413,
        title: 'Payload too large',
        detail: `The request body is larger than ${deps.env.BODY_LIMIT_BYTES} bytes.`,
      });
    },
  });
  app.use('/api/*', (c, next) => (isUpload(c.req.method, c.req.path) ? next() : globalLimit(c, next)));
  // Before routing: `DELETE /payment-methods/setup` would otherwise reach `DELETE /payment-methods/:id`.
  const methodNotAllowed = methodNotAllowedLookup(app.routes);
  app.use('/api/*', async (c, next) => {
    const refusal = methodNotAllowed(c.req.method, c.req.path);
    if (refusal) throw refusal;
    return next();
  });
  app.use('/api/v1/*', jsonOnly(isUpload));
  // Operators and schools are told apart by path: platform routes never see a tenant session.
  app.use('/api/v1/*', async (c, next) =>
    c.req.path.startsWith('/api/v1/platform/') ? operatorSession(c, next) : tenantRequest(c, next),
  );
  // Once the caller is known (ARCHITECTURE §3): budgets per user and role, or per address.
  app.use('/api/v1/*', rateLimit);

  app.route('/', healthRouter);
  app.route('/', docsRouter);
  app.route('/', platformRouter);
  app.route('/', authRouter);
  app.route('/', peopleRouter);
  app.route('/', schoolRouter);
  for (const router of moduleRouters) app.route('/', router.app);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'cookieAuth', {
    type: 'apiKey',
    in: 'cookie',
    name: 'dc_session',
  });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Dualcontrol API',
      version: '1.0.0',
      description:
        'Public API v1. School-scoped operations name their school by Host (<slug>.<APP_DOMAIN> or a custom domain) or the X-Tenant header. Errors are RFC 9457 application/problem+json.',
    },
  });

  app.notFound((c) =>
    problemResponse(
      c,
      new AppError('request.not_found', {
        status: 404,
        title: 'Not found',
        detail: `No route for ${c.req.method} ${c.req.path}.`,
      }),
    ),
  );
  app.onError((error, c) => {
    const problem = toAppError(error);
    if (problem.status >= 500) c.get('log')?.error('unhandled error', { error, path: c.req.path });
    return problemResponse(c, problem);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
