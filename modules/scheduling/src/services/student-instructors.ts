import type { Tx } from '@dualcontrol/db';
import { badRequest, requireCan } from '@dualcontrol/platform';
import { and, asc, eq } from 'drizzle-orm';
import { studentInstructors } from '../schema.ts';
import { requireInstructor, requireStudent } from './people-lookup.ts';
import type { Viewer } from './viewer.ts';

export type Assignment = { instructorId: string; isPrimary: boolean };

/** A student's instructors (several allowed, at most one primary). Staff assign; the student may look. */
export async function listStudentInstructors(
  tx: Tx,
  tenantId: string,
  viewer: Viewer,
  studentId: string,
): Promise<Assignment[]> {
  await requireStudent(tx, tenantId, studentId);
  requireCan(viewer, 'scheduling:assignments:read:own', { resource: { studentId } });
  const rows = await tx
    .select({ instructorId: studentInstructors.instructorId, isPrimary: studentInstructors.isPrimary })
    .from(studentInstructors)
    .where(and(eq(studentInstructors.tenantId, tenantId), eq(studentInstructors.studentId, studentId)))
    .orderBy(asc(studentInstructors.createdAt));
  return rows;
}

export async function setStudentInstructors(
  tx: Tx,
  tenantId: string,
  viewer: Viewer,
  studentId: string,
  input: { instructorIds: string[]; primaryInstructorId?: string | undefined },
): Promise<Assignment[]> {
  requireCan(viewer, 'scheduling:assignments:manage', {
    detail: 'Only the school’s owner or admins assign instructors.',
  });
  await requireStudent(tx, tenantId, studentId);
  const ids = [...new Set(input.instructorIds)];
  if (input.primaryInstructorId && !ids.includes(input.primaryInstructorId)) {
    throw badRequest(
      'scheduling.primary_not_assigned',
      'The primary instructor must be one of the instructors.',
      [{ path: 'body.primaryInstructorId', message: 'not in instructorIds' }],
    );
  }
  for (const id of ids) await requireInstructor(tx, tenantId, id);
  await tx
    .delete(studentInstructors)
    .where(and(eq(studentInstructors.tenantId, tenantId), eq(studentInstructors.studentId, studentId)));
  if (ids.length) {
    await tx.insert(studentInstructors).values(
      ids.map((instructorId) => ({
        tenantId,
        studentId,
        instructorId,
        isPrimary: instructorId === input.primaryInstructorId,
      })),
    );
  }
  return listStudentInstructors(tx, tenantId, viewer, studentId);
}
