import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { OPERATOR_SESSION_COOKIE, USER_SESSION_COOKIE } from '../auth/session-token.ts';
import { validateUserSession } from '../auth/user-sessions.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { moduleDisabled } from '../modules/registry.ts';
import { validateOperatorSession } from '../operators/operator-sessions.ts';
import { tenantKeyFrom } from '../tenancy/resolve-tenant.ts';
import type { AppEnv, Deps } from './context.ts';
import { requireUser } from './guards.ts';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** First in the chain: request id, deps, client address, one access-log line per request. */
export function requestContext(deps: Deps): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    const forwarded = deps.env.TRUST_PROXY
      ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
      : undefined;
    const socketIp = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
      ?.socket?.remoteAddress;
    c.set('deps', deps);
    c.set('requestId', requestId);
    c.set('clientIp', forwarded || socketIp || 'unknown');
    c.set('log', deps.log.child({ requestId }));
    c.header('X-Request-Id', requestId);
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

function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+([A-Za-z0-9._~+/=-]{10,200})$/i);
  return match?.[1];
}

/**
 * Cookie-authenticated writes must come from our own pages: the Origin (or Referer) hostname must
 * be this host's or one of `alsoAllowed`. Bearer requests are not ambient, so they need no check.
 */
function assertSameOrigin(c: Parameters<MiddlewareHandler<AppEnv>>[0], alsoAllowed: string[] = []) {
  const source = c.req.header('origin') ?? c.req.header('referer');
  let hostname: string | undefined;
  try {
    hostname = source ? new URL(source).hostname : undefined;
  } catch {
    hostname = undefined;
  }
  const requestHost = (c.req.header('host') ?? '').replace(/:\d+$/, '');
  if (hostname && (hostname === requestHost || alsoAllowed.includes(hostname))) return;
  throw new AppError('auth.csrf_rejected', {
    status: 403,
    title: 'Forbidden',
    detail: 'This request did not come from our own site (Origin check failed).',
  });
}

/** Tenant routes: resolve the school, then the session (cookie or Bearer) valid in that school only. */
export const tenantSession = createMiddleware<AppEnv>(async (c, next) => {
  const deps = c.get('deps');
  const key = tenantKeyFrom(c.req.header('host'), c.req.header('x-tenant'), deps.env.APP_DOMAIN);
  if (!key) return next(); // routes that need a school say so with requireTenant()
  const tenant = await deps.tenantCache.resolve(key);
  if (!tenant) {
    throw notFound(
      'tenant.not_found',
      `No school is known as "${key.by === 'slug' ? key.slug : key.domain}".`,
    );
  }
  if (tenant.status !== 'active') {
    throw new AppError('tenant.suspended', {
      status: 403,
      title: 'Forbidden',
      detail: 'This school is suspended.',
    });
  }
  c.set('tenant', tenant);
  c.set('log', c.get('log').child({ tenant: tenant.slug }));

  const bearer = bearerToken(c.req.header('authorization'));
  const cookie = bearer ? undefined : getCookie(c, USER_SESSION_COOKIE);
  const token = bearer ?? cookie;
  if (token) {
    const user = await validateUserSession(deps.db, tenant.id, token);
    if (user) {
      c.set('user', user);
      c.set('log', c.get('log').child({ userId: user.id }));
      if (cookie && UNSAFE.has(c.req.method)) assertSameOrigin(c, [`${tenant.slug}.${deps.env.APP_DOMAIN}`]);
      if (cookie && user.renewed) setSessionCookie(c, USER_SESSION_COOKIE, cookie, user.expiresAt);
    }
  }
  return next();
});

/** Platform routes: the operator session (Bearer or its own cookie). */
export const operatorSession = createMiddleware<AppEnv>(async (c, next) => {
  const deps = c.get('deps');
  const bearer = bearerToken(c.req.header('authorization'));
  const cookie = bearer ? undefined : getCookie(c, OPERATOR_SESSION_COOKIE);
  const token = bearer ?? cookie;
  if (token) {
    const operator = await validateOperatorSession(deps.platformDb, token);
    if (operator) {
      if (cookie && UNSAFE.has(c.req.method)) assertSameOrigin(c, [deps.env.APP_DOMAIN]);
      c.set('operator', operator);
    }
  }
  return next();
});

export function setSessionCookie(
  c: Parameters<MiddlewareHandler<AppEnv>>[0],
  name: string,
  token: string,
  expires: Date,
): void {
  setCookie(c, name, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.get('deps').env.NODE_ENV === 'production',
    path: '/',
    expires,
  });
}

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
