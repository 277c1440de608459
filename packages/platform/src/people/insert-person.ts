import {
  instructors,
  pgErrorCode,
  type Role,
  students,
  type Tx,
  userPreferences,
  userRoles,
  users,
} from '@dualcontrol/db';
import { and, eq } from 'drizzle-orm';
import { AppError } from '../errors/app-error.ts';

export type PersonKind = 'instructor' | 'student';

export type Person = { id: string; userId: string; name: string; email: string };

export const emailTaken = (email: string, path = 'body.email') =>
  new AppError('people.email_taken', {
    status: 409,
    title: 'Conflict',
    detail: `Someone at this school already uses ${email}.`,
    fields: [{ path, message: 'already in use at this school' }],
  });

/** A new user with its roles and preferences; 409 when the email is taken in this school. */
export async function insertUser(
  tx: Tx,
  tenantId: string,
  input: {
    email: string;
    name: string;
    passwordHash: string | null;
    roles: Role[];
    locale?: string;
    timezone?: string;
  },
): Promise<{ id: string }> {
  let user: { id: string } | undefined;
  try {
    // A savepoint, so a duplicate email leaves the caller's transaction usable.
    [user] = await tx.transaction((sp) =>
      sp
        .insert(users)
        .values({
          tenantId,
          email: input.email.toLowerCase(),
          name: input.name,
          passwordHash: input.passwordHash,
        })
        .returning({ id: users.id }),
    );
  } catch (error) {
    if (pgErrorCode(error) === '23505') throw emailTaken(input.email);
    throw error;
  }
  const id = user!.id;
  if (input.roles.length) {
    await tx
      .insert(userRoles)
      .values(input.roles.map((role) => ({ tenantId, userId: id, role })))
      .onConflictDoNothing();
  }
  await tx
    .insert(userPreferences)
    .values({ tenantId, userId: id, locale: input.locale ?? null, timezone: input.timezone ?? null })
    .onConflictDoNothing();
  return { id };
}

/** The instructor or student profile of a user (created when missing). */
export async function ensureProfile(
  tx: Tx,
  tenantId: string,
  kind: PersonKind,
  userId: string,
): Promise<string> {
  const table = kind === 'instructor' ? instructors : students;
  const [created] = await tx
    .insert(table)
    .values({ tenantId, userId })
    .onConflictDoNothing()
    .returning({ id: table.id });
  if (created) return created.id;
  const [existing] = await tx
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.tenantId, tenantId), eq(table.userId, userId)));
  return existing!.id;
}
