import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { type Database, systemActor, userSessions, users } from '@dualcontrol/db';
import { and, eq, sql } from 'drizzle-orm';
import { badRequest } from '../errors/app-error.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { ResolvedTenant } from '../tenancy/resolve-tenant.ts';
import { hashPassword } from './passwords.ts';

const TTL_MS = 60 * 60 * 1000;

/** A fingerprint of the current password: once it changes, every earlier reset link is dead. */
const fingerprint = (passwordHash: string | null) =>
  createHash('sha256')
    .update(passwordHash ?? 'no-password')
    .digest('base64url')
    .slice(0, 16);

const sign = (secret: Buffer, body: string) =>
  createHmac('sha256', secret).update(`password-reset.${body}`).digest();

/**
 * The signed claim behind a set-password link (reset or invitation): it dies when it expires or
 * as soon as the password changes, so it works once.
 */
export function passwordLinkToken(
  secret: Buffer,
  tenantId: string,
  user: { id: string; passwordHash: string | null },
  ttlMs: number,
): string {
  const body = Buffer.from(
    JSON.stringify({
      tenantId,
      userId: user.id,
      fp: fingerprint(user.passwordHash),
      exp: Date.now() + ttlMs,
    }),
  ).toString('base64url');
  return `${body}.${sign(secret, body).toString('base64url')}`;
}

const invalidLink = () =>
  badRequest('auth.invalid_reset', 'This reset link is not valid, was already used or has expired.', [
    { path: 'body.token', message: 'invalid, used or expired' },
  ]);

/**
 * Mails a one-hour reset link when the address belongs to an active user of this school; the
 * answer is the same either way, so the form cannot be used to find out who has an account.
 * The link must open this school's own host.
 */
export async function requestPasswordReset(
  deps: { db: Database; mailer: Mailer; verificationSecret: Buffer; appDomain: string },
  tenant: ResolvedTenant,
  input: { email: string; resetUrl: string },
): Promise<void> {
  const link = new URL(input.resetUrl);
  if (link.hostname !== `${tenant.slug}.${deps.appDomain}`)
    throw badRequest('auth.invalid_reset_url', 'The reset page must be on this school’s own address.', [
      { path: 'body.resetUrl', message: `expected a page on ${tenant.slug}.${deps.appDomain}` },
    ]);
  const email = input.email.trim().toLowerCase();
  const [user] = await deps.db.withTenant(tenant.id, systemActor, (tx) =>
    tx
      .select({ id: users.id, name: users.name, passwordHash: users.passwordHash })
      .from(users)
      .where(
        and(eq(users.tenantId, tenant.id), sql`lower(${users.email}) = ${email}`, eq(users.status, 'active')),
      ),
  );
  if (!user) return;
  link.searchParams.set('token', passwordLinkToken(deps.verificationSecret, tenant.id, user, TTL_MS));
  await deps.mailer.send({
    to: email,
    tenant: tenant.slug,
    subject: `Reset your password for ${tenant.name}`,
    text: `Hello ${user.name},\n\nChoose a new password within the hour:\n${link}\n\nIf you did not ask for this, ignore this message: your password stays as it is.`,
  });
}

/** Sets the new password from a valid link and signs the user out everywhere. */
export async function resetPassword(
  deps: { db: Database; verificationSecret: Buffer },
  tenantId: string,
  input: { token: string; password: string },
): Promise<void> {
  const [body, mac] = input.token.split('.');
  if (!body || !mac) throw invalidLink();
  const given = Buffer.from(mac, 'base64url');
  const expected = sign(deps.verificationSecret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidLink();
  const claim = JSON.parse(Buffer.from(body, 'base64url').toString()) as {
    tenantId: string;
    userId: string;
    fp: string;
    exp: number;
  };
  if (claim.tenantId !== tenantId || claim.exp < Date.now()) throw invalidLink();
  const passwordHash = await hashPassword(input.password);
  await deps.db.withTenant(tenantId, systemActor, async (tx) => {
    const [user] = await tx
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.id, claim.userId)))
      .for('update');
    if (!user || fingerprint(user.passwordHash) !== claim.fp) throw invalidLink();
    await tx
      .update(users)
      .set({ passwordHash })
      .where(and(eq(users.tenantId, tenantId), eq(users.id, claim.userId)));
    await tx
      .delete(userSessions)
      .where(and(eq(userSessions.tenantId, tenantId), eq(userSessions.userId, claim.userId)));
  });
}
