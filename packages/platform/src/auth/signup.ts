import { type Database, systemActor, tenants } from '@dualcontrol/db';
import { eq } from 'drizzle-orm';
import { badRequest, forbidden } from '../errors/app-error.ts';
import type { Mailer } from '../mail/mailer.ts';
import { createPerson } from '../people/create-person.ts';
import type { ResolvedTenant } from '../tenancy/resolve-tenant.ts';
import { verificationToken } from './email-verification.ts';

/**
 * A student joins a school that takes sign-ups online (policy `selfSignup`, on unless the school
 * turns it off) and is sent a link to confirm their address. The link must open this school's own
 * host, so a sign-up cannot be used to mail someone a link elsewhere.
 */
export async function signupStudent(
  deps: { db: Database; mailer: Mailer; verificationSecret: Buffer; appDomain: string },
  tenant: ResolvedTenant,
  input: { name: string; email: string; password: string; verifyUrl: string },
) {
  const [row] = await deps.db.withTenant(tenant.id, systemActor, (tx) =>
    tx.select({ policies: tenants.policies }).from(tenants).where(eq(tenants.id, tenant.id)),
  );
  if (row?.policies.selfSignup === false)
    throw forbidden('This school does not take sign-ups online: ask its office to add you.');
  const link = new URL(input.verifyUrl);
  if (link.hostname !== `${tenant.slug}.${deps.appDomain}`)
    throw badRequest(
      'auth.invalid_verify_url',
      'The verification page must be on this school’s own address.',
      [{ path: 'body.verifyUrl', message: `expected a page on ${tenant.slug}.${deps.appDomain}` }],
    );
  const person = await createPerson(deps.db, tenant, systemActor, { kind: 'student', ...input });
  link.searchParams.set(
    'token',
    verificationToken(deps.verificationSecret, {
      tenantId: tenant.id,
      userId: person.userId,
      email: person.email,
    }),
  );
  await deps.mailer.send({
    to: person.email,
    tenant: tenant.slug,
    subject: `Confirm your email for ${tenant.name}`,
    text: `Hello ${person.name},\n\nWelcome to ${tenant.name}. Confirm your email address by opening:\n${link}\n\nIf you did not sign up, ignore this message.`,
  });
  return person;
}
