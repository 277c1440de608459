import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../errors/app-error.ts';
import type { AppEnv } from '../http/context.ts';
import { RATE_LIMITS, type RateLimitGroup, ROUTE_BUDGETS } from './budgets.ts';
import type { RateLimitCount, RateLimitHit } from './rate-limiter.ts';

type C = Context<AppEnv>;

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const STUDENT_ROLES = new Set(['student', 'guardian']);

/** The budget a request spends when its operation has none of its own (ROUTE_BUDGETS). */
function callerGroup(c: C): RateLimitGroup {
  const operator = c.get('operator');
  if (operator) return 'operator';
  const read = READ_METHODS.has(c.req.method);
  const user = c.get('user');
  if (!user) return read ? 'anonymous.read' : 'anonymous.write';
  if (read) return 'user.read';
  // Anyone holding a staff role writes at the staff pace (an owner who is also a student too).
  return user.roles.every((r) => STUDENT_ROLES.has(r)) ? 'student.write' : 'staff.write';
}

/** The address a reset mail would go to (the validator reads the same cached body later). */
async function targetEmail(c: C): Promise<string | undefined> {
  const body = (await c.req.json().catch(() => undefined)) as { email?: unknown } | undefined;
  const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '';
  return email && email.length <= 254 ? email : undefined;
}

/** Who spends the budget; undefined when the request has no such party (the budget then does not apply). */
async function spender(c: C, group: RateLimitGroup): Promise<string | undefined> {
  switch (RATE_LIMITS[group].key) {
    case 'address':
      return `a:${c.get('clientIp')}`;
    case 'user': {
      const user = c.get('user');
      return user && `u:${user.id}`;
    }
    case 'operator': {
      const operator = c.get('operator');
      return operator && `o:${operator.id}`;
    }
    case 'target-email': {
      const email = await targetEmail(c);
      return email && `e:${c.get('tenant')?.id ?? '-'}:${email}`;
    }
  }
}

/** The standard headers (draft-ietf-httpapi-ratelimit-headers) for the tightest of the budgets spent. */
function headersFor(tightest: RateLimitCount, now: number): Record<string, string> {
  const reset = Math.max(1, Math.ceil((tightest.resetAt.getTime() - now) / 1000));
  return {
    'RateLimit-Limit': String(tightest.limit),
    'RateLimit-Remaining': String(Math.max(0, tightest.limit - tightest.hits)),
    'RateLimit-Reset': String(reset),
  };
}

/**
 * ARCHITECTURE §3: every API request spends from its budgets (RATE_LIMITS) once the caller is
 * known (after the session check), in one statement on the platform pool. Over a budget: 429
 * problem+json with Retry-After; within: the RateLimit-* headers say what is left.
 */
export const rateLimit = createMiddleware<AppEnv>(async (c, next) => {
  const limiter = c.get('deps').rateLimiter;
  const path = c.req.path.length > 1 ? c.req.path.replace(/\/+$/, '') : c.req.path;
  const groups = ROUTE_BUDGETS[`${c.req.method} ${path}`] ?? [callerGroup(c)];
  const hits: RateLimitHit[] = [];
  for (const group of groups) {
    const who = await spender(c, group);
    if (!who) continue;
    const { limit, windowSeconds } = RATE_LIMITS[group];
    hits.push({ key: `${group}:${who}`, limit: limiter.scaled(limit), windowSeconds });
  }
  const counts = await limiter.hit(hits);
  if (!counts.length) return next();
  const now = Date.now();
  const over = counts.filter((k) => k.hits > k.limit);
  if (over.length) {
    // Refused until the last exceeded window ends.
    const latest = over.reduce((a, b) => (b.resetAt > a.resetAt ? b : a));
    const headers = headersFor(latest, now);
    throw new AppError('request.rate_limited', {
      status: 429,
      title: 'Too many requests',
      detail: `Too many requests of this kind: try again in ${headers['RateLimit-Reset']} second(s).`,
      headers: { ...headers, 'Retry-After': headers['RateLimit-Reset']! },
    });
  }
  const tightest = counts.reduce((a, b) => (b.limit - b.hits < a.limit - a.hits ? b : a));
  for (const [name, value] of Object.entries(headersFor(tightest, now))) c.header(name, value);
  return next();
});
