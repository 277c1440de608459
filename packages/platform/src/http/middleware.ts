import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { OPERATOR_SESSION_COOKIE } from '../auth/session-token.ts';
import { moduleDisabled } from '../modules/registry.ts';
import { validateOperatorSession } from '../operators/operator-sessions.ts';
import { clientAddress } from './client-address.ts';
import type { AppEnv, Deps } from './context.ts';
import { requireUser } from './guards.ts';
import { assertSameOrigin, bearerToken, UNSAFE_METHODS } from './session-helpers.ts';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** First in the chain: request id, deps, client address, one access-log line per request. */
export function requestContext(deps: Deps): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set('deps', deps);
    c.set('requestId', requestId);
    c.set('clientIp', clientAddress(c, deps.env));
    c.set('log', deps.log.child({ requestId }));
    c.header('X-Request-Id', requestId);
    // Which of the API processes answered (development and tests: proves calls are spread).
    if (deps.env.NODE_ENV !== 'production') c.header('X-Api-Pid', String(process.pid));
    const started = performance.now();
    await next();
    const tenant = c.get('tenant');
    const user = c.get('user');
    c.get('log').info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ...(tenant ? { tenant: tenant.slug } : {}),
      ...(user ? { userId: user.id } : {}),
    });
  });
}

/** Platform routes: the operator session (Bearer or its own cookie). */
export const operatorSession = createMiddleware<AppEnv>(async (c, next) => {
  const deps = c.get('deps');
  const bearer = bearerToken(c.req.header('authorization'));
  const cookie = bearer ? undefined : getCookie(c, OPERATOR_SESSION_COOKIE);
  const token = bearer ?? cookie;
  if (token) {
    const operator = await validateOperatorSession(deps.platformDb, token);
    if (operator) {
      if (cookie && UNSAFE_METHODS.has(c.req.method)) assertSameOrigin(c, [deps.env.APP_DOMAIN]);
      c.set('operator', operator);
    }
  }
  return next();
});

/** Module gate: a disabled module's operations answer 404 naming the module; its data is kept. */
export function moduleGate(moduleId: string): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async (c, next) => {
    const tenant = c.get('tenant');
    if (tenant && !tenant.modules.includes(moduleId)) throw moduleDisabled(moduleId);
    return next();
  });
}

/**
 * Route middleware for operations that need a signed-in user: refuses before the request is
 * validated, so an anonymous caller learns nothing about the operation's inputs.
 */
export const requireSession = createMiddleware<AppEnv>(async (c, next) => {
  requireUser(c);
  return next();
});
