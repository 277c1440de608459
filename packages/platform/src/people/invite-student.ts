import { type Actor, type Database, students, users } from '@dualcontrol/db';
import { and, eq } from 'drizzle-orm';
import { passwordLinkToken } from '../auth/password-reset.ts';
import { badRequest, conflict, notFound } from '../errors/app-error.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { ResolvedTenant } from '../tenancy/resolve-tenant.ts';

/** A week: people added by the office do not always read their mail the same day. */
const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

/**
 * Mails a student added without a password a link to choose one, on the school's own host. It
 * is a password-reset link with a longer life: it works once (the claim dies with the password
 * it was made for) and a student who already chose a password is told so instead (409).
 */
export async function inviteStudent(
  deps: { db: Database; mailer: Mailer; verificationSecret: Buffer; appDomain: string },
  tenant: ResolvedTenant,
  actor: Actor,
  input: { studentId: string; setPasswordUrl: string },
): Promise<{ sentTo: string; expiresAt: string }> {
  const link = new URL(input.setPasswordUrl);
  if (link.hostname !== `${tenant.slug}.${deps.appDomain}`)
    throw badRequest(
      'people.invalid_invitation_url',
      'The set-password page must be on this school’s own address.',
      [{ path: 'body.setPasswordUrl', message: `expected a page on ${tenant.slug}.${deps.appDomain}` }],
    );
  const [student] = await deps.db.withTenant(tenant.id, actor, (tx) =>
    tx
      .select({ userId: users.id, name: users.name, email: users.email, passwordHash: users.passwordHash })
      .from(students)
      .innerJoin(users, and(eq(users.tenantId, students.tenantId), eq(users.id, students.userId)))
      .where(
        and(eq(students.tenantId, tenant.id), eq(students.id, input.studentId), eq(users.status, 'active')),
      ),
  );
  if (!student) throw notFound('people.student_not_found', 'There is no such student at this school.');
  if (student.passwordHash)
    throw conflict('people.already_active', `${student.name} has already chosen a password.`);
  link.searchParams.set(
    'token',
    passwordLinkToken(
      deps.verificationSecret,
      tenant.id,
      { id: student.userId, passwordHash: null },
      INVITATION_TTL_MS,
    ),
  );
  await deps.mailer.send({
    to: student.email,
    tenant: tenant.slug,
    subject: `You are invited to ${tenant.name}`,
    text: `Hello ${student.name},\n\n${tenant.name} has added you as a student. Choose your password within a week to sign in:\n${link}\n\nThe link works once.`,
  });
  return { sentTo: student.email, expiresAt: new Date(Date.now() + INVITATION_TTL_MS).toISOString() };
}
