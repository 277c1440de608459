import type { Database, OpenTransaction, Tx } from '@dualcontrol/db';
import { sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import {
  SESSION_RENEW_BELOW_MS,
  SESSION_TTL_MS,
  sessionIdFromToken,
  USER_SESSION_COOKIE,
} from '../auth/session-token.ts';
import type { AuthenticatedUser } from '../auth/user-sessions.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { problemResponse, toAppError } from '../errors/problem.ts';
import { type ResolvedTenant, tenantFromRow, tenantKeyFrom } from '../tenancy/resolve-tenant.ts';
import type { AppEnv } from './context.ts';
import { assertSameOrigin, bearerToken, setSessionCookie, UNSAFE_METHODS } from './session-helpers.ts';

type C = Context<AppEnv>;

/** What dc_open_request answers (packages/db/migrations/0008_open-request.sql). */
type OpenedRequest = {
  tenant: Parameters<typeof tenantFromRow>[0];
  user?: Omit<AuthenticatedUser, 'sessionId' | 'expiresAt'> & { expiresAt: string };
} | null;

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The request's one transaction, until it is released. */
export type RequestScope = { open: OpenTransaction; released: boolean };

/**
 * School routes (ARCHITECTURE §3, cost rule): one connection and one transaction per request,
 * opened once the school is named. Its first statement finds the school, sets the tenant for
 * row-level security, checks the session and makes reads read-only (dc_open_request); the
 * handler then works in the same transaction (`requestTx`). It commits when the handler
 * answered, and rolls back when the handler threw: a refused request leaves nothing behind.
 */
export const tenantRequest = createMiddleware<AppEnv>(async (c, next) => {
  const deps = c.get('deps');
  const key = tenantKeyFrom(c.req.header('host'), c.req.header('x-tenant'), deps.env.APP_DOMAIN);
  if (!key) return next(); // routes that need a school say so with requireTenant()
  const named = key.by === 'slug' ? key.slug : key.domain;
  const slug = await deps.tenantCache.slugOf(key);
  if (!slug) throw notFound('tenant.not_found', `No school is known as "${named}".`);

  const bearer = bearerToken(c.req.header('authorization'));
  const cookie = bearer ? undefined : getCookie(c, USER_SESSION_COOKIE);
  const token = bearer ?? cookie;
  const open = await deps.db.begin();
  const scope: RequestScope = { open, released: false };
  try {
    const [row] = await open.tx.execute<{ opened: OpenedRequest }>(sql`select dc_open_request(
        ${slug}, ${token ? sessionIdFromToken(token) : null},
        ${`${SESSION_RENEW_BELOW_MS} milliseconds`}::interval, ${`${SESSION_TTL_MS} milliseconds`}::interval,
        ${READ_METHODS.has(c.req.method)}) as opened`);
    const opened = row?.opened;
    if (!opened) throw notFound('tenant.not_found', `No school is known as "${named}".`);
    const tenant: ResolvedTenant = tenantFromRow(opened.tenant);
    if (tenant.status !== 'active') {
      throw new AppError('tenant.suspended', {
        status: 403,
        title: 'Forbidden',
        detail: 'This school is suspended.',
      });
    }
    c.set('tenant', tenant);
    c.set('requestScope', scope);
    c.set('log', c.get('log').child({ tenant: tenant.slug }));
    if (opened.user && token) {
      const user: AuthenticatedUser = {
        ...opened.user,
        sessionId: sessionIdFromToken(token),
        expiresAt: new Date(opened.user.expiresAt),
      };
      c.set('user', user);
      c.set('log', c.get('log').child({ userId: user.id }));
      if (cookie && UNSAFE_METHODS.has(c.req.method))
        assertSameOrigin(c, [`${tenant.slug}.${deps.env.APP_DOMAIN}`]);
      if (cookie && user.renewed) setSessionCookie(c, USER_SESSION_COOKIE, cookie, user.expiresAt);
    }
  } catch (error) {
    await open.end(false);
    throw error;
  }

  try {
    await next();
  } catch (error) {
    // Hono turns a handler's error into c.error; anything that still escapes must not leave the
    // transaction (and its pooled connection) open.
    if (!scope.released) {
      scope.released = true;
      await open.end(false);
    }
    throw error;
  }
  if (scope.released) return;
  scope.released = true;
  if (c.error) {
    await open.end(false);
    return;
  }
  try {
    await open.end(true);
  } catch (error) {
    // The answer was ready but did not commit (e.g. a deferred constraint): say so, not 2xx.
    c.res = undefined;
    c.res = problemResponse(c, toAppError(error));
  }
});

function scopeOf(c: C): RequestScope {
  const scope = c.get('requestScope');
  if (!scope) throw new Error('no request transaction: this route is not a school route');
  return scope;
}

/** The request's transaction (tenant and caller already set). */
export function requestTx(c: C): Tx {
  const scope = scopeOf(c);
  if (scope.released) throw new Error('the request transaction was already released');
  return scope.open.tx;
}

/**
 * Commits the request's transaction now, for the few operations that must commit steps on their
 * own around a call to the outside world (a card charge is recorded before Stripe is asked, so a
 * crash in between leaves a trace). Later database work opens its own transactions.
 */
export async function releaseRequestTransaction(c: C): Promise<void> {
  const scope = c.get('requestScope');
  if (!scope || scope.released) return;
  scope.released = true;
  await scope.open.end(true);
}

/**
 * The database as a service that takes a `Database` sees it from inside a request: its
 * `withTenant` runs in the request's transaction (the tenant and the caller are already set),
 * so a handler built on such services still costs one transaction.
 */
export function requestDb(c: C): Database {
  const base = c.get('deps').db;
  return {
    ...base,
    withTenant: async (tenantId, _actor, fn) => {
      if (tenantId !== c.get('tenant')?.id) throw new Error('requestDb: another school than the request’s');
      return fn(requestTx(c));
    },
    withActor: () => {
      throw new Error('requestDb: a school request has no tenant-less transaction');
    },
  };
}
