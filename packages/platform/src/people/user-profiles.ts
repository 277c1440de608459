import { instructors, students, type Tx } from '@dualcontrol/db';
import { and, eq } from 'drizzle-orm';

/** The instructor and student records a user has at their school (either may be absent). */
export async function userProfiles(
  tx: Tx,
  tenantId: string,
  userId: string,
): Promise<{ instructorId: string | null; studentId: string | null }> {
  const [[instructor], [student]] = await Promise.all([
    tx
      .select({ id: instructors.id })
      .from(instructors)
      .where(and(eq(instructors.tenantId, tenantId), eq(instructors.userId, userId))),
    tx
      .select({ id: students.id })
      .from(students)
      .where(and(eq(students.tenantId, tenantId), eq(students.userId, userId))),
  ]);
  return { instructorId: instructor?.id ?? null, studentId: student?.id ?? null };
}
