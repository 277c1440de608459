import { instructors, students, type Tx } from '@dualcontrol/db';
import { and, eq, sql } from 'drizzle-orm';
import { instructorAvailability } from '../schema.ts';
import { instructorNotFound, studentNotFound } from './scheduling-errors.ts';

/** The instructor profile (404 when not at this school or inactive). */
export async function requireInstructor(tx: Tx, tenantId: string, instructorId: string) {
  const [row] = await tx
    .select({
      id: instructors.id,
      userId: instructors.userId,
      status: instructors.status,
      transmissions: instructors.transmissions,
      /** The zone the instructor's hours are written in (null until they set hours). */
      hoursTimezone: sql<string | null>`(select a.timezone from ${instructorAvailability} a
        where a.tenant_id = "instructors"."tenant_id" and a.instructor_id = "instructors"."id" limit 1)`,
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
