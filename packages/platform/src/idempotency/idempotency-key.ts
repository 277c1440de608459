import { idempotencyKeys, systemActor, type Tx } from '@dualcontrol/db';
import { and, eq } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../errors/app-error.ts';
import { problemContentType } from '../errors/problem.ts';
import type { AppEnv } from '../http/context.ts';
import { requestTx } from '../http/request-transaction.ts';

const KEY = /^[A-Za-z0-9_.:-]{8,255}$/;
const TTL_MS = 24 * 60 * 60 * 1000;

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Buffer.from(digest).toString('hex');
}

type Claimed = typeof idempotencyKeys.$inferSelect;

/**
 * `Idempotency-Key` on creating POSTs (ARCHITECTURE §7): the first response is stored and replayed
 * for 24 h; the same key with a different body is refused (422); a retry while the first is still
 * running waits for it (the claim is a row the first request's transaction holds) and replays its
 * answer. Keys are per user, inside the tenant. Put it after authentication.
 *
 * The claim and the stored answer live in the request's transaction, so an operation that fails
 * (and rolls back) leaves no claim either and may simply be retried. Operations that commit steps
 * of their own (card charges) commit the claim with their first step; their answer is then stored
 * in a transaction of its own.
 */
export const idempotency = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.req.header('idempotency-key');
  const tenant = c.get('tenant');
  const user = c.get('user');
  if (!key || !tenant || !user) return next();
  if (!KEY.test(key)) {
    throw new AppError('request.invalid_idempotency_key', {
      status: 400,
      title: 'Invalid request',
      detail: 'Idempotency-Key must be 8–255 characters of letters, digits, "_", "-", ".", ":".',
      fields: [{ path: 'header.Idempotency-Key', message: 'invalid format' }],
    });
  }
  const requestHash = await sha256Hex(`${c.req.method} ${c.req.path}\n${await c.req.raw.clone().text()}`);
  const where = and(
    eq(idempotencyKeys.tenantId, tenant.id),
    eq(idempotencyKeys.userId, user.id),
    eq(idempotencyKeys.key, key),
  );
  const tx = requestTx(c);
  const claim = () =>
    tx
      .insert(idempotencyKeys)
      .values({
        tenantId: tenant.id,
        userId: user.id,
        key,
        method: c.req.method,
        path: c.req.path,
        requestHash,
        expiresAt: new Date(Date.now() + TTL_MS),
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });

  let claimed: Claimed | undefined;
  if (!(await claim()).length) {
    [claimed] = await tx.select().from(idempotencyKeys).where(where);
    if (claimed && claimed.expiresAt.getTime() < Date.now()) {
      await tx.delete(idempotencyKeys).where(where);
      claimed = (await claim()).length ? undefined : claimed;
    }
  }

  if (claimed) {
    if (claimed.requestHash !== requestHash) {
      throw new AppError('request.idempotency_key_reused', {
        status: 422,
        title: 'Idempotency key reused',
        detail: 'This Idempotency-Key was used for a different request. Use a new key.',
      });
    }
    if (claimed.statusCode === null) {
      throw new AppError('request.idempotency_in_progress', {
        status: 409,
        title: 'Conflict',
        detail: 'The first request with this Idempotency-Key is still running. Retry shortly.',
        headers: { 'Retry-After': '1' },
      });
    }
    const contentType = claimed.statusCode >= 400 ? problemContentType : 'application/json';
    return c.body(JSON.stringify(claimed.responseBody), claimed.statusCode as ContentfulStatusCode, {
      'Content-Type': contentType,
      'Idempotent-Replayed': 'true',
    });
  }

  await next();
  const released = c.get('requestScope')?.released === true;
  // Not released: a thrown error rolls the claim back with everything else; nothing to do.
  if (!released && c.error) return;
  const store = async (t: Tx) => {
    // Only final answers are remembered; a 5xx frees the key so the client can retry.
    if (c.res.status >= 500) return void (await t.delete(idempotencyKeys).where(where));
    const body = c.res.headers.get('content-type')?.includes('json') ? await c.res.clone().json() : null;
    await t.update(idempotencyKeys).set({ statusCode: c.res.status, responseBody: body }).where(where);
  };
  if (!released) await store(requestTx(c));
  else await c.get('deps').db.withTenant(tenant.id, systemActor, store);
});
