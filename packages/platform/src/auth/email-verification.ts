import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Database, systemActor, users } from '@dualcontrol/db';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { badRequest } from '../errors/app-error.ts';

const TTL_MS = 7 * 24 * 3_600_000;

/**
 * Email verification links carry a signed, expiring claim (tenant, user, address) instead of a
 * stored token: a changed address or a forged/expired link no longer verifies anything.
 */
export function verificationToken(
  secret: Buffer,
  claim: { tenantId: string; userId: string; email: string },
  now = Date.now(),
) {
  const body = Buffer.from(
    JSON.stringify({ ...claim, email: claim.email.toLowerCase(), exp: now + TTL_MS }),
  ).toString('base64url');
  const mac = createHmac('sha256', secret).update(`verify-email.${body}`).digest('base64url');
  return `${body}.${mac}`;
}

const invalidLink = () =>
  badRequest('auth.invalid_verification', 'This verification link is not valid or has expired.', [
    { path: 'body.token', message: 'invalid or expired' },
  ]);

export async function verifyEmail(
  db: Database,
  secret: Buffer,
  tenantId: string,
  token: string,
): Promise<void> {
  const [body, mac] = token.split('.');
  if (!body || !mac) throw invalidLink();
  const expected = createHmac('sha256', secret).update(`verify-email.${body}`).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidLink();
  const claim = JSON.parse(Buffer.from(body, 'base64url').toString()) as {
    tenantId: string;
    userId: string;
    email: string;
    exp: number;
  };
  if (claim.tenantId !== tenantId || claim.exp < Date.now()) throw invalidLink();
  await db.withTenant(tenantId, systemActor, async (tx) => {
    const [row] = await tx
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          eq(users.tenantId, tenantId),
          eq(users.id, claim.userId),
          sql`lower(${users.email}) = ${claim.email}`,
        ),
      );
    if (!row) throw invalidLink();
    await tx
      .update(users)
      .set({ emailVerifiedAt: new Date() })
      .where(and(eq(users.tenantId, tenantId), eq(users.id, claim.userId), isNull(users.emailVerifiedAt)));
  });
}
