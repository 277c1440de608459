import { students, type Tx } from '@dualcontrol/db';
import { can, forbidden, type Permission } from '@dualcontrol/platform';
import { and, eq, sql } from 'drizzle-orm';
import { guardians, lessons } from '../schema.ts';
import type { LessonsContext } from './lessons-context.ts';
import { studentNotFound } from './lessons-errors.ts';

export type StudentAccess = {
  studentId: string;
  userId: string;
  /** The viewer is an instructor who has taught this student. */
  taught: boolean;
  /** The viewer is a guardian linked to this student. */
  guardian: boolean;
};

/**
 * One student and how the viewer stands to them, in one statement: the student's user, whether
 * the viewer (as an instructor) has taught them, whether the viewer is their guardian. A student
 * of another school is not found (RLS), exactly like one that does not exist.
 */
export async function studentAccess(tx: Tx, ctx: LessonsContext, studentId: string): Promise<StudentAccess> {
  const instructorId = ctx.viewer.instructorId ?? null;
  const [row] = await tx
    .select({
      userId: students.userId,
      taught: instructorId
        ? sql<boolean>`exists (select 1 from ${lessons} l where l.tenant_id = ${ctx.tenantId}
            and l.student_id = ${studentId} and l.instructor_id = ${instructorId})`
        : sql<boolean>`false`,
      guardian: ctx.viewer.roles.includes('guardian')
        ? sql<boolean>`exists (select 1 from ${guardians} g where g.tenant_id = ${ctx.tenantId}
            and g.student_id = ${studentId} and g.guardian_user_id = ${ctx.viewer.userId})`
        : sql<boolean>`false`,
    })
    .from(students)
    .where(and(eq(students.tenantId, ctx.tenantId), eq(students.id, studentId)));
  if (!row) throw studentNotFound();
  return { studentId, userId: row.userId, taught: row.taught, guardian: row.guardian };
}

/** What the viewer owns of a student: themself, a student they taught, the learner they guard. */
const ownership = (ctx: LessonsContext, a: StudentAccess) => ({
  studentId: a.studentId,
  instructorId: a.taught ? ctx.viewer.instructorId : null,
  userId: a.guardian ? ctx.viewer.userId : null,
});

/**
 * The student, if the viewer may read their progress: the student, an instructor who taught them,
 * their guardian, the office. Anyone else is told there is no such student (404).
 */
export async function requireStudentReader(tx: Tx, ctx: LessonsContext, studentId: string) {
  const access = await studentAccess(tx, ctx, studentId);
  if (!can(ctx.viewer, 'lessons:progress:read:own', ownership(ctx, access))) throw studentNotFound();
  return access;
}

/**
 * The student, if the viewer may record assessments (mock tests, tests) for them: an instructor
 * who taught them, or the office. Those who may read the student but not assess are refused (403).
 */
export async function requireStudentAssessor(tx: Tx, ctx: LessonsContext, studentId: string) {
  const access = await requireStudentReader(tx, ctx, studentId);
  const permission: Permission = 'lessons:assessments:record:own';
  if (!can(ctx.viewer, permission, { instructorId: access.taught ? ctx.viewer.instructorId : null }))
    throw forbidden('Only the student’s instructors and the office can record assessments.');
  return access;
}
