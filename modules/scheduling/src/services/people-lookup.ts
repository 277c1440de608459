import { instructors, students, type Tx } from '@dualcontrol/db';
import { userProfiles } from '@dualcontrol/platform';
import { and, eq } from 'drizzle-orm';
import { instructorNotFound, studentNotFound } from './scheduling-errors.ts';

/** The instructor profile (404 when not at this school or inactive). */
export async function requireInstructor(tx: Tx, tenantId: string, instructorId: string) {
  const [row] = await tx
    .select({
      id: instructors.id,
      userId: instructors.userId,
      status: instructors.status,
      transmissions: instructors.transmissions,
    })
    .from(instructors)
    .where(and(eq(instructors.tenantId, tenantId), eq(instructors.id, instructorId)));
  if (row?.status !== 'active') throw instructorNotFound();
  return row;
}

export async function requireStudent(tx: Tx, tenantId: string, studentId: string) {
  const [row] = await tx
    .select({ id: students.id, userId: students.userId })
    .from(students)
    .where(and(eq(students.tenantId, tenantId), eq(students.id, studentId)));
  if (!row) throw studentNotFound();
  return row;
}

/** The caller's own instructor / student profile ids, if they have them. */
export async function profilesOf(tx: Tx, tenantId: string, userId: string) {
  const { instructorId, studentId } = await userProfiles(tx, tenantId, userId);
  return { instructorId: instructorId ?? undefined, studentId: studentId ?? undefined };
}
