import type { MiddlewareHandler } from 'hono';
import { setCookie } from 'hono/cookie';
import { AppError } from '../errors/app-error.ts';
import type { AppEnv } from './context.ts';

export const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+([A-Za-z0-9._~+/=-]{10,200})$/i);
  return match?.[1];
}

/**
 * Cookie-authenticated writes must come from our own pages: the Origin (or Referer) hostname must
 * be this host's or one of `alsoAllowed`. Bearer requests are not ambient, so they need no check.
 */
export function assertSameOrigin(c: Parameters<MiddlewareHandler<AppEnv>>[0], alsoAllowed: string[] = []) {
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
