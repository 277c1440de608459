import type { Tx } from '@dualcontrol/db';
import { type AnyColumn, and, eq, type SQL, sql } from 'drizzle-orm';
import { guardians } from '../schema.ts';
import type { LessonsContext } from './lessons-context.ts';

/** Whether the viewer is a guardian linked to this student (false for anyone without the role). */
export async function isGuardianOf(tx: Tx, ctx: LessonsContext, studentId: string): Promise<boolean> {
  if (!ctx.viewer.roles.includes('guardian')) return false;
  const [row] = await tx
    .select({ id: guardians.id })
    .from(guardians)
    .where(
      and(
        eq(guardians.tenantId, ctx.tenantId),
        eq(guardians.studentId, studentId),
        eq(guardians.guardianUserId, ctx.viewer.userId),
      ),
    );
  return row !== undefined;
}

/** A condition on a student id column: one of the learners the viewer guards. */
export const guardedBy = (ctx: LessonsContext, studentIdColumn: AnyColumn): SQL =>
  sql`${studentIdColumn} in (select g.student_id from ${guardians} g
        where g.tenant_id = ${ctx.tenantId} and g.guardian_user_id = ${ctx.viewer.userId})`;
